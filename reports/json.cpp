#include "reports/json.hpp"

#include "reports/json_writer.hpp"

namespace covbar::reports {
namespace {

/// Each metric present as `"name":{"covered":N,"total":N}`, in the order of present_metrics.
void write_metrics(JsonWriter& out, const model::Totals& t, bool with_combined) {
  for (const auto& [metric, counter] : present_metrics(t)) {
    if (metric == gate::Metric::combined && !with_combined) {
      continue;
    }
    out.key(gate::metric_name(metric)).counter(counter.covered, counter.total);
  }
}

} // namespace

std::string render_check_json(const CheckResult& result, std::string_view version) {
  const auto& report = *result.report;
  JsonWriter out;
  out.object().header("check", version);
  out.key("reports").array();
  for (const auto& origin : report.origins) {
    out.object().key("path").string(origin.source).key("format").string(origin.format);
    if (!origin.producer.empty()) {
      out.key("producer").string(origin.producer);
    }
    out.end();
  }
  out.end().key("totals").object();
  write_metrics(out, result.totals, true);
  out.end().key("files").array();
  for (std::size_t i = 0; i < report.files.size(); ++i) {
    out.line_break().object().key("path").string(report.files[i].path);
    write_metrics(out, result.file_totals[i], false);
    out.end();
  }
  out.end().line_break().key("gate").object();
  out.key("evaluated").boolean(result.decision.evaluated);
  out.key("passed").boolean(result.decision.passed);
  out.key("thresholds").array();
  for (const auto& r : result.decision.results) {
    out.object().key("metric").string(gate::metric_name(r.threshold.metric));
    if (r.threshold.max_uncovered) {
      out.key("max_uncovered").number(*r.threshold.max_uncovered);
    } else {
      out.key("minimum").string(r.threshold.target.to_string());
    }
    out.key("covered").number(r.counter.covered).key("total").number(r.counter.total);
    out.key("passed").boolean(r.passed);
    if (!r.scope.empty()) {
      out.key("path").string(r.scope);
    }
    if (!r.threshold.origin.empty()) {
      out.key("from").string(r.threshold.origin);
    }
    out.end();
  }
  out.end().end().line_break().key("warnings").array();
  for (const auto& warning : report.warnings) {
    out.string(warning);
  }
  out.end().end();
  return out.finish();
}

} // namespace covbar::reports
