#include "src/core/percent.hpp"

#include <array>

#include <fmt/format.h>

#include "src/core/int128.hpp"

namespace covbar::core {
namespace {

/// `value` with `decimals` digits after the point; the fraction is `value % 10^decimals`.
std::string fixed(u128 value, unsigned decimals) {
  const std::uint64_t scale = pow10(decimals);
  const auto whole = static_cast<std::uint64_t>(value / scale);
  if (decimals == 0) {
    return std::to_string(whole);
  }
  return fmt::format("{}.{:0{}}", whole, static_cast<std::uint64_t>(value % scale), decimals);
}

} // namespace

std::uint64_t pow10(unsigned n) {
  static constexpr std::array<std::uint64_t, 20> k_powers = [] {
    std::array<std::uint64_t, 20> p{};
    p[0] = 1;
    for (std::size_t i = 1; i < p.size(); ++i) {
      p[i] = p[i - 1] * 10;
    }
    return p;
  }();
  return k_powers.at(n);
}

std::optional<Percent> Percent::parse(std::string_view text) {
  std::uint64_t units = 0;
  unsigned scale = 0;
  bool seen_digit = false;
  bool seen_point = false;
  for (const char c : text) {
    if (c == '.' && !seen_point) {
      seen_point = true;
      continue;
    }
    if (c < '0' || c > '9') {
      return std::nullopt;
    }
    if (seen_point && ++scale > k_decimals) {
      return std::nullopt;
    }
    if (units > k_max_units / 10) {
      return std::nullopt;
    }
    units = units * 10 + static_cast<std::uint64_t>(c - '0');
    seen_digit = true;
  }
  if (!seen_digit) {
    return std::nullopt;
  }
  return Percent{units * pow10(k_decimals - scale)};
}

Percent Percent::of(Ratio ratio) {
  if (ratio.total == 0) {
    return points(100);
  }
  const u128 scaled = static_cast<u128>(ratio.covered) * 100 * k_scale;
  return {static_cast<std::uint64_t>(scaled / ratio.total)};
}

std::string Percent::to_string() const {
  std::string out = fixed(micro, k_decimals);
  while (out.back() == '0' && out.find('.') != std::string::npos) {
    out.pop_back();
  }
  if (out.back() == '.') {
    out.pop_back();
  }
  return out;
}

std::string Percent::to_string(unsigned decimals) const {
  decimals = decimals > k_decimals ? k_decimals : decimals;
  return fixed(micro / pow10(k_decimals - decimals), decimals);
}

bool Percent::at_most(std::uint64_t whole) const {
  return static_cast<u128>(micro) <= static_cast<u128>(whole) * k_scale;
}

Percent Percent::floor_to(Percent step) const {
  if (step.micro == 0) {
    return *this;
  }
  return {micro / step.micro * step.micro};
}

bool Percent::met_by(Ratio ratio) const {
  const auto [covered, total] = ratio;
  // covered / total >= micro / (100 * 10^6)  <=>  covered * 100 * 10^6 >= micro * total
  return static_cast<u128>(covered) * 100 * k_scale >= static_cast<u128>(micro) * total;
}

std::uint64_t Percent::units_needed(Ratio ratio) const {
  const auto [covered, total] = ratio;
  // (covered + x) * 100 * 10^6 >= micro * total  <=>  x >= ceil(micro * total / 10^8) - covered
  const u128 scale = static_cast<u128>(100) * k_scale;
  const u128 needed = (static_cast<u128>(micro) * total + scale - 1) / scale;
  return needed > covered ? static_cast<std::uint64_t>(needed - covered) : 0;
}

std::string Percent::gap_above(Ratio ratio, unsigned decimals) const {
  const auto [covered, total] = ratio;
  // Nothing to cover counts as 100% (coverage.py's rule), so 0 of 0 has no gap.
  const u128 whole = total == 0 ? 1 : total;
  const u128 have = static_cast<u128>(total == 0 ? 1 : covered) * 100 * k_scale;
  const u128 want = static_cast<u128>(micro) * whole;
  const u128 scale = pow10(decimals);
  const u128 gap =
      want > have ? ((want - have) * scale + whole * k_scale - 1) / (whole * k_scale) : 0;
  return fixed(gap, decimals);
}

std::string floor_percent(std::uint64_t covered, std::uint64_t total, unsigned decimals) {
  if (total == 0) {
    return "n/a";
  }
  return fixed(static_cast<u128>(covered) * 100 * pow10(decimals) / total, decimals);
}

} // namespace covbar::core
