// Cobertura: the accelerator (parse_cobertura) against the reference reader on the same
// bytes. Both must accept with the same model or both refuse; the wording of a refusal may
// differ where the XML itself is broken, which this target does not tell apart.

#include "fuzz/fuzz_target.hpp"
#include "parsers/cobertura.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return covbar::fuzz::run_differential(
      data, size,
      [](const covbar::core::SourceText& text) { return covbar::parsers::parse_cobertura(text); },
      [](const covbar::core::SourceText& text) {
        return covbar::parsers::parse_cobertura_reference(text);
      },
      [](const covbar::core::SourceText&) { return false; });
}
