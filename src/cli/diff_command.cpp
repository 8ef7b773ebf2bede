#include "src/cli/diff_command.hpp"

#include <algorithm>
#include <optional>
#include <ostream>
#include <string_view>
#include <unordered_set>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "parsers/unified_diff.hpp"
#include "reports/diff_reports.hpp"
#include "src/cli/load_reports.hpp"
#include "src/core/error.hpp"
#include "src/core/git.hpp"
#include "src/core/paths.hpp"
#include "src/core/printable.hpp"
#include "src/core/source_text.hpp"

namespace covbar::cli {
namespace {

/// Every line of an untracked file counts as added.
model::ChangedFile untracked_file(const std::string& root, const std::string& path) {
  const auto text = core::SourceText::read_file(root + "/" + path);
  model::ChangedFile file;
  file.path = path;
  file.old_path = path;
  file.status = model::ChangedFile::Status::added;
  const auto bytes = text.bytes();
  std::uint32_t lines = 0;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (bytes[i] == '\n' || i + 1 == bytes.size()) {
      file.added_lines.push_back(++lines);
    }
  }
  return file;
}

} // namespace

CLI::App* add_diff_command(CLI::App& app, DiffOptions& options) {
  CLI::App* cmd = app.add_subcommand(
      "diff", "Coverage of the lines a change adds or modifies: the new-code-only gate");
  add_common_options(*cmd, options,
                     "Minimum changed-line coverage: 80 (lines) or lines=80,branches=70");
  add_html_option(*cmd, options);
  cmd->add_option("--diff-file", options.diff_file,
                  "Read a unified diff (git diff, git format-patch, diff -u; '-' for standard "
                  "input) instead of asking git");
  cmd->add_option("--compare-branch", options.compare_branch,
                  "Branch to compare with (default: origin/main, then main, master, "
                  "origin/master)");
  cmd->add_option("--diff-range-notation", options.range_notation,
                  "'...' compares with the merge base (default), '..' with the branch itself")
      ->check(CLI::IsMember({"...", ".."}));
  cmd->add_flag("--ignore-staged", options.ignore_staged, "Leave out staged changes");
  cmd->add_flag("--ignore-unstaged", options.ignore_unstaged, "Leave out unstaged changes");
  cmd->add_flag("--include-untracked", options.include_untracked,
                "Count every line of untracked files as added");
  cmd->add_option("--partial-lines", options.partial_lines,
                  "A changed line that ran with branches missed counts as 'covered' "
                  "(diff-cover, default) or 'missed' (Codecov)")
      ->check(CLI::IsMember({"covered", "missed"}));
  cmd->add_flag("--allow-empty", options.allow_empty,
                "Let a report with nothing measurable pass instead of failing");
  cmd->add_flag("--annotations", options.annotations,
                "Print GitHub workflow-command annotations for uncovered ranges");
  cmd->add_option("--max-annotations", options.max_annotations,
                  "Most annotations to print (default 50); a notice counts the rest");
  return cmd;
}

