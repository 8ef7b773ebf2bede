// The ratchet across ephemeral runners, in a real throw-away git repository: a pull request
// is held to the policy and the state of its base branch (--config-from-ref,
// --state-from-ref), whatever it edits; the state starts from the audit's figure or from the
// first update on the default branch; the audit keeps a history file.

#include <fstream>

#include "ratchet/schedule.hpp"
#include "ratchet/state.hpp"
#include "reports/json_writer.hpp"
#include "src/core/process.hpp"
#include "tests/support/helpers.hpp"
#include "tests/support/run_covbar.hpp"
#include "tests/support/shell.hpp"

namespace covbar::test {
namespace {

namespace fs = std::filesystem;

class RatchetLifecycle : public TempDirTest {
protected:
  void SetUp() override {
    TempDirTest::SetUp();
    m_repo = m_dir / "repo";
    fs::create_directories(m_repo);
    // coverage.py's Python project report: 30 of 40 lines, 75%; calc/text.py alone 77.77%.
    write_text(m_repo / "covbar.yml", config_text(""));
    git("init -q -b main");
    git("add covbar.yml");
    git("commit -q -m policy");
  }
  static std::string config_text(const std::string& extra) {
    return "reports: [" + (fixtures_dir() / "coveragepy-6.5.0-lines" / "coverage.xml").string() +
           "]\nroot: " + (fixtures_dir() / "projects" / "python").string() +
           "\ntarget: 85\nratchet:\n  step: 2\n  sprint-days: 7\n" + extra;
  }
  void git(const std::string& args) {
    const auto r = run_shell("git -C " + core::shell_quote(m_repo.string()) +
                             " -c user.name=t -c user.email=t@t.invalid " + args + " 2>&1");
    ASSERT_EQ(r.status, 0) << args << ": " << r.out;
  }
  Outcome covbar(std::vector<std::string> args) {
    args.insert(args.end(), {"--config", (m_repo / "covbar.yml").string(), "--no-step-summary"});
    const fs::path previous = fs::current_path();
    fs::current_path(m_repo);
    auto out = run_covbar(args);
    fs::current_path(previous);
    return out;
  }
  /// The ratchet started on main on 2026-01-05 at 75%; sprint 2 (from 2026-01-12) asks 77%.
  void start_on_main() {
    const auto init = covbar({"ratchet", "init", "--today", "2026-01-05"});
    ASSERT_EQ(init.code, 0) << init.err;
    git("add covbar-ratchet.json");
    git("commit -q -m 'start the ratchet'");
  }
  fs::path m_repo;
};

TEST_F(RatchetLifecycle, APullRequestThatEditsTheStateIsHeldToTheBaseBranchState) {
  start_on_main();
  git("checkout -q -b pr");
  // The pull request restarts the ratchet today, so today's bar is its own 75%.
  ASSERT_EQ(covbar({"ratchet", "init", "--force", "--today", "2026-01-12"}).code, 0);
  git("commit -q -am 'lower the bar'");
  EXPECT_EQ(covbar({"ratchet", "check", "--today", "2026-01-12"}).code, 0) << "the attack";

  const auto held = covbar({"ratchet", "check", "--today", "2026-01-12", "--state-from-ref", "main",
                            "--config-from-ref", "main"});
  EXPECT_EQ(held.code, 1) << held.out << held.err;
  EXPECT_NE(held.out.find("FAIL: lines coverage 75.00% is below today's bar 77%"),
            std::string::npos)
      << held.out;

  const auto unknown =
      covbar({"ratchet", "check", "--today", "2026-01-12", "--state-from-ref", "no-such-branch"});
  EXPECT_EQ(unknown.code, 2);
  EXPECT_NE(unknown.err.find("--state-from-ref: 'no-such-branch' is not a commit in this clone"),
            std::string::npos)
      << unknown.err;
}

TEST_F(RatchetLifecycle, APullRequestThatNarrowsThePolicyIsHeldToTheBaseBranchPolicy) {
  start_on_main();
  git("checkout -q -b pr");
  write_text(m_repo / "covbar.yml", config_text("include: [calc/text.py]\n"));
  git("commit -q -am 'count only the covered file'");
  EXPECT_EQ(covbar({"ratchet", "check", "--today", "2026-01-12"}).code, 0) << "the attack";
  const auto ratchet = covbar({"ratchet", "check", "--today", "2026-01-12", "--config-from-ref",
                               "main", "--state-from-ref", "main"});
  EXPECT_EQ(ratchet.code, 1) << ratchet.out << ratchet.err;

  // The hard gate alike: 75% under 77%, whatever the pull request includes.
  EXPECT_EQ(covbar({"check", "--fail-under", "77"}).code, 0) << "the attack";
  const auto check = covbar({"check", "--fail-under", "77", "--config-from-ref", "main"});
  EXPECT_EQ(check.code, 1) << check.out << check.err;
}

TEST_F(RatchetLifecycle, TheChangeThatStartsTheRatchetIsCheckedAgainstItsOwnState) {
  git("checkout -q -b rollout");
  const auto none =
      covbar({"ratchet", "check", "--today", "2026-01-05", "--state-from-ref", "main"});
  EXPECT_EQ(none.code, 2);
  EXPECT_NE(none.err.find("the ratchet starts when its state is committed"), std::string::npos)
      << none.err;
  ASSERT_EQ(covbar({"ratchet", "init", "--today", "2026-01-05"}).code, 0);
  git("add covbar-ratchet.json");
  git("commit -q -m 'start the ratchet'");
  const auto own =
      covbar({"ratchet", "check", "--today", "2026-01-05", "--state-from-ref", "main"});
  EXPECT_EQ(own.code, 0) << own.out << own.err;
  EXPECT_NE(own.err.find("is not in main: this change starts the ratchet"), std::string::npos)
      << own.err;
}

TEST_F(RatchetLifecycle, TheFirstUpdateOnTheDefaultBranchStartsAMissingState) {
  const auto update = covbar({"ratchet", "update", "--today", "2026-01-05"});
  EXPECT_EQ(update.code, 0) << update.out << update.err;
  EXPECT_NE(update.err.find("started it from today's figure"), std::string::npos) << update.err;
  const auto state = ratchet::read_state((m_repo / "covbar-ratchet.json").string());
  EXPECT_EQ(state.start.to_string(), "75");
  EXPECT_EQ(state.settings.step.to_string(), "2"); // covbar.yml's
  EXPECT_EQ(state.start_date.to_string(), "2026-01-05");
  // From then on update records and check holds, as usual.
  EXPECT_EQ(covbar({"ratchet", "check", "--today", "2026-01-12"}).code, 1);
}

TEST_F(RatchetLifecycle, InitStartsFromTheAuditsFigure) {
  const fs::path audit = m_dir / "audit.json";
  const auto audited =
      run_covbar({"audit", "--config", (fixtures_dir() / "fleet/covbar.yml").string(), "--json",
                  audit.string(), "--today", "2026-01-05", "--no-step-summary"});
  ASSERT_EQ(audited.code, 0) << audited.err;
  const std::string json = read_text(audit);
  const auto row = json.find("{\"name\":\"customer-web\"");
  ASSERT_NE(row, std::string::npos) << json;
  const auto number = [&](const std::string& key) {
    const auto at = json.find("\"" + key + "\":", row) + key.size() + 3;
    return std::stoull(json.substr(at, json.find_first_of(",}", at) - at));
  };
  const model::Counter counter{number("covered"), number("total")};

  const auto init = covbar({"ratchet", "init", "--from-audit", audit.string(), "--repo",
                            "customer-web", "--today", "2026-01-05"});
  ASSERT_EQ(init.code, 0) << init.err;
  const auto state = ratchet::read_state((m_repo / "covbar-ratchet.json").string());
  EXPECT_EQ(state.start, ratchet::start_state(state.settings, state.start_date,
                                              core::Percent::of(counter), state.start_date)
                             .start);
  EXPECT_NE(state.start, core::Percent::points(75)) << "not the working tree's report";
  EXPECT_EQ(state.settings.step.to_string(), "2");

  const auto missing = covbar({"ratchet", "init", "--force", "--from-audit", audit.string(),
                               "--repo", "notifications-worker"});
  EXPECT_EQ(missing.code, 2);
  EXPECT_NE(missing.err.find("the audit measured nothing for 'notifications-worker'"),
            std::string::npos)
      << missing.err;
  EXPECT_EQ(
      covbar({"ratchet", "init", "--force", "--from-audit", audit.string(), "--repo", "nobody"})
          .code,
      2);
  EXPECT_EQ(covbar({"ratchet", "init", "--force", "--from-audit", audit.string()}).code, 2);
  EXPECT_EQ(covbar({"ratchet", "init", "--force", "--metric", "branches", "--from-audit",
                    audit.string(), "--repo", "customer-web"})
                .code,
            2);
  // An audit of another schema (schema 1 had no header) is refused where it says so.
  std::string other = json;
  const std::string schema = "\"schema\":" + std::to_string(reports::k_json_schema);
  ASSERT_NE(other.find(schema), std::string::npos) << json;
  other.replace(other.find(schema), schema.size(), "\"schema\":1");
  write_text(m_dir / "old.json", other);
  const auto old = covbar({"ratchet", "init", "--force", "--from-audit",
                           (m_dir / "old.json").string(), "--repo", "customer-web"});
  EXPECT_EQ(old.code, 2);
  EXPECT_NE(old.err.find("old.json:1:"), std::string::npos) << old.err;
  EXPECT_NE(old.err.find("expected schema 2"), std::string::npos) << old.err;
}

TEST_F(RatchetLifecycle, TheAuditAppendsOneHistoryLinePerDay) {
  const fs::path history = m_dir / "history.jsonl";
  const auto audit = [&](const std::string& today) {
    return run_covbar({"audit", "--config", (fixtures_dir() / "fleet/covbar.yml").string(),
                       "--append-history", history.string(), "--today", today,
                       "--no-step-summary"});
  };
  ASSERT_EQ(audit("2026-01-05").code, 0);
  const std::string first = read_text(history);
  EXPECT_TRUE(first.starts_with("{\"date\":\"2026-01-05\",\"metric\":\"lines\",\"target\":\"80\","
                                "\"repositories\":[{\"name\":\"orders-api\",\"covered\":"))
      << first;
  EXPECT_NE(first.find("{\"name\":\"notifications-worker\",\"problem\":"), std::string::npos);
  EXPECT_EQ(std::count(first.begin(), first.end(), '\n'), 1);
  ASSERT_EQ(audit("2026-01-05").code, 0);
  EXPECT_EQ(read_text(history), first) << "a second run on one day replaces its line";
  ASSERT_EQ(audit("2026-01-19").code, 0);
  const std::string two = read_text(history);
  EXPECT_TRUE(two.starts_with(first));
  EXPECT_EQ(std::count(two.begin(), two.end(), '\n'), 2);
  EXPECT_NE(two.find("\n{\"date\":\"2026-01-19\","), std::string::npos);
}

} // namespace
} // namespace covbar::test
