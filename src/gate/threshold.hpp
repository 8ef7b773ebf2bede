#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "src/core/percent.hpp"
#include "src/model/coverage.hpp"

namespace covbar::gate {

/// The figures a gate can hold to a threshold. `combined` is coverage.py's TOTAL.
enum class Metric { lines, branches, functions, statements, combined };

std::string_view metric_name(Metric metric);
std::optional<Metric> metric_from_name(std::string_view name);

/// The counter for `metric` in `totals`, or nullopt when the reports have no such data.
std::optional<model::Counter> metric_counter(const model::Totals& totals, Metric metric);

/// One minimum, e.g. lines >= 80.
struct Threshold {
  Metric metric = Metric::lines;
  core::Percent target;
};

/// Parses `--fail-under`: `80` (lines), or `lines=80,branches=70`. Targets are 0..100 with at
/// most six decimals. Throws core::UsageError quoting the bad part; an empty value is one too
/// (never "no threshold": an unset CI variable must not switch the gate off).
std::vector<Threshold> parse_thresholds(std::string_view text);

/// A minimum for the files under a glob (vitest's and jest's `coverageThreshold` by glob).
/// By default the matching files are summed and held to it together (vitest); `per_file`
/// holds each matching file to it on its own (jest's glob keys, vitest's perFile).
struct PathThreshold {
  std::string glob;
  std::vector<Threshold> thresholds;
  bool per_file = false;
};

/// Parses `--path-threshold GLOB:SPEC[:per-file]`, SPEC as --fail-under takes it.
PathThreshold parse_path_threshold(std::string_view text);

} // namespace covbar::gate
