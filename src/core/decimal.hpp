#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace covbar::core {

/// A non-negative decimal held exactly as units / 10^scale (`79.5` is 795 / 10^1), so
/// thresholds compare against integer counts without floating point.
struct Decimal {
  std::uint64_t units = 0;
  unsigned scale = 0;

  /// Parses `80`, `79.5`, `80.125` (at most 6 decimals). Returns nullopt otherwise.
  static std::optional<Decimal> parse(std::string_view text);
  [[nodiscard]] std::string to_string() const;
  /// True when this value is no larger than `whole`.
  [[nodiscard]] bool at_most(std::uint64_t whole) const;
  /// True when covered / total >= this / 100, compared exactly.
  [[nodiscard]] bool ratio_meets(std::uint64_t covered, std::uint64_t total) const;
};

/// `covered / total` as a percentage, rounded down at `decimals` places, so a failing
/// 79.996% never prints as 80.00%. `total` 0 prints as "n/a".
std::string floor_percent(std::uint64_t covered, std::uint64_t total, unsigned decimals);

} // namespace covbar::core
