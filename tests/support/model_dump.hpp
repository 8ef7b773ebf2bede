#pragma once

// A model as text, for two parses that must agree (an accelerator and the reference reader
// behind it) to compare as a readable diff. No gtest here: the fuzz targets use it too.

#include <optional>
#include <string>

#include <fmt/format.h>

#include "src/model/coverage.hpp"

namespace covbar::test {

/// Every record of a model as text, file by file, then its totals: two parses that must
/// agree (a fast path and the reader behind it) compare these.
inline std::string dump_model(const model::CoverageReport& report) {
  std::string out;
  for (const auto& file : report.files) {
    out += fmt::format("{} kinds {}{}{}{}:", file.path, file.kinds.lines, file.kinds.branches,
                       file.kinds.functions, file.kinds.statements);
    for (const auto& l : file.lines) {
      out += fmt::format(" {}x{}({}/{})", l.number, l.hits, l.branches_covered, l.branches_total);
    }
    out += " |";
    for (const auto& b : file.branches) {
      out += fmt::format(" {}.{}.{}x{}", b.line, b.block, b.index, b.hits);
    }
    out += " |";
    for (const auto& f : file.functions) {
      out += fmt::format(" {}@{}:{}x{}", f.name, f.line, f.column, f.hits);
    }
    out += fmt::format(" | statements {}\n", file.statements.size());
  }
  const auto t = report.totals();
  return out + fmt::format("lines {}/{} branches {}/{} functions {}/{} kinds {}{}{}{}\n",
                           t.lines.covered, t.lines.total, t.branches.covered, t.branches.total,
                           t.functions.covered, t.functions.total, t.kinds.lines, t.kinds.branches,
                           t.kinds.functions, t.kinds.statements);
}

/// dump_model, then everything else the model holds: each file's statements (span and
/// hits), function counts (FNF/FNH without FN records) and summary totals, the report's origins,
/// source roots, declared totals and warnings.
inline std::string dump_whole_model(const model::CoverageReport& report) {
  std::string out = dump_model(report);
  const auto counter = [](const std::optional<model::Counter>& c) {
    return c ? fmt::format("{}/{}", c->covered, c->total) : std::string("none");
  };
  for (const auto& file : report.files) {
    out += fmt::format("{}: statements", file.path);
    for (const auto& st : file.statements) {
      out += fmt::format(" {}:{}-{}:{}x{}", st.start_line, st.start_column, st.end_line,
                         st.end_column, st.hits);
    }
    out += fmt::format(", function counts {}", counter(file.function_counts));
    if (const auto& s = file.summary) {
      out += fmt::format(", summary lines {} branches {} functions {} statements {}",
                         counter(s->lines), counter(s->branches), counter(s->functions),
                         counter(s->statements));
    }
    out += "\n";
  }
  for (const auto& origin : report.origins) {
    out += fmt::format("origin {} {} {}\n", origin.source, origin.format, origin.producer);
  }
  for (const auto& root : report.source_roots) {
    out += fmt::format("source root {}\n", root);
  }
  out += fmt::format("declared lines {} at {}, branches {}\n", counter(report.declared.lines),
                     report.declared.lines_offset, counter(report.declared.branches));
  for (const auto& warning : report.warnings) {
    out += fmt::format("warning {}\n", warning);
  }
  return out;
}

} // namespace covbar::test
