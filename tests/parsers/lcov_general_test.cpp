// LCOV's `-` taken count (an arm never reached, lcov's geninfo writes it when the block
// never ran) read by the general record parser, which every record the fast paths decline
// goes through: the short reports, the last records of any report, and parse_lcov_general.

#include "parsers/lcov.hpp"
#include "tests/support/helpers.hpp"
#include "tests/support/printed_totals.hpp"

namespace covbar::test {
namespace {

TEST(LcovGeneral, UnreachedArmsOfARealReportAreNotTaken) {
  // gcovr-5.2-c's lcov.info (lcov 1.16 over gcc 12) has two BRDA records with `-`; lcov
  // --summary printed its totals (PRINTED.txt).
  const auto dir = fixtures_dir() / "gcovr-5.2-c";
  const std::string text = read_text(dir / "lcov.info");
  ASSERT_NE(text.find(",-\n"), std::string::npos) << "the fixture has no '-' record any more";
  const auto printed = read_printed_totals((dir / "PRINTED.txt").string());
  const auto source = core::SourceText::from_string("lcov.info", text);
  const auto report = parsers::parse_lcov_general(source);
  EXPECT_TRUE(model::check_invariants(report).empty());
  const auto totals = report.totals();
  EXPECT_EQ(counter(totals.branches), counter(printed.counters.at("branches")));
  EXPECT_EQ(counter(totals.lines), counter(printed.counters.at("lines")));
  EXPECT_EQ(counter(totals.functions), counter(printed.counters.at("functions")));
}

TEST(LcovGeneral, AShortReportReadsDashAsNeverTaken) {
  // Too short for the 32-byte fast path: parse_report reads it with the general parser.
  const auto report = parse_text("short.info", "SF:a.c\nDA:3,1\nBRDA:3,0,0,-\nBRDA:3,0,1,-\n"
                                               "BRDA:3,0,2,1\nend_of_record\n");
  ASSERT_EQ(report.files.size(), 1U);
  EXPECT_EQ(counter(report.totals().branches), "1/3");
  EXPECT_EQ(report.files[0].line_branches().front(), (model::Counter{1, 3}));
  // The last records of a longer report are read by the general parser too.
  std::string text = "SF:b.c\n";
  for (int line = 1; line <= 20; ++line) {
    text += fmt::format("DA:{},1\nBRDA:{},0,0,1\nBRDA:{},0,1,0\n", line, line, line);
  }
  text += "BRDA:20,1,0,-\nend_of_record\n";
  EXPECT_EQ(counter(parse_text("long.info", text).totals().branches), "20/41");
}

} // namespace
} // namespace covbar::test
