#include "src/cli/audit_command.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <ostream>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "ratchet/state.hpp"
#include "reports/audit_table.hpp"
#include "reports/audit_trend.hpp"
#include "src/audit/history.hpp"
#include "src/cli/load_reports.hpp"
#include "src/core/atomic_file.hpp"
#include "src/core/error.hpp"
#include "src/core/printable.hpp"
#include "src/core/source_text.hpp"
#include "src/fleet/fleet.hpp"

namespace covbar::cli {
namespace {

struct Repo {
  std::string name;
  std::vector<std::string> reports;
  std::optional<std::string> root;
};

audit::Rules resolve_rules(const AuditOptions& o, const config::Config& c) {
  audit::Rules rules;
  rules.today = core::Date::today(o.today);
  const auto target = c.audit.target ? c.audit.target : c.target; // the audit's, else the file's
  resolve_settings(
      *o.command,
      {{"--metric", "audit.metric", [&] { rules.metric = metric_flag(o.metric); },
        [&] { rules.metric = c.audit.metric.value_or(rules.metric); }},
       {"--target", "audit.target",
        [&] { rules.target = percent_flag("--target", o.target, false); },
        [&] { rules.target = target.value_or(rules.target); }},
       {"--rate", "audit.rate",
        [&] {
          const auto rate = core::Percent::parse(o.rate);
          if (!rate || rate->micro == 0) {
            throw core::UsageError(fmt::format(
                "--rate: expected a positive number of lines per hour, found '{}'", o.rate));
          }
          rules.rate = *rate;
        },
        [&] { rules.rate = c.audit.rate.value_or(rules.rate); }},
       {"--max-ratchet-sprints", "audit.max-ratchet-sprints",
        [&] { rules.max_ratchet_sprints = o.max_ratchet_sprints; },
        [&] {
          rules.max_ratchet_sprints =
              c.audit.max_ratchet_sprints.value_or(rules.max_ratchet_sprints);
        }},
       {"--top-files", "audit.top-files", [&] { rules.top_files = o.top_files; },
        [&] { rules.top_files = c.audit.top_files.value_or(rules.top_files); }},
       // The audit plans ratchets with the file's ratchet settings.
       {"--step", "ratchet.step", [&] { rules.step = percent_flag("--step", o.step, true); },
        [&] { rules.step = c.ratchet.step.value_or(rules.step); }},
       {"--sprint-days", "ratchet.sprint-days", [&] { rules.sprint_days = o.sprint_days; },
        [&] { rules.sprint_days = c.ratchet.sprint_days.value_or(rules.sprint_days); }}});
  return rules;
}

std::vector<Repo> resolve_repos(const AuditOptions& o, const config::Config& c) {
  std::vector<Repo> repos;
  if (!o.pairs.empty()) {
    for (const auto& pair : o.pairs) {
      const auto eq = pair.find('=');
      if (eq == std::string::npos || eq == 0 || eq + 1 == pair.size()) {
        throw core::UsageError(
            fmt::format("expected NAME=REPORT (api=coverage.xml), found '{}'", pair));
      }
      const std::string name = pair.substr(0, eq);
      auto it =
          std::find_if(repos.begin(), repos.end(), [&](const Repo& r) { return r.name == name; });
      if (it == repos.end()) {
        repos.push_back({name, {}, std::nullopt});
        it = repos.end() - 1;
      }
      it->reports.push_back(pair.substr(eq + 1)); // a name given twice merges its reports
    }
    return repos;
  }
  const fleet::Fleet fleet = fleet::load(c);
  if (fleet.repos.empty()) {
    throw core::UsageError(c.path.empty() ? "nothing to audit: pass NAME=REPORT pairs or a "
                                            "covbar.yml with a 'fleet:' list (--config FILE)"
                                          : fmt::format("nothing to audit: {} has no "
                                                        "'fleet:' list; pass NAME=REPORT pairs",
                                                        c.path));
  }
  for (const auto& f : fleet.repos) {
    Repo repo{f.name, {}, std::nullopt};
    for (const auto& report : f.reports) {
      repo.reports.push_back(c.resolve(report));
    }
    if (f.path) {
      repo.root = c.resolve(*f.path);
    }
    repos.push_back(std::move(repo));
  }
  return repos;
}

audit::Measurement measure(const Repo& repo, gate::Metric metric) {
  audit::Measurement m;
  m.name = repo.name;
  m.reports = repo.reports;
  if (repo.reports.empty()) {
    m.problem = "no coverage report configured";
    return m;
  }
  try {
    LoadOptions load;
    load.paths = repo.reports;
    load.root = repo.root;
    load.detect_root = false; // a fleet's reports belong to their own repositories
    const model::CoverageReport report = load_reports(load);
    const auto file_totals = report.file_totals();
    const auto counter = gate::metric_counter(model::sum_totals(file_totals), metric);
    if (!counter) {
      m.problem = fmt::format("the reports have no {} data", gate::metric_name(metric));
      return m;
    }
    if (counter->total == 0) {
      m.problem = "nothing measurable: the reports hold nothing to cover";
      return m;
    }
    m.counter = *counter;
    for (std::size_t i = 0; i < report.files.size(); ++i) {
      const auto c = gate::metric_counter(file_totals[i], metric);
      if (c && c->covered < c->total) {
        m.files.push_back({report.files[i].path, c->total - c->covered, c->total});
      }
    }
  } catch (const core::Error& e) {
    m.problem = e.what();
  }
  return m;
}

/// NAME=VALUE of `flag`, NAME one of the audited repositories.
std::pair<std::string, std::string> repo_pair(const std::string& flag, const std::string& text,
                                              const std::vector<Repo>& repos) {
  const auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == text.size()) {
    throw core::UsageError(
        fmt::format("{}: expected NAME=VALUE, found '{}'", flag, core::printable(text, false)));
  }
  std::string name = text.substr(0, eq);
  if (std::none_of(repos.begin(), repos.end(), [&](const Repo& r) { return r.name == name; })) {
    throw core::UsageError(fmt::format("{}: no repository named '{}' in this audit", flag,
                                       core::printable(name, false)));
  }
  return {std::move(name), text.substr(eq + 1)};
}

/// A last-report link the pages and the Markdown carry as it is: an http(s) URL or a relative
/// path, without white space, quotes, angle brackets, parentheses or backslashes.
std::string report_link(const std::string& name, const std::string& link) {
  constexpr std::string_view refused = "\"'<>()`\\";
  const bool url = link.starts_with("https://") || link.starts_with("http://");
  const bool scheme = link.substr(0, link.find('/')).find(':') != std::string::npos;
  const bool plain = std::all_of(link.begin(), link.end(), [&](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u > 0x20 && u != 0x7f && refused.find(c) == std::string_view::npos;
  });
  if (!plain || (!url && scheme)) {
    throw core::UsageError(
        fmt::format("--report-link {}: expected an http(s) URL or a relative path without "
                    "spaces, quotes, angle brackets, parentheses or backslashes, found '{}'",
                    core::printable(name, false), core::printable(link, false)));
  }
  return link;
}

} // namespace

