#pragma once

#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>

namespace covbar::parsers {

/// Outcome of reading an unsigned decimal count (hits, line numbers) from report text.
enum class NumberStatus { ok, not_a_number, negative, too_large };

struct ParsedNumber {
  NumberStatus status = NumberStatus::not_a_number;
  std::uint64_t value = 0;
};

/// Reads the whole of `text` as an integer in [0, max]. No sign, no spaces, no fraction.
inline ParsedNumber parse_count(std::string_view text, std::uint64_t max = UINT64_MAX) {
  ParsedNumber out;
  if (!text.empty() && text.front() == '-') {
    out.status = NumberStatus::negative;
    return out;
  }
  const auto* first = text.data();
  const auto* last = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(first, last, out.value);
  if (ec == std::errc::result_out_of_range || (ec == std::errc() && ptr == last && out.value > max)) {
    out.status = NumberStatus::too_large;
  } else if (ec == std::errc() && ptr == last && !text.empty()) {
    out.status = NumberStatus::ok;
  }
  return out;
}

/// The hot-path reader: up to 19 plain digits (which cannot overflow 64 bits) starting at
/// `p`, stopping at the first non-digit. Returns the digit count (0 when `p` holds none, or
/// when more than 19 digits follow: callers then take the checked path, parse_count).
inline int read_digits(const char* p, const char* end, std::uint64_t& value) {
  value = 0;
  int digits = 0;
  while (p + digits < end && p[digits] >= '0' && p[digits] <= '9') {
    if (digits == 19) {
      return 0;
    }
    value = value * 10 + static_cast<std::uint64_t>(p[digits] - '0');
    ++digits;
  }
  return digits;
}

/// The "expected ..." clause for a count that failed to parse: `what` names the field.
inline std::string expected_count(std::string_view what, NumberStatus status, std::uint64_t max) {
  std::string bound = max == UINT64_MAX ? "18446744073709551615" : std::to_string(max);
  switch (status) {
  case NumberStatus::negative:
    return std::string(what) + " as a non-negative integer";
  case NumberStatus::too_large:
    return std::string(what) + " no larger than " + bound;
  default:
    return std::string(what) + " as an integer";
  }
}

} // namespace covbar::parsers
