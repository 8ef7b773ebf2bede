#include "reports/json.hpp"

#include <fmt/format.h>

#include "reports/escape.hpp"

namespace covbar::reports {
namespace {

std::string counter_json(const model::Counter& c) {
  return fmt::format("{{\"covered\":{},\"total\":{}}}", c.covered, c.total);
}

std::string metrics_json(const model::Totals& t, bool with_combined) {
  std::string out = "{";
  bool first = true;
  for (const auto& [metric, counter] : present_metrics(t)) {
    if (metric == gate::Metric::combined && !with_combined) {
      continue;
    }
    out += fmt::format("{}\"{}\":{}", first ? "" : ",", gate::metric_name(metric),
                       counter_json(counter));
    first = false;
  }
  return out + "}";
}

} // namespace

std::string render_check_json(const CheckResult& result, std::string_view version) {
  const auto& report = *result.report;
  std::string out = fmt::format("{{\"schema\":1,\"covbar\":{},\"reports\":[", json_string(version));
  for (std::size_t i = 0; i < report.origins.size(); ++i) {
    const auto& origin = report.origins[i];
    out += fmt::format("{}{{\"path\":{},\"format\":{}{}}}", i == 0 ? "" : ",",
                       json_string(origin.source), json_string(origin.format),
                       origin.producer.empty()
                           ? std::string()
                           : fmt::format(",\"producer\":{}", json_string(origin.producer)));
  }
  out += fmt::format("],\"totals\":{},\"files\":[", metrics_json(result.totals, true));
  for (std::size_t i = 0; i < report.files.size(); ++i) {
    const auto& file = report.files[i];
    std::string metrics = metrics_json(result.file_totals[i], false);
    metrics.erase(0, 1); // drop '{' to put "path" first
    out += fmt::format("{}\n{{\"path\":{}{}{}", i == 0 ? "" : ",", json_string(file.path),
                       metrics == "}" ? "" : ",", metrics);
  }
  out += fmt::format("],\n\"gate\":{{\"evaluated\":{},\"passed\":{},\"thresholds\":[",
                     result.decision.evaluated, result.decision.passed);
  for (std::size_t i = 0; i < result.decision.results.size(); ++i) {
    const auto& r = result.decision.results[i];
    out += fmt::format("{}{{\"metric\":\"{}\",{},\"covered\":{},\"total\":{},"
                       "\"passed\":{}{}{}}}",
                       i == 0 ? "" : ",", gate::metric_name(r.threshold.metric),
                       r.threshold.max_uncovered
                           ? fmt::format("\"max_uncovered\":{}", *r.threshold.max_uncovered)
                           : fmt::format("\"minimum\":\"{}\"", r.threshold.target.to_string()),
                       r.counter.covered, r.counter.total, r.passed,
                       r.scope.empty() ? "" : ",\"path\":" + json_string(r.scope),
                       r.threshold.origin.empty() ? ""
                                                  : ",\"from\":" + json_string(r.threshold.origin));
  }
  out += "]},\n\"warnings\":[";
  for (std::size_t i = 0; i < report.warnings.size(); ++i) {
    out += fmt::format("{}{}", i == 0 ? "" : ",", json_string(report.warnings[i]));
  }
  return out + "]}\n";
}

} // namespace covbar::reports
