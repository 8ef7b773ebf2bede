#include "src/core/pipeline.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace covbar::core {
namespace {

/// Parts 0..count-1 as ints; parsing squares them after a pseudo-random pause, so parts
/// finish out of order on more than one thread.
struct Outcome {
  std::vector<int> joined;
  std::vector<std::size_t> indices;
};

Outcome run_squares(int count, bool parallel, int fail_parse_at = -1, int fail_join_at = -1,
                    bool fail_split = false, std::atomic<int>* parsed = nullptr) {
  Outcome run;
  split_parse_join<int, int>(
      [&](const std::function<void(int)>& emit) {
        for (int i = 0; i < count; ++i) {
          emit(i);
        }
        if (fail_split) {
          throw std::runtime_error("split");
        }
      },
      [&](const int& part, std::size_t index) {
        EXPECT_EQ(static_cast<std::size_t>(part), index);
        std::this_thread::sleep_for(std::chrono::microseconds((part * 7919) % 13 * 50));
        if (parsed != nullptr) {
          ++*parsed;
        }
        if (part == fail_parse_at) {
          throw std::runtime_error("parse " + std::to_string(part));
        }
        return part * part;
      },
      [&](int&& result, std::size_t index) {
        if (static_cast<int>(index) == fail_join_at) {
          throw std::runtime_error("join " + std::to_string(index));
        }
        run.joined.push_back(result);
        run.indices.push_back(index);
      },
      parallel);
  return run;
}

std::string error_of(const std::function<void()>& call) {
  try {
    call();
  } catch (const std::runtime_error& error) {
    return error.what();
  }
  return "no error";
}

TEST(Pipeline, JoinsEveryResultOnceInPartOrder) {
  for (const bool parallel : {true, false}) {
    const Outcome run = run_squares(200, parallel);
    ASSERT_EQ(run.joined.size(), 200U);
    for (std::size_t i = 0; i < run.joined.size(); ++i) {
      EXPECT_EQ(run.indices[i], i);
      EXPECT_EQ(run.joined[i], static_cast<int>(i * i));
    }
  }
}

TEST(Pipeline, NoPartsJoinsNothing) {
  EXPECT_TRUE(run_squares(0, true).joined.empty());
  EXPECT_TRUE(run_squares(0, false).joined.empty());
}

TEST(Pipeline, TheLowestFailedPartsErrorWinsAndNothingAfterItIsJoined) {
  for (const bool parallel : {true, false}) {
    Outcome run;
    EXPECT_EQ(error_of([&] { run = run_squares(100, parallel, 40); }), "parse 40");
    // A parse error before a join error, and a join error before the split's.
    EXPECT_EQ(error_of([&] { run_squares(100, parallel, 30, 60, true); }), "parse 30");
    EXPECT_EQ(error_of([&] { run_squares(100, parallel, 70, 20, true); }), "join 20");
    EXPECT_EQ(error_of([&] { run_squares(100, parallel, -1, -1, true); }), "split");
  }
}

TEST(Pipeline, PartsBeforeAFailureAreJoinedAndNoneAfterIt) {
  std::vector<int> joined;
  const auto call = [&] {
    split_parse_join<int, int>(
        [](const std::function<void(int)>& emit) {
          for (int i = 0; i < 50; ++i) {
            emit(i);
          }
        },
        [](const int& part, std::size_t) {
          if (part == 25) {
            throw std::runtime_error("bad");
          }
          return part;
        },
        [&](int&& result, std::size_t) { joined.push_back(result); }, true);
  };
  EXPECT_THROW(call(), std::runtime_error);
  ASSERT_EQ(joined.size(), 25U);
  for (std::size_t i = 0; i < joined.size(); ++i) {
    EXPECT_EQ(joined[i], static_cast<int>(i));
  }
}

TEST(Pipeline, StopsParsingOnceAPartHasFailed) {
  std::atomic<int> parsed{0};
  EXPECT_THROW(run_squares(10000, true, 0, -1, false, &parsed), std::runtime_error);
  // Part 0 fails at once; the workers stop taking parts then (a few may be under way).
  EXPECT_LT(parsed.load(), 100);
}

} // namespace
} // namespace covbar::core
