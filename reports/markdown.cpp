#include "reports/markdown.hpp"

#include <fmt/format.h>

#include "reports/escape.hpp"

namespace covbar::reports {
namespace {

/// A threshold's Minimum cell: `80%`, or `≤ 3 uncovered` for a most of uncovered items.
std::string minimum_cell(const gate::Threshold& threshold) {
  return threshold.max_uncovered ? fmt::format("≤ {} uncovered", *threshold.max_uncovered)
                                 : threshold.target.to_string() + "%";
}

} // namespace

std::string render_check_markdown(const CheckResult& result) {
  const auto& report = *result.report;
  std::string out = "## Coverage";
  if (result.decision.evaluated) {
    out += result.decision.passed ? ": passed" : ": failed";
  }
  out += "\n\n| Metric | Coverage | Covered | Total | Minimum |\n|---|---:|---:|---:|---:|\n";
  for (const auto& [metric, counter] : present_metrics(result.totals)) {
    std::string minimum = "";
    for (const auto& r : result.decision.results) {
      if (r.threshold.metric == metric && r.scope.empty()) {
        minimum = fmt::format("{} {}", minimum_cell(r.threshold), r.passed ? "✅" : "❌");
      }
    }
    out += fmt::format("| {} | {} | {} | {} | {} |\n", gate::metric_name(metric),
                       percent_text(counter, result.precision), counter.covered, counter.total,
                       minimum);
  }
  bool any_path = false;
  for (const auto& r : result.decision.results) {
    if (r.scope.empty()) {
      continue;
    }
    if (!any_path) {
      out += "\n| Path | Metric | Coverage | Covered | Total | Minimum |\n"
             "|---|---|---:|---:|---:|---:|\n";
      any_path = true;
    }
    out += fmt::format("| {} | {} | {} | {} | {} | {} {} |\n", markdown_cell_code(r.scope),
                       gate::metric_name(r.threshold.metric),
                       percent_text(r.counter, result.precision), r.counter.covered,
                       r.counter.total, minimum_cell(r.threshold), r.passed ? "✅" : "❌");
  }
  const auto ranks = most_uncovered(result);
  if (!ranks.empty()) {
    out += fmt::format("\n<details><summary>Files with the most uncovered lines ({} of {} files)"
                       "</summary>\n\n| File | Uncovered lines | Lines |\n|---|---:|---:|\n",
                       ranks.size(), report.files.size());
    for (const auto& rank : ranks) {
      out += fmt::format("| {} | {} | {} |\n", markdown_cell_code(rank.file->path),
                         rank.lines.total - rank.lines.covered,
                         percent_text(rank.lines, result.precision));
    }
    out += "\n</details>\n";
  }
  out +=
      "\nPercentages are rounded down, so a figure below a minimum never prints as meeting it.\n";
  return out;
}

} // namespace covbar::reports