int run_diff(const DiffOptions& given, std::ostream& out, std::ostream& err) {
  DiffOptions options = given;
  const config::Config config = options.apply_config(config::Policy::new_code_only);
  resolve_settings(
      *options.command,
      {{"--compare-branch",
        "new-code-only.compare-branch",
        {},
        [&] { options.compare_branch = config.compare_branch.value_or(options.compare_branch); }},
       {"--partial-lines", "new-code-only.partial-lines", {}, [&] {
          if (config.partial_lines) {
            options.partial_lines = *config.partial_lines;
          } else if (std::any_of(
                         options.tool_thresholds.begin(), options.tool_thresholds.end(),
                         [](const auto& t) { return t.tool == toolconfig::Tool::codecov; })) {
            options.partial_lines = "missed"; // Codecov counts a partial line as not covered
          }
        }}});
  LoadOptions load = options.load_options();
  load.refuse_empty = !options.allow_empty;
  const auto& thresholds = options.thresholds;
  for (const auto& t : thresholds) {
    if (t.metric != gate::Metric::lines && t.metric != gate::Metric::branches) {
      throw core::UsageError(
          fmt::format("--fail-under: covbar diff holds lines and branches only, not {}",
                      gate::metric_name(t.metric)));
    }
  }
  options.check_outputs();

  // The diff first: a shallow clone fails fast, before any report is read.
  model::ChangedLines changed;
  reports::DiffResult result;
  std::optional<core::GitDiff> diff; // when git made the diff
  if (!options.diff_file.empty()) {
    const auto text = core::SourceText::read_file(options.diff_file);
    changed = parsers::parse_unified_diff(text);
    result.diff_name = text.name();
  } else {
    const auto root = repository_root(load);
    if (!root) {
      throw core::UsageError("not inside a git repository: pass --root or "
                             "--diff-file");
    }
    core::GitDiffOptions git;
    git.compare_branch = options.compare_branch;
    git.two_dot = options.range_notation == "..";
    git.ignore_staged = options.ignore_staged;
    git.ignore_unstaged = options.ignore_unstaged;
    git.include_untracked = options.include_untracked;
    diff = core::git_diff(*root, git);
    changed = parsers::parse_unified_diff(core::SourceText("git diff", diff->text));
    for (const auto& path : diff->untracked) {
      changed.files.push_back(untracked_file(*root, path));
    }
    result.diff_name = diff->description;
  }

  // Only the records of files the diff touches matter: parsers skip the rest, matched
  // generously by base name (the paths are resolved exactly afterwards).
  std::unordered_set<std::string> basenames;
  for (const auto& file : changed.files) {
    basenames.emplace(core::base_name(file.path));
  }
  LoadOptions filtered = load;
  filtered.wanted = [&basenames](std::string_view path) {
    return basenames.count(std::string(core::base_name(path))) != 0;
  };
  const model::CoverageReport report = load_reports(filtered);
  const auto partial =
      options.partial_lines == "missed" ? gate::PartialLines::missed : gate::PartialLines::covered;
  result.coverage = gate::measure_changed_lines(changed, report, partial);
  if (diff && result.coverage.not_measured > 0) {
    // git_diff read every file as text. A file no report knows that git itself shows as
    // binary (an image, an archive) has no changed lines, as diff-cover counts them; a file a
    // report measures keeps its lines whatever the attributes say.
    const auto binary = core::git_binary_files(*diff);
    std::unordered_set<std::string_view> unmeasured;
    for (const auto& f : result.coverage.files) {
      if (!f.measured && binary.count(f.path) != 0) {
        unmeasured.insert(f.path);
      }
    }
    bool any = false;
    for (auto& file : changed.files) {
      if (unmeasured.count(file.path) != 0) {
        file.binary = true;
        file.added_lines.clear();
        any = true;
      }
    }
    if (any) {
      result.coverage = gate::measure_changed_lines(changed, report, partial);
    }
  }
  result.report_name = fmt::format("{}", fmt::join(options.reports, ", "));
  result.precision = options.precision;
  model::Totals totals;
  totals.kinds.lines = true;
  totals.lines = result.coverage.lines;
  totals.kinds.branches = result.coverage.has_branches;
  totals.branches = result.coverage.branches;
  result.decision = gate::evaluate_hard_gate(totals, thresholds);
  const auto rule_notes = toolconfig::apply_tool_rules(result.decision, options.tool_thresholds);

  // Everything computed; now write, files whole.
  std::string text = reports::render_diff_text(result);
  for (const auto& note : rule_notes) {
    text += "note: " + core::printable(note, false) + "\n";
  }
  if (options.annotations) {
    text += reports::render_annotations(result, options.max_annotations);
  }
  const auto html = [&](const reports::PageSink& sink) {
    reports::CheckResult pages;
    pages.report = &report;
    pages.file_totals = report.file_totals();
    pages.totals = totals;
    pages.decision = result.decision;
    pages.precision = options.precision;
    std::vector<std::pair<std::string, std::vector<std::uint32_t>>> added;
    for (const auto& file : changed.files) {
      added.emplace_back(file.path, file.added_lines);
    }
    reports::HtmlOptions html_options;
    html_options.title = "covbar changed-line report";
    html_options.changed = &added;
    reports::render_check_html(pages, source_reader(filtered), sink, html_options);
  };
  emit(options,
       {std::move(text), [&] { return reports::render_diff_json(result, COVBAR_VERSION); },
        [&] { return reports::render_diff_markdown(result); }, html},
       report.warnings, out, err);
  return result.decision.passed ? 0 : 1;
}

} // namespace covbar::cli
