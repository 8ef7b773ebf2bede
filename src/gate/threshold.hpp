#pragma once

#include <cstdint>
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

/// One minimum, e.g. lines >= 80; or, with `max_uncovered`, a most of items left uncovered
/// (jest's negative `coverageThreshold` values).
struct Threshold {
  Metric metric = Metric::lines;
  core::Percent target;
  std::optional<std::uint64_t> max_uncovered = {}; ///< when set, `target` is not used
  std::string origin = {}; ///< where it was read, printed beside it (empty: not printed)
};

/// What a threshold asks, as the reports print it: `minimum 80%`, `at most 3 uncovered`.
std::string minimum_text(const Threshold& threshold);

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
  /// Files matching one of these are left out (jest's `global` once path keys take theirs).
  std::vector<std::string> except = {};
  /// Printed as the scope instead of the glob, when not empty (`files no other key matches`).
  std::string label = {};
};

/// Parses `--path-threshold GLOB:SPEC[:per-file]`, SPEC as --fail-under takes it.
PathThreshold parse_path_threshold(std::string_view text);

} // namespace covbar::gate
