#pragma once

// What a differential test compares: a reader's whole outcome on one input, as text, so a
// disagreement reads as a diff.

#include <string>
#include <utility>

#include "src/core/error.hpp"
#include "src/core/source_text.hpp"
#include "src/model/coverage.hpp"
#include "tests/support/helpers.hpp"

namespace covbar::test {

/// A reader's outcome on `text`: its whole model, or its whole error message (location,
/// expected, found, source line and caret).
template <typename Read>
std::string outcome(const core::SourceText& text, Read&& read) {
  try {
    return dump_whole_model(std::forward<Read>(read)(text));
  } catch (const core::InputError& e) {
    return std::string("error: ") + e.what();
  }
}

} // namespace covbar::test
