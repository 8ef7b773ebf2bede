#include "src/cli/load_reports.hpp"

#include <algorithm>
#include <filesystem>

#include <fmt/format.h>

#include "src/core/atomic_file.hpp"
#include "src/core/error.hpp"
#include "src/core/glob.hpp"
#include "src/core/source_text.hpp"
#include "src/model/invariants.hpp"
#include "src/model/merge.hpp"

namespace covbar::cli {
namespace {

std::string counter_text(const model::Counter& c) { return fmt::format("{}/{}", c.covered, c.total); }

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
/// it, mapped, when there is no repository).
void resolve_paths(model::CoverageReport& report, const LoadOptions& options,
                   const core::RepoIndex* index) {
  if (index == nullptr && options.path_map.empty()) {
    return; // no repository, no mapping: paths stay as the parser left them, each once
  }
  const std::string& source = report.origins.front().source;
  std::size_t found = 0;
  std::vector<std::string> missing;
  for (auto& file : report.files) {
    std::vector<std::string> candidates;
    if (index != nullptr && !core::is_absolute_path(file.path)) {
      for (const auto& root : report.source_roots) {
        candidates.push_back(core::join_path(root, file.path));
      }
    }
    candidates.push_back(file.path);
    std::optional<core::RepoIndex::Match> chosen;
    for (const auto& candidate : candidates) {
      const std::string mapped = core::apply_path_map(options.path_map, candidate);
      if (index == nullptr) {
        chosen = core::RepoIndex::Match{mapped, false, {}};
        break; // without a repository, the file name as the report wrote it (mapped)
      }
      auto match = index->resolve(mapped);
      if (!match.ambiguous.empty()) {
        throw core::InputError(
            source, fmt::format("'{}' matches several files of the repository equally well "
                                "('{}'); add --path-map FROM=TO to choose",
                                file.path, fmt::join(match.ambiguous, "', '")));
      }
      if (match.found) {
        chosen = std::move(match);
        break;
      }
      if (!chosen) {
        chosen = std::move(match);
      }
    }
    if (chosen->found) {
      ++found;
    } else if (index != nullptr) {
      missing.push_back(chosen->path);
    }
    file.path = chosen->path;
  }
  if (index != nullptr && !report.files.empty()) {
    if (found == 0) {
      throw core::InputError(
          source,
          fmt::format("none of its {} files exists in the repository at {} (first: '{}'); it may "
                      "be a report of another repository, or its paths need --path-map FROM=TO",
                      report.files.size(), index->root(), missing.front()));
    }
    if (!missing.empty()) {
      report.warnings.push_back(fmt::format(
          "{}: {} of {} files are not in the repository (first: '{}'); they still count",
          source, missing.size(), report.files.size(), missing.front()));
    }
  }
  model::fold_duplicate_files(report);
}

} // namespace

LoadOptions make_load_options(const std::vector<std::string>& reports, const std::string& format,
                              const std::vector<std::string>& path_map, const std::string& root) {
  LoadOptions load;
  load.paths = reports;
  if (!format.empty()) {
    load.format = parsers::format_from_name(format);
    if (!load.format) {
      throw core::UsageError(fmt::format(
          "covbar: error: --format: unknown format '{}' (cobertura, lcov, istanbul, "
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
    throw core::UsageError(fmt::format("covbar: error: --root: {} is not a directory", root));
  }
  return root;
}

void refuse_output_over_input(const std::string& output, const std::vector<std::string>& inputs) {
  core::check_output_path(output);
  std::error_code ec;
  for (const auto& input : inputs) {
    if (input != "-" && std::filesystem::equivalent(output, input, ec)) {
      throw core::UsageError(
          fmt::format("covbar: error: output file {} is the input report {}", output, input));
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
  for (const auto& path : options.paths) {
    const core::SourceText text = core::SourceText::read_file(path);
    model::CoverageReport report = parsers::parse_report(text, options.format, options.wanted);
    // Header totals describe the whole report: a filtered read (covbar diff) cannot hold
    // its records to them.
    const auto& declared = report.declared.lines;
    if (!options.wanted && (declared || report.declared.branches)) {
      const model::Totals totals = report.totals(); // one pass, for both checks
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
    resolve_paths(report, options, index ? &*index : nullptr);
    reports.push_back(std::move(report));
  }
  model::CoverageReport merged = model::merge_reports(std::move(reports));
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
  // Every command reads the model only after this (bloaty's CheckConsistency).
  if (const auto problems = model::check_invariants(merged); !problems.empty()) {
    throw core::Error(fmt::format("covbar: internal error: the coverage model is inconsistent: {}",
                                  problems.front()));
  }
  return merged;
}

} // namespace covbar::cli
