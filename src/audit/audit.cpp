#include "src/audit/audit.hpp"

#include <algorithm>

#include "ratchet/schedule.hpp"
#include "src/core/int128.hpp"

namespace covbar::audit {

using core::u128;

std::uint64_t units_to_cover(const model::Counter& counter, core::Percent target) {
  return target.units_needed(counter);
}

std::uint64_t effort_tenths(std::uint64_t units, const core::Percent& rate) {
  // hours = units / rate; tenths = ceil(units * 10 * 10^6 / rate.micro)
  const u128 numerator = static_cast<u128>(units) * 10 * core::Percent::k_scale;
  return static_cast<std::uint64_t>((numerator + rate.micro - 1) / rate.micro);
}

std::string_view strategy_name(Strategy strategy) {
  switch (strategy) {
  case Strategy::hard_gate:
    return "hard-gate";
  case Strategy::ratchet:
    return "ratchet";
  case Strategy::new_code_only:
    return "new-code-only";
  }
  return "new-code-only";
}

Row assess(Measurement measured, const Rules& rules) {
  Row row;
  std::sort(measured.files.begin(), measured.files.end(), [](const FileGap& a, const FileGap& b) {
    return a.uncovered != b.uncovered ? a.uncovered > b.uncovered : a.path < b.path;
  });
  if (measured.files.size() > rules.top_files) {
    measured.files.resize(rules.top_files);
  }
  row.measured = std::move(measured);
  if (row.measured.problem) {
    return row;
  }
  const model::Counter& c = row.measured.counter;
  row.to_cover = units_to_cover(c, rules.target);
  row.effort_tenths = effort_tenths(row.to_cover, rules.rate);
  ratchet::Settings settings;
  settings.step = rules.step;
  settings.target = rules.target;
  row.sprints = ratchet::sprints_to_target(settings, core::Percent::of(c));
  // Percent::of rounds down, so a figure a hair under the target still needs a sprint; a
  // figure meeting the target exactly needs none.
  if (row.to_cover == 0) {
    row.sprints = 0;
    row.strategy = Strategy::hard_gate;
  } else if (row.sprints <= rules.max_ratchet_sprints) {
    row.strategy = Strategy::ratchet;
  } else {
    row.strategy = Strategy::new_code_only;
  }
  row.reaches_target =
      rules.today.plus_days(static_cast<long long>(row.sprints) * rules.sprint_days);
  return row;
}

} // namespace covbar::audit
