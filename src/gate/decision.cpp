#include "src/gate/decision.hpp"

#include <fmt/format.h>

#include "src/core/error.hpp"

namespace covbar::gate {

Decision evaluate_hard_gate(const model::Totals& totals, const std::vector<Threshold>& thresholds) {
  Decision decision;
  decision.evaluated = !thresholds.empty();
  for (const auto& threshold : thresholds) {
    const auto counter = metric_counter(totals, threshold.metric);
    if (!counter) {
      throw core::UsageError(fmt::format(
          "covbar: error: --fail-under asks for {} coverage, but the reports have no {} data{}",
          metric_name(threshold.metric), metric_name(threshold.metric),
          threshold.metric == Metric::branches
              ? " (coverage.py needs --cov-branch / branch = true to record branches)"
              : ""));
    }
    MetricResult result{threshold, *counter, false};
    result.passed = counter->total == 0 || threshold.target.ratio_meets(counter->covered, counter->total);
    decision.passed = decision.passed && result.passed;
    decision.results.push_back(result);
  }
  return decision;
}

} // namespace covbar::gate
