#include "reports/text.hpp"

#include <fmt/format.h>

#include "src/core/printable.hpp"

namespace covbar::reports {

std::string render_check_text(const CheckResult& result) {
  const auto& report = *result.report;
  std::string out;
  out += fmt::format("covbar check: {} file{} from", report.files.size(),
                     report.files.size() == 1 ? "" : "s");
  for (std::size_t i = 0; i < report.origins.size(); ++i) {
    out += fmt::format("{} {} ({})", i == 0 ? "" : ",", core::printable(report.origins[i].source),
                       report.origins[i].format);
  }
  out += "\n\n";
  for (const auto& [metric, counter] : present_metrics(result.totals)) {
    out += fmt::format("  {:<11} {:>8}  {:>10} / {}\n", gate::metric_name(metric),
                       percent_text(counter, result.precision), counter.covered, counter.total);
  }
  const auto ranks = most_uncovered(result);
  if (!ranks.empty()) {
    out += "\nFiles with the most uncovered lines:\n";
    for (const auto& rank : ranks) {
      out +=
          fmt::format("  {:>6} uncovered  {:>8}  {}\n", rank.lines.total - rank.lines.covered,
                      percent_text(rank.lines, result.precision), core::printable(rank.file->path));
    }
  }
  if (result.decision.evaluated) {
    out += "\n";
    for (const auto& r : result.decision.results) {
      out += fmt::format(
          "  {} {} {} ({}){}{}\n", r.passed ? "ok  " : "FAIL",
          gate::metric_name(r.threshold.metric), percent_text(r.counter, result.precision),
          gate::minimum_text(r.threshold), r.scope.empty() ? "" : "  " + core::printable(r.scope),
          r.threshold.origin.empty() ? "" : "  [from " + core::printable(r.threshold.origin) + "]");
    }
    out += result.decision.passed ? "\nPASS: coverage meets every threshold\n"
                                  : "\nFAIL: coverage is below a threshold\n";
  }
  return out;
}

} // namespace covbar::reports
