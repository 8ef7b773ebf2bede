#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <functional>
#include <thread>
#include <vector>

namespace covbar::core {

/// Number of worker threads parsers use: the machine's cores, at least one.
inline unsigned worker_count() { return std::max(1U, std::thread::hardware_concurrency()); }

/// Runs `work(i)` for i in [0, count) on up to worker_count() threads, or inline when count is
/// below `min_parallel` (starting threads costs more than small work). When several calls
/// throw, the exception of the lowest index is rethrown, so errors are deterministic (the
/// first bad byte of a file is reported, whichever thread reached it first).
inline void parallel_for(std::size_t count, const std::function<void(std::size_t)>& work,
                         std::size_t min_parallel = 2) {
  const std::size_t threads =
      count < min_parallel ? 1 : std::min<std::size_t>(worker_count(), count);
  if (threads <= 1) {
    for (std::size_t i = 0; i < count; ++i) {
      work(i);
    }
    return;
  }
  // Threads take indices a block at a time: one atomic step per index made the threads
  // contend for its cache line on lists of light items (a check per file of 200,000 files).
  // Lists short enough for their items to be heavy (parts of a file) go one by one.
  constexpr std::size_t k_blocks_per_thread = 256;
  const std::size_t block = std::max<std::size_t>(1, count / (threads * k_blocks_per_thread));
  std::atomic<std::size_t> next{0};
  std::vector<std::exception_ptr> errors(count);
  auto run = [&] {
    for (std::size_t first = next.fetch_add(block); first < count; first = next.fetch_add(block)) {
      const std::size_t last = std::min(count, first + block);
      for (std::size_t i = first; i < last; ++i) {
        try {
          work(i);
        } catch (...) {
          errors[i] = std::current_exception();
        }
      }
    }
  };
  std::vector<std::thread> pool;
  pool.reserve(threads - 1);
  for (std::size_t t = 1; t < threads; ++t) {
    pool.emplace_back(run);
  }
  run();
  for (auto& thread : pool) {
    thread.join();
  }
  for (auto& error : errors) {
    if (error) {
      std::rethrow_exception(error);
    }
  }
}

/// How many blocks of `block` indices [0, count) makes (the last may be shorter).
inline std::size_t block_count(std::size_t count, std::size_t block) {
  return (count + block - 1) / block;
}

/// Runs `work(b, begin, end)` for each block b of `block` indices of [0, count), the blocks
/// in parallel: for a pass over many light items that keeps state per block (its own list of
/// problems, its own best ranks), sized with block_count() beforehand.
inline void
parallel_for_blocks(std::size_t count, std::size_t block,
                    const std::function<void(std::size_t, std::size_t, std::size_t)>& work) {
  parallel_for(block_count(count, block),
               [&](std::size_t b) { work(b, b * block, std::min(count, (b + 1) * block)); });
}

} // namespace covbar::core
