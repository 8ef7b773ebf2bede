#include "reports/audit_table.hpp"

#include <string_view>

#include <fmt/format.h>

#include "reports/audit_trend.hpp"
#include "reports/escape.hpp"
#include "reports/html.hpp"
#include "reports/html_escape.hpp"
#include "reports/json_writer.hpp"
#include "src/core/int128.hpp"
#include "src/core/percent.hpp"

namespace covbar::reports {
namespace {

using core::u128;

std::string unit_name(gate::Metric metric) {
  return metric == gate::Metric::combined ? "lines and branches"
                                          : std::string(gate::metric_name(metric));
}

std::string capitalized(std::string text) {
  if (!text.empty() && text[0] >= 'a' && text[0] <= 'z') {
    text[0] = static_cast<char>(text[0] - 'a' + 'A');
  }
  return text;
}

std::string hours(std::uint64_t tenths) { return fmt::format("{}.{}", tenths / 10, tenths % 10); }

/// The sum over repositories that have a figure.
struct FleetTotal {
  model::Counter counter;
  std::uint64_t to_cover = 0;
  std::size_t measured = 0;
};

FleetTotal fleet_total(const AuditResult& r) {
  FleetTotal t;
  for (const auto& row : r.rows) {
    if (!row.measured.problem) {
      t.counter += row.measured.counter;
      t.to_cover += row.to_cover;
      ++t.measured;
    }
  }
  return t;
}

std::string strategy_text(const audit::Row& row, const audit::Rules& rules) {
  const std::string target = rules.target.to_string() + "%";
  switch (row.strategy) {
  case audit::Strategy::hard_gate:
    return fmt::format("Hard gate at {}", target);
  case audit::Strategy::ratchet:
    return fmt::format("Ratchet: +{} points per sprint, {} sprint{}, reaches {} on {}",
                       rules.step.to_string(), row.sprints, row.sprints == 1 ? "" : "s", target,
                       row.reaches_target.to_string());
  case audit::Strategy::new_code_only:
    return fmt::format("New code only at {} (a ratchet would take {} sprints)", target,
                       row.sprints);
  }
  return {};
}

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

} // namespace

std::string gap_points(const model::Counter& counter, core::Percent target, unsigned decimals) {
  return target.gap_above(counter, decimals);
}

std::string render_audit_html(const AuditResult& r) {
  const auto& rules = r.rules;
  const std::string target = rules.target.to_string() + "%";
  const std::string title = fmt::format("Coverage audit ({} coverage, {})",
                                        gate::metric_name(rules.metric), rules.today.to_string());
  std::string out = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
      "content=\"width=device-width,initial-scale=1\"><meta name=\"color-scheme\" "
      "content=\"light dark\"><title>{0}</title><style>{1}</style></head>\n<body>\n<h1>{0}</h1>\n"
      "<table id=\"audit\"><thead><tr><th scope=\"col\">Repository</th><th scope=\"col\">"
      "Current coverage</th><th scope=\"col\">Gap to {2}</th><th scope=\"col\">{3} to cover</th>"
      "<th scope=\"col\">Estimated test-writing effort</th><th scope=\"col\">Recommended "
      "strategy</th></tr></thead><tbody>\n",
      html_escape(title), html_style(), html_escape(target),
      html_escape(capitalized(unit_name(rules.metric))));
  for (const auto& row : r.rows) {
    const auto& m = row.measured;
    std::string name = html_escape(m.name);
    if (const auto link = r.links.find(m.name); link != r.links.end()) {
      name += fmt::format(" <a href=\"{}\" class=\"muted last-report\">last report</a>",
                          html_escape(report_href(link->second)));
    }
    for (const auto& report : r.links.contains(m.name) ? std::vector<std::string>() : m.reports) {
      // "./" keeps a path that looks like a URL scheme (javascript:) a relative path.
      const std::string href = report.starts_with('/') ? "file://" + report : "./" + report;
      name += fmt::format(" <a href=\"{}\" class=\"muted\">report</a>", html_escape(href));
    }
    if (m.problem) {
      out += fmt::format("<tr data-repo=\"{}\"><td>{}</td><td class=\"fail\">no figure: {}</td>"
                         "<td></td><td></td><td></td><td>Measure coverage first</td></tr>\n",
                         html_escape(m.name), name, html_escape(first_line(*m.problem)));
      continue;
    }
    out += fmt::format(
        "<tr data-repo=\"{}\"><td>{}</td><td>{}% ({} / {}){}</td><td>{} points</td><td>{}</td>"
        "<td>{} h</td><td style=\"text-align:left\">{}</td></tr>\n",
        html_escape(m.name), name,
        core::floor_percent(m.counter.covered, m.counter.total, r.precision), m.counter.covered,
        m.counter.total,
        m.counter.total == 0
            ? std::string()
            : fmt::format("<span class=\"bar\" aria-hidden=\"true\"><span style=\"width:{}%\">"
                          "</span></span>",
                          m.counter.covered * 100 / m.counter.total),
        gap_points(m.counter, rules.target, r.precision), row.to_cover, hours(row.effort_tenths),
        html_escape(strategy_text(row, rules)));
  }
  const FleetTotal t = fleet_total(r);
  if (t.measured > 0) {
    out += fmt::format("<tr id=\"fleet\"><th scope=\"row\">Fleet ({} of {} measured)</th>"
                       "<td>{}% ({} / {})</td><td>{} points</td><td>{}</td><td>{} h</td><td></td>"
                       "</tr>\n",
                       t.measured, r.rows.size(),
                       core::floor_percent(t.counter.covered, t.counter.total, r.precision),
                       t.counter.covered, t.counter.total,
                       gap_points(t.counter, rules.target, r.precision), t.to_cover,
                       hours(audit::effort_tenths(t.to_cover, rules.rate)));
  }
  return out + "</tbody></table>\n" + render_trend_html(r) + "</body></html>\n";
}

