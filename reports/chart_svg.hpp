#pragma once

#include <optional>
#include <string>
#include <vector>

#include "src/core/percent.hpp"

namespace covbar::reports {

/// A mark under the x axis: a label and a smaller second line (a sprint and its first day).
struct ChartTick {
  double x = 0;
  std::string label;
  std::string sublabel;
};

/// One level of the required figure, held from `from` to `to` (x units).
struct ChartStep {
  double from = 0;
  double to = 0;
  core::Percent value;
};

/// A recorded figure. `below` draws it as a cross instead of a dot (under its step), so
/// being behind is never told by colour alone.
struct ChartPoint {
  double x = 0;
  core::Percent value;
  std::string label; ///< shown above the mark; empty: none
  bool below = false;
};

/// A coverage chart: a staircase of required figures, a dashed target, recorded figures and
/// a day marker, over an x axis running from 0 to `span`. Every text is escaped when drawn.
struct Chart {
  std::string title;       ///< the SVG's <title> (its accessible name)
  std::string description; ///< the SVG's <desc> (its text alternative); empty: none
  std::string heading;     ///< the line over the plot
  double span = 1;
  std::vector<ChartTick> ticks;
  std::string x_label;
  core::Percent target;
  core::Percent floor; ///< the lowest figure the y axis must show
  std::vector<ChartStep> steps;
  std::vector<ChartPoint> points;
  std::optional<double> marker; ///< a dotted vertical line (today)
  std::string steps_legend = "bar";
  std::string points_legend = "best recorded";
};

/// The chart's width and height in pixels.
inline constexpr int k_chart_width = 720;
inline constexpr int k_chart_height = 360;

/// The chart as an `<svg>` element (with its namespace, so it stands alone as a file or
/// inline in an HTML page), placed `y` pixels down when nested in a larger SVG.
/// Deterministic: the same chart gives the same bytes.
std::string render_chart_svg(const Chart& chart, int y = 0);

} // namespace covbar::reports
