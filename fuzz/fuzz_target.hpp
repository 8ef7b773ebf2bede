#pragma once

// One fuzz target per parser: parse arbitrary bytes; an InputError is the expected outcome
// for most inputs; anything else (a crash, another exception, a model whose invariants do
// not hold) is a finding.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "src/core/error.hpp"
#include "src/core/source_text.hpp"
#include "src/model/invariants.hpp"
#include "tests/support/model_dump.hpp"

namespace covbar::fuzz {

template <typename Parse>
int run_parser(const std::uint8_t* data, std::size_t size, Parse&& parse) {
  const core::SourceText text("fuzz-input",
                              std::string_view(reinterpret_cast<const char*>(data), size));
  try {
    const auto report = parse(text);
    const auto problems = model::check_invariants(report);
    if (!problems.empty()) {
      std::fprintf(stderr, "invariant violated: %s\n", problems.front().c_str());
      std::abort();
    }
  } catch (const core::InputError& e) {
    // Refused with a message: what bad input should get. It must say where.
    if (!e.has_position() &&
        std::string_view(e.what()).find("fuzz-input") == std::string_view::npos) {
      std::fprintf(stderr, "error without a location: %s\n", e.what());
      std::abort();
    }
  }
  return 0;
}

/// The differential fuzzer: parses with the reference reader and with the accelerator, and
/// aborts unless both give the same whole model or the same error message (then checks the
/// model as run_parser does).
template <typename Reference, typename Accelerated>
int run_differential(const std::uint8_t* data, std::size_t size, Reference&& reference,
                     Accelerated&& accelerated) {
  const core::SourceText text("fuzz-input",
                              std::string_view(reinterpret_cast<const char*>(data), size));
  const auto outcome = [&text](auto&& parse) {
    try {
      return test::dump_whole_model(parse(text));
    } catch (const core::InputError& e) {
      return std::string("error: ") + e.what();
    }
  };
  const std::string expected = outcome(reference);
  const std::string got = outcome(accelerated);
  if (got != expected) {
    std::fprintf(stderr, "the accelerator disagrees with the reference reader:\n%s\n---\n%s\n",
                 expected.c_str(), got.c_str());
    std::abort();
  }
  return run_parser(data, size, reference);
}

} // namespace covbar::fuzz
