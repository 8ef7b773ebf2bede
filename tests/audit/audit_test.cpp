// The fleet audit: exact lines to cover, effort rounding, the strategy rules, and golden
// Markdown/JSON/CSV for the reference fleet in fixtures/fleet (real reports, a missing one,
// and a repository with no coverage).

#include <unistd.h>

#include "reports/audit_table.hpp"
#include "src/audit/audit.hpp"
#include "tests/support/helpers.hpp"
#include "tests/support/run_covbar.hpp"

namespace covbar::test {
namespace {

namespace fs = std::filesystem;
using core::Percent;

TEST(Audit, LinesToCoverIsTheExactMinimum) {
  for (std::uint64_t total : {1ULL, 3ULL, 7ULL, 40ULL, 999ULL, 123457ULL}) {
    for (std::uint64_t covered = 0; covered <= total; covered += (total / 13) + 1) {
      for (const char* t : {"80", "79.99", "33.333333", "100", "0"}) {
        const Percent target = *Percent::parse(t);
        const std::uint64_t x = audit::units_to_cover({covered, total}, target);
        EXPECT_TRUE(target.met_by({covered + x, total})) << covered << "/" << total << " " << t;
        if (x > 0) {
          EXPECT_FALSE(target.met_by({covered + x - 1, total}))
              << covered << "/" << total << " " << t;
        }
      }
    }
  }
  EXPECT_EQ(audit::units_to_cover({30, 40}, Percent::points(80)), 2U);
  EXPECT_EQ(audit::units_to_cover({32, 40}, Percent::points(80)), 0U);
}

TEST(Audit, EffortRoundsUpToATenthOfAnHour) {
  EXPECT_EQ(audit::effort_tenths(0, Percent::points(25)), 0U);
  EXPECT_EQ(audit::effort_tenths(1, Percent::points(25)), 1U);     // 0.04 h -> 0.1 h
  EXPECT_EQ(audit::effort_tenths(250, Percent::points(25)), 100U); // exactly 10 h
  EXPECT_EQ(audit::effort_tenths(251, Percent::points(25)), 101U);
  EXPECT_EQ(audit::effort_tenths(10, *Percent::parse("12.5")), 8U); // 10 / 12.5 = 0.8 h
}

TEST(Audit, StrategyRules) {
  audit::Rules rules;
  rules.today = *core::Date::parse("2026-11-25");
  const auto row = [&](std::uint64_t covered) {
    audit::Measurement m;
    m.name = "r";
    m.counter = {covered, 1000};
    return audit::assess(m, rules);
  };
  EXPECT_EQ(row(800).strategy, audit::Strategy::hard_gate);
  EXPECT_EQ(row(799).strategy, audit::Strategy::ratchet); // 79.9: one sprint
  EXPECT_EQ(row(799).sprints, 1U);
  EXPECT_EQ(row(600).strategy, audit::Strategy::ratchet); // 60: four sprints
  EXPECT_EQ(row(600).sprints, 4U);
  EXPECT_EQ(row(600).reaches_target.to_string(), "2027-01-20");
  EXPECT_EQ(row(599).strategy, audit::Strategy::new_code_only); // 59.9: five sprints
  rules.max_ratchet_sprints = 5;
  EXPECT_EQ(row(599).strategy, audit::Strategy::ratchet);
}

TEST(Audit, GapIsRoundedUpSoFigureAndGapAddUpToTheTarget) {
  EXPECT_EQ(reports::gap_points({62456, 100000}, Percent::points(80), 2), "17.55");
  EXPECT_EQ(reports::gap_points({30, 40}, Percent::points(80), 2), "5.00");
  EXPECT_EQ(reports::gap_points({90, 100}, Percent::points(80), 2), "0.00");
  EXPECT_EQ(reports::gap_points({0, 0}, Percent::points(80), 1), "0.0");
}

/// Runs the audit of the reference fleet from fixtures/fleet (relative paths, so the output
/// does not depend on where the checkout is) and compares each output with its golden file.
/// COVBAR_UPDATE_GOLDEN=1 rewrites the golden files instead.
class AuditGolden : public TempDirTest {};

TEST_F(AuditGolden, ReferenceFleet) {
  const fs::path golden = fs::path(COVBAR_FIXTURES).parent_path() / "tests" / "golden" / "audit";
  const fs::path previous = fs::current_path();
  fs::current_path(fixtures_dir() / "fleet");
  const auto md = (m_dir / "audit.md").string();
  const auto json = (m_dir / "audit.json").string();
  const auto csv = (m_dir / "audit.csv").string();
  const auto o = run_covbar({"audit", "--config", "covbar.yml", "--today", "2026-11-25",
                             "--markdown", md, "--json", json, "--csv", csv, "--no-step-summary"});
  fs::current_path(previous);
  ASSERT_EQ(o.code, 0) << o.err;
  // The two rows without a figure are warnings, and the audit completes.
  EXPECT_NE(o.err.find("notifications-worker: ../notifications-worker/coverage.xml"),
            std::string::npos)
      << o.err;
  EXPECT_NE(o.err.find("platform-infra: no coverage report configured"), std::string::npos);
  for (const char* name : {"audit.md", "audit.json", "audit.csv"}) {
    SCOPED_TRACE(name);
    const std::string produced = read_text(m_dir / name);
    if (std::getenv("COVBAR_UPDATE_GOLDEN") != nullptr) {
      fs::copy_file(m_dir / name, golden / name, fs::copy_options::overwrite_existing);
      continue;
    }
    EXPECT_EQ(produced, read_text(golden / name));
  }
  // Each measured row's figure is covbar check's figure for that report, which the fixture
  // tests hold to the producing tool's printed total.
  const auto check =
      run_covbar({"check", (fixtures_dir() / "bun-1.4.5-lcov" / "lcov.info").string(), "--root",
                  (fixtures_dir() / "projects" / "ts").string()});
  EXPECT_NE(check.out.find("        40 / 46"), std::string::npos) << check.out;
  EXPECT_NE(read_text(m_dir / "audit.md").find("| `marketing-site` | 86.95% (40 / 46) |"),
            std::string::npos);
}

TEST_F(AuditGolden, PairsOnTheCommandLineAndBadUsage) {
  const auto xml = (fixtures_dir() / "coveragepy-6.5.0-lines" / "coverage.xml").string();
  const auto o = run_covbar({"audit", "api=" + xml, "web=" + (m_dir / "none.info").string(),
                             "--target", "70", "--rate", "10", "--today", "2026-01-01"});
  EXPECT_EQ(o.code, 0) << o.err;
  EXPECT_NE(o.out.find("| `api` | 75.00% (30 / 40) | 0.00 points | 0 | 0.0 h | Hard gate at 70% |"),
            std::string::npos)
      << o.out;
  EXPECT_NE(o.out.find("| `web` | no figure: `"), std::string::npos) << o.out;
  EXPECT_EQ(run_covbar({"audit", "api"}).code, 2);
  EXPECT_EQ(run_covbar({"audit", "api=" + xml, "--rate", "0"}).code, 2);
}

TEST_F(AuditGolden, FleetPageHasTheTableEscapedAndLinksEachReport) {
  const auto xml = (fixtures_dir() / "coveragepy-6.5.0-lines" / "coverage.xml").string();
  const auto dir = m_dir / "fleet";
  const auto o =
      run_covbar({"audit", "<b>api</b>=" + xml, "web=" + (m_dir / "none.info").string(), "--target",
                  "70", "--rate", "10", "--today", "2026-01-01", "--html", dir.string()});
  ASSERT_EQ(o.code, 0) << o.err;
  const std::string page = read_text(dir / "index.html");
  EXPECT_NE(
      page.find(
          "<tr data-repo=\"&lt;b&gt;api&lt;/b&gt;\"><td>&lt;b&gt;api&lt;/b&gt; <a href=\"file://" +
          xml + "\" class=\"muted\">report</a></td><td>75.00% (30 / 40)"),
      std::string::npos)
      << page;
  EXPECT_EQ(page.find("<b>"), std::string::npos);
  EXPECT_NE(page.find("<td>0.00 points</td><td>0</td><td>0.0 h</td><td style=\"text-align:left\">"
                      "Hard gate at 70%</td>"),
            std::string::npos);
  EXPECT_NE(page.find("<tr data-repo=\"web\"><td>web"), std::string::npos);
  EXPECT_NE(page.find("class=\"fail\">no figure:"), std::string::npos);
  EXPECT_NE(page.find("<tr id=\"fleet\"><th scope=\"row\">Fleet (1 of 2 measured)</th>"),
            std::string::npos);
}

} // namespace
} // namespace covbar::test
