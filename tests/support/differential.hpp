#pragma once

// What a differential test compares: a reader's whole outcome on one input, as text, so a
// disagreement reads as a diff.

#include <string>
#include <utility>

#include <fmt/format.h>

#include "src/core/error.hpp"
#include "src/core/source_text.hpp"
#include "src/model/coverage.hpp"
#include "tests/support/helpers.hpp"

namespace covbar::test {

/// The whole model as text: dump_model's records, each statement's span and hits, function
/// counts given without records, and the report's header (origins, source roots, declared
/// totals, warnings).
inline std::string dump_whole_model(const model::CoverageReport& report) {
  std::string out = dump_model(report);
  for (const auto& file : report.files) {
    out += file.path + " statements:";
    for (const auto& s : file.statements) {
      out += fmt::format(" {}:{}-{}:{}x{}", s.start_line, s.start_column, s.end_line, s.end_column,
                         s.hits);
    }
    if (file.function_counts) {
      out += fmt::format(" | function counts {}/{}", file.function_counts->covered,
                         file.function_counts->total);
    }
    out += "\n";
  }
  for (const auto& origin : report.origins) {
    out += fmt::format("origin '{}' {} '{}'\n", origin.source, origin.format, origin.producer);
  }
  for (const auto& root : report.source_roots) {
    out += fmt::format("source root '{}'\n", root);
  }
  if (report.declared.lines) {
    out += fmt::format("declared lines {}/{} at {}\n", report.declared.lines->covered,
                       report.declared.lines->total, report.declared.lines_offset);
  }
  if (report.declared.branches) {
    out += fmt::format("declared branches {}/{}\n", report.declared.branches->covered,
                       report.declared.branches->total);
  }
  for (const auto& warning : report.warnings) {
    out += "warning " + warning + "\n";
  }
  return out;
}

/// A reader's outcome on `text`: its whole model, or its whole error message (location,
/// expected, found, source line and caret).
template <typename Read>
std::string outcome(const core::SourceText& text, Read&& read) {
  try {
    return dump_whole_model(std::forward<Read>(read)(text));
  } catch (const core::InputError& e) {
    return std::string("error: ") + e.what();
  }
}

} // namespace covbar::test