CLI::App* add_audit_command(CLI::App& app, AuditOptions& o) {
  CLI::App* cmd = app.add_subcommand(
      "audit", "The fleet's coverage audit table: coverage, gap to the target, lines to cover, "
               "effort and the recommended strategy per repository");
  o.command = cmd;
  cmd->add_option("repositories", o.pairs,
                  "NAME=REPORT pairs (a name repeated merges its reports); default: covbar.yml's "
                  "'fleet:' list");
  cmd->add_option("--config", o.config_path,
                  "Read the fleet and the audit rules from FILE (default: covbar.yml at the "
                  "repository root)");
  cmd->add_option("--markdown", o.markdown, "Write the Markdown table to FILE instead of stdout");
  cmd->add_option("--json", o.json, "Write the audit as JSON to FILE");
  cmd->add_option("--csv", o.csv, "Write the audit as CSV to FILE");
  cmd->add_option("--append-history", o.history,
                  "Append the day's figures to FILE as one JSON line per run (the fleet's "
                  "history; a second run on one day replaces that day's line)");
  cmd->add_option("--ratchet-state", o.ratchet_states,
                  "NAME=FILE: repository NAME's ratchet state (covbar-ratchet.json), whose "
                  "schedule its trend is held to (repeatable; needs --append-history)");
  cmd->add_option("--report-link", o.report_links,
                  "NAME=URL: repository NAME's last report (a URL or a relative path), linked "
                  "from the fleet page and the trend (repeatable)");
  cmd->add_option("--trend-svg", o.trend_svg,
                  "Write each repository's trend against its schedule as one SVG chart to FILE "
                  "(needs --append-history)");
  cmd->add_option("--metric", o.metric, "Metric audited (default lines)");
  cmd->add_option("--target", o.target, "Target percentage (default: covbar.yml's, else 80)");
  cmd->add_option("--rate", o.rate,
                  "Lines brought under test per hour, for the effort column (default 25)");
  cmd->add_option("--max-ratchet-sprints", o.max_ratchet_sprints,
                  "Recommend the ratchet when it reaches the target within this many sprints, "
                  "else new-code-only (default 4)");
  cmd->add_option("--top-files", o.top_files,
                  "Files listed per repository by uncovered lines (default 3)");
  cmd->add_option("--step", o.step, "Ratchet points per sprint (default 5)");
  cmd->add_option("--sprint-days", o.sprint_days, "Sprint length in days (default 14)")
      ->check(CLI::Range(1, 366));
  cmd->add_option("--html", o.html,
                  "Write the fleet page to DIR/index.html (the table, a link to each "
                  "repository's report, with --append-history the trend, also as "
                  "DIR/trend.svg; the directory is replaced whole)");
  cmd->add_option("--today", o.today, "Act as if today were YYYY-MM-DD");
  cmd->add_option("--precision", o.precision, "Decimals of printed percentages (0-6)")
      ->check(CLI::Range(0, 6));
  cmd->add_flag("--no-step-summary", o.no_step_summary,
                "Do not append the Markdown to $GITHUB_STEP_SUMMARY");
  add_max_input_size_option(*cmd);
  return cmd;
}

