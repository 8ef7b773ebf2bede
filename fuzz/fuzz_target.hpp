#pragma once

// One fuzz target per parser: parse arbitrary bytes; an InputError is the expected outcome
// for most inputs; anything else (a crash, another exception, a model whose invariants do
// not hold) is a finding. A format with an accelerator runs it and its reference reader on
// the same bytes, and any disagreement is a finding too (run_differential).

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "src/core/error.hpp"
#include "src/core/source_text.hpp"
#include "src/model/invariants.hpp"

namespace covbar::fuzz {

/// A short, complete text of a model: what the differential targets compare.
inline std::string model_text(const model::CoverageReport& report) {
  std::string out;
  const auto add = [&out](auto value) { out += std::to_string(value) + ' '; };
  for (const auto& file : report.files) {
    out += file.path + " kinds ";
    add(file.kinds.lines);
    add(file.kinds.branches);
    add(file.kinds.functions);
    add(file.kinds.statements);
    for (const auto& line : file.lines) {
      add(line.number);
      add(line.hits);
      add(line.branches_covered);
      add(line.branches_total);
    }
    out += "| ";
    for (const auto& branch : file.branches) {
      add(branch.line);
      add(branch.block);
      add(branch.index);
      add(branch.hits);
    }
    out += "| ";
    for (const auto& function : file.functions) {
      out += function.name + ' ';
      add(function.line);
      add(function.column);
      add(function.hits);
    }
    out += "| ";
    for (const auto& s : file.statements) {
      add(s.start_line);
      add(s.start_column);
      add(s.end_line);
      add(s.end_column);
      add(s.hits);
    }
    out += '\n';
  }
  for (const auto& origin : report.origins) {
    out += origin.source + ' ' + origin.format + ' ' + origin.producer + '\n';
  }
  for (const auto& root : report.source_roots) {
    out += root + '\n';
  }
  if (report.declared.lines) {
    add(report.declared.lines->covered);
    add(report.declared.lines->total);
    add(report.declared.lines_offset);
  }
  if (report.declared.branches) {
    add(report.declared.branches->covered);
    add(report.declared.branches->total);
  }
  return out;
}

/// What `parse` makes of `text`: "model\n" and the model's text, or "error\n" and the
/// error's message. Aborts on what a parser must never do: a model whose invariants do not
/// hold, an input error without a location (any other exception escapes, and libFuzzer
/// reports it).
template <typename Parse>
std::string checked_outcome(const core::SourceText& text, Parse&& parse) {
  try {
    const auto report = parse(text);
    const auto problems = model::check_invariants(report);
    if (!problems.empty()) {
      std::fprintf(stderr, "invariant violated: %s\n", problems.front().c_str());
      std::abort();
    }
    return "model\n" + model_text(report);
  } catch (const core::InputError& e) {
    // Refused with a message: what bad input should get. It must say where.
    if (!e.has_position() &&
        std::string_view(e.what()).find("fuzz-input") == std::string_view::npos) {
      std::fprintf(stderr, "error without a location: %s\n", e.what());
      std::abort();
    }
    return std::string("error\n") + e.what();
  }
}

template <typename Parse>
int run_parser(const std::uint8_t* data, std::size_t size, Parse&& parse) {
  const core::SourceText text("fuzz-input",
                              std::string_view(reinterpret_cast<const char*>(data), size));
  (void)checked_outcome(text, parse);
  return 0;
}

/// The differential target: the accelerator and the reference reader on the same bytes must
/// both accept with the same model, or both refuse, each held to run_parser's rules; when
/// `same_errors(text)`, both refusals must also say the same (message and location).
template <typename Fast, typename Reference, typename SameErrors>
int run_differential(const std::uint8_t* data, std::size_t size, Fast&& fast, Reference&& reference,
                     SameErrors&& same_errors) {
  const core::SourceText text("fuzz-input",
                              std::string_view(reinterpret_cast<const char*>(data), size));
  const std::string a = checked_outcome(text, fast);
  const std::string b = checked_outcome(text, reference);
  const bool both_refused = a.starts_with("error\n") && b.starts_with("error\n");
  if (a != b && (!both_refused || same_errors(text))) {
    std::fprintf(stderr,
                 "the accelerator and the reference reader disagree\n"
                 "accelerator:\n%s\nreference:\n%s\n",
                 a.c_str(), b.c_str());
    std::abort();
  }
  return 0;
}
} // namespace covbar::fuzz
