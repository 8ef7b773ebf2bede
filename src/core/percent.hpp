#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace covbar::core {

/// An exact non-negative decimal with at most six places, held in millionths (62.4 is
/// 62'400'000): every percentage covbar reads (thresholds, the ratchet's bar and figures, the
/// audit's target) and the numbers read by the same rules (the audit's rate, lines an hour).
/// Bars, steps and figures add and compare as integers; ratios against counts compare
/// exactly in 128 bits, never in floating point.
struct Percent {
  /// covered of total: a model::Counter, or any type with those two members, or `{2, 3}`.
  struct Ratio {
    std::uint64_t covered = 0;
    std::uint64_t total = 0;
    constexpr Ratio(std::uint64_t c, std::uint64_t t) : covered(c), total(t) {}
    template <class Counter>
    constexpr Ratio(const Counter& counter) // NOLINT(google-explicit-constructor): a view
        : covered(counter.covered), total(counter.total) {}
  };

  std::uint64_t micro = 0;

  static constexpr unsigned k_decimals = 6;
  static constexpr std::uint64_t k_scale = 1'000'000;
  /// The largest value `parse` takes: fourteen digits before the point, so that every value
  /// fits in 64 bits as millionths.
  static constexpr std::uint64_t k_max_units = 10'000'000'000'009ULL;

  /// Parses `80`, `79.5`, `80.125`: digits with at most one point and at most six decimals,
  /// no sign, no exponent, at most k_max_units before the point. Returns nullopt otherwise;
  /// the caller checks the range it wants (`at_most`).
  static std::optional<Percent> parse(std::string_view text);
  /// `covered / total` as a percentage rounded down to a millionth of a point; 0 of 0 is
  /// 100% (coverage.py's rule).
  static Percent of(Ratio ratio);
  static constexpr Percent points(std::uint64_t whole) { return {whole * k_scale}; }

  /// `62.4`, `80`: exact, trailing zeros dropped.
  [[nodiscard]] std::string to_string() const;
  /// Rounded down to `decimals` places (at most six), zeros kept: `62.40`.
  [[nodiscard]] std::string to_string(unsigned decimals) const;
  /// True when this value is no larger than `whole` points.
  [[nodiscard]] bool at_most(std::uint64_t whole) const;
  /// Rounded down to a multiple of `step` (the ratchet's granularity); a zero step keeps it.
  [[nodiscard]] Percent floor_to(Percent step) const;
  /// True when covered / total >= this, compared exactly (0 of 0 meets every bar).
  [[nodiscard]] bool met_by(Ratio ratio) const;
  /// The fewest items to cover on top of `covered` for covered / total to meet this.
  [[nodiscard]] std::uint64_t units_needed(Ratio ratio) const;
  /// How far covered / total is below this, in points rounded up at `decimals` places
  /// (`0` when it is not below; 0 of 0 is 100%).
  [[nodiscard]] std::string gap_above(Ratio ratio, unsigned decimals) const;

  friend constexpr Percent operator+(Percent a, Percent b) { return {a.micro + b.micro}; }
  /// Saturates at zero.
  friend constexpr Percent operator-(Percent a, Percent b) {
    return {a.micro > b.micro ? a.micro - b.micro : 0};
  }
  friend constexpr Percent operator*(Percent a, std::uint64_t n) { return {a.micro * n}; }
  friend constexpr auto operator<=>(const Percent&, const Percent&) = default;
};

/// 10^n for n <= 19 (the exponents covbar's decimal arithmetic uses).
std::uint64_t pow10(unsigned n);

/// `covered / total` as a percentage, rounded down at `decimals` places, so a failing
/// 79.996% never prints as 80.00%. `total` 0 prints as "n/a".
std::string floor_percent(std::uint64_t covered, std::uint64_t total, unsigned decimals);

} // namespace covbar::core
