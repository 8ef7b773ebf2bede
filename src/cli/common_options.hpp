#pragma once

#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "reports/html.hpp"
#include "src/cli/load_reports.hpp"
#include "src/cli/settings.hpp"
#include "src/config/config.hpp"
#include "src/core/percent.hpp"
#include "src/gate/threshold.hpp"
#include "src/toolconfig/tool_thresholds.hpp"

namespace CLI {
class App;
}

namespace covbar::cli {

/// The options `check` and `diff` share: where the reports are and how they read, the
/// threshold, and where the results go.
struct CommonOptions {
  std::vector<std::string> reports;
  std::string format;
  std::vector<std::string> path_map;
  std::string root;
  std::string fail_under;
  std::string json;
  std::string markdown;
  std::string html; ///< --html DIR: the static HTML report's directory
  unsigned precision = 2;
  bool no_step_summary = false;
  bool ignore_header_totals = false;
  std::string config_path;
  std::string config_from_ref;    ///< --config-from-ref: covbar.yml as this commit has it
  std::vector<std::string> notes; ///< warnings about where the settings came from
  std::vector<std::string> include;
  std::vector<std::string> exclude;
  std::vector<std::string> policy;         ///< --policy: the policies in force, over the file's
  std::vector<gate::Threshold> thresholds; ///< --fail-under, or the config's, once applied
  const CLI::App* command = nullptr;       ///< the parsed subcommand, to ask what was given
  std::string thresholds_from; ///< --thresholds-from: another tool's thresholds (toolconfig)
  /// Once applied: the per-path thresholds read with --thresholds-from, and every threshold
  /// read with it, for its tool's own comparison rule.
  std::vector<gate::PathThreshold> tool_paths;
  std::vector<toolconfig::ToolThreshold> tool_thresholds;

  /// True when `flag` was given on the command line (a flag the command lacks: InternalError).
  [[nodiscard]] bool given(std::string_view flag) const;
  /// Reads covbar.yml (--config, else the repository root's; with --config-from-ref, that
  /// file as the given commit has it, so a pull request cannot loosen its own gate) and fills
  /// every option the command line left out from it, through one table of settings
  /// (resolve_settings): the flag wins, then the file, then the default. The
  /// thresholds are the flag's, else those of `gate_policy` when it is in force. Throws
  /// core::UsageError when no report is named anywhere.
  config::Config apply_config(config::Policy gate_policy);
  /// --thresholds-from (src/cli/thresholds_from.cpp): reads the named tool's settings and
  /// takes its thresholds for `gate_policy` over covbar.yml's; a metric --fail-under names
  /// keeps the flag's. Throws core::UsageError when nothing there applies to this command.
  void apply_thresholds_from(config::Policy gate_policy);

  /// LoadOptions for these reports; throws core::UsageError on a bad format or path map.
  [[nodiscard]] LoadOptions load_options() const;
  /// Refuses an output that would overwrite an input report.
  void check_outputs() const;
};

/// A percentage flag's value (0 to 100, at most six decimals; `positive` refuses 0); a
/// core::UsageError naming the flag otherwise.
core::Percent percent_flag(const std::string& flag, const std::string& text, bool positive);

/// `path` (a file of the working tree) as commit `ref` has it, or nullopt when that commit has
/// no such file; a core::UsageError naming `flag` when `ref` is not a commit in this clone.
std::optional<std::string> file_at_ref(const std::string& path, const std::string& ref,
                                       const std::string& flag);

/// `--metric`'s value; a core::UsageError listing the metrics otherwise.
gate::Metric metric_flag(const std::string& text);

/// Registers `--max-input-size SIZE` on a command that reads inputs.
void add_max_input_size_option(CLI::App& cmd);

/// Sets core::SourceText's input limit for the command parsed under `app`: its
/// --max-input-size, else the default. Throws core::UsageError for a malformed size.
void apply_max_input_size(const CLI::App& app);

/// Registers the shared options on a subcommand; `fail_under_help` says what the threshold
/// applies to (empty: the command takes no --fail-under).
void add_common_options(CLI::App& cmd, CommonOptions& options, const std::string& fail_under_help);

/// Registers --html DIR (check and diff: the commands with a report to draw).
void add_html_option(CLI::App& cmd, CommonOptions& options);

/// A command's results, rendered but not yet written.
struct Outputs {
  std::string text;                      ///< for standard output
  std::function<std::string()> json;     ///< rendered only when --json was given
  std::function<std::string()> markdown; ///< rendered for --markdown or the step summary
  /// Renders the HTML report's pages into the sink, called only when --html was given.
  std::function<void(const reports::PageSink&)> html = {};
  /// Further single files (a badge): path and bytes, written like --json.
  std::vector<std::pair<std::string, std::string>> files = {};
};

/// Reads a report's source files for the HTML pages: a repo-relative path under the
/// repository root (`load`'s --root, else the git work tree, else the current directory),
/// an absolute one as is. A file that cannot be read is nullopt.
reports::SourceReader source_reader(const LoadOptions& load);

/// Writes everything once it is all computed (STYLE §5): the HTML directory, JSON and
/// Markdown files atomically,
/// the Markdown appended to $GITHUB_STEP_SUMMARY unless --no-step-summary, warnings to `err`,
/// the text to `out`.
void emit(const CommonOptions& options, const Outputs& outputs,
          const std::vector<std::string>& warnings, std::ostream& out, std::ostream& err);

} // namespace covbar::cli
