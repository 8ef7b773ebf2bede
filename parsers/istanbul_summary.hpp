#pragma once

#include "src/core/source_text.hpp"
#include "src/model/coverage.hpp"

namespace covbar::parsers {

/// Translates istanbul's coverage-summary.json (json-summary reporter): per-file totals for
/// lines, statements, functions and branches, with no line records (FileCoverage::summary).
/// The "total" entry is kept as DeclaredTotals and checked against the files' sum.
/// Throws core::InputError at the offending byte.
model::CoverageReport parse_istanbul_summary(const core::SourceText& text);

} // namespace covbar::parsers