std::string render_audit_markdown(const AuditResult& r) {
  const auto& rules = r.rules;
  const std::string target = rules.target.to_string() + "%";
  const std::string unit = unit_name(rules.metric);
  std::string out = fmt::format("## Coverage audit ({} coverage, {})\n\n",
                                gate::metric_name(rules.metric), rules.today.to_string());
  out += fmt::format("| Repository | Current coverage | Gap to {} | {} to cover | Estimated "
                     "test-writing effort | Recommended strategy |\n",
                     target, capitalized(unit));
  out += "|---|---:|---:|---:|---:|---|\n";
  for (const auto& row : r.rows) {
    const auto& m = row.measured;
    if (m.problem) {
      out += fmt::format("| {} | no figure: {} | | | | Measure coverage first |\n",
                         markdown_cell_code(m.name), markdown_cell_code(first_line(*m.problem)));
      continue;
    }
    out += fmt::format(
        "| {} | {}% ({} / {}) | {} points | {} | {} h | {} |\n", markdown_cell_code(m.name),
        core::floor_percent(m.counter.covered, m.counter.total, r.precision), m.counter.covered,
        m.counter.total, gap_points(m.counter, rules.target, r.precision), row.to_cover,
        hours(row.effort_tenths), strategy_text(row, rules));
  }
  const FleetTotal t = fleet_total(r);
  if (t.measured > 0) {
    out += fmt::format("| **Fleet ({} of {} measured)** | {}% ({} / {}) | {} points | {} | {} h | "
                       "|\n",
                       t.measured, r.rows.size(),
                       core::floor_percent(t.counter.covered, t.counter.total, r.precision),
                       t.counter.covered, t.counter.total,
                       gap_points(t.counter, rules.target, r.precision), t.to_cover,
                       hours(audit::effort_tenths(t.to_cover, rules.rate)));
  }
  out += fmt::format(
      "\n{} to cover = the fewest uncovered {} that, once covered, bring the repository to {}: "
      "⌈{} × {}⌉ − covered {} (the fleet's row sums the repositories'). Effort = {} to cover ÷ {} "
      "{} brought under test per hour, rounded up to 0.1 h. Percentages are rounded down and "
      "gaps up.\n",
      capitalized(unit), unit, target, target, unit, unit, unit, rules.rate.to_string(), unit,
      unit);
  out += fmt::format(
      "\nStrategy rules: **hard gate** when a repository is already at {}; **ratchet** (+{} "
      "points per {}-day sprint, starting {}) when it reaches {} within {} sprints; **new code "
      "only** otherwise.\n",
      target, rules.step.to_string(), rules.sprint_days, rules.today.to_string(), target,
      rules.max_ratchet_sprints);
  bool any_files = false;
  for (const auto& row : r.rows) {
    if (row.measured.problem || row.measured.files.empty()) {
      continue;
    }
    if (!any_files) {
      out += fmt::format("\n### Files with the most uncovered {}\n\n", unit);
      any_files = true;
    }
    out += fmt::format("- **{}**:", markdown_code(row.measured.name));
    for (std::size_t i = 0; i < row.measured.files.size(); ++i) {
      const auto& f = row.measured.files[i];
      out += fmt::format("{} {} ({} of {} uncovered)", i == 0 ? "" : ";", markdown_code(f.path),
                         f.uncovered, f.total);
    }
    out += "\n";
  }
  return out + render_trend_markdown(r);
}

