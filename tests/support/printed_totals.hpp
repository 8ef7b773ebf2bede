#pragma once

#include <map>
#include <optional>
#include <string>

#include "src/model/coverage.hpp"

namespace covbar::test {

/// Totals as a coverage tool printed them, read from a fixture's PRINTED.txt. Nothing here is
/// typed by hand: every figure comes from the tool's own output.
struct PrintedTotals {
  std::map<std::string, model::Counter> counters; ///< "lines", "branches", ... -> covered/total
  std::optional<unsigned> percent;                ///< coverage.py's TOTAL Cover column
  std::map<std::string, std::map<std::string, std::string>> per_file_percent; ///< bun's table
};

/// Reads istanbul's text-summary (`Lines : 77.27% ( 17/22 )`), gcovr's --print-summary and
/// `lcov --summary` (`lines: 72.7% (16 out of 22)`), coverage.py's TOTAL row, and bun's
/// per-file table.
PrintedTotals read_printed_totals(const std::string& path);

/// coverage.py's display rounding of a percentage at 0 decimals (Numbers.display_covered):
/// round half to even, but never 100 unless complete and never 0 unless nothing is covered.
unsigned coveragepy_percent(const model::Counter& c);

} // namespace covbar::test
