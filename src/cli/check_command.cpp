#include "src/cli/check_command.hpp"

#include <ostream>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "reports/badge.hpp"
#include "reports/json.hpp"
#include "reports/markdown.hpp"
#include "reports/text.hpp"
#include "src/cli/load_reports.hpp"
#include "src/core/error.hpp"
#include "src/core/printable.hpp"
#include "src/core/process_tuning.hpp"
#include "src/gate/decision.hpp"

namespace covbar::cli {

CLI::App* add_check_command(CLI::App& app, CheckOptions& options) {
  CLI::App* cmd = app.add_subcommand(
      "check", "Whole-repository coverage and the hard gate (exit 0 pass, 1 below, 2 error)");
  add_common_options(*cmd, options,
                     "Minimum coverage: 80 (lines) or lines=80,branches=70 (lines, branches, "
                     "functions, statements, combined)");
  add_html_option(*cmd, options);
  cmd->add_option("--top", options.top, "How many files to list by uncovered lines");
  cmd->add_option("--path-threshold", options.path_thresholds,
                  "Minimum for the files under a glob, GLOB:SPEC[:per-file] "
                  "(src/core/**:lines=90); summed unless :per-file (repeatable)");
  cmd->add_option("--badge", options.badge,
                  "Write a shields-style SVG badge of one metric to FILE, coloured by its "
                  "threshold (--fail-under or covbar.yml)");
  cmd->add_option("--badge-metric", options.badge_metric,
                  "The badge's metric (default: the first threshold's, else lines)");
  cmd->add_option("--badge-label", options.badge_label,
                  "The badge's label (default: 'coverage' for lines, else the metric's name)");
  cmd->add_flag("--allow-empty", options.allow_empty,
                "Let a report with nothing measurable pass instead of failing");
  return cmd;
}

int run_check(const CheckOptions& given, std::ostream& out, std::ostream& err) {
  CheckOptions options = given;
  const config::Config config = options.apply_config(config::Policy::hard_gate);
  std::vector<gate::PathThreshold> path_thresholds;
  resolve_settings(*options.command,
                   {{"--path-threshold", "hard-gate.paths",
                     [&] {
                       for (const auto& text : options.path_thresholds) {
                         path_thresholds.push_back(gate::parse_path_threshold(text));
                       }
                     },
                     [&] {
                       if (options.given("--thresholds-from")) {
                         // The tool's thresholds take covbar.yml's place, paths included.
                         path_thresholds = options.tool_paths;
                       } else if (config.path_thresholds &&
                                  config.in_force(config::Policy::hard_gate)) {
                         path_thresholds = *config.path_thresholds;
                       }
                     }}});
  LoadOptions load = options.load_options();
  load.refuse_empty = !options.allow_empty;
  options.check_outputs();
  if (!options.badge.empty()) {
    refuse_output_over_input(options.badge, options.reports);
  }

  model::CoverageReport report = load_reports(load);
  reports::CheckResult result;
  result.report = &report;
  result.file_totals = report.file_totals();
  result.totals = model::sum_totals(result.file_totals);
  result.precision = options.precision;
  result.top = options.top;
  result.decision = gate::evaluate_hard_gate(result.totals, options.thresholds);
  gate::evaluate_path_thresholds(result.decision, report, result.file_totals, path_thresholds);
  const auto rule_notes = toolconfig::apply_tool_rules(result.decision, options.tool_thresholds);

  std::string text = reports::render_check_text(result);
  for (const auto& note : rule_notes) {
    text += "note: " + core::printable(note, false) + "\n";
  }
  Outputs outputs{std::move(text),
                  [&] { return reports::render_check_json(result, COVBAR_VERSION); },
                  [&] { return reports::render_check_markdown(result); },
                  [&](const reports::PageSink& sink) {
                    reports::render_check_html(result, source_reader(load), sink);
                  }};
  if (!options.badge.empty()) {
    gate::Metric metric = gate::Metric::lines;
    if (options.given("--badge-metric")) {
      metric = metric_flag(options.badge_metric);
    } else if (!options.thresholds.empty()) {
      metric = options.thresholds.front().metric;
    }
    if (!gate::metric_counter(result.totals, metric)) {
      throw core::UsageError(
          fmt::format("--badge-metric: the reports have no {} data", gate::metric_name(metric)));
    }
    const std::string label =
        options.given("--badge-label")
            ? options.badge_label
            : std::string(metric == gate::Metric::lines ? "coverage" : gate::metric_name(metric));
    outputs.files.emplace_back(
        options.badge, reports::render_badge_svg(reports::coverage_badge(result, metric, label)));
  }

  // Everything is computed before the first byte is written; files are written whole.
  emit(options, outputs, report.warnings, out, err);
  core::release_at_exit(report); // the command's last use of the model
  return result.decision.passed ? 0 : 1;
}

} // namespace covbar::cli
