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
#include "tests/support/model_dump.hpp"

namespace covbar::fuzz {

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
    return "model\n" + test::dump_whole_model(report);
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
