#include "src/cli/load_reports.hpp"

#include <algorithm>
#include <filesystem>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include <fmt/format.h>

#include "src/core/atomic_file.hpp"
#include "src/core/error.hpp"
#include "src/core/glob.hpp"
#include "src/core/printable.hpp"
#include "src/core/source_text.hpp"
#include "src/model/invariants.hpp"
#include "src/model/merge.hpp"

namespace covbar::cli {
namespace {

std::string counter_text(const model::Counter& c) {
  return fmt::format("{}/{}", c.covered, c.total);
}

void warn_on_declared_totals(model::CoverageReport& report, const model::Totals& totals) {
  const auto& origin = report.origins.front();
  if (report.declared.lines && *report.declared.lines != totals.lines) {
    report.warnings.push_back(fmt::format(
        "{}: the header declares {} lines covered but the line records give {}; covbar uses the "
        "records",
        origin.source, counter_text(*report.declared.lines), counter_text(totals.lines)));
  }
  if (report.declared.branches && totals.kinds.branches &&
      *report.declared.branches != totals.branches) {
    report.warnings.push_back(fmt::format(
        "{}: the header declares {} branches covered but the line records give {}; covbar uses "
        "the records",
        origin.source, counter_text(*report.declared.branches), counter_text(totals.branches)));
  }
}

/// Turns every path of `report` into a repo-relative one (or leaves it as the report wrote
/// it, mapped, when there is no repository). Returns false when the report is inside a
/// repository and none of its files exists there; `refuse_foreign` makes that an InputError.
bool resolve_paths(model::CoverageReport& report, const LoadOptions& options,
                   const core::RepoIndex* index, bool refuse_foreign) {
  if (index == nullptr && options.path_map.empty()) {
    return true; // no repository, no mapping: paths stay as the parser left them, each once
  }
  const std::string& source = report.origins.front().source;
  struct Resolved {
    std::string written; ///< the path as the report wrote it, mapped
    core::RepoIndex::Match match;
  };
  std::vector<Resolved> resolved;
  resolved.reserve(report.files.size());
  // How many different written paths met on each repository file.
  std::unordered_map<std::string, std::vector<std::string>> writers;
  for (auto& file : report.files) {
    std::vector<std::string> candidates;
    if (index != nullptr && !core::is_absolute_path(file.path)) {
      for (const auto& root : report.source_roots) {
        candidates.push_back(core::join_path(root, file.path));
      }
    }
    candidates.push_back(file.path);
    std::optional<Resolved> chosen;
    for (const auto& candidate : candidates) {
      std::string mapped = core::apply_path_map(options.path_map, candidate);
      if (index == nullptr) {
        chosen = Resolved{mapped, core::RepoIndex::Match{mapped, false, false, {}}};
        break; // without a repository, the file name as the report wrote it (mapped)
      }
      auto match = index->resolve(mapped);
      if (!match.ambiguous.empty()) {
        throw core::InputError(
            source, fmt::format("'{}' matches several files of the repository equally well "
                                "('{}'); add --path-map FROM=TO to choose",
                                file.path, fmt::join(match.ambiguous, "', '")));
      }
      if (match.found || !chosen) {
        chosen = Resolved{std::move(mapped), std::move(match)};
      }
      if (chosen->match.found) {
        break;
      }
    }
    if (chosen->match.found) {
      auto& names = writers[chosen->match.path];
      if (std::find(names.begin(), names.end(), chosen->written) == names.end()) {
        names.push_back(chosen->written);
      }
    }
    resolved.push_back(std::move(*chosen));
  }
  // Two different paths of one report that meet on one repository file are one file only when
  // each names it as written (src/a.py, /repo/src/a.py). A path that got there by its last
  // segments alone stays as written: folding it would add one file's counts to another's (an
  // uncovered /x/b/util.py hidden under a covered /x/a/util.py), where the producing tool
  // counted two files.
  std::size_t found = 0;
  std::vector<std::string> missing;
  std::unordered_set<std::string> told;
  std::string first_collision;
  for (std::size_t i = 0; i < report.files.size(); ++i) {
    auto& [written, match] = resolved[i];
    if (match.found && match.by_suffix && writers[match.path].size() > 1) {
      if (told.insert(match.path).second) {
        std::string collision =
            fmt::format("'{}' and '{}' both end like '{}' of the repository",
                        writers[match.path][0], writers[match.path][1], match.path);
        report.warnings.push_back(fmt::format(
            "{}: {}; they are kept apart, as written (add --path-map FROM=TO to place them)",
            source, collision));
        if (first_collision.empty()) {
          first_collision = std::move(collision);
        }
      }
      match = core::RepoIndex::Match{written, false, false, {}};
    }
    if (match.found) {
      ++found;
    } else if (index != nullptr) {
      missing.push_back(match.path);
    }
    report.files[i].path = std::move(match.path);
  }
  if (index != nullptr && found == 0) {
    if (!refuse_foreign) {
      return false;
    }
    if (!first_collision.empty()) {
      throw core::InputError(
          source, fmt::format("none of its {} files can be placed in the repository at {}: {}; "
                              "add --path-map FROM=TO to place them",
                              report.files.size(), index->root(), first_collision));
    }
    if (!report.files.empty()) {
      throw core::InputError(
          source,
          fmt::format("none of its {} files exists in the repository at {} (first: '{}'); it may "
                      "be a report of another repository, or its paths need --path-map FROM=TO",
                      report.files.size(), index->root(), missing.front()));
    }
  }
  if (index != nullptr && !missing.empty()) {
    report.warnings.push_back(
        fmt::format("{}: {} of {} files are not in the repository (first: '{}'); they still count",
                    source, missing.size(), report.files.size(), missing.front()));
  }
  model::fold_duplicate_files(report);
  return true;
}

/// The report's totals: every file's summed, and each file's and the sum's `combined`
/// computed, with checked arithmetic. Counts a report states (coverage-summary.json totals,
/// LCOV FNF/FNH) can each be up to 2^64 - 1, and a sum that wrapped could pass a gate. An
/// overflow is an InputError naming the reports and the file where the sum went past it.
model::Totals checked_totals(const model::CoverageReport& report,
                             const std::vector<std::string>& paths) {
  model::Totals sum;
  for (const auto& file : report.files) {
    const model::Totals t = file.totals();
    try {
      sum.lines += t.lines;
      sum.branches += t.branches;
      sum.functions += t.functions;
      sum.statements += t.statements;
      static_cast<void>(t.combined());
      sum.kinds |= t.kinds;
      static_cast<void>(sum.combined());
    } catch (const core::CountOverflow&) {
      throw core::InputError(
          fmt::format("{}", fmt::join(paths, ", ")),
          fmt::format("the counts add up past 2^64 - 1 at '{}' (more than any source holds: "
                      "a corrupt or forged report)",
                      file.path));
    }
  }
  return sum;
}

/// Outside a repository nothing resolves paths, and reports of one run often name a file two
/// ways (istanbul's JSON absolute, its LCOV relative). Such files are matched by whole-segment
/// suffix, as inside a repository, and the user is told; files that cannot be matched one to
/// one are left apart and named, with the options that would resolve them.
void match_paths_across_reports(std::vector<model::CoverageReport>& reports,
                                std::vector<std::string>& warnings) {
  std::vector<std::vector<std::string>> paths(reports.size());
  for (std::size_t r = 0; r < reports.size(); ++r) {
    paths[r].reserve(reports[r].files.size());
    for (const auto& file : reports[r].files) {
      paths[r].push_back(file.path);
    }
  }
  const core::SuffixMatches matches = core::match_paths_across_reports(paths);
  if (!matches.renames.empty()) {
    const auto& [example_from, example_to] =
        *std::min_element(matches.renames.begin(), matches.renames.end(),
                          [](const auto& a, const auto& b) { return a.first < b.first; });
    warnings.push_back(fmt::format(
        "the reports name {} files two ways (e.g. '{}' and '{}'); outside a repository covbar "
        "matched them by path suffix; pass --root DIR to resolve every path against the "
        "repository instead",
        matches.renames.size(), example_from, example_to));
    for (auto& report : reports) {
      for (auto& file : report.files) {
        if (const auto it = matches.renames.find(file.path); it != matches.renames.end()) {
          file.path = it->second;
        }
      }
    }
  }
  if (!matches.ambiguous.empty()) {
    std::string example;
    for (const auto& path : matches.ambiguous.front()) {
      example += fmt::format("{}'{}'", example.empty() ? "" : ", ", path);
    }
    warnings.push_back(fmt::format(
        "the reports may name {} files two ways that covbar cannot match one to one (e.g. "
        "{}); they count apart: pass --root DIR (the repository the paths belong to) or "
        "--path-map FROM=TO to match them",
        matches.ambiguous.size(), example));
  }
}

} // namespace

bool measures_something(const model::CoverageReport& report) {
  return std::any_of(report.files.begin(), report.files.end(), [](const model::FileCoverage& f) {
    const model::Totals t = f.totals();
    return t.lines.total > 0 || t.statements.total > 0;
  });
}

LoadOptions make_load_options(const std::vector<std::string>& reports, const std::string& format,
                              const std::vector<std::string>& path_map, const std::string& root) {
  LoadOptions load;
  load.paths = reports;
  if (!format.empty()) {
    load.format = parsers::format_from_name(format);
    if (!load.format) {
      throw core::UsageError(
          fmt::format("--format: unknown format '{}' (cobertura, lcov, istanbul, "
                      "istanbul-summary)",
                      format));
    }
  }
  for (const auto& rule : path_map) {
    load.path_map.push_back(core::PathMapRule::parse(rule));
  }
  if (!root.empty()) {
    load.root = root;
  }
  return load;
}

std::optional<std::string> repository_root(const LoadOptions& options) {
  if (!options.root) {
    if (!options.detect_root) {
      return std::nullopt;
    }
    return core::find_repository_root(core::current_directory());
  }
  std::error_code ec;
  std::string root = core::normalize_path(std::filesystem::absolute(*options.root, ec).string());
  if (!std::filesystem::is_directory(root, ec)) {
    throw core::UsageError(fmt::format("--root: {} is not a directory", root));
  }
  return root;
}

void refuse_output_over_input(const std::string& output, const std::vector<std::string>& inputs) {
  core::check_output_path(output);
  refuse_path_of_input(output, inputs);
}

void refuse_directory_over_input(const std::string& dir, const std::vector<std::string>& inputs) {
  std::error_code ec;
  const auto status = std::filesystem::symlink_status(dir, ec);
  if (std::filesystem::exists(status) && !std::filesystem::is_directory(status)) {
    throw core::UsageError(
        fmt::format("cannot write the directory {}: a file is in the way (a file, a link "
                    "or a device is never replaced); name a new or existing directory",
                    core::printable(dir, false)));
  }
  refuse_path_of_input(dir, inputs);
}

void refuse_path_of_input(const std::string& output, const std::vector<std::string>& inputs) {
  std::error_code ec;
  for (const auto& input : inputs) {
    if (input != "-" && std::filesystem::equivalent(output, input, ec)) {
      throw core::UsageError(fmt::format("output file {} is the input report {}", output, input));
    }
  }
}

model::CoverageReport load_reports(const LoadOptions& options) {
  const std::optional<std::string> root = repository_root(options);
  std::optional<core::RepoIndex> index;
  if (root) {
    index = core::RepoIndex::scan(*root);
  }
  std::vector<model::CoverageReport> reports;
  bool every_report_here = true; // each report has a file in the repository (or there is none)
  for (const auto& path : options.paths) {
    const core::SourceText text = core::SourceText::read_file(path);
    model::CoverageReport report = parsers::parse_report(text, options.format, options.wanted);
    const model::Totals totals = checked_totals(report, {path});
    // Header totals describe the whole report: a filtered read (covbar diff) cannot hold
    // its records to them.
    const auto& declared = report.declared.lines;
    if (!options.wanted && (declared || report.declared.branches)) {
      if (declared && !options.ignore_header_totals &&
          totals.lines.total * k_header_shortfall_divisor < declared->total) {
        throw text.error_at(
            report.declared.lines_offset,
            fmt::format("line records for at least half of the {} lines the header declares "
                        "(pass --ignore-header-totals to read it anyway)",
                        declared->total),
            fmt::format("{} line records: a truncated or trimmed report?", totals.lines.total));
      }
      warn_on_declared_totals(report, totals);
    }
    every_report_here &= resolve_paths(report, options, index ? &*index : nullptr,
                                       /*refuse_foreign=*/!options.wanted);
    reports.push_back(std::move(report));
  }
  std::vector<std::string> matching_warnings;
  if (!index && reports.size() > 1) {
    match_paths_across_reports(reports, matching_warnings);
  }
  model::CoverageReport merged = model::merge_reports(std::move(reports));
  merged.warnings.insert(merged.warnings.end(), matching_warnings.begin(), matching_warnings.end());
  if (!options.include.empty() || !options.exclude.empty()) {
    const auto matches_any = [](const std::vector<std::string>& globs, const std::string& path) {
      return std::any_of(globs.begin(), globs.end(),
                         [&](const std::string& glob) { return core::glob_match(glob, path); });
    };
    std::erase_if(merged.files, [&](const model::FileCoverage& file) {
      return (!options.include.empty() && !matches_any(options.include, file.path)) ||
             matches_any(options.exclude, file.path);
    });
  }
  if (options.paths.size() > 1) {
    static_cast<void>(checked_totals(merged, options.paths)); // each report's were checked
  }
  const bool measurable = measures_something(merged);
  if (options.wanted && (!every_report_here || (options.refuse_empty && !measurable))) {
    // A filtered read skipped records without translating them, so it cannot tell a report
    // of another repository, or one measuring nothing, from a change that touches none of
    // the measured files: the whole reports decide, by the rules of an unfiltered read.
    // (Header totals are still not held against a filtered command's reports.)
    LoadOptions whole = options;
    whole.wanted = nullptr;
    whole.ignore_header_totals = true;
    static_cast<void>(load_reports(whole)); // throws what `covbar check` would
  } else if (options.refuse_empty && !measurable) {
    throw core::InputError(
        fmt::format("{}", fmt::join(options.paths, ", ")),
        "nothing measurable: the reports hold no instrumented lines (a test run that loaded no "
        "source?); pass --allow-empty to let an empty report pass");
  }
  // Every command reads the model only after this (bloaty's CheckConsistency).
  if (const auto problems = model::check_invariants(merged); !problems.empty()) {
    throw core::InternalError(
        fmt::format("the coverage model is inconsistent: {}", problems.front()));
  }
  return merged;
}

} // namespace covbar::cli
