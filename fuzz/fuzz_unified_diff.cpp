#include <algorithm>

#include "fuzz/fuzz_target.hpp"
#include "parsers/unified_diff.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const covbar::core::SourceText text("fuzz-input",
                                      std::string_view(reinterpret_cast<const char*>(data), size));
  try {
    const auto diff = covbar::parsers::parse_unified_diff(text);
    for (const auto& file : diff.files) {
      if (file.path.empty() || !std::is_sorted(file.added_lines.begin(), file.added_lines.end()) ||
          (!file.added_lines.empty() && file.added_lines.front() == 0)) {
        std::fprintf(stderr, "bad changed file\n");
        std::abort();
      }
    }
  } catch (const covbar::core::InputError& e) {
    if (!e.has_position()) {
      std::fprintf(stderr, "error without a location: %s\n", e.what());
      std::abort();
    }
  }
  return 0;
}
