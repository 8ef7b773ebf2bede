#include "src/gate/threshold.hpp"

#include <fmt/format.h>

#include "src/core/error.hpp"

namespace covbar::gate {

std::string_view metric_name(Metric metric) {
  switch (metric) {
  case Metric::lines:
    return "lines";
  case Metric::branches:
    return "branches";
  case Metric::functions:
    return "functions";
  case Metric::statements:
    return "statements";
  case Metric::combined:
    return "combined";
  }
  return "?";
}

std::optional<Metric> metric_from_name(std::string_view name) {
  for (const Metric m :
       {Metric::lines, Metric::branches, Metric::functions, Metric::statements, Metric::combined}) {
    if (metric_name(m) == name) {
      return m;
    }
  }
  return std::nullopt;
}

std::optional<model::Counter> metric_counter(const model::Totals& totals, Metric metric) {
  switch (metric) {
  case Metric::lines:
    return totals.kinds.lines ? std::optional(totals.lines) : std::nullopt;
  case Metric::branches:
    return totals.kinds.branches ? std::optional(totals.branches) : std::nullopt;
  case Metric::functions:
    return totals.kinds.functions ? std::optional(totals.functions) : std::nullopt;
  case Metric::statements:
    return totals.kinds.statements ? std::optional(totals.statements) : std::nullopt;
  case Metric::combined:
    return totals.kinds.lines || totals.kinds.statements ? std::optional(totals.combined())
                                                         : std::nullopt;
  }
  return std::nullopt;
}

std::string minimum_text(const Threshold& threshold) {
  if (threshold.max_uncovered) {
    return fmt::format("at most {} uncovered", *threshold.max_uncovered);
  }
  return fmt::format("minimum {}%", threshold.target.to_string());
}

std::vector<Threshold> parse_thresholds(std::string_view text) {
  std::vector<Threshold> out;
  if (text.empty()) {
    // A CI template renders an unset variable as an empty value: it must not switch the
    // gate off, nor override covbar.yml's target.
    throw core::UsageError("--fail-under: expected 80 or lines=80,branches=70, "
                           "found an empty value");
  }
  auto bad = [&](std::string_view part, std::string_view why) {
    return core::UsageError(
        fmt::format("--fail-under: {} in '{}' (expected 80 or "
                    "lines=80,branches=70; metrics: lines, branches, functions, statements, "
                    "combined)",
                    why, part));
  };
  std::size_t start = 0;
  while (start <= text.size()) {
    auto comma = text.find(',', start);
    if (comma == std::string_view::npos) {
      comma = text.size();
    }
    const std::string_view part = text.substr(start, comma - start);
    Threshold t;
    std::string_view value = part;
    const auto eq = part.find('=');
    if (eq != std::string_view::npos) {
      const auto metric = metric_from_name(part.substr(0, eq));
      if (!metric) {
        throw bad(part, fmt::format("unknown metric '{}'", part.substr(0, eq)));
      }
      t.metric = *metric;
      value = part.substr(eq + 1);
    }
    const auto target = core::Percent::parse(value);
    if (!target) {
      throw bad(part, fmt::format("'{}' is not a percentage", value));
    }
    // A target above 100 can never be met: refuse it rather than fail every build.
    if (!target->at_most(100)) {
      throw bad(part, "a target above 100");
    }
    t.target = *target;
    for (const auto& existing : out) {
      if (existing.metric == t.metric) {
        throw bad(part, fmt::format("{} given twice", metric_name(t.metric)));
      }
    }
    out.push_back(t);
    start = comma + 1;
  }
  return out;
}

PathThreshold parse_path_threshold(std::string_view text) {
  PathThreshold out;
  std::string_view rest = text;
  constexpr std::string_view per_file_suffix = ":per-file";
  if (rest.ends_with(per_file_suffix)) {
    out.per_file = true;
    rest.remove_suffix(per_file_suffix.size());
  }
  const auto colon = rest.rfind(':');
  if (colon == std::string_view::npos || colon == 0) {
    throw core::UsageError(
        fmt::format("--path-threshold: expected GLOB:SPEC[:per-file] (src/core/**:lines=90), "
                    "found '{}'",
                    text));
  }
  out.glob = std::string(rest.substr(0, colon));
  if (colon + 1 == rest.size()) {
    throw core::UsageError(fmt::format("--path-threshold: '{}' gives no threshold", text));
  }
  out.thresholds = parse_thresholds(rest.substr(colon + 1));
  return out;
}

} // namespace covbar::gate
