// Every fixture was made by running the real tool (fixtures/regenerate.sh); each test holds
// covbar's totals to what that tool printed, read from PRINTED.txt beside the report.

#include <cmath>

#include <fmt/format.h>

#include "src/gate/threshold.hpp"
#include "tests/support/helpers.hpp"
#include "tests/support/printed_totals.hpp"

namespace covbar::test {
namespace {

namespace fs = std::filesystem;

/// The fixture folder named `<tool>-<version>-<variant>` (versions change with
/// regenerate.sh, so only the tool and the variant are named here; an empty variant takes the
/// first folder of the tool).
fs::path fixture(const std::string& tool, const std::string& variant = "") {
  for (const auto& entry : fs::directory_iterator(fixtures_dir())) {
    const auto name = entry.path().filename().string();
    if (name.starts_with(tool) && (variant.empty() || name.ends_with("-" + variant))) {
      return entry.path();
    }
  }
  ADD_FAILURE() << "no fixture " << tool << " " << variant;
  return {};
}

model::Counter metric(const model::Totals& t, gate::Metric m) {
  return gate::metric_counter(t, m).value_or(model::Counter{UINT64_MAX, UINT64_MAX});
}

/// istanbul text-summary: all four metrics.
void expect_istanbul_totals(const fs::path& dir, const std::string& report_name,
                            bool with_statements = true, bool with_branches = true) {
  SCOPED_TRACE(dir.filename().string() + "/" + report_name);
  const auto printed = read_printed_totals((dir / "PRINTED.txt").string());
  ASSERT_EQ(printed.counters.size(), 4U) << "PRINTED.txt has no text-summary";
  const auto totals = parse_file(dir / report_name).totals();
  EXPECT_EQ(counter(metric(totals, gate::Metric::lines)), counter(printed.counters.at("lines")));
  EXPECT_EQ(counter(metric(totals, gate::Metric::functions)),
            counter(printed.counters.at("functions")));
  if (with_branches) {
    EXPECT_EQ(counter(metric(totals, gate::Metric::branches)),
              counter(printed.counters.at("branches")));
  }
  if (with_statements) {
    EXPECT_EQ(counter(metric(totals, gate::Metric::statements)),
              counter(printed.counters.at("statements")));
  }
}

TEST(Fixtures, CoveragePyLinesEqualCoverageReportTotal) {
  for (const auto* variant : {"lines", "branch"}) {
    const fs::path d = fixture("coveragepy-", variant);
    SCOPED_TRACE(d.string());
    const auto printed = read_printed_totals((d / "PRINTED.txt").string());
    const auto totals = parse_file(d / "coverage.xml").totals();
    EXPECT_EQ(counter(totals.lines), counter(printed.counters.at("lines")));
    ASSERT_TRUE(printed.percent.has_value());
    // coverage.py's TOTAL is the combined figure: statements and branches together.
    EXPECT_EQ(coveragepy_percent(totals.combined()), *printed.percent);
    if (std::string(variant) == "branch") {
      EXPECT_EQ(totals.branches.total, printed.counters.at("branch_total").total);
    } else {
      EXPECT_FALSE(totals.kinds.branches);
    }
  }
}

TEST(Fixtures, GcovrCoberturaAndLcovEqualTheirSummaries) {
  const auto dir = fixture("gcovr-");
  const auto printed = read_printed_totals((dir / "PRINTED.txt").string());
  ASSERT_EQ(printed.counters.size(), 3U);
  const auto xml = parse_file(dir / "cobertura.xml").totals();
  EXPECT_EQ(counter(xml.lines), counter(printed.counters.at("lines")));
  EXPECT_EQ(counter(xml.branches), counter(printed.counters.at("branches")));
  const auto info = parse_file(dir / "lcov.info").totals();
  EXPECT_EQ(counter(info.lines), counter(printed.counters.at("lines")));
  EXPECT_EQ(counter(info.branches), counter(printed.counters.at("branches")));
  EXPECT_EQ(counter(info.functions), counter(printed.counters.at("functions")));
}

TEST(Fixtures, Lcov2EqualsItsSummary) {
  // lcov 2.5 marks fallthrough branches `f` (BRDA:4,f0,0,1) and, in C++, exception branches
  // `e` (BRDA:9,e0,1,0); it lists functions as FNL/FNA.
  for (const auto& [variant, mark] : {std::pair{"c", ",f0,"}, std::pair{"cpp", ",e0,"}}) {
    const auto dir = fixture("lcov-", variant);
    SCOPED_TRACE(dir.string());
    const auto printed = read_printed_totals((dir / "PRINTED.txt").string());
    ASSERT_EQ(printed.counters.size(), 3U);
    const std::string info = read_text(dir / "lcov.info");
    EXPECT_NE(info.find(mark), std::string::npos);
    const auto totals = parse_file(dir / "lcov.info").totals();
    EXPECT_EQ(counter(totals.lines), counter(printed.counters.at("lines")));
    EXPECT_EQ(counter(totals.branches), counter(printed.counters.at("branches")));
    EXPECT_EQ(counter(totals.functions), counter(printed.counters.at("functions")));
  }
}

TEST(Fixtures, VitestV8EveryFormatEqualsTextSummary) {
  const auto v8 = fixture("vitest-", "v8");
  expect_istanbul_totals(v8, "coverage-final.json");
  expect_istanbul_totals(v8, "coverage-summary.json");
  expect_istanbul_totals(v8, "lcov.info", false);
  expect_istanbul_totals(v8, "cobertura-coverage.xml", false);
}

TEST(Fixtures, VitestIstanbulEveryFormatEqualsTextSummary) {
  const auto ist = fixture("vitest-", "istanbul");
  expect_istanbul_totals(ist, "coverage-final.json");
  expect_istanbul_totals(ist, "coverage-summary.json");
  expect_istanbul_totals(ist, "lcov.info", false);
  // istanbul's cobertura reporter folds branches per line (11/16 here, not 12/17): that is
  // what the XML holds, so only lines and functions can equal the summary.
  expect_istanbul_totals(ist, "cobertura-coverage.xml", false, false);
}

TEST(Fixtures, JestEveryFormatEqualsTextSummary) {
  const auto dir = fixture("jest-");
  expect_istanbul_totals(dir, "coverage-final.json");
  expect_istanbul_totals(dir, "coverage-summary.json");
  expect_istanbul_totals(dir, "lcov.info", false);
  expect_istanbul_totals(dir, "cobertura-coverage.xml", false, false);
}

TEST(Fixtures, C8EveryFormatEqualsTextSummary) {
  const auto dir = fixture("c8-", "js");
  expect_istanbul_totals(dir, "coverage-final.json");
  expect_istanbul_totals(dir, "lcov.info", false);
}

TEST(Fixtures, C8FunctionsSharingANameCountAsC8Counts) {
  // src/shapes.js has two `area`, two `describe` and two `apply` functions; c8 counts 8.
  const auto dir = fixture("c8-", "samename");
  const std::string info = read_text(dir / "lcov.info");
  EXPECT_NE(info.find("FN:4,area\n"), std::string::npos);
  EXPECT_NE(info.find("FN:13,area\n"), std::string::npos);
  expect_istanbul_totals(dir, "coverage-final.json");
  expect_istanbul_totals(dir, "coverage-summary.json");
  expect_istanbul_totals(dir, "lcov.info", false);
}

TEST(Fixtures, BunPerFilePercentagesEqualItsTable) {
  // bun prints percentages only (to two decimals, rounded), per file.
  const auto dir = fixture("bun-", "lcov");
  const auto printed = read_printed_totals((dir / "PRINTED.txt").string());
  const auto report = parse_file(dir / "lcov.info");
  ASSERT_FALSE(report.files.empty());
  for (const auto& file : report.files) {
    SCOPED_TRACE(file.path);
    ASSERT_EQ(printed.per_file_percent.count(file.path), 1U);
    const auto& row = printed.per_file_percent.at(file.path);
    const auto t = file.totals();
    auto pct = [](const model::Counter& c) {
      return fmt::format("{:.2f}",
                         100.0 * static_cast<double>(c.covered) / static_cast<double>(c.total));
    };
    EXPECT_EQ(pct(t.lines), row.at("lines"));
    EXPECT_EQ(pct(t.functions), row.at("functions"));
  }
}

/// A short, stable dump of the line records, for comparing formats written by one run.
std::string dump_lines(const model::CoverageReport& report) {
  std::map<std::string, std::string> by_file;
  for (const auto& f : report.files) {
    std::string s;
    for (const auto& l : f.lines) {
      s += fmt::format("{}{} ", l.number, l.hits > 0 ? "+" : "-");
    }
    const auto slash = f.path.rfind('/');
    by_file[f.path.substr(slash == std::string::npos ? 0 : slash + 1)] = s;
  }
  std::string out;
  for (const auto& [path, lines] : by_file) {
    out += path + ": " + lines + "\n";
  }
  return out;
}

TEST(Fixtures, OneRunWrittenInThreeFormatsGivesTheSameLines) {
  for (const auto* prefix : {"vitest-", "jest-"}) {
    const auto dir = fixture(prefix);
    SCOPED_TRACE(dir.string());
    const auto final_json = dump_lines(parse_file(dir / "coverage-final.json"));
    EXPECT_EQ(dump_lines(parse_file(dir / "lcov.info")), final_json);
    EXPECT_EQ(dump_lines(parse_file(dir / "cobertura-coverage.xml")), final_json);
  }
}

} // namespace
} // namespace covbar::test
