#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "src/gate/decision.hpp"
#include "src/model/coverage.hpp"

namespace covbar::reports {

/// Everything `covbar check` prints, computed once and read by every output format.
struct CheckResult {
  const model::CoverageReport* report = nullptr;
  std::vector<model::Totals> file_totals; ///< per file, in report order
  model::Totals totals;
  gate::Decision decision;
  unsigned precision = 2; ///< decimals of printed percentages (rounded down)
  std::size_t top = 10;   ///< how many files to list by uncovered lines
};

/// A file and its uncovered line count, for "files with the most uncovered lines".
struct FileRank {
  const model::FileCoverage* file = nullptr;
  model::Counter lines;
};

/// The `top` files with the most uncovered lines (ties by path), skipping fully covered ones.
std::vector<FileRank> most_uncovered(const CheckResult& result);

/// `82.26%` (rounded down at `precision`), or `n/a` when there is nothing to cover.
std::string percent_text(const model::Counter& counter, unsigned precision);

/// The metrics the totals have data for, in display order, with their counters.
std::vector<std::pair<gate::Metric, model::Counter>> present_metrics(const model::Totals& totals);

} // namespace covbar::reports
