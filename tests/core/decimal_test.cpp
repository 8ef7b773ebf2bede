#include <gtest/gtest.h>

#include "src/core/decimal.hpp"

namespace covbar::core {

TEST(Decimal, FloorPercentNeverRoundsUpToTheThreshold) {
  EXPECT_EQ(floor_percent(79996, 100000, 2), "79.99");
  EXPECT_EQ(floor_percent(41, 43, 2), "95.34");
  EXPECT_EQ(floor_percent(1, 3, 0), "33");
  EXPECT_EQ(floor_percent(0, 0, 2), "n/a");
}

TEST(Decimal, ExactComparison) {
  const auto eighty = Decimal::parse("80").value();
  EXPECT_TRUE(eighty.ratio_meets(80, 100));
  EXPECT_FALSE(eighty.ratio_meets(79996, 100000));
  const auto fine = Decimal::parse("79.995").value();
  EXPECT_TRUE(fine.ratio_meets(79995, 100000));
  EXPECT_FALSE(fine.ratio_meets(79994, 100000));
  EXPECT_FALSE(Decimal::parse("8a").has_value());
  EXPECT_FALSE(Decimal::parse("").has_value());
  EXPECT_EQ(Decimal::parse("79.50")->to_string(), "79.5");
}

} // namespace covbar::core
