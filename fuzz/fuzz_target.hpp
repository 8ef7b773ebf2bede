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

} // namespace covbar::fuzz
