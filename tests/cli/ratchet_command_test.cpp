// `covbar ratchet` end to end over simulated dates, with the state beside covbar.yml.

#include <fstream>

#include "ratchet/state.hpp"
#include "tests/support/helpers.hpp"
#include "tests/support/run_covbar.hpp"

namespace covbar::test {
namespace {

namespace fs = std::filesystem;

class RatchetCommand : public TempDirTest {
protected:
  void SetUp() override {
    TempDirTest::SetUp();
    std::ofstream(m_dir / "a.c") << std::string(100, '\n');
    // coverage.py's Python project report: 30 of 40 lines, 75%.
    m_config = (m_dir / "covbar.yml").string();
    std::ofstream(m_config) << "reports: [" << xml() << "]\nroot: " << root()
                            << "\ntarget: 85\nratchet:\n  step: 2\n  sprint-days: 7\n";
  }
  static std::string xml() {
    return (fixtures_dir() / "coveragepy-6.5.0-lines" / "coverage.xml").string();
  }
  static std::string root() { return (fixtures_dir() / "projects" / "python").string(); }
  Outcome ratchet(const std::string& verb, const std::string& today,
                  std::vector<std::string> extra = {}) {
    std::vector<std::string> args{"ratchet", verb,  "--config",         m_config,
                                  "--today", today, "--no-step-summary"};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_covbar(args);
  }
  std::string m_config;
};

TEST_F(RatchetCommand, InitCheckUpdatePlanOverSimulatedSprints) {
  const auto init = ratchet("init", "2026-01-05", {"--start", "2026-01-05"});
  ASSERT_EQ(init.code, 0) << init.err;
  const auto state_path = m_dir / "covbar-ratchet.json"; // beside covbar.yml
  ASSERT_TRUE(fs::exists(state_path));
  const auto state = ratchet::read_state(state_path.string());
  EXPECT_EQ(state.start.to_string(), "75");
  EXPECT_EQ(state.settings.step.to_string(), "2");    // from covbar.yml
  EXPECT_EQ(state.settings.target.to_string(), "85"); // the top-level target
  EXPECT_EQ(state.settings.sprint_days, 7U);

  // Sprint 1: the bar is the start figure, 75% passes.
  const auto s1 = ratchet("check", "2026-01-11");
  EXPECT_EQ(s1.code, 0) << s1.out << s1.err;
  EXPECT_NE(s1.out.find("sprint       1 of 6 (2026-01-05 to 2026-01-11)"), std::string::npos)
      << s1.out;
  EXPECT_NE(s1.out.find("next bar     77% from 2026-01-12"), std::string::npos) << s1.out;
  EXPECT_NE(s1.out.find("target       85%: the bar reaches it in sprint 6, from 2026-02-09"),
            std::string::npos)
      << s1.out;
  // Sprint 2 starts the next day: 77% is above 75%.
  const auto s2 = ratchet("check", "2026-01-12");
  EXPECT_EQ(s2.code, 1) << s2.out;
  EXPECT_NE(s2.out.find("FAIL: lines coverage 75.00% is below today's bar 77%"), std::string::npos)
      << s2.out;
  // Before the start the bar is the start figure.
  EXPECT_EQ(ratchet("check", "2025-12-01").code, 0);

  // update records nothing new (75 is the best) and leaves the file byte for byte.
  const std::string before = read_text(state_path);
  const auto u = ratchet("update", "2026-01-06", {"--json", (m_dir / "u.json").string()});
  EXPECT_EQ(u.code, 0) << u.err;
  EXPECT_NE(u.out.find("recorded     nothing: not above the best, 75%"), std::string::npos)
      << u.out;
  EXPECT_EQ(read_text(state_path), before);
  EXPECT_NE(read_text(m_dir / "u.json").find("\"recorded\":false"), std::string::npos);

  // plan: the table and the chart.
  const auto plan = ratchet("plan", "2026-01-20");
  EXPECT_EQ(plan.code, 0) << plan.err;
  EXPECT_NE(plan.out.find("       3  2026-01-19  2026-01-25         79%                 today"),
            std::string::npos)
      << plan.out;
  EXPECT_NE(plan.out.find("       6  2026-02-09  2026-02-15         85%"), std::string::npos);
  const std::string svg = read_text(m_dir / "covbar-ratchet.svg");
  EXPECT_TRUE(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
  EXPECT_NE(svg.find("target 85%"), std::string::npos);
  // Deterministic: a second run writes the same bytes.
  const auto plan_again = ratchet("plan", "2026-01-20", {"--svg", (m_dir / "b.svg").string()});
  ASSERT_EQ(plan_again.code, 0) << plan_again.err;
  EXPECT_EQ(read_text(m_dir / "b.svg"), svg);

  // init refuses to restart over an existing state unless --force.
  const auto again = ratchet("init", "2026-02-01");
  EXPECT_EQ(again.code, 2);
  EXPECT_NE(again.err.find("already exists"), std::string::npos) << again.err;
  EXPECT_EQ(ratchet("init", "2026-02-01", {"--force", "--step", "3"}).code, 0);
  EXPECT_EQ(ratchet::read_state(state_path.string()).settings.step.to_string(), "3"); // flag wins
}

TEST_F(RatchetCommand, ErrorsAreUsageErrors) {
  const auto none = ratchet("check", "2026-01-05");
  EXPECT_EQ(none.code, 2);
  EXPECT_NE(none.err.find("the ratchet starts when its state is committed"), std::string::npos)
      << none.err;
  EXPECT_EQ(ratchet("init", "2026-13-01").code, 2);
  EXPECT_EQ(ratchet("init", "2026-01-01", {"--step", "0"}).code, 2);
  EXPECT_EQ(ratchet("init", "2026-01-01", {"--metric", "branches"}).code, 2); // no branch data
  EXPECT_FALSE(fs::exists(m_dir / "covbar-ratchet.json"));
}

TEST_F(RatchetCommand, SchedulesPastAThousandSprintsOrYear9999AreRefused) {
  // --step 0.000001 once printed a plan of 25 million sprints (gigabytes) with dates that
  // wrapped to year -22214.
  const auto tiny = ratchet("init", "2026-01-05", {"--step", "0.000001", "--target", "100"});
  EXPECT_EQ(tiny.code, 2) << tiny.out.substr(0, 200);
  EXPECT_EQ(tiny.out, "");
  EXPECT_NE(tiny.err.find("covbar: error: ratchet init: reaching the target 100% from 75% at "
                          "+0.000001 points per sprint takes 25000001 sprints; covbar plans at "
                          "most 1000 (raise the step or lower the target)"),
            std::string::npos)
      << tiny.err;
  EXPECT_FALSE(fs::exists(m_dir / "covbar-ratchet.json"));
  // 1000 sprints is the most: 75% to 85% by 0.01 is 1000 sprints, the target reached in the 1001st.
  EXPECT_EQ(ratchet("init", "2026-01-05", {"--step", "0.01"}).code, 2);
  EXPECT_EQ(ratchet("init", "2026-01-05", {"--step", "0.0101"}).code, 0);
  fs::remove(m_dir / "covbar-ratchet.json");
  // Past year 9999: 10 sprints of 366 days from 9995.
  const auto late = ratchet("init", "9995-01-01", {"--step", "1", "--sprint-days", "366"});
  EXPECT_EQ(late.code, 2) << late.out.substr(0, 200);
  EXPECT_NE(late.err.find("the plan runs past year 9999"), std::string::npos) << late.err;
  EXPECT_FALSE(fs::exists(m_dir / "covbar-ratchet.json"));
  // A plan looked at from far after its start would list every sprint since.
  ASSERT_EQ(ratchet("init", "2026-01-05").code, 0);
  ASSERT_EQ(ratchet("plan", "2026-03-01").code, 0);
  const auto far = ratchet("plan", "9000-01-01");
  EXPECT_EQ(far.code, 2) << far.out.substr(0, 200);
  EXPECT_NE(far.err.find("covbar-ratchet.json: error: cannot plan this ratchet: the plan would "
                         "run to sprint "),
            std::string::npos)
      << far.err;
}

} // namespace
} // namespace covbar::test
