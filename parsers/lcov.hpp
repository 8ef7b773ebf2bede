#pragma once

#include "parsers/file_filter.hpp"
#include "src/core/source_text.hpp"
#include "src/model/coverage.hpp"

namespace covbar::parsers {

/// Translates an LCOV tracefile (geninfo/lcov 1.x and 2.x, genhtml input, bun, c8, grcov,
/// gcovr, deno) into the model: TN, SF, FN (with lcov 2.x end lines), FNL/FNA, FNDA, FNF/FNH,
/// DA (checksums ignored), BRDA (`-` is a branch never reached), BRF/BRH, LF/LH, VER,
/// end_of_record. A file listed in several records merges (hits add). LF/LH and BRF/BRH are
/// kept only as DeclaredTotals. Every record must end with end_of_record, so a truncated
/// file is refused. Throws core::InputError located at the offending byte.
model::CoverageReport parse_lcov(const core::SourceText& text, const FileFilter& wanted = {});

/// The reference reader: parse_lcov without its accelerator (parsers/fast/lcov_runs), every
/// record read by its tag's handler. The accelerator must give exactly what this gives, model
/// or error; tests/parsers/lcov_differential_test and fuzz/fuzz_lcov hold it to that.
model::CoverageReport parse_lcov_general(const core::SourceText& text,
                                         const FileFilter& wanted = {});

} // namespace covbar::parsers
