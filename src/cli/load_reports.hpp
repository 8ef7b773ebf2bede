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
  std::optional<std::string> root; ///< repository root; default: the git work tree of cwd
};

/// Reads, parses, resolves paths to repo-relative ones and merges every report. Inside a
/// repository, a report none of whose files exists there is an InputError (a report for
/// another repository must never pass as covered), and so is an ambiguous suffix match.
/// Header totals that contradict the records become warnings.
model::CoverageReport load_reports(const LoadOptions& options);

} // namespace covbar::cli
