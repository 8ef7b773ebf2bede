#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "reports/check_result.hpp"

namespace covbar::reports {

/// A shields-style badge: a grey label, a coloured message.
struct Badge {
  std::string label;
  std::string message;
  std::string colour; ///< #rrggbb
};

/// Badge colours: at or above the metric's minimum, below it, no minimum, no data.
inline constexpr std::string_view k_badge_pass = "#4c1";
inline constexpr std::string_view k_badge_fail = "#e05d44";
inline constexpr std::string_view k_badge_no_threshold = "#007ec6";
inline constexpr std::string_view k_badge_no_data = "#9f9f9f";

/// Width of `text` at 11px in hundredths of a pixel, summed per character from a table of
/// advance widths measured in Chromium (canvas measureText, 11px) on DejaVu Sans, the font
/// Verdana falls back to on Debian (its digits have Verdana's 0.636 em). A character
/// outside printable ASCII counts as wide as `W`, so a badge is never too narrow.
std::uint64_t badge_text_width(std::string_view text);

/// The badge for `metric` of a check: its percentage (rounded down at the check's precision)
/// coloured by the whole-report threshold on that metric, from --fail-under or covbar.yml.
Badge coverage_badge(const CheckResult& result, gate::Metric metric, std::string label);

/// The SVG (flat style, 20px high): each part as wide as its measured text plus 10px, the
/// text held to that width by textLength whatever font renders it, and every text escaped.
std::string render_badge_svg(const Badge& badge);

} // namespace covbar::reports
