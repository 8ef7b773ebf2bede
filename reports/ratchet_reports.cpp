#include "reports/ratchet_reports.hpp"

#include <algorithm>
#include <cctype>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "reports/chart_svg.hpp"
#include "reports/escape.hpp"
#include "reports/json_writer.hpp"
#include "src/core/percent.hpp"

namespace covbar::reports {
namespace {

using core::Percent;

std::string pct(Percent p) { return p.to_string() + "%"; }

/// The sprint in which the scheduled bar equals the target.
unsigned target_sprint(const ratchet::State& state) {
  return ratchet::sprints_to_target(state.settings, state.start) + 1;
}

std::optional<Percent> recorded_in(const ratchet::State& state, unsigned sprint) {
  for (const auto& r : state.sprints) {
    if (r.sprint == sprint) {
      return r.best;
    }
  }
  return std::nullopt;
}

std::string headline(const ratchet::State& state) {
  const auto& s = state.settings;
  return fmt::format("{} coverage, started {} at {}, +{} points per {}-day sprint up to {}",
                     gate::metric_name(s.metric), state.start_date.to_string(), pct(state.start),
                     s.step.to_string(), s.sprint_days, pct(s.target));
}

std::string sprint_line(const RatchetResult& r) {
  const auto& st = *r.state;
  const auto& s = r.standing;
  if (!s.started) {
    return fmt::format("not started: sprint 1 begins {}", st.start_date.to_string());
  }
  const core::Date from = ratchet::sprint_start(st, s.sprint);
  const core::Date to = ratchet::sprint_start(st, s.sprint + 1).plus_days(-1);
  if (s.sprint > target_sprint(st)) {
    return fmt::format("{} ({} to {}; the bar has been at the target since sprint {})", s.sprint,
                       from.to_string(), to.to_string(), target_sprint(st));
  }
  return fmt::format("{} of {} ({} to {})", s.sprint, target_sprint(st), from.to_string(),
                     to.to_string());
}

std::string bar_reason(const RatchetResult& r) {
  const auto& s = r.standing;
  return fmt::format("scheduled {}; best recorded {} minus slack {}", pct(s.scheduled_bar),
                     pct(r.state->best), r.state->settings.slack.to_string());
}

std::string target_line(const RatchetResult& r) {
  const auto& s = r.standing;
  const auto& st = *r.state;
  if (s.at_target) {
    return fmt::format("{}: the bar reached it in sprint {} ({})", pct(st.settings.target),
                       target_sprint(st), s.target_date.to_string());
  }
  return fmt::format("{}: the bar reaches it in sprint {}, from {}", pct(st.settings.target),
                     target_sprint(st), s.target_date.to_string());
}

std::string recorded_text(const RatchetResult& r) {
  const auto& st = *r.state;
  if (*r.recorded) {
    return fmt::format("new best {} on {}", pct(st.best), r.today.to_string());
  }
  if (Percent::of(r.measured) > st.best) {
    return fmt::format("nothing: the figure rose less than the granularity ({} points) above the "
                       "best, {}",
                       st.settings.granularity.to_string(), pct(st.best));
  }
  return fmt::format("nothing: not above the best, {}", pct(st.best));
}

std::string measured_text(const RatchetResult& r) {
  return core::floor_percent(r.measured.covered, r.measured.total, r.precision) + "%";
}

std::string verdict(const RatchetResult& r) {
  const auto metric = gate::metric_name(r.state->settings.metric);
  if (r.passed) {
    return fmt::format("PASS: {} coverage {} meets today's bar {}", metric, measured_text(r),
                       pct(r.standing.bar));
  }
  return fmt::format("FAIL: {} coverage {} is below today's bar {}", metric, measured_text(r),
                     pct(r.standing.bar));
}

} // namespace

namespace {

/// The rows the text and Markdown reports both show, as (label, value).
std::vector<std::pair<std::string, std::string>> standing_rows(const RatchetResult& r) {
  const auto& s = r.standing;
  std::vector<std::pair<std::string, std::string>> rows{
      {"sprint", sprint_line(r)},
      {"measured",
       fmt::format("{} ({} / {})", measured_text(r), r.measured.covered, r.measured.total)},
      {"today's bar", fmt::format("{} ({})", pct(s.bar), bar_reason(r))}};
  if (!s.at_target || s.next_bar > s.bar) {
    rows.emplace_back("next bar",
                      fmt::format("{} from {}", pct(s.next_bar), s.next_date.to_string()));
  }
  rows.emplace_back("target", target_line(r));
  if (r.recorded) {
    rows.emplace_back("recorded", recorded_text(r));
  }
  return rows;
}

} // namespace

std::string render_ratchet_text(const RatchetResult& r) {
  std::string out = fmt::format("covbar ratchet: {}\n\n", headline(*r.state));
  for (const auto& [label, value] : standing_rows(r)) {
    out += fmt::format("  {:<13}{}\n", label, value);
  }
  return out + "\n" + verdict(r) + "\n";
}

std::string render_ratchet_markdown(const RatchetResult& r) {
  std::string out = fmt::format("## Coverage ratchet: {}\n\n{}\n\n", r.passed ? "passed" : "failed",
                                markdown_cell(headline(*r.state)));
  out += "| | |\n|---|---|\n";
  for (auto [label, value] : standing_rows(r)) {
    label.front() = static_cast<char>(std::toupper(static_cast<unsigned char>(label.front())));
    out += fmt::format("| {} | {} |\n", label, value);
  }
  return out + "\n" + verdict(r) + "\n";
}

std::string render_ratchet_json(const RatchetResult& r, const std::string& version) {
  const auto& s = r.standing;
  const auto& st = *r.state;
  JsonWriter out;
  out.object().header("ratchet", version);
  out.key("metric").string(gate::metric_name(st.settings.metric));
  out.key("today").string(r.today.to_string());
  out.key("sprint").number(s.sprint).key("target_sprint").number(target_sprint(st));
  out.key("measured").object();
  out.key("covered").number(r.measured.covered).key("total").number(r.measured.total);
  out.key("percent").string(Percent::of(r.measured).to_string()).end();
  out.key("bar").string(s.bar.to_string());
  out.key("scheduled_bar").string(s.scheduled_bar.to_string());
  out.key("best").string(st.best.to_string());
  out.key("next_bar").string(s.next_bar.to_string());
  out.key("next_date").string(s.next_date.to_string());
  out.key("target").string(st.settings.target.to_string());
  out.key("target_date").string(s.target_date.to_string());
  out.key("passed").boolean(r.passed);
  if (r.recorded) {
    out.key("recorded").boolean(*r.recorded);
  }
  out.end();
  return out.finish();
}

std::string render_plan(const ratchet::State& state, const core::Date& today, bool markdown) {
  const unsigned current = ratchet::sprint_of(state, today);
  const unsigned last = ratchet::plan_sprints(state, today);
  std::string out;
  if (markdown) {
    out += fmt::format("## Coverage ratchet plan\n\n{}\n\n", markdown_cell(headline(state)));
    out += "| Sprint | From | To | Bar | Best recorded |\n|---:|---|---|---:|---:|\n";
  } else {
    out += fmt::format("covbar ratchet plan: {}\n\n", headline(state));
    out += fmt::format("  {:>6}  {:<10}  {:<10}  {:>10}  {:>13}\n", "sprint", "from", "to", "bar",
                       "best recorded");
  }
  for (unsigned k = 1; k <= last; ++k) {
    const core::Date from = ratchet::sprint_start(state, k);
    const core::Date to = ratchet::sprint_start(state, k + 1).plus_days(-1);
    const auto best = recorded_in(state, k);
    const std::string bar = pct(ratchet::scheduled_bar(state, k));
    const std::string rec = best ? pct(*best) : "";
    const std::string mark = k == current ? " (today)" : "";
    std::string row;
    if (markdown) {
      out += fmt::format("| {}{} | {} | {} | {} | {} |\n", k, mark, from.to_string(),
                         to.to_string(), bar, rec);
    } else {
      row = fmt::format("  {:>6}  {:<10}  {:<10}  {:>10}  {:>13}  {}", k, from.to_string(),
                        to.to_string(), bar, rec, mark.empty() ? "" : "today");
      while (!row.empty() && row.back() == ' ') {
        row.pop_back();
      }
      out += row + "\n";
    }
  }
  const std::string note =
      fmt::format("The bar is min(target, start + step x completed sprints), and never below the "
                  "best recorded figure minus the slack ({} points).",
                  state.settings.slack.to_string());
  out += "\n" + note + "\n";
  return out;
}

std::string render_plan_svg(const ratchet::State& state, const core::Date& today) {
  const unsigned sprints = ratchet::plan_sprints(state, today);
  Chart chart;
  chart.title = fmt::format("covbar ratchet: {} coverage, bar and best recorded figure by sprint",
                            gate::metric_name(state.settings.metric));
  chart.heading = fmt::format("Coverage ratchet: {} from {} (+{} per sprint, target {})",
                              gate::metric_name(state.settings.metric), pct(state.start),
                              state.settings.step.to_string(), pct(state.settings.target));
  // The x axis counts sprints: sprint k spans [k - 1, k], its figure drawn in the middle.
  chart.span = sprints;
  chart.x_label = "sprint";
  chart.target = state.settings.target;
  chart.floor = state.start;
  for (unsigned k = 1; k <= sprints; ++k) {
    chart.ticks.push_back(
        {k - 0.5, std::to_string(k), ratchet::sprint_start(state, k).to_string()});
    chart.steps.push_back({k - 1.0, static_cast<double>(k), ratchet::scheduled_bar(state, k)});
  }
  for (const auto& r : state.sprints) {
    chart.floor = std::min(chart.floor, r.best);
    if (r.sprint <= sprints) {
      chart.points.push_back({r.sprint - 0.5, r.best, pct(r.best), false});
    }
  }
  const unsigned current = ratchet::sprint_of(state, today);
  if (current >= 1 && current <= sprints) {
    chart.marker = current - 0.5;
  }
  return render_chart_svg(chart);
}

} // namespace covbar::reports
