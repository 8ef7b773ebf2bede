#pragma once

#include <optional>
#include <string>
#include <vector>

#include "parsers/detect.hpp"
#include "src/core/paths.hpp"
#include "src/model/coverage.hpp"

namespace covbar::cli {

/// How `check` (and later commands) find and read their reports.
struct LoadOptions {
  std::vector<std::string> paths;
  std::optional<parsers::Format> format;
  std::vector<core::PathMapRule> path_map;
  std::optional<std::string> root;   ///< repository root; default: the git work tree of cwd
  bool detect_root = true;           ///< false: no root given means no repository at all
  parsers::FileFilter wanted;        ///< empty: every file (see parsers/file_filter.hpp)
  bool ignore_header_totals = false; ///< read reports whose records fall far short of their header
  std::vector<std::string> include;  ///< globs over repo-relative paths; empty: every file
  std::vector<std::string> exclude;  ///< globs of files left out (after include)
  bool refuse_empty = false; ///< reports measuring nothing are an InputError (no --allow-empty)
};

/// Builds LoadOptions from the flags every report-reading command shares; throws
/// core::UsageError for an unknown format or a malformed --path-map rule.
LoadOptions make_load_options(const std::vector<std::string>& reports, const std::string& format,
                              const std::vector<std::string>& path_map, const std::string& root);

/// The repository root the options name, or the git work tree around the current directory.
std::optional<std::string> repository_root(const LoadOptions& options);

/// Throws core::UsageError when `output` names one of the `inputs` (never overwrite a report).
void refuse_path_of_input(const std::string& output, const std::vector<std::string>& inputs);

/// For an output directory (--html): throws core::UsageError when something other than a
/// directory is at `dir` (a link included: it is never followed or replaced), or when it names
/// one of the `inputs`. core::AtomicDirectory writes it whole or not at all.
void refuse_directory_over_input(const std::string& dir, const std::vector<std::string>& inputs);

/// Throws when `output` cannot be written (a directory, a socket: core::check_output_path) or
/// names one of the `inputs` (never overwrite a report): before any output is written.
void refuse_output_over_input(const std::string& output, const std::vector<std::string>& inputs);

/// The tolerance for header totals: a report whose line records number less than half the
/// lines its header declares (Cobertura lines-valid, LCOV LF) lost most of its content and is
/// refused; smaller differences (duplicate lines counted twice, hand edits) are warnings.
inline constexpr std::uint64_t k_header_shortfall_divisor = 2;

/// True when some file of `report` has an instrumented line or a statement.
bool measures_something(const model::CoverageReport& report);

/// Reads, parses, resolves paths to repo-relative ones and merges every report. Inside a
/// repository, a report none of whose files exists there is an InputError (a report for
/// another repository must never pass as covered), and so is an ambiguous suffix match;
/// with `refuse_empty`, so are reports that measure nothing (!measures_something). A
/// filtered read (`wanted`) is held to the same rules: when its kept files cannot show
/// them met, the whole reports are read to decide.
/// Header totals that contradict the records become warnings. The merged model's invariants
/// are checked before it is returned (a failure is an internal error, exit 2).
model::CoverageReport load_reports(const LoadOptions& options);

} // namespace covbar::cli
