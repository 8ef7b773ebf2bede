#pragma once

#include <optional>
#include <string>

#include "ratchet/schedule.hpp"
#include "src/model/coverage.hpp"

namespace covbar::reports {

/// What `covbar ratchet check` (and `update`) computed, read by every output format.
struct RatchetResult {
  const ratchet::State* state = nullptr;
  ratchet::Standing standing;
  core::Date today;
  model::Counter measured; ///< the metric's counter in today's reports
  bool passed = false;     ///< measured >= today's bar, compared exactly
  unsigned precision = 2;
  std::optional<bool> recorded; ///< update only: whether the state file changed
};

std::string render_ratchet_text(const RatchetResult& result);
std::string render_ratchet_markdown(const RatchetResult& result);
std::string render_ratchet_json(const RatchetResult& result, const std::string& version);

/// The schedule, sprint by sprint, with the best figure recorded in each: a text table
/// (`markdown` false) or a Markdown one.
std::string render_plan(const ratchet::State& state, const core::Date& today, bool markdown);

/// An SVG chart of the scheduled bar (a staircase up to the target) and the recorded figures
/// by sprint. Deterministic: the same state and day give the same bytes.
std::string render_plan_svg(const ratchet::State& state, const core::Date& today);

} // namespace covbar::reports
