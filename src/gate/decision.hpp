#pragma once

#include <optional>
#include <string>
#include <vector>

#include "src/gate/threshold.hpp"
#include "src/model/coverage.hpp"

namespace covbar::gate {

/// One threshold held against its figure.
struct MetricResult {
  Threshold threshold;
  model::Counter counter;
  bool passed = false;
  std::string scope; ///< empty: the whole report; else a path glob or, per file, a file path
};

/// The verdict of a gate and every figure it rests on; reports print it, the CLI turns it
/// into the exit code.
struct Decision {
  bool evaluated = false; ///< false when no threshold was asked for (report only)
  bool passed = true;
  std::vector<MetricResult> results;
};

/// The hard gate: every threshold must hold, compared exactly in integers
/// (covered * 100 * 10^scale >= target * total). A metric whose total is 0 holds (nothing to
/// cover, as coverage.py counts 0 of 0 as 100%). A threshold on a metric the reports do not
/// have throws core::UsageError: a gate that cannot decide must not pass.
Decision evaluate_hard_gate(const model::Totals& totals, const std::vector<Threshold>& thresholds);

/// Adds the per-path thresholds to `decision`: the files under each glob summed (or each
/// file, `per_file`), held to its minimums like the whole report. A glob that matches no file
/// of the report throws core::UsageError: a threshold nothing is measured against must not
/// pass silently.
void evaluate_path_thresholds(Decision& decision, const model::CoverageReport& report,
                              const std::vector<model::Totals>& file_totals,
                              const std::vector<PathThreshold>& paths);

} // namespace covbar::gate
