#pragma once

#include <cstdint>
#include <tuple>
#include <vector>

#include "src/model/packed_records.hpp"

namespace covbar::model {

/// One instrumented line: its execution count and, for a format without branch identities
/// (Cobertura's condition-coverage), how many of the branches on it were taken. Where the
/// format identifies its branches (LCOV, istanbul) they are FileCoverage::branches, and
/// these counts stay zero.
struct Line {
  std::uint64_t hits = 0;
  std::uint32_t number = 0;
  std::uint16_t branches_covered = 0; ///< saturates at k_max_line_branches (totals use Branch)
  std::uint16_t branches_total = 0;
  friend bool operator==(const Line&, const Line&) = default;
};

/// Most branches one line can record as per-line counts.
inline constexpr std::uint32_t k_max_line_branches = 0xFFFF;

/// A branch with an identity: LCOV's BRDA (block, branch) or istanbul's (branch id, arm).
/// Cobertura has no identities and records only per-line counts on Line.
struct Branch {
  std::uint32_t line = 0;
  std::uint32_t block = 0;
  std::uint32_t index = 0;
  std::uint64_t hits = 0;
  friend bool operator==(const Branch&, const Branch&) = default;
};

/// A line record, in one of two forms told apart by the low bit of its first byte:
///   - 1: the line right after the previous one, without branch counts and with under 128
///     hits (bits 1-7): one byte. Most lines of a report are this (consecutive statements).
///   - 0: a varint key, the difference from the previous line number (zigzag) shifted left
///     twice with bit 1 saying branch counts follow; then the hits; then the branch counts if
///     any. A step under 16 with under 128 hits takes two bytes.
/// An LCOV `DA:` line is about 10 bytes of input; its record is typically 1. (The one-byte
/// form covers only step 1 so that choosing it is one well-predicted test: forms chosen by
/// the hits, which vary record to record, cost more time than the memory saved.)
struct LineCodec {
  using Record = Line;
  struct Stats {
    std::size_t covered = 0;            ///< records with hits
    std::uint64_t branches_covered = 0; ///< sums of the per-line branch counts
    std::uint64_t branches_total = 0;
    bool line_zero = false;   ///< a record with line number 0
    bool overcovered = false; ///< a record with more branches covered than it has
    void add(const Line& line) {
      covered += line.hits > 0 ? 1 : 0;
      branches_covered += line.branches_covered;
      branches_total += line.branches_total;
      line_zero |= line.number == 0;
      overcovered |= line.branches_covered > line.branches_total;
    }
  };
  static bool before(const Line& a, const Line& b) { return a.number < b.number; }
  /// A line-number step (33 bits zigzagged, then shifted twice), hits, and two branch counts.
  static constexpr std::size_t k_max_bytes = 6 + 10 + 3 + 3;
  static char8_t* encode(char8_t* out, const Line& previous, const Line& line) {
    const bool has_branches = line.branches_total != 0 || line.branches_covered != 0;
    const std::uint32_t step = line.number - previous.number;
    if (line.number > previous.number && step < 16 && line.hits < 128 && !has_branches) {
      if (step == 1) {
        out[0] = static_cast<char8_t>((line.hits << 1U) | 1U);
        return out + 1;
      }
      out[0] = static_cast<char8_t>(step << 3U);
      out[1] = static_cast<char8_t>(line.hits);
      return out + 2;
    }
    out = put_varint(
        out,
        (zigzag(static_cast<std::int64_t>(line.number) - static_cast<std::int64_t>(previous.number))
         << 2U) |
            (has_branches ? 2U : 0U));
    out = put_varint(out, line.hits);
    if (has_branches) {
      out = put_varint(out, line.branches_covered);
      out = put_varint(out, line.branches_total);
    }
    return out;
  }
  static void decode(const char8_t*& at, Line& line) {
    if ((*at & 1U) != 0) {
      ++line.number;
      line.hits = *at++ >> 1U;
      line.branches_covered = 0;
      line.branches_total = 0;
      return;
    }
    const std::uint64_t key = get_varint(at);
    line.number =
        static_cast<std::uint32_t>(static_cast<std::int64_t>(line.number) + unzigzag(key >> 2U));
    line.hits = get_varint(at);
    if ((key & 2U) != 0) {
      line.branches_covered = static_cast<std::uint16_t>(get_varint(at));
      line.branches_total = static_cast<std::uint16_t>(get_varint(at));
    } else {
      line.branches_covered = 0;
      line.branches_total = 0;
    }
  }
};

/// A branch record, in one of two forms told apart by the low bit of its first byte:
///   - 1: the next branch of the previous one's line and block (index one more) with under
///     128 hits (bits 1-7): one byte. Branches come in pairs and more on a line.
///   - 0: a varint key, the difference from the previous branch's line (zigzag) shifted left
///     once; then its block, its index and its hits. A step under 32 with block, index and
///     hits under 128 takes four bytes.
/// An LCOV `BRDA:` line is about 15 bytes; its record is typically 1 or 4.
struct BranchCodec {
  using Record = Branch;
  struct Stats {
    std::size_t covered = 0; ///< branches taken
    void add(const Branch& branch) { covered += branch.hits > 0 ? 1 : 0; }
  };
  static bool before(const Branch& a, const Branch& b) {
    return std::tie(a.line, a.block, a.index) < std::tie(b.line, b.block, b.index);
  }
  /// A line step (33 bits zigzagged, then shifted), block, index and hits.
  static constexpr std::size_t k_max_bytes = 5 + 5 + 5 + 10;
  static char8_t* encode(char8_t* out, const Branch& previous, const Branch& branch) {
    const std::uint32_t step = branch.line - previous.line;
    if (branch.line >= previous.line && step < 32 && branch.block < 128 && branch.index < 128 &&
        branch.hits < 128) {
      if (step == 0 && branch.block == previous.block && branch.index == previous.index + 1) {
        out[0] = static_cast<char8_t>((branch.hits << 1U) | 1U);
        return out + 1;
      }
      // On or just after the previous branch's line, small numbers: four bytes.
      out[0] = static_cast<char8_t>(step << 2U);
      out[1] = static_cast<char8_t>(branch.block);
      out[2] = static_cast<char8_t>(branch.index);
      out[3] = static_cast<char8_t>(branch.hits);
      return out + 4;
    }
    out = put_varint(
        out,
        zigzag(static_cast<std::int64_t>(branch.line) - static_cast<std::int64_t>(previous.line))
            << 1U);
    out = put_varint(out, branch.block);
    out = put_varint(out, branch.index);
    return put_varint(out, branch.hits);
  }
  static void decode(const char8_t*& at, Branch& branch) {
    if ((*at & 1U) != 0) {
      ++branch.index;
      branch.hits = *at++ >> 1U;
      return;
    }
    branch.line = static_cast<std::uint32_t>(static_cast<std::int64_t>(branch.line) +
                                             unzigzag(get_varint(at) >> 1U));
    branch.block = static_cast<std::uint32_t>(get_varint(at));
    branch.index = static_cast<std::uint32_t>(get_varint(at));
    branch.hits = get_varint(at);
  }
};

/// The line records of one file, packed (see PackedRecords and LineCodec).
using LineTable = PackedRecords<LineCodec>;
/// The identified branches of one file, packed (see PackedRecords and BranchCodec).
using BranchTable = PackedRecords<BranchCodec>;

} // namespace covbar::model
