#pragma once

#include "parsers/file_filter.hpp"
#include "src/core/source_text.hpp"
#include "src/model/coverage.hpp"

namespace covbar::parsers::fast {

/// Cobertura read in parallel, the accelerator behind parsers::parse_cobertura: the document
/// is cut into its <class> elements and a skeleton (parsers/fast/xml_scan, never a whole
/// DOM); groups of ~4 MB of classes are copied into one buffer each and parsed on
/// core::split_parse_join's workers, a class's own plain <lines> read byte for byte and cut
/// out of the buffer so pugixml builds no nodes for them; the skeleton is parsed once the
/// scan ends. Gives the reference reader's model, and its errors wherever the document is
/// well-formed XML (a fault of XML itself is located by whichever parse meets it first).
model::CoverageReport parse_cobertura(const core::SourceText& text, const FileFilter& wanted);

} // namespace covbar::parsers::fast
