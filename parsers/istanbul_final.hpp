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
/// Reads with the accelerator (parsers/fast/istanbul_final), which the differential tests
/// and the fuzzer hold to the reference reader below.
model::CoverageReport parse_istanbul_final(const core::SourceText& text,
                                           const FileFilter& wanted = {});

/// The reference reader, the plain definition of the format: the structure checked (strings,
/// brackets, nothing after the object), then simdjson's On Demand API walks the whole
/// document, one file reader per member. It holds a padded copy of the
/// document and simdjson's index of it (about six times the input), so large reports go
/// through the accelerator. Gives the accelerator's model, and its errors wherever the JSON
/// is well-formed; a structural fault (a string or bracket left open, text after the object)
/// is refused by both, each locating it by its own scan.
model::CoverageReport parse_istanbul_final_reference(const core::SourceText& text,
                                                     const FileFilter& wanted = {});

} // namespace covbar::parsers
