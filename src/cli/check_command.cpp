#include "src/cli/check_command.hpp"

#include <cstdlib>
#include <ostream>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "reports/json.hpp"
#include "reports/markdown.hpp"
#include "reports/text.hpp"
#include "src/cli/load_reports.hpp"
#include "src/core/atomic_file.hpp"
#include "src/core/error.hpp"
#include "src/gate/decision.hpp"
#include "src/model/invariants.hpp"

namespace covbar::cli {
CLI::App* add_check_command(CLI::App& app, CheckOptions& options) {
  CLI::App* cmd = app.add_subcommand(
      "check", "Whole-repository coverage and the hard gate (exit 0 pass, 1 below, 2 error)");
  cmd->add_option("reports", options.reports,
                  "Coverage reports: Cobertura XML, LCOV, istanbul coverage-final.json or "
                  "coverage-summary.json ('-' for standard input); several are merged")
      ->required();
  cmd->add_option("--fail-under", options.fail_under,
                  "Minimum coverage: 80 (lines) or lines=80,branches=70 (lines, branches, "
                  "functions, statements, combined)");
  cmd->add_option("--format", options.format,
                  "Report format instead of detecting it: cobertura, lcov, istanbul, "
                  "istanbul-summary");
  cmd->add_option("--path-map", options.path_map,
                  "Rewrite a report path prefix, FROM=TO (repeatable; first match wins)");
  cmd->add_option("--root", options.root,
                  "Repository root (default: the git work tree of the current directory)");
  cmd->add_option("--json", options.json, "Write the JSON report to FILE");
  cmd->add_option("--markdown", options.markdown, "Write the Markdown summary to FILE");
  cmd->add_option("--precision", options.precision, "Decimals of printed percentages (0-6)")
      ->check(CLI::Range(0, 6));
  cmd->add_option("--top", options.top, "How many files to list by uncovered lines");
  cmd->add_flag("--allow-empty", options.allow_empty,
                "Let a report with nothing measurable pass instead of failing");
  cmd->add_flag("--no-step-summary", options.no_step_summary,
                "Do not append the Markdown to $GITHUB_STEP_SUMMARY");
  return cmd;
}

int run_check(const CheckOptions& options, std::ostream& out, std::ostream& err) {
  const LoadOptions load =
      make_load_options(options.reports, options.format, options.path_map, options.root);
  const auto thresholds = gate::parse_thresholds(options.fail_under.empty() ? "0" : options.fail_under);
  for (const auto* output : {&options.json, &options.markdown}) {
    if (!output->empty()) {
      refuse_output_over_input(*output, options.reports);
    }
  }

  const model::CoverageReport report = load_reports(load);
  if (const auto problems = model::check_invariants(report); !problems.empty()) {
    throw core::Error(fmt::format("covbar: internal error: the coverage model is inconsistent: {}",
                                  problems.front()));
  }
  reports::CheckResult result;
  result.report = &report;
  result.file_totals = report.file_totals();
  result.totals = model::sum_totals(result.file_totals);
  result.precision = options.precision;
  result.top = options.top;
  const bool measurable = result.totals.lines.total > 0 || result.totals.statements.total > 0;
  if (!measurable && !options.allow_empty) {
    throw core::InputError(
        fmt::format("{}", fmt::join(options.reports, ", ")),
        "nothing measurable: the reports hold no instrumented lines (a test run that loaded no "
        "source?); pass --allow-empty to let an empty report pass");
  }
  result.decision = gate::evaluate_hard_gate(
      result.totals, options.fail_under.empty() ? std::vector<gate::Threshold>{} : thresholds);

  // Everything is computed before the first byte is written; files are written whole.
  const std::string text = reports::render_check_text(result);
  std::string markdown;
  const char* step_summary = std::getenv("GITHUB_STEP_SUMMARY");
  const bool to_step_summary =
      !options.no_step_summary && step_summary != nullptr && *step_summary != '\0';
  if (!options.markdown.empty() || to_step_summary) {
    markdown = reports::render_check_markdown(result);
  }
  if (!options.json.empty()) {
    core::write_file_atomically(options.json, reports::render_check_json(result, COVBAR_VERSION));
  }
  if (!options.markdown.empty()) {
    core::write_file_atomically(options.markdown, markdown);
  }
  if (to_step_summary) {
    core::append_file(step_summary, markdown);
  }
  for (const auto& warning : report.warnings) {
    err << "covbar: warning: " << warning << '\n';
  }
  out << text;
  out.flush();
  return result.decision.passed ? 0 : 1;
}

} // namespace covbar::cli
