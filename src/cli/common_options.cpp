#include "src/cli/common_options.hpp"

#include <cstdlib>
#include <ostream>

#include <CLI/CLI.hpp>

#include "src/core/atomic_file.hpp"

namespace covbar::cli {

LoadOptions CommonOptions::load_options() const {
  LoadOptions load = make_load_options(reports, format, path_map, root);
  load.ignore_header_totals = ignore_header_totals;
  return load;
}

void CommonOptions::check_outputs() const {
  for (const auto* output : {&json, &markdown}) {
    if (!output->empty()) {
      refuse_output_over_input(*output, reports);
    }
  }
}

void add_common_options(CLI::App& cmd, CommonOptions& options, const std::string& fail_under_help) {
  cmd.add_option("reports", options.reports,
                 "Coverage reports: Cobertura XML, LCOV, istanbul coverage-final.json or "
                 "coverage-summary.json ('-' for standard input); several are merged")
      ->required();
  cmd.add_option("--fail-under", options.fail_under, fail_under_help);
  cmd.add_option("--format", options.format,
                 "Report format instead of detecting it: cobertura, lcov, istanbul, "
                 "istanbul-summary");
  cmd.add_option("--path-map", options.path_map,
                 "Rewrite a report path prefix, FROM=TO (repeatable; first match wins)");
  cmd.add_option("--root", options.root,
                 "Repository root (default: the git work tree of the current directory)");
  cmd.add_option("--json", options.json, "Write the JSON report to FILE");
  cmd.add_option("--markdown", options.markdown, "Write the Markdown report to FILE");
  cmd.add_option("--precision", options.precision, "Decimals of printed percentages (0-6)")
      ->check(CLI::Range(0, 6));
  cmd.add_flag("--ignore-header-totals", options.ignore_header_totals,
               "Read a report even when its records hold less than half the lines its header "
               "declares");
  cmd.add_flag("--no-step-summary", options.no_step_summary,
               "Do not append the Markdown to $GITHUB_STEP_SUMMARY");
}

void emit(const CommonOptions& options, const Outputs& outputs,
          const std::vector<std::string>& warnings, std::ostream& out, std::ostream& err) {
  const char* step_summary = std::getenv("GITHUB_STEP_SUMMARY");
  const bool to_step_summary =
      !options.no_step_summary && step_summary != nullptr && *step_summary != '\0';
  std::string markdown;
  if (!options.markdown.empty() || to_step_summary) {
    markdown = outputs.markdown();
  }
  if (!options.json.empty()) {
    core::write_file_atomically(options.json, outputs.json());
  }
  if (!options.markdown.empty()) {
    core::write_file_atomically(options.markdown, markdown);
  }
  if (to_step_summary) {
    core::append_file(step_summary, markdown);
  }
  for (const auto& warning : warnings) {
    err << "covbar: warning: " << warning << '\n';
  }
  out << outputs.text;
  out.flush();
}

} // namespace covbar::cli
