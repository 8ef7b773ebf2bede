// coverage-final.json: the accelerator (parse_istanbul_final) against the reference reader on
// the same bytes. Both must accept with the same model or both refuse, and where the JSON is
// well-formed (see well_formed) refuse with the same message at the same place.

#include <algorithm>

#include "fuzz/fuzz_target.hpp"
#include "parsers/fast/json_split.hpp"
#include "parsers/istanbul_final.hpp"
#include "src/core/utf8.hpp"

namespace {

/// UTF-8 without control bytes but white space (JSON allows none outside strings, and a raw
/// one inside a string is located by each reader alike), whose structure both the split and
/// simdjson find sound.
bool well_formed(const covbar::core::SourceText& text) {
  const std::string_view bytes = text.bytes();
  if (covbar::core::first_invalid_utf8(bytes) != std::string_view::npos ||
      std::any_of(bytes.begin(), bytes.end(), [](char c) {
        return static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r';
      })) {
    return false;
  }
  try {
    (void)covbar::parsers::fast::split_top_level_object(text);
  } catch (const covbar::core::InputError&) {
    return false;
  }
  // A structure the split finds sound may still be broken inside a member, where simdjson's
  // own parse finds it: each reader locates that by its own parse.
  try {
    (void)covbar::parsers::parse_istanbul_final_reference(text);
  } catch (const covbar::core::InputError& e) {
    const std::string_view message = e.what();
    return message.find("The JSON document has an improper structure") == std::string_view::npos &&
           message.find("JSON document ended early") == std::string_view::npos;
  }
  return true;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return covbar::fuzz::run_differential(
      data, size,
      [](const covbar::core::SourceText& text) {
        return covbar::parsers::parse_istanbul_final(text);
      },
      [](const covbar::core::SourceText& text) {
        return covbar::parsers::parse_istanbul_final_reference(text);
      },
      well_formed);
}
