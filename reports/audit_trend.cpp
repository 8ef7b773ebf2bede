#include "reports/audit_trend.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "reports/chart_svg.hpp"
#include "reports/escape.hpp"
#include "reports/html_escape.hpp"
#include "src/core/percent.hpp"

namespace covbar::reports {
namespace {

using core::Percent;

/// Rows of a repository's figures the Markdown shows (the most recent); the chart, the fleet
/// page and the history file keep every one.
constexpr std::size_t k_markdown_rows = 12;
/// Figures labelled with their value on a chart; past it only the latest is.
constexpr std::size_t k_labelled_points = 12;
/// Dates named under a chart's x axis at most.
constexpr std::size_t k_ticks = 8;

std::string pct(Percent p) { return p.to_string() + "%"; }

std::string figure_text(const model::Counter& c, unsigned precision) {
  return fmt::format("{}% ({} / {})", core::floor_percent(c.covered, c.total, precision), c.covered,
                     c.total);
}

std::string schedule_text(const audit::Trend& t) {
  if (t.state) {
    const auto& s = t.state->settings;
    return fmt::format("ratchet from {} at {}, +{} points per {}-day sprint up to {}",
                       t.state->start_date.to_string(), pct(t.state->start), s.step.to_string(),
                       s.sprint_days, pct(s.target));
  }
  if (!t.points.empty() && t.points.back().required) {
    return "the audit's target, " + pct(*t.points.back().required);
  }
  return "the audit's target";
}

std::string required_text(const audit::TrendPoint& p, bool ratchet) {
  if (!p.required) {
    return "not started";
  }
  return ratchet ? fmt::format("{} (sprint {})", pct(*p.required), p.sprint)
                 : fmt::format("{} (target)", pct(*p.required));
}

/// "yes", "no, 2.50 points below", or a dash when there is nothing to compare.
std::string on_track_text(const audit::TrendPoint& p, unsigned precision) {
  if (!p.on_track) {
    return "\u2014";
  }
  if (*p.on_track) {
    return "yes";
  }
  return fmt::format("no, {} points below", gap_points(*p.counter, *p.required, precision));
}

/// The repository's standing at its latest audit, in words.
std::string status_text(const audit::Trend& t, unsigned precision) {
  if (t.points.empty()) {
    return "no recorded figure";
  }
  const auto& p = t.points.back();
  const std::string day = p.date.to_string();
  if (!p.counter) {
    return fmt::format("no figure on {}", day);
  }
  if (!p.required) {
    return fmt::format("{} on {}, before the ratchet's start ({})",
                       figure_text(*p.counter, precision), day, t.state->start_date.to_string());
  }
  if (*p.on_track) {
    return fmt::format("on track: {} on {} meets the {} required",
                       figure_text(*p.counter, precision), day, pct(*p.required));
  }
  return fmt::format("behind: {} on {} is {} points below the {} required",
                     figure_text(*p.counter, precision), day,
                     gap_points(*p.counter, *p.required, precision), pct(*p.required));
}

/// "on-track", "behind" or "unknown", for the page's data attributes and classes.
std::string_view status_key(const audit::Trend& t) {
  if (t.points.empty() || !t.points.back().on_track) {
    return "unknown";
  }
  return *t.points.back().on_track ? "on-track" : "behind";
}

/// `count` items thinned to at most k_ticks, the last always kept.
std::vector<std::size_t> thinned(std::size_t count) {
  std::vector<std::size_t> out;
  const std::size_t every = (count + k_ticks - 1) / k_ticks;
  for (std::size_t i = 0; i < count; ++i) {
    if ((count - 1 - i) % std::max<std::size_t>(every, 1) == 0) {
      out.push_back(i);
    }
  }
  return out;
}

Chart trend_chart(const audit::Trend& t, const AuditResult& r) {
  const auto metric = gate::metric_name(r.rules.metric);
  Chart chart;
  chart.title = fmt::format("covbar audit: {} coverage of {} by date against its {}", metric,
                            t.name, t.state ? "ratchet's schedule" : "target");
  chart.description = fmt::format("{}; {}", schedule_text(t), status_text(t, r.precision));
  chart.heading = fmt::format("{}: {} coverage, {}", t.name, metric, schedule_text(t));
  chart.steps_legend = "required";
  chart.points_legend = "recorded";
  chart.x_label = t.state ? "date (sprint)" : "date";
  chart.target = t.state
                     ? t.state->settings.target
                     : (!t.points.empty() && t.points.back().required ? *t.points.back().required
                                                                      : r.rules.target);
  chart.floor = chart.target;

  // The x axis counts days, padded a little on both sides; a ratchet's runs from its start
  // (or the first figure) to the end of the sprint holding the last figure.
  core::Date first = t.points.empty() ? r.rules.today : t.points.front().date;
  core::Date last = t.points.empty() ? r.rules.today : t.points.back().date;
  if (t.state) {
    first = std::min(first, t.state->start_date);
    const unsigned sprint = std::max(1U, ratchet::sprint_of(*t.state, last));
    last = std::max(last, ratchet::sprint_start(*t.state, sprint + 1));
  }
  const long long days = last.days_since(first);
  const long long pad = std::max(2LL, days / 40);
  const core::Date axis_start = first.plus_days(-pad);
  const core::Date axis_end = last.plus_days(pad);
  chart.span = static_cast<double>(axis_end.days_since(axis_start));
  const auto x_of = [&](const core::Date& d) {
    return static_cast<double>(d.days_since(axis_start));
  };

  if (t.state) {
    const auto& st = *t.state;
    const unsigned last_sprint = ratchet::sprint_of(st, axis_end);
    // At most k_max_plan_sprints levels: a history spanning centuries of one-day sprints
    // draws its latest ones.
    const unsigned first_sprint = std::max({1U, ratchet::sprint_of(st, axis_start),
                                            last_sprint > ratchet::k_max_plan_sprints
                                                ? last_sprint - ratchet::k_max_plan_sprints
                                                : 1U});
    std::vector<ChartTick> ticks;
    for (unsigned k = first_sprint; k <= last_sprint && last_sprint > 0; ++k) {
      const core::Date from = std::max(axis_start, ratchet::sprint_start(st, k));
      const core::Date to = std::min(axis_end, ratchet::sprint_start(st, k + 1));
      const Percent bar = ratchet::scheduled_bar(st, k);
      chart.steps.push_back({x_of(from), x_of(to), bar});
      chart.floor = std::min(chart.floor, bar);
      if (ratchet::sprint_start(st, k) >= axis_start) {
        ticks.push_back({x_of(from), from.to_string(), fmt::format("sprint {}", k)});
      }
    }
    for (const auto i : thinned(ticks.size())) {
      chart.ticks.push_back(ticks[i]);
    }
  } else {
    for (std::size_t i = 0; i < t.points.size(); ++i) {
      const auto& p = t.points[i];
      const double from = i == 0 ? 0 : x_of(p.date);
      const double to = i + 1 < t.points.size() ? x_of(t.points[i + 1].date) : chart.span;
      if (!chart.steps.empty() && chart.steps.back().value == *p.required) {
        chart.steps.back().to = to;
      } else {
        chart.steps.push_back({from, to, *p.required});
      }
      chart.floor = std::min(chart.floor, *p.required);
    }
    for (const auto i : thinned(t.points.size())) {
      chart.ticks.push_back({x_of(t.points[i].date), t.points[i].date.to_string(), ""});
    }
  }

  std::size_t figures = 0;
  for (const auto& p : t.points) {
    figures += p.counter ? 1 : 0;
  }
  std::size_t seen = 0;
  for (const auto& p : t.points) {
    if (!p.counter) {
      continue;
    }
    ++seen;
    const Percent value = Percent::of(*p.counter);
    const bool labelled = figures <= k_labelled_points || seen == figures;
    chart.points.push_back(
        {x_of(p.date), value,
         labelled ? core::floor_percent(p.counter->covered, p.counter->total, r.precision) + "%"
                  : "",
         p.on_track && !*p.on_track});
    chart.floor = std::min(chart.floor, value);
  }
  return chart;
}

std::string explanation(const AuditResult& r) {
  return fmt::format(
      "Each audit's {} coverage against what the repository's schedule required that day: its "
      "ratchet's scheduled bar in the sprint holding the day (from the ratchet's state file; "
      "the gate also holds it to its best figure minus the slack), or the audit's target for a "
      "repository without a ratchet. On track: the figure meets it, compared exactly.",
      gate::metric_name(r.rules.metric));
}

} // namespace

std::string report_href(const std::string& link) {
  if (link.starts_with("https://") || link.starts_with("http://") || link.starts_with("/") ||
      link.starts_with("./") || link.starts_with("../")) {
    return link;
  }
  return "./" + link;
}

std::string render_trend_markdown(const AuditResult& r) {
  if (r.trends.empty()) {
    return {};
  }
  std::string out = "\n### Trend against each repository's schedule\n\n";
  out += markdown_cell(explanation(r));
  if (!r.trend_chart.empty()) {
    out += " Chart: " + markdown_code(r.trend_chart) + ".";
  }
  out += "\n\n| Repository | Schedule | Latest figure | Required then | On track |\n"
         "|---|---|---:|---:|---|\n";
  for (const auto& t : r.trends) {
    if (t.points.empty()) {
      out += fmt::format("| {} | {} | no recorded figure | | |\n", markdown_cell_code(t.name),
                         markdown_cell(schedule_text(t)));
      continue;
    }
    const auto& p = t.points.back();
    const std::string figure =
        p.counter ? fmt::format("{}, {}", figure_text(*p.counter, r.precision), p.date.to_string())
                  : fmt::format("no figure, {}", p.date.to_string());
    const std::string track = on_track_text(p, r.precision);
    out +=
        fmt::format("| {} | {} | {} | {} | {} |\n", markdown_cell_code(t.name),
                    markdown_cell(schedule_text(t)), figure, required_text(p, t.state.has_value()),
                    track.starts_with("no") ? "**" + track + "**" : track);
  }
  for (const auto& t : r.trends) {
    out += fmt::format("\n#### {}\n\n", markdown_code(t.name));
    if (const auto link = r.links.find(t.name); link != r.links.end()) {
      out += fmt::format("[Last report](<{}>)\n\n", link->second);
    }
    if (!t.note.empty()) {
      out += markdown_cell("Note: " + t.note + ".") + "\n\n";
    }
    if (t.points.empty()) {
      out += "No recorded figure.\n";
      continue;
    }
    out += "| Date | Recorded | Required | On track |\n|---|---:|---:|---|\n";
    const std::size_t from =
        t.points.size() > k_markdown_rows ? t.points.size() - k_markdown_rows : 0;
    for (std::size_t i = from; i < t.points.size(); ++i) {
      const auto& p = t.points[i];
      const std::string track = on_track_text(p, r.precision);
      out += fmt::format("| {} | {} | {} | {} |\n", p.date.to_string(),
                         p.counter ? figure_text(*p.counter, r.precision)
                                   : "no figure: " +
                                         markdown_cell_code(p.problem.empty() ? "none" : p.problem),
                         required_text(p, t.state.has_value()),
                         track.starts_with("no") ? "**" + track + "**" : track);
    }
    if (from > 0) {
      out += fmt::format("\nThe {} most recent of {} audits; the chart and the history file keep "
                         "every one.\n",
                         k_markdown_rows, t.points.size());
    }
  }
  return out;
}

std::string render_trend_svg(const AuditResult& r) {
  const std::size_t n = std::max<std::size_t>(r.trends.size(), 1);
  std::string out = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"{0}\" height=\"{1}\" "
      "viewBox=\"0 0 {0} {1}\" font-family=\"sans-serif\" font-size=\"12\">\n"
      "<title>covbar audit: each repository's {2} coverage by date against its schedule, "
      "{3}</title>\n",
      k_chart_width, static_cast<std::size_t>(k_chart_height) * n,
      gate::metric_name(r.rules.metric), r.rules.today.to_string());
  for (std::size_t i = 0; i < r.trends.size(); ++i) {
    out += render_chart_svg(trend_chart(r.trends[i], r), static_cast<int>(i) * k_chart_height);
  }
  return out + "</svg>\n";
}

