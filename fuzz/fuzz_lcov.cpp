#include "fuzz/fuzz_target.hpp"
#include "parsers/lcov.hpp"

// Both LCOV readers: the reference reader, and parse_lcov with its accelerator, which must
// agree on every input.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return covbar::fuzz::run_differential(
      data, size,
      [](const covbar::core::SourceText& text) { return covbar::parsers::parse_lcov(text); },
      [](const covbar::core::SourceText& text) {
        return covbar::parsers::parse_lcov_general(text);
      },
      // One line-based reader under both: every refusal must say the same.
      [](const covbar::core::SourceText&) { return true; });
}
