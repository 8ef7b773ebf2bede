#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "src/model/changed_lines.hpp"
#include "src/model/coverage.hpp"

namespace covbar::gate {

/// How a changed line that ran but left some branches untaken counts. `covered` is
/// diff-cover's rule (a line is missed only when it never ran); `missed` is Codecov's
/// (partial lines are not covered).
enum class PartialLines { covered, missed };

/// Changed-line coverage of one file of the diff.
struct FileDiffCoverage {
  std::string path;
  bool measured = false;     ///< the reports know this file
  std::uint64_t changed = 0; ///< added or modified lines in the diff
  std::vector<std::uint32_t> covered;
  std::vector<std::uint32_t> uncovered;
  std::uint64_t not_instrumented = 0; ///< changed lines no report instruments
  model::Counter branches;            ///< arms on changed lines
};

/// The new-code-only figure: covered changed instrumented lines / changed instrumented lines.
struct DiffCoverage {
  std::vector<FileDiffCoverage> files; ///< diff order; deleted and binary files left out
  model::Counter lines;
  model::Counter branches;
  bool has_branches = false;
  std::uint64_t changed = 0;          ///< every added line of the diff's text files
  std::uint64_t not_instrumented = 0; ///< in measured files
  std::uint64_t not_measured = 0;     ///< lines of files no report knows
};

/// Measures the diff against the merged report. Paths match exactly (both repo-relative);
/// failing that, by an unambiguous whole-segment suffix. Throws core::InputError when a
/// path matches several report files, or when the report has no line records
/// (coverage-summary.json).
DiffCoverage measure_changed_lines(const model::ChangedLines& diff,
                                   const model::CoverageReport& report, PartialLines partial);

/// Sorted line numbers as ranges: "3-5, 9".
std::string line_ranges(const std::vector<std::uint32_t>& lines);

} // namespace covbar::gate
