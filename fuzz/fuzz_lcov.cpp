#include "fuzz/fuzz_target.hpp"
#include "parsers/lcov.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return covbar::fuzz::run_parser(data, size, [](const covbar::core::SourceText& text) {
    return covbar::parsers::parse_lcov(text);
  });
}
