// check's and the ratchet's renderers on results built by hand: what each output says for a
// passing, failing and ungated result, scoped thresholds, files without lines, and paths
// that carry terminal controls or Markdown.

#include <yaml-cpp/yaml.h>

#include <gtest/gtest.h>

#include <string>

#include "ratchet/schedule.hpp"
#include "reports/json.hpp"
#include "reports/markdown.hpp"
#include "reports/ratchet_reports.hpp"
#include "reports/text.hpp"

namespace covbar::reports {
namespace {

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

model::Totals lines(std::uint64_t covered, std::uint64_t total) {
  model::Totals t;
  t.kinds.lines = true;
  t.lines = {covered, total};
  return t;
}

/// Two files: a hostile path with 3 of 4 lines covered, and one with no lines at all.
struct Fixture {
  model::CoverageReport report;
  CheckResult result;
  Fixture() {
    report.origins.push_back({"cov\x1b[2Jerage.xml", "cobertura", "coverage.py 7.4"});
    model::FileCoverage hostile;
    hostile.path = "src/a|`b`\n::warning::x.py";
    model::FileCoverage empty;
    empty.path = "src/empty.py";
    report.files = {hostile, empty};
    report.warnings.push_back("a \"quoted\" warning");
    result.report = &report;
    result.file_totals = {lines(3, 4), lines(0, 0)};
    result.totals = lines(3, 4);
  }
  void gate(const std::string& minimum, bool passed, const std::string& scope = "") {
    result.decision.evaluated = true;
    gate::MetricResult r;
    r.threshold = {gate::Metric::lines, *core::Percent::parse(minimum)};
    r.counter = {3, 4};
    r.passed = passed;
    r.scope = scope;
    result.decision.results.push_back(r);
    result.decision.passed = result.decision.passed && passed;
  }
};

TEST(CheckText, SaysTheVerdictOnlyWhenGatedAndEscapesWhatTheReportSays) {
  Fixture f;
  const std::string ungated = render_check_text(f.result);
  EXPECT_TRUE(has(ungated, "covbar check: 2 files from cov\\x1b[2Jerage.xml (cobertura)"))
      << ungated;
  EXPECT_TRUE(has(ungated, "  lines         75.00%           3 / 4\n")) << ungated;
  EXPECT_FALSE(has(ungated, "PASS") || has(ungated, "FAIL")) << ungated;
  EXPECT_FALSE(has(ungated, "\x1b")) << ungated;
  EXPECT_FALSE(has(ungated, "\n::warning")) << ungated; // a path cannot start a command line
  EXPECT_TRUE(has(ungated, "1 uncovered")) << ungated;
  EXPECT_FALSE(has(ungated, "src/empty.py")) << ungated; // nothing uncovered there

  f.gate("80", false);
  f.gate("70", true, "src/**");
  f.result.precision = 0;
  const std::string failed = render_check_text(f.result);
  EXPECT_TRUE(has(failed, "  FAIL lines 75% (minimum 80%)\n")) << failed;
  EXPECT_TRUE(has(failed, "  ok   lines 75% (minimum 70%)  src/**\n")) << failed;
  EXPECT_TRUE(has(failed, "\nFAIL: coverage is below a threshold\n")) << failed;
}

TEST(CheckText, APassingGateSaysSo) {
  Fixture f;
  f.gate("75", true);
  EXPECT_TRUE(has(render_check_text(f.result), "\nPASS: coverage meets every threshold\n"));
}

TEST(CheckMarkdown, HeadlineMinimumsScopedRowsAndCodeSpans) {
  Fixture f;
  const std::string ungated = render_check_markdown(f.result);
  EXPECT_TRUE(ungated.starts_with("## Coverage\n\n")) << ungated;
  EXPECT_TRUE(has(ungated, "| lines | 75.00% | 3 | 4 |  |\n")) << ungated;
  EXPECT_FALSE(has(ungated, "| Path |")) << ungated;

  f.gate("80", false);
  f.gate("70", true, "src/*|x");
  const std::string failed = render_check_markdown(f.result);
  EXPECT_TRUE(failed.starts_with("## Coverage: failed\n")) << failed;
  EXPECT_TRUE(has(failed, "| lines | 75.00% | 3 | 4 | 80% ❌ |\n")) << failed;
  EXPECT_TRUE(has(failed, "| `src/*\\|x` | lines | 75.00% | 3 | 4 | 70% ✅ |\n")) << failed;
  // The hostile path is one code span in one cell: its `|` escaped, its newline not a row.
  EXPECT_TRUE(has(failed, "(1 of 2 files)")) << failed;
  ASSERT_NE(failed.find("src/a"), std::string::npos) << failed;
  for (std::size_t at = failed.find("src/a"); at != std::string::npos;
       at = failed.find("src/a", at + 1)) {
    const std::string row = failed.substr(failed.rfind('\n', at) + 1,
                                          failed.find('\n', at) - failed.rfind('\n', at) - 1);
    EXPECT_TRUE(row.starts_with("| ``")) << row;
    EXPECT_TRUE(has(row, "\\|")) << row;
  }
}

TEST(CheckJson, ReadsBackAsWhatWasComputed) {
  Fixture f;
  f.gate("80", false, "src/**");
  const YAML::Node doc = YAML::Load(render_check_json(f.result, "9.9.9"));
  EXPECT_EQ(doc["covbar"]["version"].as<std::string>(), "9.9.9");
  EXPECT_EQ(doc["reports"][0]["path"].as<std::string>(), "cov\x1b[2Jerage.xml");
  EXPECT_EQ(doc["reports"][0]["producer"].as<std::string>(), "coverage.py 7.4");
  EXPECT_EQ(doc["totals"]["lines"]["covered"].as<int>(), 3);
  EXPECT_FALSE(doc["totals"]["branches"]); // no branch data: left out
  EXPECT_EQ(doc["files"].size(), 2U);
  EXPECT_EQ(doc["files"][0]["path"].as<std::string>(), "src/a|`b`\n::warning::x.py");
  EXPECT_EQ(doc["files"][1]["lines"]["total"].as<int>(), 0);
  EXPECT_FALSE(doc["gate"]["passed"].as<bool>());
  EXPECT_EQ(doc["gate"]["thresholds"][0]["minimum"].as<std::string>(), "80");
  EXPECT_EQ(doc["gate"]["thresholds"][0]["path"].as<std::string>(), "src/**");
  EXPECT_EQ(doc["warnings"][0].as<std::string>(), "a \"quoted\" warning");
}

struct Ratchet {
  ratchet::State state;
  RatchetResult result;
  explicit Ratchet(const std::string& today, std::uint64_t covered) {
    ratchet::Settings settings; // 5 points a sprint of 14 days, to 80
    const auto start = *core::Date::parse("2026-01-05");
    state = ratchet::start_state(settings, start, *core::Percent::parse("70"), start);
    result.state = &state;
    result.today = *core::Date::parse(today);
    result.standing = ratchet::standing_on(state, result.today);
    result.measured = {covered, 100};
    result.passed = result.standing.bar.met_by(result.measured);
  }
};

TEST(RatchetReports, TheBarOfTheDayAndTheVerdictInEveryOutput) {
  // Sprint 2 (from 2026-01-19): the bar is 75%; 74 of 100 fails it, 75 passes.
  Ratchet failing("2026-01-20", 74);
  ASSERT_FALSE(failing.result.passed);
  const std::string text = render_ratchet_text(failing.result);
  EXPECT_TRUE(has(text, "FAIL: lines coverage 74.00% is below today's bar 75%")) << text;
  const YAML::Node doc = YAML::Load(render_ratchet_json(failing.result, "1.0"));
  EXPECT_EQ(doc["covbar"]["command"].as<std::string>(), "ratchet");
  EXPECT_EQ(doc["sprint"].as<int>(), 2);
  EXPECT_EQ(doc["bar"].as<std::string>(), "75");
  EXPECT_EQ(doc["next_bar"].as<std::string>(), "80");
  EXPECT_EQ(doc["measured"]["percent"].as<std::string>(), "74");
  EXPECT_FALSE(doc["passed"].as<bool>());
  EXPECT_FALSE(doc["recorded"]); // check, not update

  Ratchet passing("2026-01-20", 75);
  passing.result.recorded = true;
  ASSERT_TRUE(passing.result.passed);
  EXPECT_TRUE(YAML::Load(render_ratchet_json(passing.result, "1.0"))["recorded"].as<bool>());
  const std::string markdown = render_ratchet_markdown(passing.result);
  EXPECT_FALSE(has(markdown, "FAIL")) << markdown;
  EXPECT_TRUE(has(markdown, "75%")) << markdown;
}

} // namespace
} // namespace covbar::reports
