#pragma once

#include <vector>

#include "src/model/coverage.hpp"

namespace covbar::model {

/// Merges several reports into one (the plan's Python 3.11 + 3.12 matrix, sharded jobs).
/// Per file and line, hits add, so a line covered anywhere is covered. Identified branches
/// (LCOV, istanbul) add per identity: an arm taken anywhere is taken. Cobertura records only
/// per-line counts, so a line keeps the better of its records (the most arms covered); this
/// never over-reports, and `coverage combine` before `coverage xml` gives the exact union.
/// Functions add per (line, column, name); istanbul statements add per source span.
/// A coverage-summary.json file cannot merge with another record of the same path
/// (summaries have no lines): that throws core::InputError.
/// Each report's own paths are unique already (parsers and path resolution leave them so):
/// a single report is returned as it is.
CoverageReport merge_reports(std::vector<CoverageReport> reports);

/// Merges `from` into `into` (same path).
void merge_file(FileCoverage& into, FileCoverage&& from);

/// The index of the first file whose path an earlier file already has, or files.size() when
/// every path is unique. One flat open-addressing table, no allocation per file: it runs on
/// every report (a 1 GB LCOV report has 215,000 files), usually to find nothing.
std::size_t first_repeated_path(const std::vector<FileCoverage>& files);

/// Folds files that share a path (one file split over several <class> elements or LCOV
/// records, or two report paths that resolved to one repository file), keeping first-seen
/// order.
void fold_duplicate_files(CoverageReport& report);

} // namespace covbar::model
