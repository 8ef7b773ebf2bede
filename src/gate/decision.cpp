#include "src/gate/decision.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "src/core/error.hpp"
#include "src/core/glob.hpp"

namespace covbar::gate {

namespace {

void hold(Decision& decision, const model::Totals& totals, const std::vector<Threshold>& thresholds,
          const std::string& scope) {
  decision.evaluated = decision.evaluated || !thresholds.empty();
  for (const auto& threshold : thresholds) {
    const auto counter = metric_counter(totals, threshold.metric);
    if (!counter) {
      throw core::UsageError(
          fmt::format("{} asks for {} coverage, but the reports have no {} data{}",
                      scope.empty() ? "--fail-under" : fmt::format("the threshold for '{}'", scope),
                      metric_name(threshold.metric), metric_name(threshold.metric),
                      threshold.metric == Metric::branches
                          ? " (coverage.py needs --cov-branch / branch = true to record branches)"
                          : ""));
    }
    MetricResult result{threshold, *counter, false, scope};
    if (threshold.max_uncovered) {
      result.passed = counter->total - counter->covered <= *threshold.max_uncovered;
    } else {
      result.passed = counter->total == 0 || threshold.target.met_by(*counter);
    }
    decision.passed = decision.passed && result.passed;
    decision.results.push_back(result);
  }
}

} // namespace

Decision evaluate_hard_gate(const model::Totals& totals, const std::vector<Threshold>& thresholds) {
  Decision decision;
  hold(decision, totals, thresholds, {});
  return decision;
}

void evaluate_path_thresholds(Decision& decision, const model::CoverageReport& report,
                              const std::vector<model::Totals>& file_totals,
                              const std::vector<PathThreshold>& paths) {
  for (const auto& path : paths) {
    std::vector<model::Totals> matched;
    const std::string& scope = path.label.empty() ? path.glob : path.label;
    for (std::size_t i = 0; i < report.files.size(); ++i) {
      const std::string& file = report.files[i].path;
      if (!core::glob_match(path.glob, file) ||
          std::any_of(path.except.begin(), path.except.end(),
                      [&](const std::string& glob) { return core::glob_match(glob, file); })) {
        continue;
      }
      if (path.per_file) {
        hold(decision, file_totals[i], path.thresholds, report.files[i].path);
      }
      matched.push_back(file_totals[i]);
    }
    if (matched.empty()) {
      throw core::UsageError(
          fmt::format("the path threshold '{}' matches no file of the reports (paths are "
                      "repo-relative, and * stays within one folder: write **/ to cross folders)",
                      scope));
    }
    if (!path.per_file) {
      hold(decision, model::sum_totals(matched), path.thresholds, scope);
    }
  }
}

} // namespace covbar::gate
