#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "src/core/checked.hpp"
#include "src/model/line_table.hpp"

namespace covbar::model {

/// Largest line number covbar stores; parsers refuse larger ones with a located error.
inline constexpr std::uint64_t k_max_line = 0xFFFF'FFFFULL;

/// A function; istanbul also gives the column of its declaration, which keeps two
/// same-named functions on one line apart.
struct Function {
  std::string name;
  std::uint32_t line = 0;
  std::uint32_t column = 0;
  std::uint64_t hits = 0;
};

/// An istanbul statement with its source span (the identity istanbul merges by).
struct Statement {
  std::uint32_t start_line = 0;
  std::uint32_t start_column = 0;
  std::uint32_t end_line = 0;
  std::uint32_t end_column = 0;
  std::uint64_t hits = 0;
};

/// covered of total, always integers; percentages exist only when printed.
struct Counter {
  std::uint64_t covered = 0;
  std::uint64_t total = 0;
  /// Adds `other`; throws core::CountOverflow past 2^64 − 1 (never wraps).
  Counter& operator+=(const Counter& other) {
    covered = core::checked_add(covered, other.covered);
    total = core::checked_add(total, other.total);
    return *this;
  }
  friend bool operator==(const Counter&, const Counter&) = default;
};

/// Which kinds of data a record carries. A kind a format does not have is absent, not zero.
struct Kinds {
  bool lines = false;
  bool branches = false;
  bool functions = false;
  bool statements = false;
  /// The kinds either has (reports or files merged, totals summed).
  Kinds& operator|=(const Kinds& other) {
    lines |= other.lines;
    branches |= other.branches;
    functions |= other.functions;
    statements |= other.statements;
    return *this;
  }
  friend bool operator==(const Kinds&, const Kinds&) = default;
};

/// Totals over a file or a report. `combined` is coverage.py's figure, the TOTAL that
/// `coverage report` prints: (covered statements + covered branches) / (statements +
/// branches), where a format without statements counts its lines as statements (coverage.py
/// writes one Cobertura line per statement).
struct Totals {
  Kinds kinds;
  Counter lines;
  Counter branches;
  Counter functions;
  Counter statements;
  [[nodiscard]] Counter combined() const;
  friend bool operator==(const Totals&, const Totals&) = default;
};

/// Coverage of one source file, its path repo-relative once the report is resolved.
/// Records are sorted (lines by number, branches by line/block/index, functions by line/name,
/// statements by span) and unique once `normalize()` has run.
struct FileCoverage {
  std::string path;
  Kinds kinds;
  LineTable lines;
  BranchTable branches;
  std::vector<Function> functions;
  std::vector<Statement> statements;
  /// Function counts a report gives without function records (bun's LCOV has FNF/FNH but
  /// no FN/FNDA): used only while `functions` is empty.
  std::optional<Counter> function_counts;
  /// Set for istanbul's coverage-summary.json, which has totals but no line records. Held
  /// behind a pointer (shared, never changed once set): every other file of every report
  /// carries it empty, and an inline optional made each file 64 bytes larger.
  std::shared_ptr<const Totals> summary;

  /// Sorts records and folds duplicates (same line number, branch identity or function:
  /// hits add). Statements are sorted but never folded: istanbul counts two statements with
  /// one span twice. When `branches` is not empty it is the file's branch data, and the
  /// per-line counts on `lines` are not read.
  void normalize();
  [[nodiscard]] Totals totals() const;
  /// The branches of each line record, in line order: the identified branches on its line
  /// when the file has any, else the line's own counts. Needs normalize() to have run.
  [[nodiscard]] std::vector<Counter> line_branches() const;
};

/// Where a report came from, for messages.
struct Origin {
  std::string source;   ///< file name as given
  std::string format;   ///< "cobertura", "lcov", "istanbul-final", "istanbul-summary"
  std::string producer; ///< e.g. "coverage.py 7.4.0", "gcovr 5.2", when the report says
};

/// Header totals a report declares (Cobertura's lines-valid..., LCOV's LF/LH), kept only to
/// warn when they contradict the records: totals always come from the records.
struct DeclaredTotals {
  std::optional<Counter> lines;
  std::optional<Counter> branches;
  std::size_t lines_offset = 0; ///< input offset of the declared line total, for errors
};

/// The shared in-memory model every parser writes and every gate and report reads.
struct CoverageReport {
  std::vector<Origin> origins;
  std::vector<FileCoverage> files;
  /// Cobertura <sources>, tried in order when resolving relative file names.
  std::vector<std::string> source_roots;
  DeclaredTotals declared;
  std::vector<std::string> warnings;

  /// Sum over files (per-file totals computed in parallel).
  [[nodiscard]] Totals totals() const;
  /// Each file's totals, in file order, computed once and in parallel: reports read these
  /// rather than walking tens of millions of line records again.
  [[nodiscard]] std::vector<Totals> file_totals() const;
};

/// The sum of per-file totals (CoverageReport::file_totals).
Totals sum_totals(const std::vector<Totals>& per_file);

/// How many records FileCoverage::normalize() has sorted and folded in this process, all
/// threads together: what the tests hold merging to, so that its work is seen to grow
/// with the records and not with their square.
std::uint64_t normalized_records();

} // namespace covbar::model
