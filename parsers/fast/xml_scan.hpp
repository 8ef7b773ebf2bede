#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace covbar::parsers::fast {

/// Byte range [begin, end) in the input.
struct Span {
  std::size_t begin = 0;
  std::size_t end = 0;
};

/// The Cobertura accelerator's split (parsers/fast/cobertura). An XML document cut into the
/// elements named `name` (each whole, with its children) and everything else (the skeleton). Large
/// reports are parsed piecewise and in parallel: every element separately, the skeleton once, so no
/// DOM of the whole document is ever built. Each piece is checked for well-formedness by the real
/// XML parser, so together they check the whole document.
struct XmlSplit {
  std::vector<Span> elements;
  std::string skeleton;
  /// skeleton_origins[k] maps skeleton offset `first` onwards to input offset `second`.
  std::vector<std::pair<std::size_t, std::size_t>> skeleton_origins;
  /// Input offset of the first thing after the root element's end that is neither white
  /// space, a comment nor a processing instruction (XML allows nothing else there), or npos.
  /// The scan stops there: a tail of any size after the root is neither read nor copied.
  std::size_t trailing = std::string_view::npos;
  /// Input offset of a skeleton offset.
  [[nodiscard]] std::size_t input_offset(std::size_t skeleton_offset) const;
};

/// Splits `bytes` around every outermost element named `name`. Comments, CDATA sections,
/// processing instructions and the DOCTYPE are skipped, so a `<class` inside them is not an
/// element. An element left open at the end of input extends to the end (the XML parser
/// then reports where it is cut).
/// `scanned(offset)` is called now and then with how far the scan has gone, so the caller
/// can release what lies behind it. `keep(span)`, when given, is asked about each element
/// while its bytes are still at hand; elements it refuses are left out of `elements` (and,
/// like every element, out of the skeleton). Once the root element has closed, the skeleton
/// ends; see XmlSplit::trailing.
XmlSplit split_elements(std::string_view bytes, std::string_view name,
                        const std::function<void(std::size_t)>& scanned = {},
                        const std::function<bool(const Span&)>& keep = {});

} // namespace covbar::parsers::fast
