#include "parsers/fast/lcov_runs.hpp"

#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "parsers/numbers.hpp"

namespace covbar::parsers::fast {
namespace {

/// Whether `p` starts with `DA:` (one 4-byte load; 4 bytes at `p` must be readable).
bool starts_with_da(const char* p) {
  std::uint32_t word = 0;
  std::memcpy(&word, p, sizeof word);
  return (word & 0xFFFFFFU) == ('D' | ('A' << 8U) | (':' << 16U));
}

#if defined(__SSE2__)
/// Bit i set when byte i of the 16 at `p` is not an ASCII digit; bits 16 to 31 are set too.
/// A record's separators are found as its first non-digits (SSE2, x86-64's baseline), then
/// each one's byte is checked. Every byte before a separator below 16 is a verified digit;
/// a separator at 16 is checked like the others, and any field after it would end at 17, so
/// is empty, and refused.
unsigned non_digits(const char* p) {
  const __m128i values =
      _mm_sub_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)), _mm_set1_epi8('0'));
  return ~static_cast<unsigned>(
      _mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(values, _mm_set1_epi8(9)), values)));
}
#endif

/// A run of plain `DA:<line>,<hits>\n` records while 20 bytes are left. One 16-byte load
/// after `DA:` gives the comma and the newline as its first two non-digits, so the step to
/// the next record waits on one load and two bit scans, not on reading the numbers; both
/// numbers are then read together (swar_value_pair).
std::size_t da_run(std::string_view part, std::size_t pos, model::LineTable& lines) {
  if (part.size() - pos < 20) {
    return pos;
  }
  const char* const data = part.data();
  const char* const last = data + part.size() - 20;
  const char* p = data + pos;
  while (p <= last && starts_with_da(p)) {
#if defined(__SSE2__)
    const unsigned others = non_digits(p + 3); // the comma, then the newline
    // Never zero (bits 16 to 31 are set): a plain bit scan, without std::countr_zero's test
    // for zero.
    const auto comma = static_cast<unsigned>(__builtin_ctz(others));
    const auto newline = static_cast<unsigned>(__builtin_ctz(others & (others - 1)));
    const unsigned hit_digits = newline - comma - 1;
    // 1 to 8 digits, the comma, 1 to 8 digits, the newline (within the 16 bytes loaded).
    if (((comma - 1) | (hit_digits - 1)) > 7 ||
        ((p[3 + comma] ^ ',') | (p[3 + newline] ^ '\n')) != 0) {
      break;
    }
    std::uint64_t number_text = 0;
    std::uint64_t hits_text = 0;
    std::memcpy(&number_text, p + 3, sizeof number_text);
    std::memcpy(&hits_text, p + 4 + comma, sizeof hits_text);
    std::uint64_t number = 0;
    std::uint64_t hits = 0;
    swar_value_pair(number_text, static_cast<int>(comma), hits_text, static_cast<int>(hit_digits),
                    number, hits);
    if (number == 0) {
      break;
    }
    lines.push_back(model::Line{hits, static_cast<std::uint32_t>(number), 0, 0});
    p += 4 + newline;
#else
    const char* q = p + 3;
    std::uint64_t number = 0;
    std::uint64_t hits = 0;
    const int number_digits = swar_digits(q, number);
    q += number_digits;
    if (number_digits == 0 || number == 0 || *q != ',') {
      break;
    }
    ++q;
    const int hit_digits = swar_digits(q, hits);
    q += hit_digits;
    if (hit_digits == 0 || *q != '\n') {
      break;
    }
    lines.push_back(model::Line{hits, static_cast<std::uint32_t>(number), 0, 0});
    p = q + 1;
#endif
  }
  return static_cast<std::size_t>(p - data);
}

/// A run of plain `BRDA:<line>,<block>,<branch>,<taken>\n` records while 32 bytes are left:
/// like da_run(), the commas and the newline are the first non-digits of one 16-byte load,
/// and so are lcov 2.x's marks before the block number (at most `e` or `f`, then `U`).
std::size_t brda_run(std::string_view part, std::size_t pos, model::BranchTable& branches) {
#if defined(__SSE2__)
  if (part.size() - pos < 32) {
    return pos;
  }
  const char* const data = part.data();
  const char* const last = data + part.size() - 32;
  const char* p = data + pos;
  while (p <= last && std::memcmp(p, "BRDA:", 5) == 0) {
    const char* const fields = p + 5;
    unsigned others = non_digits(fields);
    const auto next = [&others] { // the position of the next non-digit (never all read)
      const auto at = static_cast<unsigned>(__builtin_ctz(others));
      others &= others - 1;
      return at;
    };
    const unsigned c1 = next();
    unsigned c2 = next();
    unsigned marks = 0;
    bool exception = false;
    bool unreachable_directive = false;
    if (c2 == c1 + 1 && (fields[c2] == 'e' || fields[c2] == 'f')) {
      exception = fields[c2] == 'e';
      marks = 1;
      c2 = next();
    }
    if (c2 == c1 + 1 + marks && fields[c2] == 'U') {
      unreachable_directive = true;
      ++marks;
      c2 = next();
    }
    const unsigned block_at = c1 + 1 + marks;
    const unsigned c3 = next();
    unsigned newline = next();
    // A taken count of `-` is a branch never reached: then the newline comes after it.
    const bool unreached = newline == c3 + 1 && fields[newline] == '-';
    if (unreached) {
      newline = next();
    }
    // Fields of 1 to 8 digits between three commas and the newline.
    if (((c1 - 1) | (c2 - block_at - 1) | (c3 - c2 - 2)) > 7 ||
        (unreached ? newline != c3 + 2 : newline - c3 - 2 > 7) ||
        ((fields[c1] ^ ',') | (fields[c2] ^ ',') | (fields[c3] ^ ',') | (fields[newline] ^ '\n')) !=
            0) {
      break;
    }
    std::uint64_t word = 0;
    std::memcpy(&word, fields, sizeof word);
    const std::uint64_t number = swar_value(word, static_cast<int>(c1));
    std::memcpy(&word, fields + block_at, sizeof word);
    const std::uint64_t block =
        swar_value(word, static_cast<int>(c2 - block_at)) | (exception ? 0x8000'0000U : 0U);
    std::memcpy(&word, fields + c2 + 1, sizeof word);
    const std::uint64_t index = swar_value(word, static_cast<int>(c3 - c2 - 1));
    std::memcpy(&word, fields + c3 + 1, sizeof word);
    const std::uint64_t taken =
        unreached ? 0 : swar_value(word, static_cast<int>(newline - c3 - 1));
    if (number == 0) {
      break;
    }
    if (!unreachable_directive) {
      branches.push_back(model::Branch{static_cast<std::uint32_t>(number),
                                       static_cast<std::uint32_t>(block),
                                       static_cast<std::uint32_t>(index), taken});
    }
    p = fields + newline + 1;
  }
  return static_cast<std::size_t>(p - data);
#else
  (void)part;
  (void)branches;
  return pos; // the reference reader reads them
#endif
}

} // namespace

std::size_t read_lcov_runs(std::string_view part, std::size_t pos, model::LineTable& lines,
                           model::BranchTable& branches, model::Kinds& kinds) {
  while (true) {
    const std::size_t after_lines = da_run(part, pos, lines);
    kinds.lines = kinds.lines || after_lines != pos;
    const std::size_t after_branches = brda_run(part, after_lines, branches);
    kinds.branches = kinds.branches || after_branches != after_lines;
    if (after_branches == pos) {
      return pos;
    }
    pos = after_branches;
  }
}

} // namespace covbar::parsers::fast
