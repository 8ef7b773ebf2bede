#include <cstdlib>
#include <vector>

#include <gtest/gtest.h>

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

} // namespace
} // namespace covbar::core
