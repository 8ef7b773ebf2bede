#pragma once

#include <cstdint>

#include "src/core/error.hpp"

namespace covbar::core {

/// A sum of counts went past 2^64 − 1. Thrown by checked_add; the layer that knows the input
/// (a parser, load_reports) turns it into an InputError naming that input.
class CountOverflow : public Error {
public:
  CountOverflow() : Error("counts add up past 2^64 - 1") {}
};

/// a + b for coverage counts (covered, total, declared totals): a sum past 2^64 − 1 throws
/// CountOverflow, never wraps to a small figure that could pass a gate.
inline std::uint64_t checked_add(std::uint64_t a, std::uint64_t b) {
  std::uint64_t sum = 0;
  if (__builtin_add_overflow(a, b, &sum)) {
    throw CountOverflow();
  }
  return sum;
}

/// a + b capped at 2^64 − 1, for execution counts (hits): they are only ever compared with
/// zero, so a capped sum decides exactly as the true one would.
inline std::uint64_t saturating_add(std::uint64_t a, std::uint64_t b) {
  std::uint64_t sum = 0;
  return __builtin_add_overflow(a, b, &sum) ? UINT64_MAX : sum;
}

} // namespace covbar::core