std::string render_trend_html(const AuditResult& r) {
  if (r.trends.empty()) {
    return {};
  }
  std::string out = fmt::format("<h2 id=\"trend\">Trend against each repository's schedule</h2>\n"
                                "<p class=\"muted\">{}</p>\n",
                                html_escape(explanation(r)));
  for (std::size_t i = 0; i < r.trends.size(); ++i) {
    const auto& t = r.trends[i];
    const auto key = status_key(t);
    std::string link;
    if (const auto it = r.links.find(t.name); it != r.links.end()) {
      link = fmt::format(" <a class=\"last-report\" href=\"{}\">last report</a>",
                         html_escape(report_href(it->second)));
    }
    out += fmt::format(
        "<section class=\"trend\" data-repo=\"{0}\" data-status=\"{1}\" "
        "aria-labelledby=\"trend-{2}\">\n<h3 id=\"trend-{2}\">{3}{4}</h3>\n<p>Schedule: {5}. "
        "<span class=\"{6}\">{7}</span></p>\n",
        html_escape(t.name), key, i + 1, html_escape(t.name), link, html_escape(schedule_text(t)),
        key == "on-track" ? "pass" : (key == "behind" ? "fail" : "muted"),
        html_escape(status_text(t, r.precision)));
    if (!t.note.empty()) {
      out += fmt::format("<p class=\"muted\">Note: {}.</p>\n", html_escape(t.note));
    }
    out += "<figure>" + render_chart_svg(trend_chart(t, r)) + "</figure>\n";
    out += fmt::format("<table class=\"figures\"><caption class=\"sr\">Recorded figures of "
                       "{}</caption><thead><tr><th scope=\"col\">Date</th><th scope=\"col\">"
                       "Recorded</th><th scope=\"col\">Required</th><th scope=\"col\">On track"
                       "</th></tr></thead><tbody>\n",
                       html_escape(t.name));
    for (const auto& p : t.points) {
      const std::string track = on_track_text(p, r.precision);
      out += fmt::format(
          "<tr data-date=\"{0}\"{1}><td>{0}</td><td class=\"rec\">{2}</td><td class=\"req\"{3}>"
          "{4}</td><td{5}>{6}</td></tr>\n",
          p.date.to_string(),
          p.counter ? fmt::format(" data-covered=\"{}\" data-total=\"{}\"", p.counter->covered,
                                  p.counter->total)
                    : std::string(),
          p.counter ? figure_text(*p.counter, r.precision) : "no figure: " + html_escape(p.problem),
          p.required ? fmt::format(" data-required=\"{}\"", p.required->to_string())
                     : std::string(),
          html_escape(required_text(p, t.state.has_value())),
          track.starts_with("no") ? " class=\"fail\"" : "", html_escape(track));
    }
    out += "</tbody></table>\n</section>\n";
  }
  return out;
}

} // namespace covbar::reports
