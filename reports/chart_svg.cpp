#include "reports/chart_svg.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "reports/html_escape.hpp"

namespace covbar::reports {

using core::Percent;

std::string render_chart_svg(const Chart& chart, int y) {
  constexpr int width = k_chart_width;
  constexpr int height = k_chart_height;
  constexpr int left = 56;
  constexpr int right = 24;
  constexpr int top = 40;
  constexpr int bottom = 56;
  const double plot_w = width - left - right;
  const double plot_h = height - top - bottom;
  // The y axis runs from a multiple of 10 at least 5 points under the lowest figure to 100.
  const std::uint64_t low_points = chart.floor.micro / Percent::k_scale;
  const double y_min = static_cast<double>(low_points >= 15 ? (low_points - 5) / 10 * 10 : 0);
  const double span = chart.span > 0 ? chart.span : 1;
  const auto x_of = [&](double x) { return left + plot_w * x / span; };
  const auto y_of = [&](Percent p) {
    const double v =
        static_cast<double>(std::min(p.micro, Percent::points(100).micro)) / Percent::k_scale;
    return top + plot_h * (100.0 - v) / (100.0 - y_min);
  };
  std::string out = fmt::format("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\"{} "
                                "width=\"{}\" height=\"{}\" viewBox=\"0 0 {} "
                                "{}\" font-family=\"sans-serif\" font-size=\"12\">\n",
                                y == 0 ? std::string() : fmt::format(" y=\"{}\"", y), width, height,
                                width, height);
  out += fmt::format("<title>{}</title>\n", html_escape(chart.title));
  if (!chart.description.empty()) {
    out += fmt::format("<desc>{}</desc>\n", html_escape(chart.description));
  }
  out += fmt::format("<rect width=\"{}\" height=\"{}\" fill=\"#ffffff\"/>\n", width, height);
  out += fmt::format("<text x=\"{}\" y=\"22\" font-size=\"14\">{}</text>\n", left,
                     html_escape(chart.heading));
  for (int v = static_cast<int>(y_min); v <= 100; v += 10) {
    const double gy = y_of(Percent::points(static_cast<std::uint64_t>(v)));
    out += fmt::format("<line x1=\"{}\" y1=\"{:.1f}\" x2=\"{}\" y2=\"{:.1f}\" stroke=\"#e5e5e5\"/>"
                       "<text x=\"{}\" y=\"{:.1f}\" text-anchor=\"end\">{}%</text>\n",
                       left, gy, width - right, gy, left - 6, gy + 4, v);
  }
  for (const auto& tick : chart.ticks) {
    const double x = x_of(tick.x);
    out += fmt::format("<text x=\"{:.1f}\" y=\"{}\" text-anchor=\"middle\">{}</text>", x,
                       height - bottom + 16, html_escape(tick.label));
    if (!tick.sublabel.empty()) {
      out += fmt::format("<text x=\"{:.1f}\" y=\"{}\" text-anchor=\"middle\" font-size=\"9\" "
                         "fill=\"#666666\">{}</text>",
                         x, height - bottom + 30, html_escape(tick.sublabel));
    }
    out += "\n";
  }
  out += fmt::format("<text x=\"{:.1f}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n",
                     left + plot_w / 2, height - 8, html_escape(chart.x_label));
  const double target_y = y_of(chart.target);
  out += fmt::format("<line x1=\"{}\" y1=\"{:.1f}\" x2=\"{}\" y2=\"{:.1f}\" stroke=\"#2e7d32\" "
                     "stroke-dasharray=\"6 4\"/><text x=\"{}\" y=\"{:.1f}\" text-anchor=\"end\" "
                     "fill=\"#2e7d32\">target {}%</text>\n",
                     left, target_y, width - right, target_y, width - right, target_y - 4,
                     chart.target.to_string());
  if (!chart.steps.empty()) {
    std::string path;
    for (std::size_t i = 0; i < chart.steps.size(); ++i) {
      const auto& s = chart.steps[i];
      const double sy = y_of(s.value);
      path += fmt::format("{}{:.1f},{:.1f} L{:.1f},{:.1f} ", i == 0 ? "M" : "L", x_of(s.from), sy,
                          x_of(s.to), sy);
    }
    path.pop_back();
    out +=
        fmt::format("<path d=\"{}\" fill=\"none\" stroke=\"#1565c0\" stroke-width=\"2\"/>\n", path);
  }
  bool any_below = false;
  for (const auto& p : chart.points) {
    const double x = x_of(p.x);
    const double py = y_of(p.value);
    if (p.below) {
      any_below = true;
      out += fmt::format("<path d=\"M{:.1f},{:.1f} L{:.1f},{:.1f} M{:.1f},{:.1f} L{:.1f},{:.1f}\" "
                         "stroke=\"#c62828\" stroke-width=\"2\"/>",
                         x - 4, py - 4, x + 4, py + 4, x - 4, py + 4, x + 4, py - 4);
    } else {
      out += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"4\" fill=\"#ef6c00\"/>", x, py);
    }
    if (!p.label.empty()) {
      // A figure below its step is labelled under its mark, clear of the step's line.
      out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\" "
                         "fill=\"{}\">{}</text>",
                         x, p.below ? py + 18 : py - 8, p.below ? "#c62828" : "#ef6c00",
                         html_escape(p.label));
    }
    out += "\n";
  }
  if (chart.marker) {
    const double x = x_of(*chart.marker);
    out += fmt::format("<line x1=\"{:.1f}\" y1=\"{}\" x2=\"{:.1f}\" y2=\"{}\" stroke=\"#9e9e9e\" "
                       "stroke-dasharray=\"2 3\"/>\n",
                       x, top, x, height - bottom);
  }
  // The legend names each mark in words, beside its colour.
  const auto legend_x = left + 27 + 7 * static_cast<int>(chart.steps_legend.size());
  out += fmt::format("<text x=\"{}\" y=\"{}\" fill=\"#1565c0\">{}</text><text x=\"{}\" y=\"{}\" "
                     "fill=\"#ef6c00\">{}</text>",
                     left + 8, top + 14, html_escape(chart.steps_legend), legend_x, top + 14,
                     html_escape(chart.points_legend));
  if (any_below) {
    out += fmt::format("<text x=\"{}\" y=\"{}\" fill=\"#c62828\">\u00d7 below the required "
                       "figure</text>",
                       legend_x + 19 + 7 * static_cast<int>(chart.points_legend.size()), top + 14);
  }
  return out + "\n</svg>\n";
}

} // namespace covbar::reports
