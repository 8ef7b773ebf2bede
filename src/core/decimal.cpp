#include "src/core/decimal.hpp"

#include <fmt/format.h>

#include "src/core/int128.hpp"

namespace covbar::core {

std::optional<Decimal> Decimal::parse(std::string_view text) {
  Decimal value;
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
    if (seen_point && ++value.scale > 6) {
      return std::nullopt;
    }
    if (value.units > 1'000'000'000'000ULL) {
      return std::nullopt;
    }
    value.units = value.units * 10 + static_cast<std::uint64_t>(c - '0');
    seen_digit = true;
  }
  if (!seen_digit) {
    return std::nullopt;
  }
  return value;
}

std::string Decimal::to_string() const {
  if (scale == 0) {
    return std::to_string(units);
  }
  std::uint64_t divisor = 1;
  for (unsigned i = 0; i < scale; ++i) {
    divisor *= 10;
  }
  std::string fraction = fmt::format("{:0{}}", units % divisor, scale);
  while (!fraction.empty() && fraction.back() == '0') {
    fraction.pop_back();
  }
  return fraction.empty() ? std::to_string(units / divisor)
                          : fmt::format("{}.{}", units / divisor, fraction);
}

bool Decimal::at_most(std::uint64_t whole) const {
  u128 limit = whole;
  for (unsigned i = 0; i < scale; ++i) {
    limit *= 10;
  }
  return units <= limit;
}

bool Decimal::ratio_meets(std::uint64_t covered, std::uint64_t total) const {
  // covered/total >= units/(10^scale * 100)  <=>  covered * 100 * 10^scale >= units * total
  u128 lhs = covered;
  lhs *= 100;
  for (unsigned i = 0; i < scale; ++i) {
    lhs *= 10;
  }
  const u128 rhs = static_cast<u128>(units) * total;
  return lhs >= rhs;
}

std::string floor_percent(std::uint64_t covered, std::uint64_t total, unsigned decimals) {
  if (total == 0) {
    return "n/a";
  }
  u128 scale = 1;
  for (unsigned i = 0; i < decimals; ++i) {
    scale *= 10;
  }
  const u128 scaled = static_cast<u128>(covered) * 100 * scale / total;
  const auto whole = static_cast<std::uint64_t>(scaled / scale);
  if (decimals == 0) {
    return std::to_string(whole);
  }
  const auto fraction = static_cast<std::uint64_t>(scaled % scale);
  return fmt::format("{}.{:0{}}", whole, fraction, decimals);
}

} // namespace covbar::core
