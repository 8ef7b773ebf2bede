#pragma once

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <vector>

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

/// The line records of one file, packed: each record is the difference from the previous
/// line number and the hit count as LEB128 varints (plus the branch counts when it has any),
/// so a typical line takes 2 bytes where a `Line` takes 16. Reports hold tens of millions of
/// lines, and an LCOV `DA:` line is about 10 bytes of input: the unpacked model was larger
/// than the report it came from (bench/run.sh measured 2.35x for LCOV), the packed one is a
/// fraction of it.
///
/// Records are appended in any order (the difference is zigzag-encoded) and iterated in
/// the order appended; FileCoverage::normalize() sorts and folds them. Iteration yields
/// `Line` values: a forward range, read front to back.
class LineTable {
public:
  class Iterator {
  public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = Line;
    using difference_type = std::ptrdiff_t;
    using pointer = const Line*;
    using reference = const Line&;

    Iterator() = default;
    const Line& operator*() const { return m_line; }
    const Line* operator->() const { return &m_line; }
    Iterator& operator++() {
      if (++m_index < m_count) {
        decode();
      }
      return *this;
    }
    Iterator operator++(int) {
      Iterator before = *this;
      ++*this;
      return before;
    }
    friend bool operator==(const Iterator& a, const Iterator& b) { return a.m_index == b.m_index; }

  private:
    friend class LineTable;
    Iterator(const char8_t* at, std::size_t index, std::size_t count)
        : m_at(at), m_index(index), m_count(count) {
      if (m_index < m_count) {
        decode();
      }
    }
    void decode();

    const char8_t* m_at = nullptr;
    std::size_t m_index = 0;
    std::size_t m_count = 0;
    Line m_line;
  };
  using const_iterator = Iterator;
  using value_type = Line;

  [[nodiscard]] Iterator begin() const { return {m_bytes.data(), 0, m_count}; }
  [[nodiscard]] Iterator end() const { return {nullptr, m_count, m_count}; }
  [[nodiscard]] std::size_t size() const { return m_count; }
  [[nodiscard]] bool empty() const { return m_count == 0; }
  /// Bytes held for the records (the benchmark's and the tests' measure of packing).
  [[nodiscard]] std::size_t packed_bytes() const { return m_bytes.size(); }
  /// True while every record appended so far has a larger number than the one before.
  [[nodiscard]] bool ascending() const { return m_ascending; }
  /// Kept as records are appended, so totals and invariant checks need not decode:
  /// records with hits; the sums of the per-line branch counts; whether any record has
  /// line number 0 or more branches covered than it has.
  [[nodiscard]] std::size_t covered() const { return m_covered; }
  [[nodiscard]] std::uint64_t branches_covered() const { return m_branches_covered; }
  [[nodiscard]] std::uint64_t branches_total() const { return m_branches_total; }
  [[nodiscard]] bool has_line_zero() const { return m_line_zero; }
  [[nodiscard]] bool has_overcovered_branches() const { return m_overcovered; }

  void push_back(const Line& line) {
    // The common record, in order with a small step and hit count, is two bytes: inline.
    const std::uint32_t step = line.number - m_last;
    if (line.number > m_last && step < 32 && line.hits < 128 && line.branches_total == 0 &&
        line.branches_covered == 0) {
      m_bytes.push_back(static_cast<char8_t>(step << 2U));
      m_bytes.push_back(static_cast<char8_t>(line.hits));
      m_last = line.number;
      ++m_count;
      m_covered += line.hits > 0 ? 1 : 0;
      return;
    }
    push_back_slow(line);
  }
  /// Appends every record of `other` after this one's.
  void append(const LineTable& other);
  /// Empties the table, keeping its capacity (a parser's scratch table, reused per file).
  void clear();
  /// A copy holding exactly the bytes it needs: a parser fills one scratch table per part
  /// and keeps right-sized copies, so no file's table regrows or holds spare capacity.
  [[nodiscard]] LineTable exact_copy() const;
  /// Room for about `lines` more records (two bytes each), so appending does not regrow.
  void reserve(std::size_t lines);
  /// Gives back spare capacity (once a file's records are complete).
  void shrink_to_fit() { m_bytes.shrink_to_fit(); }

  [[nodiscard]] std::vector<Line> to_vector() const;
  /// Replaces the records with `lines`, in their order.
  void assign(const std::vector<Line>& lines);

  friend bool operator==(const LineTable& a, const LineTable& b) {
    return a.m_count == b.m_count && a.m_bytes == b.m_bytes;
  }

private:
  void push_back_slow(const Line& line);

  // char8_t, not uint8_t: a store through it may not alias anything else, so a parser's
  // loop appending records keeps its own state in registers.
  std::vector<char8_t> m_bytes;
  std::size_t m_count = 0;
  std::size_t m_covered = 0;
  std::uint64_t m_branches_covered = 0;
  std::uint64_t m_branches_total = 0;
  std::uint32_t m_last = 0;
  bool m_ascending = true;
  bool m_line_zero = false;
  bool m_overcovered = false;
};

} // namespace covbar::model
