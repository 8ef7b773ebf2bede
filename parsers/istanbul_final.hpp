#pragma once

#include "parsers/file_filter.hpp"
#include "src/core/source_text.hpp"
#include "src/model/coverage.hpp"

namespace covbar::parsers {

/// Translates istanbul's coverage-final.json (vitest with the v8 or istanbul provider, jest,
/// nyc, c8) into the model: statementMap/s, fnMap/f, branchMap/b. Lines are derived exactly
/// as istanbul-lib-coverage's FileCoverage.getLineCoverage does (a line per statement start
/// line, hit when any statement starting there is), so lines, statements, functions and
/// branches equal what those tools print. Throws core::InputError at the offending byte.
model::CoverageReport parse_istanbul_final(const core::SourceText& text,
                                           const FileFilter& wanted = {});

} // namespace covbar::parsers
