#pragma once

#include "parsers/file_filter.hpp"
#include "src/core/source_text.hpp"
#include "src/model/coverage.hpp"

namespace covbar::parsers {

/// Translates a Cobertura XML report (coverage.py/pytest-cov, gcovr, istanbul's cobertura
/// reporter, cobertura-maven, coverlet and others) into the model. Totals come from the
/// <line> records; header attributes are kept only as DeclaredTotals. File paths are the
/// `filename` attributes as written; <sources> go to CoverageReport::source_roots.
/// Throws core::InputError located at the offending byte.
model::CoverageReport parse_cobertura(const core::SourceText& text, const FileFilter& wanted = {});

} // namespace covbar::parsers
