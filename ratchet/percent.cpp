#include "ratchet/percent.hpp"

#include <fmt/format.h>

#include "src/core/int128.hpp"

namespace covbar::ratchet {

using core::u128;

Percent Percent::from_decimal(const core::Decimal& d) {
  std::uint64_t micro = d.units;
  for (unsigned s = d.scale; s < 6; ++s) {
    micro *= 10;
  }
  return {micro};
}

std::optional<Percent> Percent::parse(std::string_view text) {
  const auto d = core::Decimal::parse(text);
  if (!d || !d->at_most(100)) {
    return std::nullopt;
  }
  return from_decimal(*d);
}

Percent Percent::of(const model::Counter& counter) {
  if (counter.total == 0) {
    return points(100);
  }
  const u128 scaled = static_cast<u128>(counter.covered) * 100 * k_scale;
  return {static_cast<std::uint64_t>(scaled / counter.total)};
}

std::string Percent::to_string() const {
  std::string out = fmt::format("{}", micro / k_scale);
  std::uint64_t frac = micro % k_scale;
  if (frac != 0) {
    std::string digits = fmt::format("{:06}", frac);
    while (digits.back() == '0') {
      digits.pop_back();
    }
    out += "." + digits;
  }
  return out;
}

std::string Percent::to_string(unsigned decimals) const {
  if (decimals == 0) {
    return fmt::format("{}", micro / k_scale);
  }
  decimals = decimals > 6 ? 6 : decimals;
  std::string digits = fmt::format("{:06}", micro % k_scale);
  return fmt::format("{}.{}", micro / k_scale, digits.substr(0, decimals));
}

Percent Percent::floor_to(Percent step) const {
  if (step.micro == 0) {
    return *this;
  }
  return {micro / step.micro * step.micro};
}

bool Percent::met_by(const model::Counter& counter) const {
  if (counter.total == 0) {
    return true;
  }
  return static_cast<u128>(counter.covered) * 100 * k_scale >=
         static_cast<u128>(micro) * counter.total;
}

} // namespace covbar::ratchet
