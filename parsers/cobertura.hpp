#pragma once

#include "parsers/file_filter.hpp"
#include "src/core/source_text.hpp"
#include "src/model/coverage.hpp"

namespace covbar::parsers {

/// Translates a Cobertura XML report (coverage.py/pytest-cov, gcovr, istanbul's cobertura
/// reporter, cobertura-maven, coverlet and others) into the model. Totals come from the
/// <line> records; header attributes are kept only as DeclaredTotals. File paths are the
/// `filename` attributes as written; <sources> go to CoverageReport::source_roots.
/// Throws core::InputError located at the offending byte. Reads with the accelerator
/// (parsers/fast/cobertura), which the differential tests and the fuzzer hold to the
/// reference reader below.
model::CoverageReport parse_cobertura(const core::SourceText& text, const FileFilter& wanted = {});

/// The reference reader, the plain definition of the format: pugixml parses the whole
/// document, the skeleton around the classes is checked, then every <class> is read in
/// document order. It holds the document and its DOM (several times the input), so large
/// reports go through the accelerator. Gives the accelerator's model, and its errors
/// wherever the document is well-formed XML; a fault of XML itself is refused by both, each
/// locating it in its own parse.
model::CoverageReport parse_cobertura_reference(const core::SourceText& text,
                                                const FileFilter& wanted = {});

} // namespace covbar::parsers