int run_audit(const AuditOptions& o, std::ostream& out, std::ostream& err) {
  const config::Config config = config::find_config(o.config_path, "");
  reports::AuditResult result;
  result.rules = resolve_rules(o, config);
  result.precision = 2;
  resolve_settings(*o.command,
                   {{"--precision", "precision", [&] { result.precision = o.precision; },
                     [&] { result.precision = config.precision.value_or(2); }}});
  const auto repos = resolve_repos(o, config);
  if (o.history.empty() && (!o.ratchet_states.empty() || !o.trend_svg.empty())) {
    throw core::UsageError("--ratchet-state and --trend-svg need "
                           "--append-history FILE: the trend is drawn from the history");
  }
  std::vector<std::string> inputs;
  for (const auto& repo : repos) {
    inputs.insert(inputs.end(), repo.reports.begin(), repo.reports.end());
  }
  std::vector<std::pair<std::string, std::string>> state_files;
  for (const auto& pair : o.ratchet_states) {
    state_files.push_back(repo_pair("--ratchet-state", pair, repos));
    inputs.push_back(state_files.back().second);
  }
  for (const auto& pair : o.report_links) {
    auto [name, link] = repo_pair("--report-link", pair, repos);
    result.links[name] = report_link(name, link);
  }
  for (const auto* output : {&o.markdown, &o.json, &o.csv, &o.history, &o.trend_svg}) {
    if (!output->empty()) {
      refuse_output_over_input(*output, inputs);
    }
  }
  if (!o.html.empty()) {
    refuse_directory_over_input(o.html, inputs);
  }
  std::vector<std::string> warnings;
  for (const auto& repo : repos) {
    auto row = audit::assess(measure(repo, result.rules.metric), result.rules);
    if (row.measured.problem) {
      // A warning is one line: the located message, without the excerpt under it.
      const std::string& problem = *row.measured.problem;
      warnings.push_back(fmt::format("{}: {}", repo.name, problem.substr(0, problem.find('\n'))));
    }
    result.rows.push_back(std::move(row));
  }

  std::string history;
  if (!o.history.empty()) {
    std::error_code ec;
    const std::string before = std::filesystem::exists(o.history, ec)
                                   ? std::string(core::SourceText::read_file(o.history).bytes())
                                   : std::string();
    history = reports::append_history_line(before, reports::render_audit_history_line(result),
                                           result.rules.today);
    // The trend reads the history with today's line before anything is written: a malformed
    // line stops the audit at its location and the file stays as it was.
    const auto entries = audit::read_history(core::SourceText(o.history, history));
    std::map<std::string, audit::RatchetSource> ratchets;
    for (const auto& [name, path] : state_files) {
      audit::RatchetSource& source = ratchets[name];
      try {
        source.state = ratchet::read_state(path);
        source.problem.clear();
      } catch (const core::Error& e) {
        // One repository's unreadable state is a note on its trend, as a report is its row.
        const std::string problem = e.what();
        source.state.reset();
        source.problem = problem.substr(0, problem.find('\n'));
        warnings.push_back(fmt::format("{}: {}", name, source.problem));
      }
    }
    std::vector<std::string> names;
    for (const auto& repo : repos) {
      names.push_back(repo.name);
    }
    result.trends = audit::trends(entries, result.rules.metric, names, ratchets);
    result.trend_chart = !o.trend_svg.empty() ? o.trend_svg : (o.html.empty() ? "" : "trend.svg");
  }
  const std::string markdown = reports::render_audit_markdown(result);
  if (!o.history.empty()) {
    core::write_file_atomically(o.history, history);
  }
  if (!o.csv.empty()) {
    core::write_file_atomically(o.csv, reports::render_audit_csv(result));
  }
  CommonOptions outputs;
  outputs.html = o.html;
  outputs.json = o.json;
  outputs.markdown = o.markdown;
  outputs.no_step_summary = o.no_step_summary;
  std::string text = markdown;
  if (!o.markdown.empty()) {
    text = fmt::format("covbar audit: {} repositories, table written to {}\n", result.rows.size(),
                       core::printable(o.markdown, false));
  }
  emit(
      outputs,
      {std::move(text), [&] { return reports::render_audit_json(result, COVBAR_VERSION); },
       [&] { return markdown; },
       [&](const reports::PageSink& sink) {
         sink("index.html", reports::render_audit_html(result));
         if (!result.trends.empty()) {
           sink("trend.svg", reports::render_trend_svg(result));
         }
       },
       o.trend_svg.empty()
           ? std::vector<std::pair<std::string, std::string>>()
           : std::vector<std::pair<std::string, std::string>>{{o.trend_svg,
                                                               reports::render_trend_svg(result)}}},
      warnings, out, err);
  return 0;
}

} // namespace covbar::cli
