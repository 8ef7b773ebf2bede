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

TEST(ParallelForBlocks, CutsTheIndicesIntoBlocksEachRunOnce) {
  for (const std::size_t count : {0UL, 1UL, 1024UL, 1025UL, 200000UL}) {
    const std::size_t blocks = block_count(count, 1024);
    EXPECT_EQ(blocks, (count + 1023) / 1024);
    std::vector<std::atomic<int>> runs(count);
    std::vector<std::atomic<int>> block_runs(blocks);
    parallel_for_blocks(count, 1024, [&](std::size_t b, std::size_t begin, std::size_t end) {
      ++block_runs[b];
      EXPECT_EQ(begin, b * 1024);
      EXPECT_EQ(end, std::min(count, begin + 1024));
      for (std::size_t i = begin; i < end; ++i) {
        ++runs[i];
      }
    });
    for (std::size_t b = 0; b < blocks; ++b) {
      ASSERT_EQ(block_runs[b].load(), 1) << "block " << b << " of " << count;
    }
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
