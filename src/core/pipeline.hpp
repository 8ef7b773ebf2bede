#pragma once

#include "src/core/parallel.hpp"

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace covbar::core {

/// The one way a parser reads a large input in parallel: split → parse parts → join in order.
///
/// - `split(emit)` cuts the input into parts and hands each to `emit` as it finds it (a
///   streaming split: workers parse the first parts while it scans on). It runs on a thread
///   of its own.
/// - `parse(part, index)` turns one part into a result, on up to worker_count() workers; it
///   must not touch shared state (a worker may keep `thread_local` buffers).
/// - `join(result, index)` receives the results one at a time, in part order, as soon as
///   each one and all those before it are ready, so the joined report grows while later
///   parts are still being parsed and at most a few results wait in memory.
///
/// Errors are deterministic, whichever thread met them first: the error of the lowest part
/// (its parse, or its join) wins, then the split's own. Parts cut before a bad byte lie
/// before it in the input, so this is the error of the first bad byte. Nothing after a
/// failed part is joined, and no part after it is parsed once the failure is known.
///
/// With `parallel` false everything runs on the calling thread, in order: for inputs too
/// small to pay for starting threads.
template <class Part, class Result>
void split_parse_join(const std::function<void(const std::function<void(Part)>&)>& split,
                      const std::function<Result(const Part&, std::size_t)>& parse,
                      const std::function<void(Result&&, std::size_t)>& join, bool parallel) {
  if (!parallel) {
    std::size_t index = 0;
    split([&](Part part) {
      join(parse(part, index), index);
      ++index;
    });
    return;
  }

  std::mutex mutex;
  std::condition_variable ready;
  std::deque<Part> parts; // a deque: a part stays put while more arrive
  std::deque<std::optional<Result>> results;
  std::size_t next_parse = 0;
  std::size_t next_join = 0;
  bool split_done = false;
  bool joining = false;
  std::exception_ptr split_error;
  // The lowest failed part and its error (a parse or a join); parts after it are dropped.
  std::size_t failed_at = static_cast<std::size_t>(-1);
  std::exception_ptr part_error;
  const auto fail = [&](std::size_t index, std::exception_ptr error) {
    if (index < failed_at) {
      failed_at = index;
      part_error = std::move(error);
    }
  };

  std::thread splitter([&] {
    try {
      split([&](Part part) {
        const std::lock_guard lock(mutex);
        parts.push_back(std::move(part));
        results.emplace_back();
        ready.notify_one();
      });
    } catch (...) {
      split_error = std::current_exception();
    }
    const std::lock_guard lock(mutex);
    split_done = true;
    ready.notify_all();
  });

  const auto work = [&] {
    std::unique_lock lock(mutex);
    while (true) {
      ready.wait(lock, [&] { return next_parse < parts.size() || split_done; });
      if (next_parse == parts.size() || next_parse > failed_at) {
        if (split_done || next_parse > failed_at) {
          return;
        }
        continue;
      }
      const std::size_t index = next_parse++;
      const Part& part = parts[index];
      lock.unlock();
      std::optional<Result> result;
      std::exception_ptr error;
      try {
        result.emplace(parse(part, index));
      } catch (...) {
        error = std::current_exception();
      }
      lock.lock();
      if (error) {
        fail(index, std::move(error));
        continue;
      }
      results[index] = std::move(result);
      if (joining) {
        continue; // the thread joining now comes to it in turn
      }
      joining = true;
      while (next_join < results.size() && next_join < failed_at && results[next_join]) {
        const std::size_t at = next_join;
        Result ready_result = std::move(*results[at]);
        results[at].reset();
        lock.unlock();
        try {
          join(std::move(ready_result), at); // one thread at a time, while others parse
        } catch (...) {
          lock.lock();
          fail(at, std::current_exception());
          break;
        }
        lock.lock();
        ++next_join;
      }
      joining = false;
    }
  };

  std::vector<std::thread> workers;
  const unsigned count = worker_count();
  workers.reserve(count > 1 ? count - 1 : 0);
  for (unsigned t = 1; t < count; ++t) {
    workers.emplace_back(work);
  }
  work();
  for (auto& worker : workers) {
    worker.join();
  }
  splitter.join();
  if (part_error) {
    std::rethrow_exception(part_error);
  }
  if (split_error) {
    std::rethrow_exception(split_error);
  }
}

} // namespace covbar::core
