// src/gate on its own: threshold parsing, the hard gate's exact verdict, per-path thresholds,
// and the changed-line gate's matching and counting (end to end in tests/cli as well).

#include <gtest/gtest.h>

#include "src/core/error.hpp"
#include "src/gate/changed_lines_gate.hpp"
#include "src/gate/decision.hpp"
#include "src/gate/threshold.hpp"
#include "src/model/changed_lines.hpp"
#include "tests/support/helpers.hpp"

namespace covbar::test {
namespace {

/// An LCOV report: ops.py with lines 1-4 (2 and 4 missed) and a branch pair on line 3, one
/// arm taken; mypkg/a.py with line 1 covered.
model::CoverageReport sample() {
  return parse_text("cov.info", "SF:src/calc/ops.py\nDA:1,1\nDA:2,0\nDA:3,2\nDA:4,0\n"
                                "BRDA:3,0,0,2\nBRDA:3,0,1,0\nend_of_record\n"
                                "SF:/ci/mypkg/a.py\nDA:1,1\nend_of_record\n");
}

TEST(Thresholds, ParseEveryForm) {
  const auto one = gate::parse_thresholds("79.5");
  ASSERT_EQ(one.size(), 1U);
  EXPECT_EQ(one[0].metric, gate::Metric::lines);
  EXPECT_EQ(one[0].target, *core::Percent::parse("79.5"));
  const auto two = gate::parse_thresholds("lines=80,branches=70");
  ASSERT_EQ(two.size(), 2U);
  EXPECT_EQ(two[1].metric, gate::Metric::branches);
  EXPECT_EQ(two[1].target, core::Percent::points(70));
  for (const char* bad :
       {"", "lines=", "eighty", "100.5", "lines=80,lines=70", "loops=80", "80.1234567"}) {
    EXPECT_THROW((void)gate::parse_thresholds(bad), core::UsageError) << bad;
  }
}

TEST(Thresholds, PathThresholds) {
  const auto p = gate::parse_path_threshold("src/core/**:lines=90:per-file");
  EXPECT_EQ(p.glob, "src/core/**");
  EXPECT_TRUE(p.per_file);
  ASSERT_EQ(p.thresholds.size(), 1U);
  EXPECT_EQ(p.thresholds[0].target, core::Percent::points(90));
  EXPECT_FALSE(gate::parse_path_threshold("src/**:80").per_file);
  EXPECT_THROW((void)gate::parse_path_threshold("no-colon"), core::UsageError);
  EXPECT_THROW((void)gate::parse_path_threshold("src/**:"), core::UsageError);
}

TEST(HardGate, ComparesExactlyAndFailsClosed) {
  const auto totals = sample().totals();
  // Lines: 3 of 5 = 60%; branches: 1 of 2 = 50%.
  EXPECT_TRUE(gate::evaluate_hard_gate(totals, gate::parse_thresholds("60")).passed);
  EXPECT_FALSE(gate::evaluate_hard_gate(totals, gate::parse_thresholds("60.000001")).passed);
  const auto d = gate::evaluate_hard_gate(totals, gate::parse_thresholds("lines=50,branches=51"));
  EXPECT_TRUE(d.evaluated);
  EXPECT_FALSE(d.passed);
  ASSERT_EQ(d.results.size(), 2U);
  EXPECT_TRUE(d.results[0].passed);
  EXPECT_FALSE(d.results[1].passed);
  EXPECT_EQ(d.results[1].counter.covered, 1U);
  EXPECT_EQ(d.results[1].counter.total, 2U);
  EXPECT_FALSE(gate::evaluate_hard_gate(totals, {}).evaluated);
  // LCOV without FN records has no functions: a threshold on them cannot be decided.
  EXPECT_THROW((void)gate::evaluate_hard_gate(totals, gate::parse_thresholds("functions=1")),
               core::UsageError);
}

TEST(HardGate, PathThresholdsSumOrHoldEachFile) {
  const auto report = sample();
  const std::vector<model::Totals> per_file = report.file_totals();
  gate::Decision d;
  gate::evaluate_path_thresholds(d, report, per_file,
                                 {gate::parse_path_threshold("**/*.py:lines=60")});
  EXPECT_TRUE(d.passed); // 3 of 5 together
  gate::Decision each;
  gate::evaluate_path_thresholds(each, report, per_file,
                                 {gate::parse_path_threshold("**/*.py:lines=60:per-file")});
  EXPECT_FALSE(each.passed); // ops.py alone is 2 of 4
  gate::Decision none;
  EXPECT_THROW(gate::evaluate_path_thresholds(none, report, per_file,
                                              {gate::parse_path_threshold("docs/**:80")}),
               core::UsageError);
}

model::ChangedFile changed(std::string path, std::vector<std::uint32_t> lines) {
  model::ChangedFile f;
  f.path = std::move(path);
  f.added_lines = std::move(lines);
  return f;
}

TEST(ChangedLinesGate, CountsCoveredUncoveredAndNotInstrumented) {
  model::ChangedLines diff;
  diff.files.push_back(changed("src/calc/ops.py", {2, 3, 5}));
  diff.files.push_back(changed("README.md", {1, 2}));
  const auto c = gate::measure_changed_lines(diff, sample(), gate::PartialLines::covered);
  EXPECT_EQ(c.changed, 5U);
  EXPECT_EQ(c.lines.covered, 1U);
  EXPECT_EQ(c.lines.total, 2U);
  EXPECT_EQ(c.not_instrumented, 1U); // line 5
  EXPECT_EQ(c.not_measured, 2U);     // README.md
  ASSERT_EQ(c.files.size(), 2U);
  EXPECT_EQ(c.files[0].uncovered, (std::vector<std::uint32_t>{2}));
  EXPECT_EQ(c.files[0].branches.covered, 1U);
  EXPECT_EQ(c.files[0].branches.total, 2U);
  // Codecov's rule: line 3 ran with an arm not taken, so it is missed.
  const auto strict = gate::measure_changed_lines(diff, sample(), gate::PartialLines::missed);
  EXPECT_EQ(strict.lines.covered, 0U);
  EXPECT_EQ(strict.files[0].uncovered, (std::vector<std::uint32_t>{2, 3}));
}

TEST(ChangedLinesGate, MatchesByWholeSegmentSuffixOnly) {
  model::ChangedLines diff;
  diff.files.push_back(changed("mypkg/a.py", {1}));  // the report's /ci/mypkg/a.py
  diff.files.push_back(changed("calc/ops.py", {1})); // the report's src/calc/ops.py
  diff.files.push_back(changed("pkg/a.py", {1}));    // not mypkg/a.py
  const auto c = gate::measure_changed_lines(diff, sample(), gate::PartialLines::covered);
  ASSERT_EQ(c.files.size(), 3U);
  EXPECT_TRUE(c.files[0].measured);
  EXPECT_TRUE(c.files[1].measured);
  EXPECT_FALSE(c.files[2].measured);
  EXPECT_EQ(c.lines.covered, 2U);
  // A suffix two report files share is refused rather than guessed.
  const auto twice = parse_text("two.info", "SF:a/x/same.py\nDA:1,1\nend_of_record\n"
                                            "SF:b/x/same.py\nDA:1,0\nend_of_record\n");
  model::ChangedLines ambiguous;
  ambiguous.files.push_back(changed("x/same.py", {1}));
  EXPECT_THROW((void)gate::measure_changed_lines(ambiguous, twice, gate::PartialLines::covered),
               core::InputError);
}

TEST(ChangedLinesGate, LineRanges) {
  EXPECT_EQ(gate::line_ranges({}), "");
  EXPECT_EQ(gate::line_ranges({3, 4, 5, 9, 11, 12}), "3-5, 9, 11-12");
}

} // namespace
} // namespace covbar::test
