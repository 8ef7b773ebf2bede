#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "src/core/date.hpp"
#include "src/core/percent.hpp"
#include "src/gate/threshold.hpp"

namespace covbar::ratchet {

/// The ratchet's bar, steps and figures are core::Percent values.
using core::Percent;

/// The ratchet's parameters, fixed when it starts (`covbar ratchet init`).
struct Settings {
  gate::Metric metric = gate::Metric::lines;
  Percent step = Percent::points(5); ///< points the bar rises each sprint
  unsigned sprint_days = 14;
  Percent target = Percent::points(80); ///< the bar never rises above it
  Percent slack{0};                     ///< how far below the best figure still passes
  Percent granularity{100'000};         ///< recorded figures move in steps of 0.1 point
};

/// The best figure recorded during one sprint.
struct SprintRecord {
  unsigned sprint = 0; ///< 1-based
  Percent best;
  core::Date date; ///< when it was recorded
};

/// The state file's content: where the ratchet started and the best figures since.
struct State {
  Settings settings;
  core::Date start_date;
  Percent start; ///< the figure at start, rounded down to the granularity
  Percent best;  ///< the best recorded figure (never lowered)
  core::Date best_date;
  std::vector<SprintRecord> sprints; ///< ascending by sprint
};

/// Where a team stands on a given day.
struct Standing {
  bool started = true;            ///< false before start_date
  unsigned sprint = 0;            ///< the current sprint, 1-based (0 before the start)
  unsigned sprints_to_target = 0; ///< n: sprints after which the bar reaches the target
  Percent scheduled_bar;          ///< min(target, start + step x completed sprints)
  Percent floor_from_best;        ///< best - slack
  Percent bar;                    ///< max of the two: today's bar
  Percent next_bar;               ///< the bar from the next sprint's first day
  core::Date next_date;           ///< that day
  core::Date target_date;         ///< the first day the bar equals the target
  bool at_target = false;         ///< the scheduled bar has reached the target
};

/// The sprint holding `day` (1-based; 0 before the start).
unsigned sprint_of(const State& state, const core::Date& day);
/// The first day of sprint `sprint` (1-based).
core::Date sprint_start(const State& state, unsigned sprint);
/// The scheduled bar during sprint `sprint`: min(target, start + step x (sprint - 1)).
Percent scheduled_bar(const State& state, unsigned sprint);
/// How many sprints the bar needs to climb from the start to the target (0 when already there).
unsigned sprints_to_target(const Settings& settings, Percent start);

/// Most sprints a plan (`ratchet init`, `ratchet plan`) shows; past it, or past year 9999,
/// the schedule is refused rather than printed (a step of 0.000001 would be 100 million rows).
inline constexpr unsigned k_max_plan_sprints = 1000;

/// The last sprint a plan shows: the target sprint, today's sprint or the last recorded one.
unsigned plan_sprints(const State& state, const core::Date& today);

/// Why the plan of `state` seen on `today` cannot be shown (over k_max_plan_sprints sprints,
/// or a last day past 9999-12-31), as a sentence; nullopt when it can.
std::optional<std::string> plan_refusal(const State& state, const core::Date& today);

Standing standing_on(const State& state, const core::Date& today);

/// A new state starting `start_date` at `measured` (rounded down to the granularity).
State start_state(const Settings& settings, const core::Date& start_date, Percent measured,
                  const core::Date& today);

/// Records `measured` on `today`: returns true when the state changed, which happens only
/// when the figure, rounded down to the granularity, exceeds the best so far. Never lowers.
bool record(State& state, Percent measured, const core::Date& today);

} // namespace covbar::ratchet
