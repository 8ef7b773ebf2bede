#include "ratchet/schedule.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace covbar::ratchet {

unsigned sprint_of(const State& state, const core::Date& day) {
  const long long days = day.days_since(state.start_date);
  if (days < 0) {
    return 0;
  }
  return static_cast<unsigned>(days / state.settings.sprint_days) + 1;
}

core::Date sprint_start(const State& state, unsigned sprint) {
  return state.start_date.plus_days(static_cast<long long>(sprint - 1) *
                                    state.settings.sprint_days);
}

Percent scheduled_bar(const State& state, unsigned sprint) {
  const unsigned completed = sprint == 0 ? 0 : sprint - 1;
  const Percent& target = state.settings.target;
  if (state.start >= target) {
    return target;
  }
  // Capped before multiplying: a ratchet left running for years cannot overflow.
  const std::uint64_t needed = sprints_to_target(state.settings, state.start);
  if (completed >= needed) {
    return target;
  }
  return std::min(target, state.start + state.settings.step * completed);
}

unsigned sprints_to_target(const Settings& settings, Percent start) {
  if (start >= settings.target || settings.step.micro == 0) {
    return 0;
  }
  const std::uint64_t gap = settings.target.micro - start.micro;
  return static_cast<unsigned>((gap + settings.step.micro - 1) / settings.step.micro);
}

unsigned plan_sprints(const State& state, const core::Date& today) {
  unsigned last =
      std::max(sprints_to_target(state.settings, state.start) + 1, sprint_of(state, today));
  if (!state.sprints.empty()) {
    last = std::max(last, state.sprints.back().sprint);
  }
  return last;
}

std::optional<std::string> plan_refusal(const State& state, const core::Date& today) {
  const Settings& s = state.settings;
  const std::uint64_t target_sprint = std::uint64_t{sprints_to_target(s, state.start)} + 1;
  if (target_sprint > k_max_plan_sprints) {
    return fmt::format("reaching the target {}% from {}% at +{} points per sprint takes {} "
                       "sprints; covbar plans at most {} (raise the step or lower the target)",
                       s.target.to_string(), state.start.to_string(), s.step.to_string(),
                       target_sprint, k_max_plan_sprints);
  }
  const unsigned last = plan_sprints(state, today);
  if (last > k_max_plan_sprints) {
    return fmt::format("the plan would run to sprint {} (today, {}, or a recorded figure falls "
                       "in it); covbar plans at most {} sprints (start the ratchet again)",
                       last, today.to_string(), k_max_plan_sprints);
  }
  const core::Date last_day = sprint_start(state, last + 1).plus_days(-1);
  if (last_day > *core::Date::parse("9999-12-31")) {
    return fmt::format("the plan runs past year 9999 (sprint {} ends after 9999-12-31); "
                       "start it earlier or shorten the sprints",
                       last);
  }
  return std::nullopt;
}

Standing standing_on(const State& state, const core::Date& today) {
  Standing s;
  s.sprint = sprint_of(state, today);
  s.started = s.sprint > 0;
  s.sprints_to_target = sprints_to_target(state.settings, state.start);
  s.scheduled_bar = scheduled_bar(state, s.sprint);
  s.floor_from_best = state.best - state.settings.slack;
  s.bar = std::max(s.scheduled_bar, s.floor_from_best);
  const unsigned next = s.sprint + 1;
  s.next_date = sprint_start(state, next == 1 ? 1 : next);
  s.next_bar = std::max(scheduled_bar(state, next), s.floor_from_best);
  s.target_date = sprint_start(state, s.sprints_to_target + 1);
  s.at_target = s.scheduled_bar >= state.settings.target;
  return s;
}

State start_state(const Settings& settings, const core::Date& start_date, Percent measured,
                  const core::Date& today) {
  State state;
  state.settings = settings;
  state.start_date = start_date;
  state.start = measured.floor_to(settings.granularity);
  state.best = state.start;
  state.best_date = today;
  const unsigned sprint = sprint_of(state, today);
  state.sprints.push_back({sprint == 0 ? 1 : sprint, state.best, today});
  return state;
}

bool record(State& state, Percent measured, const core::Date& today) {
  const Percent figure = measured.floor_to(state.settings.granularity);
  if (figure <= state.best) {
    return false;
  }
  state.best = figure;
  state.best_date = today;
  const unsigned sprint = std::max(1U, sprint_of(state, today));
  auto it = std::find_if(state.sprints.begin(), state.sprints.end(),
                         [&](const SprintRecord& r) { return r.sprint >= sprint; });
  if (it != state.sprints.end() && it->sprint == sprint) {
    it->best = figure;
    it->date = today;
  } else {
    state.sprints.insert(it, {sprint, figure, today});
  }
  return true;
}

} // namespace covbar::ratchet
