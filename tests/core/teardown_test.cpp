#include <cstdlib>
#include <vector>

#include <gtest/gtest.h>
#include <malloc.h>

#include "src/core/teardown.hpp"

namespace covbar::core {
namespace {

TEST(Teardown, AModelIsFreedAsUsualUnlessMainSkipsTeardown) {
  // This process (the test runner) frees everything: release_at_exit leaves the object be.
  ASSERT_FALSE(teardown_skipped());
  std::vector<int> records(1000, 7);
  release_at_exit(records);
  EXPECT_EQ(records.size(), 1000U);
  // In a process that ends after its command (the covbar binary), it is moved to the
  // graveyard: the object left behind is empty, and the graveyard's overflow is freed.
  EXPECT_EXIT(
      {
        skip_teardown();
        for (int i = 0; i < 40; ++i) {
          std::vector<int> model(1000, i);
          release_at_exit(model);
          if (!model.empty()) {
            std::exit(1);
          }
        }
        std::exit(teardown_skipped() ? 0 : 2);
      },
      ::testing::ExitedWithCode(0), "");
}

TEST(Teardown, MallocTakesTheSettingsForOneLargeModel) {
#if defined(__SANITIZE_ADDRESS__)
  EXPECT_FALSE(tune_allocator()); // AddressSanitizer's malloc, not glibc's: left alone
#else
  // In a child process: the test runner itself keeps glibc's defaults.
  EXPECT_EXIT(
      {
        if (!tune_allocator()) {
          std::exit(1);
        }
        // 16 MB, below the new mmap threshold, comes from the heap: no block is mapped apart.
        const std::size_t mapped_before = ::mallinfo2().hblkhd;
        void* block = std::malloc(16U << 20U);
        const std::size_t mapped_after = ::mallinfo2().hblkhd;
        std::free(block);
        std::exit(block != nullptr && mapped_after == mapped_before ? 0 : 2);
      },
      ::testing::ExitedWithCode(0), "");
#endif
}

} // namespace
} // namespace covbar::core
