#include "reports/check_result.hpp"

#include <algorithm>

#include "src/core/decimal.hpp"

namespace covbar::reports {

std::vector<FileRank> most_uncovered(const CheckResult& result) {
  const auto& report = *result.report;
  const std::size_t top = result.top;
  std::vector<FileRank> ranks;
  for (std::size_t i = 0; i < report.files.size(); ++i) {
    const auto& file = report.files[i];
    const auto& totals = result.file_totals[i];
    // Summary-only files (coverage-summary.json) still have line totals.
    if (totals.kinds.lines && totals.lines.covered < totals.lines.total) {
      ranks.push_back({&file, totals.lines});
    }
  }
  std::partial_sort(ranks.begin(), ranks.begin() + static_cast<std::ptrdiff_t>(std::min(top, ranks.size())), ranks.end(), [](const FileRank& a, const FileRank& b) {
    const auto ua = a.lines.total - a.lines.covered;
    const auto ub = b.lines.total - b.lines.covered;
    return ua != ub ? ua > ub : a.file->path < b.file->path;
  });
  if (ranks.size() > top) {
    ranks.resize(top);
  }
  return ranks;
}

std::string percent_text(const model::Counter& counter, unsigned precision) {
  if (counter.total == 0) {
    return "n/a";
  }
  return core::floor_percent(counter.covered, counter.total, precision) + "%";
}

std::vector<std::pair<gate::Metric, model::Counter>> present_metrics(const model::Totals& totals) {
  std::vector<std::pair<gate::Metric, model::Counter>> out;
  for (const auto metric : {gate::Metric::lines, gate::Metric::statements, gate::Metric::branches,
                            gate::Metric::functions, gate::Metric::combined}) {
    if (const auto counter = gate::metric_counter(totals, metric)) {
      out.emplace_back(metric, *counter);
    }
  }
  return out;
}

} // namespace covbar::reports
