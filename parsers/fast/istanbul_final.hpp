#pragma once

#include "parsers/file_filter.hpp"
#include "src/core/source_text.hpp"
#include "src/model/coverage.hpp"

namespace covbar::parsers::fast {

/// coverage-final.json read in parallel, the accelerator behind parsers::parse_istanbul_final:
/// the top-level object is cut into its members (one source file each) by
/// split_top_level_object, groups of ~1 MB of members are parsed on core::split_parse_join's
/// workers with the reference reader's file reader, and their files joined in order. Only the
/// groups being parsed are copied (with simdjson's index of them), so memory stays a fraction
/// of the input. Gives the reference reader's model, and its errors wherever the JSON is
/// well-formed (a structural fault is located by the split, in its own words).
model::CoverageReport parse_istanbul_final(const core::SourceText& text, const FileFilter& wanted);

} // namespace covbar::parsers::fast
