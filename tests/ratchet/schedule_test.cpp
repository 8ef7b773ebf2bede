// The ratchet's arithmetic over simulated dates: sprint boundaries, before the start, past
// the target, and a drop below the best figure. No test reads the real clock.

#include <gtest/gtest.h>

#include "ratchet/schedule.hpp"

namespace covbar::test {
namespace {

using core::Percent;

core::Date day(const char* text) { return *core::Date::parse(text); }
Percent pct(const char* text) { return *Percent::parse(text); }

ratchet::State plan_from(const char* start_figure) {
  ratchet::Settings settings; // +5 per 14-day sprint up to 80, slack 0, granularity 0.1
  return ratchet::start_state(settings, day("2026-01-05"), pct(start_figure), day("2026-01-05"));
}

TEST(RatchetSchedule, SprintBoundariesAreFourteenDaysApart) {
  const auto state = plan_from("62.4");
  EXPECT_EQ(ratchet::sprint_of(state, day("2026-01-04")), 0U);
  EXPECT_EQ(ratchet::sprint_of(state, day("2026-01-05")), 1U);
  EXPECT_EQ(ratchet::sprint_of(state, day("2026-01-18")), 1U); // last day of sprint 1
  EXPECT_EQ(ratchet::sprint_of(state, day("2026-01-19")), 2U); // first day of sprint 2
  EXPECT_EQ(ratchet::sprint_start(state, 3).to_string(), "2026-02-02");
}

TEST(RatchetSchedule, BarRisesFivePointsPerCompletedSprintUpToTheTarget) {
  const auto state = plan_from("62.4");
  EXPECT_EQ(ratchet::standing_on(state, day("2026-01-18")).bar, pct("62.4"));
  EXPECT_EQ(ratchet::standing_on(state, day("2026-01-19")).bar, pct("67.4"));
  EXPECT_EQ(ratchet::standing_on(state, day("2026-02-02")).bar, pct("72.4"));
  EXPECT_EQ(ratchet::standing_on(state, day("2026-02-16")).bar, pct("77.4"));
  // 62.4 + 4 x 5 = 82.4 is capped: the target is reached in sprint 5.
  const auto s5 = ratchet::standing_on(state, day("2026-03-02"));
  EXPECT_EQ(s5.bar, pct("80"));
  EXPECT_TRUE(s5.at_target);
  EXPECT_EQ(s5.sprints_to_target, 4U);
  EXPECT_EQ(s5.target_date.to_string(), "2026-03-02");
  // Long past the target the bar stays there.
  EXPECT_EQ(ratchet::standing_on(state, day("2031-01-01")).bar, pct("80"));
}

TEST(RatchetSchedule, NextBarAndItsDate) {
  const auto s = ratchet::standing_on(plan_from("62.4"), day("2026-01-20"));
  EXPECT_EQ(s.sprint, 2U);
  EXPECT_EQ(s.next_bar, pct("72.4"));
  EXPECT_EQ(s.next_date.to_string(), "2026-02-02");
}

TEST(RatchetSchedule, BeforeTheStartTheBarIsTheStartFigure) {
  ratchet::Settings settings;
  const auto state =
      ratchet::start_state(settings, day("2026-02-01"), pct("50"), day("2026-01-20"));
  const auto s = ratchet::standing_on(state, day("2026-01-25"));
  EXPECT_FALSE(s.started);
  EXPECT_EQ(s.sprint, 0U);
  EXPECT_EQ(s.bar, pct("50"));
  EXPECT_EQ(s.next_date.to_string(), "2026-02-01");
}

TEST(RatchetSchedule, AlreadyAtTargetMeansNoSprintsToClimb) {
  const auto s = ratchet::standing_on(plan_from("91.25"), day("2026-01-05"));
  EXPECT_EQ(s.sprints_to_target, 0U);
  EXPECT_TRUE(s.at_target);
  // The best figure (91.2 after the 0.1 granularity) holds the bar above the target.
  EXPECT_EQ(s.bar, pct("91.2"));
}

TEST(RatchetSchedule, ADropBelowTheBestFigureFailsEvenWhenTheScheduleIsLower) {
  auto state = plan_from("62.4");
  ASSERT_TRUE(ratchet::record(state, pct("70.06"), day("2026-01-10")));
  EXPECT_EQ(state.best, pct("70")); // rounded down to the granularity
  const auto s = ratchet::standing_on(state, day("2026-01-12"));
  EXPECT_EQ(s.scheduled_bar, pct("62.4"));
  EXPECT_EQ(s.bar, pct("70"));
  EXPECT_FALSE(s.bar.met_by({699, 1000}));
  EXPECT_TRUE(s.bar.met_by({700, 1000}));
  // With two points of slack, 68 passes.
  state.settings.slack = pct("2");
  EXPECT_TRUE(ratchet::standing_on(state, day("2026-01-12")).bar.met_by({680, 1000}));
}

TEST(RatchetSchedule, RecordNeverLowersAndIgnoresMovesBelowTheGranularity) {
  auto state = plan_from("62.4");
  EXPECT_FALSE(ratchet::record(state, pct("62.49"), day("2026-01-06"))); // < 62.5
  EXPECT_FALSE(ratchet::record(state, pct("60"), day("2026-01-06")));
  EXPECT_EQ(state.best, pct("62.4"));
  EXPECT_TRUE(ratchet::record(state, pct("62.5"), day("2026-01-07")));
  EXPECT_TRUE(ratchet::record(state, pct("66"), day("2026-01-20")));
  ASSERT_EQ(state.sprints.size(), 2U);
  EXPECT_EQ(state.sprints[0].best, pct("62.5"));
  EXPECT_EQ(state.sprints[1].sprint, 2U);
  EXPECT_EQ(state.sprints[1].best, pct("66"));
}

TEST(RatchetSchedule, ExactComparisonAtTheBar) {
  // 2 of 3 = 66.666...%: meets 66.666666, not 66.666667.
  EXPECT_TRUE(pct("66.666666").met_by({2, 3}));
  EXPECT_FALSE(pct("66.666667").met_by({2, 3}));
  EXPECT_EQ(Percent::of({2, 3}).to_string(), "66.666666");
  EXPECT_EQ(Percent::of({2, 3}).to_string(2), "66.66");
}

} // namespace
} // namespace covbar::test
