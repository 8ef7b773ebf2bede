#include "src/cli/ratchet_command.hpp"

#include <cstdint>
#include <filesystem>
#include <limits>
#include <ostream>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "ratchet/state.hpp"
#include "reports/json_writer.hpp"
#include "reports/ratchet_reports.hpp"
#include "src/config/yaml_input.hpp"
#include "src/core/atomic_file.hpp"
#include "src/core/error.hpp"
#include "src/core/paths.hpp"
#include "src/core/printable.hpp"
#include "src/core/process_tuning.hpp"

namespace covbar::cli {
namespace {

void add_schedule_options(CLI::App& cmd, RatchetOptions& o) {
  cmd.add_option("--metric", o.metric,
                 "Metric the ratchet holds: lines (default), branches, functions, statements, "
                 "combined");
  cmd.add_option("--step", o.step, "Points the bar rises each sprint (default 5)");
  cmd.add_option("--sprint-days", o.sprint_days, "Sprint length in days (default 14)")
      ->check(CLI::Range(1, 366));
  cmd.add_option("--target", o.target,
                 "The bar stops rising here (default: covbar.yml's target, else 80)");
  cmd.add_option("--slack", o.slack,
                 "Points below the best recorded figure that still pass (default 0)");
  cmd.add_option("--granularity", o.granularity,
                 "Recorded figures move in steps of this many points, so the state file does not "
                 "change on every decimal (default 0.1)");
}

void add_state_options(CLI::App& cmd, RatchetOptions& o) {
  cmd.add_option("--state", o.state,
                 "Ratchet state file (default: covbar-ratchet.json beside covbar.yml, else at the "
                 "repository root)");
  cmd.add_option("--today", o.today,
                 "Act as if today were YYYY-MM-DD (simulations and tests; default: today, UTC)");
}

CLI::App* add_report_subcommand(CLI::App& parent, const std::string& name, const std::string& help,
                                RatchetOptions& o) {
  CLI::App* cmd = parent.add_subcommand(name, help);
  add_common_options(*cmd, o, "");
  add_state_options(*cmd, o);
  return cmd;
}

/// Flag, then covbar.yml, then the default: the ratchet's settings for `init`; for the first
/// `update` of a repository (no schedule flags), covbar.yml's, then the default.
ratchet::Settings resolve_settings(const RatchetOptions& o, const config::Config& config,
                                   bool with_flags) {
  ratchet::Settings s;
  const auto& r = config.ratchet;
  const auto percent = [](const char* flag, const std::string& text, core::Percent& into,
                          bool positive) {
    return [flag, &text, &into, positive] { into = percent_flag(flag, text, positive); };
  };
  const auto file = [](const std::optional<core::Percent>& value, core::Percent& into) {
    return [&value, &into] { into = value.value_or(into); };
  };
  const std::vector<Setting> table{
      {"--metric", "ratchet.metric", [&] { s.metric = metric_flag(o.metric); },
       [&] { s.metric = r.metric.value_or(s.metric); }},
      {"--step", "ratchet.step", percent("--step", o.step, s.step, true), file(r.step, s.step)},
      // The ratchet's own target, else the file's top-level one.
      {"--target", "ratchet.target", percent("--target", o.target, s.target, false),
       file(r.target ? r.target : config.target, s.target)},
      {"--slack", "ratchet.slack", percent("--slack", o.slack, s.slack, false),
       file(r.slack, s.slack)},
      {"--granularity", "ratchet.granularity",
       percent("--granularity", o.granularity, s.granularity, true),
       file(r.granularity, s.granularity)},
      {"--sprint-days", "ratchet.sprint-days", [&] { s.sprint_days = o.sprint_days; },
       [&] { s.sprint_days = r.sprint_days.value_or(s.sprint_days); }}};
  if (with_flags) {
    cli::resolve_settings(*o.command, table);
  } else {
    apply_file_settings(table);
  }
  return s;
}

std::string state_path(const RatchetOptions& o, const config::Config& config) {
  if (!o.state.empty()) {
    return o.state;
  }
  if (config.ratchet.state) {
    return config.resolve(*config.ratchet.state);
  }
  if (!config.path.empty()) {
    return config.resolve(ratchet::k_state_file);
  }
  if (!o.root.empty()) {
    return core::join_path(o.root, ratchet::k_state_file);
  }
  if (const auto root = core::find_repository_root(core::current_directory())) {
    return core::join_path(*root, ratchet::k_state_file);
  }
  return ratchet::k_state_file;
}

/// The ratchet metric's counter over today's reports, and the warnings reading them gave.
struct Measured {
  model::Counter counter;
  std::vector<std::string> warnings;
};

Measured measure(const RatchetOptions& o, gate::Metric metric) {
  model::CoverageReport report = load_reports(o.load_options());
  const model::Totals totals = report.totals();
  const auto counter = gate::metric_counter(totals, metric);
  if (!counter) {
    throw core::UsageError(fmt::format("the ratchet holds {} coverage, but the "
                                       "reports have no {} data",
                                       gate::metric_name(metric), gate::metric_name(metric)));
  }
  if (counter->total == 0) {
    throw core::InputError(fmt::format("{}", fmt::join(o.reports, ", ")),
                           fmt::format("nothing measurable: the reports hold no {} to cover",
                                       gate::metric_name(metric)));
  }
  Measured measured{*counter, report.warnings};
  core::release_at_exit(report); // the command's last use of the model
  return measured;
}

int finish(const RatchetOptions& o, const reports::RatchetResult& result,
           const std::vector<std::string>& warnings, std::ostream& out, std::ostream& err) {
  emit(o,
       {reports::render_ratchet_text(result),
        [&] { return reports::render_ratchet_json(result, COVBAR_VERSION); },
        [&] { return reports::render_ratchet_markdown(result); }},
       warnings, out, err);
  return result.passed ? 0 : 1;
}

/// The lifecycle, for the error of a check that finds no state.
constexpr const char* k_no_state_help =
    "the ratchet starts when its state is committed: by the rollout pull request (covbar "
    "ratchet init --from-audit), by 'covbar ratchet init REPORT', or by the first 'covbar "
    "ratchet update' on the default branch";

/// The state a check holds the reports to: the working tree's, or with --state-from-ref the
/// one the given commit has (a pull request cannot edit the bar it is held to). A commit
/// without a state file, when the working tree has one, is the change that starts the
/// ratchet: its own state is used, with a warning.
ratchet::State state_for_check(RatchetOptions& o, const std::string& path, bool exists) {
  if (!o.state_from_ref.empty()) {
    const auto text = file_at_ref(path, o.state_from_ref, "--state-from-ref");
    if (text) {
      return ratchet::read_state(
          core::SourceText::from_string(o.state_from_ref + ":" + path, *text));
    }
    if (exists) {
      o.notes.push_back(fmt::format("{} is not in {}: this change starts the ratchet, so its "
                                    "state is read from the working tree",
                                    path, o.state_from_ref));
      return ratchet::read_state(path);
    }
    throw core::UsageError(fmt::format("no ratchet state at {}, in {} or in the "
                                       "working tree: {}",
                                       path, o.state_from_ref, k_no_state_help));
  }
  if (!exists) {
    throw core::UsageError(fmt::format("no ratchet state at {}: {}", path, k_no_state_help));
  }
  return ratchet::read_state(path);
}

reports::RatchetResult evaluate(const ratchet::State& state, const core::Date& today,
                                const model::Counter& measured, unsigned precision) {
  reports::RatchetResult result;
  result.state = &state;
  result.today = today;
  result.standing = ratchet::standing_on(state, today);
  result.measured = measured;
  result.passed = result.standing.bar.met_by(measured);
  result.precision = precision;
  return result;
}

/// The figure `covbar audit --json` measured for `repo` (the Phase 6.1 audit), so the
/// ratchet starts where the audit found the repository.
Measured measured_in_audit(const std::string& file, const std::string& repo, gate::Metric metric) {
  const config::YamlInput in = config::YamlInput::read_file(file);
  const YAML::Node& root = in.root();
  const YAML::Node header = root.IsMap() ? root["covbar"] : YAML::Node();
  if (!header || !header.IsMap() || !header["command"] || !header["command"].IsScalar() ||
      header["command"].Scalar() != "audit" || !root["repositories"] ||
      !root["repositories"].IsSequence()) {
    throw in.error(root, "the JSON of covbar audit --json");
  }
  if (!header["schema"] || !header["schema"].IsScalar() ||
      header["schema"].Scalar() != std::to_string(reports::k_json_schema)) {
    throw in.error(header["schema"] ? header["schema"] : header,
                   fmt::format("schema {} (the audit of this covbar; run covbar audit again)",
                               reports::k_json_schema));
  }
  const YAML::Node audited = root["metric"];
  if (!audited || !audited.IsScalar() || audited.Scalar() != gate::metric_name(metric)) {
    throw in.error(audited ? audited : root,
                   fmt::format("an audit of {} coverage, the metric the ratchet holds",
                               gate::metric_name(metric)));
  }
  for (const YAML::Node& row : root["repositories"]) {
    if (!row.IsMap() || !row["name"] || in.string(row["name"]) != repo) {
      continue;
    }
    if (!row["status"] || in.string(row["status"]) != "ok") {
      throw core::UsageError(
          fmt::format("{}: the audit measured nothing for '{}' ({}): start the ratchet from "
                      "a report instead",
                      file, repo, row["problem"] ? in.string(row["problem"]) : "no figure"));
    }
    if (!row["covered"] || !row["total"]) {
      throw in.error(row, "a repository with 'covered' and 'total'");
    }
    model::Counter counter;
    counter.total = in.integer(row["total"], 1, std::numeric_limits<std::uint64_t>::max());
    counter.covered = in.integer(row["covered"], 0, counter.total);
    return {counter, {}};
  }
  throw core::UsageError(fmt::format("{} has no repository named '{}'", file, repo));
}

int run_init(RatchetOptions o, std::ostream& out, std::ostream& err) {
  if (o.from_audit.empty() != o.audit_repo.empty()) {
    throw core::UsageError("--from-audit and --repo go together: the audit file "
                           "and the name of the repository's row in it");
  }
  const bool from_audit = !o.from_audit.empty();
  // From an audit no report is read, so none needs to be named.
  const config::Config config = from_audit ? config::find_config(o.config_path, o.root)
                                           : o.apply_config(config::Policy::ratchet);
  o.check_outputs();
  const ratchet::Settings settings = resolve_settings(o, config, true);
  const core::Date today = core::Date::today(o.today);
  core::Date start = today;
  if (!o.start.empty()) {
    const auto parsed = core::Date::parse(o.start);
    if (!parsed) {
      throw core::UsageError(
          fmt::format("--start: expected a date YYYY-MM-DD, found '{}'", o.start));
    }
    start = *parsed;
  }
  const std::string path = state_path(o, config);
  const Measured measured = from_audit
                                ? measured_in_audit(o.from_audit, o.audit_repo, settings.metric)
                                : measure(o, settings.metric);
  const ratchet::State state =
      ratchet::start_state(settings, start, core::Percent::of(measured.counter), today);
  if (const auto refusal = ratchet::plan_refusal(state, today)) {
    throw core::UsageError(fmt::format("ratchet init: {}", *refusal));
  }
  const auto result = evaluate(state, today, measured.counter, o.precision);
  {
    const ratchet::StateLock lock(path);
    std::error_code ec;
    if (!o.force && std::filesystem::exists(path, ec)) {
      throw core::UsageError(
          fmt::format("{} already exists: the ratchet has started (pass --force to start it "
                      "again from today's figure)",
                      path));
    }
    ratchet::write_state(path, state);
  }
  std::string text = fmt::format("covbar ratchet init: wrote {}\n\n", core::printable(path)) +
                     reports::render_plan(state, today, false);
  emit(o,
       {std::move(text), [&] { return reports::render_ratchet_json(result, COVBAR_VERSION); },
        [&] { return reports::render_plan(state, today, true); }},
       measured.warnings, out, err);
  return 0;
}

int run_check_or_update(RatchetOptions o, bool update, std::ostream& out, std::ostream& err) {
  const config::Config config = o.apply_config(config::Policy::ratchet);
  o.check_outputs();
  const core::Date today = core::Date::today(o.today);
  const std::string path = state_path(o, config);
  std::error_code ec;
  const bool exists = std::filesystem::exists(path, ec);
  if (!update) {
    const ratchet::State state = state_for_check(o, path, exists);
    const Measured measured = measure(o, state.settings.metric);
    return finish(o, evaluate(state, today, measured.counter, o.precision), measured.warnings, out,
                  err);
  }
  if (!exists) {
    // The default branch's first update starts the ratchet from today's figure, with the
    // settings of covbar.yml: a repository under the ratchet never stays without a state.
    const ratchet::Settings settings = resolve_settings(o, config, false);
    const Measured measured = measure(o, settings.metric);
    const ratchet::State state =
        ratchet::start_state(settings, today, core::Percent::of(measured.counter), today);
    {
      const ratchet::StateLock lock(path);
      if (std::filesystem::exists(path, ec)) {
        throw core::Error(fmt::format("{} appeared while this update ran: run it again", path));
      }
      ratchet::write_state(path, state);
    }
    o.notes.push_back(fmt::format("no ratchet state at {}: started it from today's figure", path));
    auto result = evaluate(state, today, measured.counter, o.precision);
    result.recorded = true;
    return finish(o, result, measured.warnings, out, err);
  }
  // Measure before locking (reading a report can take seconds); read, record and write the
  // state under the lock, so concurrent updates take turns and none is lost.
  const gate::Metric metric = ratchet::read_state(path).settings.metric;
  const Measured measured = measure(o, metric);
  ratchet::State state;
  bool changed = false;
  {
    const ratchet::StateLock lock(path);
    state = ratchet::read_state(path);
    if (state.settings.metric != metric) {
      throw core::Error(fmt::format("{} changed metric while this update ran", path));
    }
    changed = ratchet::record(state, core::Percent::of(measured.counter), today);
    if (changed) {
      ratchet::write_state(path, state);
    }
  }
  auto result = evaluate(state, today, measured.counter, o.precision);
  result.recorded = changed;
  return finish(o, result, measured.warnings, out, err);
}

int run_plan(RatchetOptions o, std::ostream& out, std::ostream& err) {
  const config::Config config = config::find_config(o.config_path, o.root);
  const core::Date today = core::Date::today(o.today);
  const std::string path = state_path(o, config);
  const ratchet::State state = ratchet::read_state(path);
  if (const auto refusal = ratchet::plan_refusal(state, today)) {
    throw core::InputError(path, fmt::format("cannot plan this ratchet: {}", *refusal));
  }
  std::string svg_path = o.svg;
  if (svg_path.empty()) {
    const auto dot = path.rfind('.');
    const auto slash = path.rfind('/');
    svg_path = (dot != std::string::npos && (slash == std::string::npos || dot > slash)
                    ? path.substr(0, dot)
                    : path) +
               ".svg";
  }
  if (svg_path == path) {
    throw core::UsageError("--svg would overwrite the ratchet state file");
  }
  core::check_output_path(svg_path);
  o.check_outputs();
  const std::string svg = reports::render_plan_svg(state, today);
  std::string text = reports::render_plan(state, today, false);
  text += fmt::format("\nChart: {}\n", core::printable(svg_path));
  emit(o,
       {std::move(text), [] { return std::string(); },
        [&] { return reports::render_plan(state, today, true); }},
       {}, out, err);
  core::write_file_atomically(svg_path, svg);
  return 0;
}

} // namespace

CLI::App* add_ratchet_command(CLI::App& app, RatchetCommands& c) {
  CLI::App* cmd = app.add_subcommand(
      "ratchet", "The per-sprint ratchet: a bar that starts at today's coverage and rises each "
                 "sprint to the target, never below the best figure recorded");
  cmd->require_subcommand(1);
  c.init_cmd = add_report_subcommand(
      *cmd, "init", "Measure today's coverage and write the ratchet state file", c.init);
  add_schedule_options(*c.init_cmd, c.init);
  c.init_cmd->add_option("--start", c.init.start,
                         "First day of sprint 1, YYYY-MM-DD (default: today)");
  c.init_cmd->add_flag("--force", c.init.force, "Start again over an existing state file");
  c.init_cmd->add_option("--from-audit", c.init.from_audit,
                         "Start from the figure a 'covbar audit --json' FILE measured (with "
                         "--repo), instead of reading reports");
  c.init_cmd->add_option("--repo", c.init.audit_repo, "The repository's name in --from-audit");
  c.check_cmd = add_report_subcommand(
      *cmd, "check", "Hold today's coverage to today's bar (exit 1 below it)", c.check);
  c.check_cmd->add_option("--state-from-ref", c.check.state_from_ref,
                          "Read the state file as commit REF has it (a pull request's base, "
                          "e.g. origin/main), not from the working tree");
  c.update_cmd = add_report_subcommand(
      *cmd, "update", "Check, then record a new best figure (never lowers; atomic and locked)",
      c.update);
  c.plan_cmd = cmd->add_subcommand("plan", "Print the schedule and write an SVG chart of it");
  c.plan.command = c.plan_cmd;
  c.plan_cmd->add_option("--config", c.plan.config_path, "Read covbar.yml from FILE");
  c.plan_cmd->add_option("--root", c.plan.root, "Repository root (default: the git work tree)");
  add_state_options(*c.plan_cmd, c.plan);
  add_max_input_size_option(*c.plan_cmd);
  c.plan_cmd->add_option("--svg", c.plan.svg,
                         "Write the chart to FILE (default: the state file's name with .svg)");
  c.plan_cmd->add_option("--markdown", c.plan.markdown, "Write the schedule as Markdown to FILE");
  c.plan_cmd->add_flag("--no-step-summary", c.plan.no_step_summary,
                       "Do not append the Markdown to $GITHUB_STEP_SUMMARY");
  return cmd;
}

int run_ratchet(const RatchetCommands& c, std::ostream& out, std::ostream& err) {
  if (c.init_cmd->parsed()) {
    return run_init(c.init, out, err);
  }
  if (c.check_cmd->parsed()) {
    return run_check_or_update(c.check, false, out, err);
  }
  if (c.update_cmd->parsed()) {
    return run_check_or_update(c.update, true, out, err);
  }
  return run_plan(c.plan, out, err);
}

} // namespace covbar::cli
