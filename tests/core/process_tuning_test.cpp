#include <cstdlib>
#include <vector>

#include <gtest/gtest.h>
#include <malloc.h>

#include "src/core/process_tuning.hpp"

namespace covbar::core {
namespace {

TEST(ProcessTuning, AModelIsFreedAsUsualUnlessMainTunedTheProcess) {
  // This process (the test runner) frees everything: release_at_exit leaves the object be.
  ASSERT_FALSE(process_tuned());
  std::vector<int> records(1000, 7);
  release_at_exit(records);
  EXPECT_EQ(records.size(), 1000U);
#if defined(__SANITIZE_ADDRESS__)
  tune_process(); // its leak check would report the model left to the OS: nothing is tuned
  EXPECT_FALSE(process_tuned());
#else
  // In a process that ends after its command (the covbar binary), the model is moved into
  // a copy left to the OS: the object left behind is empty.
  EXPECT_EXIT(
      {
        tune_process();
        std::vector<int> model(1000, 1);
        release_at_exit(model);
        std::exit(process_tuned() && model.empty() ? 0 : 1);
      },
      ::testing::ExitedWithCode(0), "");
#endif
}

TEST(ProcessTuning, MallocTakesTheSettingsForOneLargeModel) {
#if defined(__SANITIZE_ADDRESS__)
  GTEST_SKIP() << "AddressSanitizer's malloc, not glibc's: left alone";
#else
  // In a child process: the test runner itself keeps glibc's defaults, under which 16 MB
  // (past its 128 kB threshold) is mapped apart.
  EXPECT_EXIT(
      {
        tune_process();
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
