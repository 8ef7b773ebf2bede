#pragma once

#include <optional>
#include <string_view>

#include "parsers/file_filter.hpp"
#include "src/core/source_text.hpp"
#include "src/model/coverage.hpp"

namespace covbar::parsers {

enum class Format { cobertura, lcov, istanbul_final, istanbul_summary };

/// `cobertura`, `lcov`, `istanbul` (coverage-final.json), `istanbul-summary`.
std::optional<Format> format_from_name(std::string_view name);
std::string_view format_name(Format format);

/// Recognises a report from its first bytes: `<` is XML (Cobertura; Clover's <coverage> root
/// is refused by the Cobertura parser by name), `{` is istanbul JSON (coverage-final when its
/// first file has a statementMap, coverage-summary when it has a "total" with counters),
/// LCOV records otherwise. Throws core::InputError for an empty or unrecognised file.
Format detect_format(const core::SourceText& text);

/// Parses with the given format, or the detected one, keeping the files `wanted` accepts.
/// Every parser returns each path once (records of a file given in pieces are folded;
/// coverage-summary.json refuses a second entry), so callers need not fold again.
model::CoverageReport parse_report(const core::SourceText& text, std::optional<Format> format,
                                   const FileFilter& wanted = {});

} // namespace covbar::parsers
