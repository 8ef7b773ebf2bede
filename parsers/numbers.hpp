#pragma once

#include <bit>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

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
  if (ec == std::errc::result_out_of_range ||
      (ec == std::errc() && ptr == last && out.value > max)) {
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

/// The value of the `length` (1 to 8) decimal digits in the low bytes of `word`, loaded
/// little-endian from the text (its first digit is the low byte); the bytes above are ignored.
inline std::uint64_t swar_value(std::uint64_t word, int length) {
  // The digits to the top bytes as 0..9, zeros (leading zeros) below, then combine pairwise.
  std::uint64_t v = (word ^ 0x3030303030303030ULL) << (8 * (8 - length));
  v = (v * 10) + (v >> 8);
  v = (((v & 0x000000FF000000FFULL) * (100 + (1000000ULL << 32))) +
       (((v >> 16) & 0x000000FF000000FFULL) * (1 + (10000ULL << 32)))) >>
      32;
  return v;
}

/// Two numbers at once, as swar_value(first, first_length) and swar_value(second,
/// second_length): with SSE2 (x86-64's baseline) both are combined in one register, in about
/// half the instructions of two scalar reads.
inline void swar_value_pair(std::uint64_t first, int first_length, std::uint64_t second,
                            int second_length, std::uint64_t& first_value,
                            std::uint64_t& second_value) {
#if defined(__SSE2__)
  // Each number's digits to the top bytes of its 64-bit lane (most significant first in
  // memory order), zero bytes below; then '0'..'9' to 0..9 (the zeros stay 0: saturating).
  const __m128i text = _mm_set_epi64x(static_cast<long long>(second << (8 * (8 - second_length))),
                                      static_cast<long long>(first << (8 * (8 - first_length))));
  const __m128i digits = _mm_subs_epu8(text, _mm_set1_epi8('0'));
  const __m128i zero = _mm_setzero_si128();
  // Bytes to 16-bit lanes, then pairs, fours and eights of digits combined.
  const __m128i tens = _mm_set_epi16(1, 10, 1, 10, 1, 10, 1, 10);
  const __m128i pairs = _mm_packs_epi32(_mm_madd_epi16(_mm_unpacklo_epi8(digits, zero), tens),
                                        _mm_madd_epi16(_mm_unpackhi_epi8(digits, zero), tens));
  const __m128i fours = _mm_madd_epi16(pairs, _mm_set_epi16(1, 100, 1, 100, 1, 100, 1, 100));
  const __m128i eights = _mm_madd_epi16(_mm_packs_epi32(fours, fours),
                                        _mm_set_epi16(1, 10000, 1, 10000, 1, 10000, 1, 10000));
  first_value = static_cast<std::uint32_t>(_mm_cvtsi128_si32(eights));
  second_value = static_cast<std::uint32_t>(_mm_cvtsi128_si32(_mm_srli_si128(eights, 4)));
#else
  first_value = swar_value(first, first_length);
  second_value = swar_value(second, second_length);
#endif
}

/// The branch-free reader for the hottest loops: the run of digits at `p`, of which there
/// must be 1 to 7, read from one 8-byte load (so 8 bytes at `p` must be readable). Returns
/// the digit count, or 0 when `p` holds no digit or 8 or more (callers then take
/// read_digits or the checked path). Digit lengths in reports vary line to line, and a
/// byte-at-a-time loop mispredicts its exit on nearly every number.
inline int swar_digits(const char* p, std::uint64_t& value) {
  std::uint64_t word = 0;
  std::memcpy(&word, p, sizeof word);                        // little-endian: p[0] is the low byte
  const std::uint64_t digits = word ^ 0x3030303030303030ULL; // '0'..'9' become 0..9
  // A byte is not a digit when its value is above 9: then it, or it plus 0x76, has the top
  // bit set. (A carry out of a non-digit byte only reaches bytes after the first non-digit.)
  const std::uint64_t non_digit =
      (digits | (digits + 0x7676767676767676ULL)) & 0x8080808080808080ULL;
  if (non_digit == 0) {
    return 0;
  }
  const int length = std::countr_zero(non_digit) >> 3;
  if (length == 0) {
    return 0;
  }
  value = swar_value(word, length);
  return length;
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
