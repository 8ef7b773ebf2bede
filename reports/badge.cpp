#include "reports/badge.hpp"

#include <array>

#include <fmt/format.h>

#include "reports/html_escape.hpp"

namespace covbar::reports {
namespace {

/// Advance widths of ' ' (0x20) to '~' (0x7e) at 11px, in hundredths of a pixel (measured,
/// see badge_text_width).
constexpr std::array<std::uint16_t, 95> k_widths = {
    350, 441, 506, 922, 700, 1045, 858,  302, 429, 429, 550, 922, 350,  397, 350, 371, // ' '-'/'
    700, 700, 700, 700, 700, 700,  700,  700, 700, 700,                                // '0'-'9'
    371, 371, 922, 922, 922, 584,  1100,                                               // ':'-'@'
    752, 755, 768, 847, 695, 633,  852,  827, 324, 324, 721, 613, 949,  823, 866, 663, // 'A'-'P'
    866, 764, 698, 672, 805, 752,  1088, 754, 672, 754,                                // 'Q'-'Z'
    429, 371, 429, 922, 550, 550,                                                      // '['-'`'
    674, 698, 605, 698, 677, 387,  698,  697, 306, 306, 637, 306, 1072, 697, 673, 698, // 'a'-'p'
    698, 452, 573, 431, 697, 651,  900,  651, 651, 577,                                // 'q'-'z'
    700, 371, 700, 922};                                                               // '{'-'~'
constexpr std::uint16_t k_wide = 1088;                                                 // 'W'

std::string format_px(std::uint64_t hundredths) {
  return fmt::format("{}.{:02}", hundredths / 100, hundredths % 100);
}

} // namespace

std::uint64_t badge_text_width(std::string_view text) {
  std::uint64_t width = 0;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte < 0x7f) {
      width += k_widths[byte - 0x20];
    } else if ((byte & 0xC0) != 0x80) { // one per code point: skip UTF-8 continuation bytes
      width += k_wide;
    }
  }
  return width;
}

Badge coverage_badge(const CheckResult& result, gate::Metric metric, std::string label) {
  Badge badge;
  badge.label = std::move(label);
  const auto counter = gate::metric_counter(result.totals, metric);
  if (!counter || counter->total == 0) {
    badge.message = "n/a";
    badge.colour = k_badge_no_data;
    return badge;
  }
  badge.message = percent_text(*counter, result.precision);
  badge.colour = k_badge_no_threshold;
  for (const auto& r : result.decision.results) {
    if (r.scope.empty() && r.threshold.metric == metric) {
      badge.colour = r.passed ? k_badge_pass : k_badge_fail;
    }
  }
  return badge;
}

std::string render_badge_svg(const Badge& badge) {
  // Whole pixels, rounded up, plus 5px each side (shields' flat badge).
  const std::uint64_t label_text = badge_text_width(badge.label);
  const std::uint64_t message_text = badge_text_width(badge.message);
  const std::uint64_t label_width = (label_text + 99) / 100 + 10;
  const std::uint64_t message_width = (message_text + 99) / 100 + 10;
  const std::uint64_t width = label_width + message_width;
  const std::string label = html_escape(badge.label);
  const std::string message = html_escape(badge.message);
  return fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"20\" role=\"img\" "
      "aria-label=\"{1}: {2}\"><title>{1}: {2}</title>"
      "<linearGradient id=\"s\" x2=\"0\" y2=\"100%\"><stop offset=\"0\" stop-color=\"#bbb\" "
      "stop-opacity=\".1\"/><stop offset=\"1\" stop-opacity=\".1\"/></linearGradient>"
      "<clipPath id=\"r\"><rect width=\"{0}\" height=\"20\" rx=\"3\" fill=\"#fff\"/></clipPath>"
      "<g clip-path=\"url(#r)\"><rect width=\"{3}\" height=\"20\" fill=\"#555\"/>"
      "<rect x=\"{3}\" width=\"{4}\" height=\"20\" fill=\"{5}\"/>"
      "<rect width=\"{0}\" height=\"20\" fill=\"url(#s)\"/></g>"
      "<g fill=\"#fff\" text-anchor=\"middle\" font-family=\"Verdana,Geneva,DejaVu Sans,"
      "sans-serif\" font-size=\"11\" text-rendering=\"geometricPrecision\">"
      "<text x=\"{6}\" y=\"15\" fill=\"#010101\" fill-opacity=\".3\" textLength=\"{7}\" "
      "lengthAdjust=\"spacingAndGlyphs\">{1}</text>"
      "<text x=\"{6}\" y=\"14\" textLength=\"{7}\" lengthAdjust=\"spacingAndGlyphs\">{1}</text>"
      "<text x=\"{8}\" y=\"15\" fill=\"#010101\" fill-opacity=\".3\" textLength=\"{9}\" "
      "lengthAdjust=\"spacingAndGlyphs\">{2}</text>"
      "<text x=\"{8}\" y=\"14\" textLength=\"{9}\" lengthAdjust=\"spacingAndGlyphs\">{2}</text>"
      "</g></svg>\n",
      width, label, message, label_width, message_width, badge.colour, format_px(label_width * 50),
      format_px(label_text), format_px(label_width * 100 + message_width * 50),
      format_px(message_text));
}

} // namespace covbar::reports
