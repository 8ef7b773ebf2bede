#include <atomic>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "src/core/parallel.hpp"

namespace covbar::core {
namespace {

TEST(ParallelFor, RunsEveryIndexOnceInBlocksAndOneByOne) {
  for (const std::size_t count : {0UL, 1UL, 3UL, 255UL, 200000UL}) {
    std::vector<std::atomic<int>> runs(count);
    parallel_for(count, [&](std::size_t i) { ++runs[i]; });
    for (std::size_t i = 0; i < count; ++i) {
      ASSERT_EQ(runs[i].load(), 1) << "index " << i << " of " << count;
    }
  }
}

TEST(ParallelFor, RethrowsTheErrorOfTheLowestIndex) {
  for (const std::size_t count : {10UL, 200000UL}) {
    std::atomic<std::size_t> ran{0};
    try {
      parallel_for(count, [&](std::size_t i) {
        ++ran;
        if (i == 3 || i == count - 1) {
          throw std::runtime_error("index " + std::to_string(i));
        }
      });
      FAIL() << "no error";
    } catch (const std::runtime_error& e) {
      EXPECT_STREQ(e.what(), "index 3");
    }
    EXPECT_EQ(ran.load(), count); // an error stops no other index
  }
}

} // namespace
} // namespace covbar::core
