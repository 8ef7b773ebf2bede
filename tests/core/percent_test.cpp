// core::Percent: exact percentages (and numbers read by the same rules) in millionths.

#include <gtest/gtest.h>

#include "src/core/percent.hpp"

namespace covbar::core {

TEST(Percent, FloorPercentNeverRoundsUpToTheThreshold) {
  EXPECT_EQ(floor_percent(79996, 100000, 2), "79.99");
  EXPECT_EQ(floor_percent(41, 43, 2), "95.34");
  EXPECT_EQ(floor_percent(1, 3, 0), "33");
  EXPECT_EQ(floor_percent(0, 0, 2), "n/a");
  EXPECT_EQ(floor_percent(2, 3, 6), "66.666666");
}

TEST(Percent, ExactComparison) {
  const auto eighty = Percent::parse("80").value();
  EXPECT_TRUE(eighty.met_by({80, 100}));
  EXPECT_FALSE(eighty.met_by({79996, 100000}));
  const auto fine = Percent::parse("79.995").value();
  EXPECT_TRUE(fine.met_by({79995, 100000}));
  EXPECT_FALSE(fine.met_by({79994, 100000}));
  EXPECT_TRUE(eighty.met_by({0, 0})); // nothing to cover meets every bar
  // One item short in a count past 64 bits once scaled: still exact.
  const std::uint64_t total = 18'000'000'000'000'000'000ULL;
  EXPECT_TRUE(eighty.met_by({total / 10 * 8, total}));
  EXPECT_FALSE(eighty.met_by({total / 10 * 8 - 1, total}));
  EXPECT_LT(*Percent::parse("79.999999"), eighty);
  EXPECT_EQ(*Percent::parse("80.000"), eighty);
}

TEST(Percent, Parsing) {
  EXPECT_EQ(Percent::parse("62.4")->micro, 62'400'000U);
  EXPECT_EQ(Percent::parse("0.000001")->micro, 1U);
  EXPECT_EQ(Percent::parse(".5")->micro, 500'000U);
  EXPECT_EQ(Percent::parse("5.")->micro, 5'000'000U);
  for (const char* bad : {"", ".", "8a", "-1", "+1", "1e2", "1.2.3", " 1", "1,5", "0.0000001"}) {
    EXPECT_FALSE(Percent::parse(bad).has_value()) << bad;
  }
}

TEST(Percent, Limits) {
  // Fourteen digits before the point at most; the largest still fits in 64 bits as millionths.
  EXPECT_EQ(Percent::parse("10000000000009")->micro, 10'000'000'000'009'000'000ULL);
  EXPECT_FALSE(Percent::parse("10000000000010").has_value());
  EXPECT_FALSE(Percent::parse("100000000000000").has_value());
  EXPECT_TRUE(Percent::parse("100")->at_most(100));
  EXPECT_FALSE(Percent::parse("100.000001")->at_most(100));
  EXPECT_FALSE(Percent::parse("10000000000009")->at_most(100));
}

TEST(Percent, Printing) {
  EXPECT_EQ(Percent::parse("79.50")->to_string(), "79.5");
  EXPECT_EQ(Percent::parse("80.000")->to_string(), "80");
  EXPECT_EQ(Percent::parse("0")->to_string(), "0");
  EXPECT_EQ(Percent::parse("0.05")->to_string(), "0.05");
  EXPECT_EQ(Percent::parse("62.4")->to_string(2), "62.40");
  EXPECT_EQ(Percent::parse("62.4999")->to_string(2), "62.49"); // rounded down
  EXPECT_EQ(Percent::parse("62.4")->to_string(0), "62");
  EXPECT_EQ(Percent::parse("62.4")->to_string(9), "62.400000"); // six places at most
  EXPECT_EQ(Percent::of({2, 3}).to_string(), "66.666666");
  EXPECT_EQ(Percent::of({0, 0}), Percent::points(100));
}

TEST(Percent, Arithmetic) {
  const auto step = *Percent::parse("2.5");
  EXPECT_EQ(Percent::points(60) + step, *Percent::parse("62.5"));
  EXPECT_EQ(Percent::points(1) - Percent::points(2), Percent::points(0)); // saturates
  EXPECT_EQ(step * 3, *Percent::parse("7.5"));
  EXPECT_EQ(Percent::parse("64.27")->floor_to(*Percent::parse("0.1")), *Percent::parse("64.2"));
  EXPECT_EQ(Percent::parse("64.27")->floor_to(Percent{}), *Percent::parse("64.27"));
}

TEST(Percent, UnitsNeededAndGap) {
  EXPECT_EQ(Percent::points(80).units_needed({30, 40}), 2U);
  EXPECT_EQ(Percent::points(80).units_needed({32, 40}), 0U);
  EXPECT_EQ(Percent::parse("80.1")->units_needed({0, 1000}), 801U); // rounded up
  EXPECT_EQ(Percent::points(80).gap_above({62456, 100000}, 2), "17.55");
  EXPECT_EQ(Percent::points(80).gap_above({30, 40}, 2), "5.00");
  EXPECT_EQ(Percent::points(80).gap_above({90, 100}, 2), "0.00");
  EXPECT_EQ(Percent::points(80).gap_above({0, 0}, 1), "0.0");
  EXPECT_EQ(Percent::points(80).gap_above({1, 3}, 0), "47"); // 46.67 rounded up
}

} // namespace covbar::core