std::string render_audit_json(const AuditResult& r, const std::string& version) {
  const auto& rules = r.rules;
  JsonWriter out;
  out.object().header("audit", version);
  out.key("metric").string(gate::metric_name(rules.metric));
  out.key("today").string(rules.today.to_string());
  out.key("target").string(rules.target.to_string());
  out.key("rate").string(rules.rate.to_string());
  out.key("step").string(rules.step.to_string());
  out.key("sprint_days").number(rules.sprint_days);
  out.key("max_ratchet_sprints").number(rules.max_ratchet_sprints);
  out.key("repositories").array();
  for (const auto& row : r.rows) {
    const auto& m = row.measured;
    out.line_break().object().key("name").string(m.name).key("reports").array();
    for (const auto& report : m.reports) {
      out.string(report);
    }
    out.end();
    if (m.problem) {
      out.key("status").string("error").key("problem").string(*m.problem).end();
      continue;
    }
    out.key("status").string("ok");
    out.key("covered").number(m.counter.covered).key("total").number(m.counter.total);
    out.key("percent").string(core::floor_percent(m.counter.covered, m.counter.total, r.precision));
    out.key("gap").string(gap_points(m.counter, rules.target, r.precision));
    out.key("to_cover").number(row.to_cover);
    out.key("effort_hours").string(hours(row.effort_tenths));
    out.key("strategy").string(audit::strategy_name(row.strategy));
    out.key("sprints").number(row.sprints);
    out.key("reaches_target").string(row.reaches_target.to_string());
    out.key("top_files").array();
    for (const auto& f : m.files) {
      out.object().key("path").string(f.path);
      out.key("uncovered").number(f.uncovered).key("total").number(f.total).end();
    }
    out.end().end();
  }
  const FleetTotal t = fleet_total(r);
  out.end().line_break().key("fleet").object();
  out.key("measured").number(t.measured).key("repositories").number(r.rows.size());
  out.key("covered").number(t.counter.covered).key("total").number(t.counter.total);
  out.key("percent").string(core::floor_percent(t.counter.covered, t.counter.total, r.precision));
  out.key("to_cover").number(t.to_cover);
  out.key("effort_hours").string(hours(audit::effort_tenths(t.to_cover, rules.rate)));
  out.end().end();
  return out.finish();
}

std::string render_audit_history_line(const AuditResult& r) {
  JsonWriter out;
  out.object().key("date").string(r.rules.today.to_string());
  out.key("metric").string(gate::metric_name(r.rules.metric));
  out.key("target").string(r.rules.target.to_string());
  out.key("repositories").array();
  for (const auto& row : r.rows) {
    const auto& m = row.measured;
    out.object().key("name").string(m.name);
    if (m.problem) {
      out.key("problem").string(first_line(*m.problem));
    } else {
      out.key("covered").number(m.counter.covered).key("total").number(m.counter.total);
      out.key("percent").string(
          core::floor_percent(m.counter.covered, m.counter.total, r.precision));
    }
    out.end();
  }
  out.end().end();
  return out.finish();
}

std::string append_history_line(std::string history, const std::string& line,
                                const core::Date& day) {
  if (!history.empty() && history.back() != '\n') {
    history += '\n';
  }
  if (history.size() > 1) {
    const auto newline = history.rfind('\n', history.size() - 2);
    const std::size_t start = newline == std::string::npos ? 0 : newline + 1;
    if (std::string_view(history).substr(start).starts_with(
            fmt::format("{{\"date\":\"{}\",", day.to_string()))) {
      history.erase(start);
    }
  }
  return history + line;
}

std::string render_audit_csv(const AuditResult& r) {
  const auto& rules = r.rules;
  std::string out = "repository,status,covered,total,coverage_percent,target_percent,gap_points,"
                    "to_cover,effort_hours,strategy,sprints,reaches_target,problem\r\n";
  for (const auto& row : r.rows) {
    const auto& m = row.measured;
    if (m.problem) {
      out += fmt::format("{},error,,,,{},,,,,,,{}\r\n", csv_cell(m.name), rules.target.to_string(),
                         csv_cell(first_line(*m.problem)));
      continue;
    }
    out += fmt::format("{},ok,{},{},{},{},{},{},{},{},{},{},\r\n", csv_cell(m.name),
                       m.counter.covered, m.counter.total,
                       core::floor_percent(m.counter.covered, m.counter.total, r.precision),
                       rules.target.to_string(), gap_points(m.counter, rules.target, r.precision),
                       row.to_cover, hours(row.effort_tenths), audit::strategy_name(row.strategy),
                       row.sprints, row.reaches_target.to_string());
  }
  const FleetTotal t = fleet_total(r);
  out += fmt::format("fleet,total,{},{},{},{},{},{},{},,,,\r\n", t.counter.covered, t.counter.total,
                     core::floor_percent(t.counter.covered, t.counter.total, r.precision),
                     rules.target.to_string(), gap_points(t.counter, rules.target, r.precision),
                     t.to_cover, hours(audit::effort_tenths(t.to_cover, rules.rate)));
  return out;
}

} // namespace covbar::reports
