#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "src/core/decimal.hpp"
#include "src/model/coverage.hpp"

namespace covbar::ratchet {

/// A percentage held exactly in millionths of a point (62.4% is 62'400'000), so the bar,
/// its steps and the recorded figures add and compare as integers.
struct Percent {
  std::uint64_t micro = 0;

  static constexpr std::uint64_t k_scale = 1'000'000;
  static Percent from_decimal(const core::Decimal& d);
  static std::optional<Percent> parse(std::string_view text);
  /// covered / total rounded down to a millionth of a point (0 of 0 is 100%, as coverage.py).
  static Percent of(const model::Counter& counter);
  static Percent points(std::uint64_t whole) { return {whole * k_scale}; }

  /// `62.4`, `80`: trailing zeros dropped, exact.
  [[nodiscard]] std::string to_string() const;
  /// Rounded down to `decimals` places, zeros kept: `62.40`.
  [[nodiscard]] std::string to_string(unsigned decimals) const;
  /// Rounded down to a multiple of `step` (the ratchet's granularity).
  [[nodiscard]] Percent floor_to(Percent step) const;
  /// True when covered / total >= this, compared exactly.
  [[nodiscard]] bool met_by(const model::Counter& counter) const;

  friend Percent operator+(Percent a, Percent b) { return {a.micro + b.micro}; }
  friend Percent operator-(Percent a, Percent b) { return {a.micro > b.micro ? a.micro - b.micro : 0}; }
  friend Percent operator*(Percent a, std::uint64_t n) { return {a.micro * n}; }
  friend auto operator<=>(const Percent&, const Percent&) = default;
};

} // namespace covbar::ratchet
