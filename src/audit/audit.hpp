#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "src/core/date.hpp"
#include "src/core/percent.hpp"
#include "src/gate/threshold.hpp"
#include "src/model/coverage.hpp"

namespace covbar::audit {

/// The rules the audit table follows (the rollout plan's Phase 6.1 and 6.2), all configurable.
struct Rules {
  gate::Metric metric = gate::Metric::lines;
  core::Percent target = core::Percent::points(80);
  core::Percent rate = core::Percent::points(25); ///< lines brought under test per hour
  unsigned max_ratchet_sprints = 4;               ///< a longer climb: new-code-only
  core::Percent step = core::Percent::points(5);
  unsigned sprint_days = 14;
  unsigned top_files = 3;
  core::Date today;
};

/// The plan's three ways to the target.
enum class Strategy { hard_gate, ratchet, new_code_only };

/// A file and its uncovered count, for the short list under the table.
struct FileGap {
  std::string path;
  std::uint64_t uncovered = 0;
  std::uint64_t total = 0;
};

/// One repository's measured coverage, or why it has none.
struct Measurement {
  std::string name;
  std::vector<std::string> reports;
  std::optional<std::string> problem; ///< set when no figure could be read
  model::Counter counter;             ///< the metric's counter
  std::vector<FileGap> files;         ///< every file with something uncovered
};

/// One row of the audit table.
struct Row {
  Measurement measured;
  std::uint64_t to_cover = 0;      ///< exactly how many more must be covered to reach target
  std::uint64_t effort_tenths = 0; ///< to_cover / rate hours, rounded up to 0.1 h
  Strategy strategy = Strategy::new_code_only;
  unsigned sprints = 0;      ///< ratchet sprints to the target
  core::Date reaches_target; ///< with the ratchet started today
};

/// The smallest x with (covered + x) / total >= target, compared exactly (0 when met).
std::uint64_t units_to_cover(const model::Counter& counter, core::Percent target);

/// Hours for `units` at `rate` per hour, in tenths, rounded up.
std::uint64_t effort_tenths(std::uint64_t units, const core::Percent& rate);

/// Applies the rules to one measurement.
Row assess(Measurement measured, const Rules& rules);

std::string_view strategy_name(Strategy strategy);

} // namespace covbar::audit
