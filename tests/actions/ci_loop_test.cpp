// The generated CI loop run for its behaviour. The coverage gate step's own shell, taken
// from the generated workflow with yaml-cpp, runs in a throw-away clone whose pull request
// edits covbar.yml, with a `covbar` on PATH that records its argv: the gate must read
// covbar.yml and the ratchet state from the base branch, and the annotations-only diff must
// gate under new-code-only alone. The comment job's script runs twice against a `gh` that
// records its calls: one comment, created once and then edited in place.

#include <algorithm>
#include <fstream>
#include <iterator>
#include <sstream>

#include <yaml-cpp/yaml.h>

#include "ratchet/schedule.hpp"
#include "ratchet/state.hpp"
#include "src/core/process.hpp"
#include "tests/support/golden.hpp"
#include "tests/support/run_covbar.hpp"
#include "tests/support/shell.hpp"

namespace covbar::test {
namespace {

namespace fs = std::filesystem;

/// Lines of the file at `path`.
std::vector<std::string> lines_of(const fs::path& path) {
  std::vector<std::string> out;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) {
    out.push_back(line);
  }
  return out;
}

/// The `run:` text of the step named `name` of the job `job` of `workflow`.
std::string step_script(const fs::path& workflow, const std::string& job, const std::string& name) {
  const YAML::Node root = YAML::LoadFile(workflow.string());
  for (const auto& step : root["jobs"][job]["steps"]) {
    if (step["name"] && step["name"].as<std::string>() == name) {
      return step["run"].as<std::string>();
    }
  }
  ADD_FAILURE() << "no step '" << name << "' in " << workflow;
  return {};
}

/// A test with the test fleet's workflows generated under m_dir/out.
class Generated : public TempDirTest {
protected:
  void SetUp() override {
    TempDirTest::SetUp();
    const fs::path previous = fs::current_path();
    fs::current_path(fixtures_dir() / "fleet");
    const auto o = run_covbar(
        {"workflows", "generate", "--config", "covbar.yml", "--out", (m_dir / "out").string()});
    fs::current_path(previous);
    ASSERT_EQ(o.code, 0) << o.err;
  }
  [[nodiscard]] fs::path test_python() const {
    return m_dir / "out/central/.github/workflows/test-python.yml";
  }
};

class GateStep : public Generated {
protected:
  void SetUp() override {
    Generated::SetUp();
    std::ofstream(m_dir / "gate.sh")
        << step_script(test_python(), "test", "Coverage gate (covbar)");

    // The base branch sets a target of 80; the pull request lowers it to 0 and loosens the
    // ratchet state.
    const std::string q = core::shell_quote(m_dir.string());
    const auto setup =
        run_shell("set -e; cd " + q +
                  " && git init -q --bare -b main origin.git && git init -q -b main work && cd work"
                  " && git config user.email t@t.invalid && git config user.name t"
                  " && printf 'policy: ratchet\\ntarget: 80\\n' > covbar.yml"
                  " && printf '{\"baseline\": 80}\\n' > covbar-ratchet.json"
                  " && git add . && git commit -qm base && git remote add origin ../origin.git"
                  " && git push -q origin main && git checkout -qb pr"
                  " && printf 'policy: ratchet\\ntarget: 0\\n' > covbar.yml"
                  " && printf '{\"baseline\": 0}\\n' > covbar-ratchet.json"
                  " && git commit -qam loosen && git fetch -q origin 2>&1");
    ASSERT_EQ(setup.status, 0) << setup.out;

    fs::create_directories(m_dir / "bin");
    std::ofstream(m_dir / "bin/covbar")
        << "#!/bin/sh\n"
           "printf '%s|' \"$@\" >> \"$COVBAR_ARGV_LOG\"\n"
           "echo >> \"$COVBAR_ARGV_LOG\"\n"
           "if [ \"$1\" = diff ]; then exit \"${STUB_DIFF_EXIT:-0}\"; fi\n";
    fs::permissions(m_dir / "bin/covbar", fs::perms::owner_all);
  }

  /// Runs the step as the runner does (bash -eo pipefail) inside the clone; the exit status,
  /// and each covbar call as `arg|arg|...|`.
  std::pair<int, std::vector<std::string>> run(const std::string& event, const std::string& policy,
                                               const std::string& diff_exit = "0") {
    const std::string log = (m_dir / ("argv-" + event + "-" + policy)).string();
    const auto r = run_shell(
        "cd " + core::shell_quote((m_dir / "work").string()) +
        " && PATH=" + core::shell_quote((m_dir / "bin").string()) + ":\"$PATH\"" +
        " COVBAR_ARGV_LOG=" + core::shell_quote(log) + " STUB_DIFF_EXIT=" + diff_exit +
        " EVENT_NAME=" + event + " BASE_REF=main POLICY=" + policy +
        " TARGET=80 REPORT=coverage.xml RUNNER_TEMP=" + core::shell_quote(m_dir.string()) +
        " bash --noprofile --norc -eo pipefail " + core::shell_quote((m_dir / "gate.sh").string()) +
        " 2>&1");
    return {r.status, lines_of(log)};
  }
  /// Where the gate writes the comment's Markdown part `name`.
  [[nodiscard]] std::string md(const std::string& name) const {
    return (m_dir / "covbar-comment" / name).string();
  }
};

TEST_F(GateStep, RatchetReadsConfigAndStateFromTheBaseAndItsDiffNeverGates) {
  const auto [status, calls] = run("pull_request", "ratchet");
  EXPECT_EQ(status, 0);
  ASSERT_EQ(calls.size(), 2U);
  EXPECT_EQ(calls[0], "diff|coverage.xml|--config-from-ref|origin/main|--compare-branch|"
                      "origin/main|--annotations|--markdown|" +
                          md("changed-lines.md") + "|--policy|ratchet|");
  EXPECT_EQ(calls[1], "ratchet|check|coverage.xml|--config-from-ref|origin/main|"
                      "--state-from-ref|origin/main|--markdown|" +
                          md("whole-repo.md") + "|");
}

TEST_F(GateStep, HardGateReadsConfigFromTheBaseAndItsDiffNeverGates) {
  const auto [status, calls] = run("pull_request", "hard-gate");
  EXPECT_EQ(status, 0);
  ASSERT_EQ(calls.size(), 2U);
  EXPECT_EQ(calls[0], "diff|coverage.xml|--config-from-ref|origin/main|--compare-branch|"
                      "origin/main|--annotations|--markdown|" +
                          md("changed-lines.md") + "|--policy|hard-gate|");
  EXPECT_EQ(calls[1], "check|coverage.xml|--config-from-ref|origin/main|--markdown|" +
                          md("whole-repo.md") + "|--fail-under|80|");
}

TEST_F(GateStep, NewCodeOnlyGatesTheChangedLines) {
  const auto [status, calls] = run("pull_request", "new-code-only");
  EXPECT_EQ(status, 0);
  ASSERT_EQ(calls.size(), 2U);
  EXPECT_EQ(calls[0], "diff|coverage.xml|--config-from-ref|origin/main|--compare-branch|"
                      "origin/main|--annotations|--markdown|" +
                          md("changed-lines.md") + "|--policy|new-code-only|--fail-under|80|");
  EXPECT_EQ(calls[1], "check|coverage.xml|--config-from-ref|origin/main|--markdown|" +
                          md("whole-repo.md") + "|--policy|new-code-only|");
}

TEST_F(GateStep, APushReadsItsOwnTreeAndRunsNoDiff) {
  const auto [status, calls] = run("push", "ratchet");
  EXPECT_EQ(status, 0);
  ASSERT_EQ(calls.size(), 1U);
  EXPECT_EQ(calls[0], "ratchet|check|coverage.xml|");
}

TEST_F(GateStep, ABadInputInTheAnnotationsDiffStillFailsTheStep) {
  const auto [status, calls] = run("pull_request", "ratchet", "2");
  EXPECT_NE(status, 0);
  EXPECT_EQ(calls.size(), 1U); // the step stops at the diff
}

class CommentJob : public Generated {
protected:
  void SetUp() override {
    Generated::SetUp();
    std::ofstream(m_dir / "comment.sh")
        << step_script(test_python(), "comment", "Post or edit the coverage comment");
    fs::create_directories(m_dir / "bin");
    // Answers the comment listing (after the --jq filter) with the id of the comment it
    // created, if any; keeps the body each write sends.
    std::ofstream(m_dir / "bin/gh")
        << "#!/bin/sh\n"
           "printf '%s|' \"$@\" >> \"$GH_LOG\"\n"
           "echo >> \"$GH_LOG\"\n"
           "case \"$*\" in\n"
           "  *'--method POST'*) echo 4242 > \"$GH_STATE\" ;;\n"
           "  *--paginate*) if [ -f \"$GH_STATE\" ]; then cat \"$GH_STATE\"; fi ;;\n"
           "esac\n"
           "for a; do case \"$a\" in body=@*) cp \"${a#body=@}\" \"$GH_BODY\" ;; esac; done\n";
    fs::permissions(m_dir / "bin/gh", fs::perms::owner_all);
    fs::create_directories(m_dir / "md");
    std::ofstream(m_dir / "md/whole-repo.md") << "## covbar: 81.25% lines, PASS\n";
    std::ofstream(m_dir / "md/changed-lines.md") << "## Changed lines: 2 of 3 covered\n";
  }
  int run() {
    return run_shell("cd " + core::shell_quote(m_dir.string()) + " && PATH=" +
                     core::shell_quote((m_dir / "bin").string()) + ":\"$PATH\" GH_LOG=gh.log" +
                     " GH_STATE=gh.state GH_BODY=body.md GH_TOKEN=t REPOSITORY=acme/orders-api" +
                     " PR_NUMBER=7 DIR=" + core::shell_quote((m_dir / "md").string()) +
                     " bash --noprofile --norc -eo pipefail comment.sh 2>&1")
        .status;
  }
};

TEST_F(CommentJob, CreatesOneCommentThenEditsItInPlace) {
  ASSERT_EQ(run(), 0);
  auto calls = lines_of(m_dir / "gh.log");
  ASSERT_EQ(calls.size(), 2U);
  EXPECT_TRUE(calls[0].starts_with("api|--paginate|repos/acme/orders-api/issues/7/comments|--jq|"))
      << calls[0];
  EXPECT_NE(calls[0].find("<!-- covbar:coverage -->"), std::string::npos) << calls[0];
  const std::string body = "body=@" + (m_dir / "md/comment.md").string();
  EXPECT_EQ(calls[1],
            "api|--method|POST|repos/acme/orders-api/issues/7/comments|-F|" + body + "|--silent|");
  EXPECT_EQ(read_text(m_dir / "body.md"), "<!-- covbar:coverage -->\n"
                                          "## covbar: 81.25% lines, PASS\n\n"
                                          "## Changed lines: 2 of 3 covered\n\n");

  // The next push: the same comment, found by its marker, edited with the new figures.
  std::ofstream(m_dir / "md/whole-repo.md") << "## covbar: 79.00% lines, FAIL\n";
  ASSERT_EQ(run(), 0);
  calls = lines_of(m_dir / "gh.log");
  ASSERT_EQ(calls.size(), 4U);
  EXPECT_EQ(calls[2], calls[0]);
  EXPECT_EQ(calls[3], "api|--method|PATCH|repos/acme/orders-api/issues/comments/4242|-F|" + body +
                          "|--silent|");
  EXPECT_NE(read_text(m_dir / "body.md").find("79.00% lines, FAIL"), std::string::npos);
}

TEST_F(CommentJob, OnlyTheCommentJobMayWriteToPullRequestsAndNeverForAFork) {
  const YAML::Node root = YAML::LoadFile(test_python().string());
  const YAML::Node comment = root["jobs"]["comment"];
  ASSERT_TRUE(comment.IsMap());
  ASSERT_EQ(comment["permissions"].size(), 1U);
  EXPECT_EQ(comment["permissions"]["pull-requests"].as<std::string>(), "write");
  EXPECT_FALSE(root["jobs"]["test"]["permissions"]["pull-requests"]);
  EXPECT_NE(comment["if"].as<std::string>().find(
                "github.event.pull_request.head.repo.full_name == github.repository"),
            std::string::npos);
  // The caller grants it (a called workflow's jobs get at most what the caller's job has).
  const YAML::Node caller =
      YAML::LoadFile((m_dir / "out/repos/orders-api/.github/workflows/ci-cd.yml").string());
  EXPECT_EQ(caller["jobs"]["test"]["permissions"]["pull-requests"].as<std::string>(), "write");
  EXPECT_FALSE(caller["jobs"]["deploy-staging"]["permissions"]["pull-requests"]);
}

/// The ratchet job's update step, run in a clone of a local bare repository standing in for
/// GitHub (SERVER_URL/REPOSITORY.git), with covbar and gh replaced by recording scripts.
class RatchetJob : public Generated {
protected:
  void SetUp() override {
    Generated::SetUp();
    std::ofstream(m_dir / "update.sh")
        << step_script(test_python(), "ratchet", "Update the ratchet state");
    const auto setup = run_shell(
        "set -e; cd " + core::shell_quote(m_dir.string()) +
        " && git init -q --bare -b main origin.git && git init -q -b main seed && cd seed"
        " && git config user.email t@t.invalid && git config user.name t"
        " && printf '{\"best\": 70}\\n' > covbar-ratchet.json && git add . && git commit -qm s"
        " && git push -q ../origin.git main 2>&1");
    ASSERT_EQ(setup.status, 0) << setup.out;
    fs::create_directories(m_dir / "bin");
    // `covbar ratchet update` records a new best when NEW_BEST is set.
    std::ofstream(m_dir / "bin/covbar")
        << "#!/bin/sh\nprintf '%s|' \"$@\" >> \"$LOG\"; echo >> \"$LOG\"\n"
           "if [ -n \"$NEW_BEST\" ]; then printf '{\"best\": %s}\\n' \"$NEW_BEST\" > "
           "covbar-ratchet.json; fi\n";
    // `gh pr list` answers with the pull request `gh pr create` opened, if any.
    std::ofstream(m_dir / "bin/gh")
        << "#!/bin/sh\nprintf 'gh|%s' \"$*\" >> \"$LOG\"; echo >> \"$LOG\"\n"
           "case \"$1 $2\" in\n"
           "  'pr list') if [ -f \"$PR_STATE\" ]; then cat \"$PR_STATE\"; fi ;;\n"
           "  'pr create') echo 12 > \"$PR_STATE\" ;;\n"
           "esac\n";
    fs::permissions(m_dir / "bin/covbar", fs::perms::owner_all);
    fs::permissions(m_dir / "bin/gh", fs::perms::owner_all);
  }
  /// A fresh clone of main, as the job checks it out, then the step; its exit status.
  int run(const std::string& new_best, const std::string& mode, const std::string& token = "t") {
    const std::string q = core::shell_quote(m_dir.string());
    const auto r = run_shell(
        "cd " + q + " && rm -rf work && git clone -q origin.git work && cd work && PATH=" +
        core::shell_quote((m_dir / "bin").string()) + ":\"$PATH\" LOG=" + q + "/log PR_STATE=" + q +
        "/pr NEW_BEST=" + new_best + " REPORT=coverage.xml REPORT_DIR=" + q +
        "/report MODE=" + mode + " GH_TOKEN=" + token + " SERVER_URL=file://" + q +
        " REPOSITORY=origin DEFAULT_BRANCH=main bash --noprofile --norc -eo pipefail ../update.sh"
        " 2>&1");
    m_out = r.out;
    return r.status;
  }
  std::string git(const std::string& args) {
    return run_shell("git -C " + core::shell_quote((m_dir / "origin.git").string()) + " " + args +
                     " 2>&1")
        .out;
  }
  std::string m_out;
};

TEST_F(RatchetJob, AnUnchangedStatePushesNothing) {
  ASSERT_EQ(run("", "pull-request"), 0) << m_out;
  EXPECT_EQ(
      lines_of(m_dir / "log"),
      std::vector<std::string>{"ratchet|update|" + (m_dir / "report/coverage.xml").string() + "|"});
  EXPECT_EQ(git("branch --list"), "* main\n");
}

TEST_F(RatchetJob, ANewBestOpensOnePullRequestThenUpdatesIt) {
  ASSERT_EQ(run("75", "pull-request"), 0) << m_out;
  EXPECT_EQ(git("show covbar/ratchet-update:covbar-ratchet.json"), "{\"best\": 75}\n");
  EXPECT_EQ(git("show main:covbar-ratchet.json"), "{\"best\": 70}\n");
  auto log = lines_of(m_dir / "log");
  ASSERT_EQ(log.size(), 3U);
  EXPECT_EQ(log[1], "gh|pr list -R origin --head covbar/ratchet-update --state open --json number "
                    "--jq .[].number");
  EXPECT_TRUE(
      log[2].starts_with("gh|pr create -R origin --head covbar/ratchet-update --base main "))
      << log[2];

  // The next push to main records a better figure: the same branch and pull request.
  ASSERT_EQ(run("78", "pull-request"), 0) << m_out;
  EXPECT_EQ(git("show covbar/ratchet-update:covbar-ratchet.json"), "{\"best\": 78}\n");
  log = lines_of(m_dir / "log");
  ASSERT_EQ(log.size(), 5U);
  EXPECT_EQ(log[4], log[1]); // listed, found open, not created again
}

TEST_F(RatchetJob, AnOptedInRepositoryCommitsToTheDefaultBranch) {
  ASSERT_EQ(run("75", "commit"), 0) << m_out;
  EXPECT_EQ(git("show main:covbar-ratchet.json"), "{\"best\": 75}\n");
  EXPECT_EQ(git("log -1 --format=%s main"), "Record the coverage ratchet's new best\n");
  EXPECT_EQ(lines_of(m_dir / "log").size(), 1U); // no gh call
}

TEST_F(RatchetJob, ANewBestWithoutTheBotTokenFailsTheJob) {
  EXPECT_NE(run("75", "pull-request", "''"), 0);
  EXPECT_NE(m_out.find("bot token secret is not set"), std::string::npos) << m_out;
  EXPECT_EQ(git("branch --list"), "* main\n");
}

TEST_F(RatchetJob, OnlyRatchetRepositoriesGetItOnPushesOneAtATime) {
  const YAML::Node job = YAML::LoadFile(test_python().string())["jobs"]["ratchet"];
  EXPECT_EQ(job["concurrency"]["group"].as<std::string>(),
            "covbar-ratchet-${{ github.repository }}");
  EXPECT_FALSE(job["concurrency"]["cancel-in-progress"].as<bool>());
  EXPECT_NE(job["if"].as<std::string>().find("inputs.coverage-policy == 'ratchet'"),
            std::string::npos);
  EXPECT_EQ(job["permissions"].size(), 1U);
  EXPECT_EQ(job["permissions"]["contents"].as<std::string>(), "read");
  // A ratchet repository's caller passes the bot token; a hard-gate one does not.
  const auto caller = [&](const std::string& repo) {
    return YAML::LoadFile(
        (m_dir / "out/repos" / repo / ".github/workflows/ci-cd.yml").string())["jobs"]["test"];
  };
  EXPECT_EQ(caller("orders-api")["secrets"]["COVBAR_BOT_TOKEN"].as<std::string>(),
            "${{ secrets.COVBAR_BOT_TOKEN }}");
  EXPECT_FALSE(caller("notifications-worker")["secrets"]["COVBAR_BOT_TOKEN"]);
  // billing-api opts in to direct commits.
  EXPECT_EQ(caller("billing-api")["with"]["ratchet-update"].as<std::string>(), "commit");
  EXPECT_FALSE(caller("orders-api")["with"]["ratchet-update"]);
}

/// The env value `key` of the step named `name` of the audit job.
std::string audit_env(const fs::path& workflow, const std::string& name, const std::string& key) {
  for (const auto& s : YAML::LoadFile(workflow.string())["jobs"]["audit"]["steps"]) {
    if (s["name"] && s["name"].as<std::string>() == name) {
      return s["env"][key].as<std::string>();
    }
  }
  ADD_FAILURE() << "no step '" << name << "' in " << workflow;
  return {};
}

/// The scheduled audit's collect step against artifacts laid out as `gh run download` writes
/// them (DIR/<artifact-name>/<files>) and ratchet states served as the contents API serves
/// them, with gh replaced by a script serving both; then its audit step, with the real covbar:
/// the job summary's trend, the chart and the fleet page.
TEST_F(Generated, TheAuditCollectsEachRepositorysLatestReportAndSchedule) {
  const fs::path audit = m_dir / "out/central/.github/workflows/coverage-audit.yml";
  const std::string collect_name = "Collect each repository's coverage report";
  const std::string audit_name = "Audit and record the history";
  std::ofstream(m_dir / "collect.sh") << step_script(audit, "audit", collect_name);
  std::ofstream(m_dir / "audit.sh") << step_script(audit, "audit", audit_name);
  // Runs 101 of orders-api (ratchet), 103 of marketing-site (hard gate) and 104 of
  // admin-dashboard (ratchet, no state on main yet) kept their report; billing-api has no
  // run; run 102 of customer-web kept no artifact.
  const fs::path xml = fixtures_dir() / "coveragepy-6.5.0-lines/coverage.xml";
  for (const char* run : {"101", "103", "104"}) {
    fs::create_directories(m_dir / "served" / run / "coverage-0");
    fs::copy_file(xml, m_dir / "served" / run / "coverage-0/coverage.xml");
  }
  ratchet::Settings settings;
  settings.step = core::Percent::points(2);
  settings.sprint_days = 7;
  const auto start = *core::Date::parse("2026-01-05");
  const auto state = ratchet::start_state(settings, start, core::Percent::points(70), start);
  const fs::path served_state = m_dir / "served/api/repos/acme/orders-api/contents";
  fs::create_directories(served_state);
  ratchet::write_state((served_state / "covbar-ratchet.json").string(), state);
  fs::create_directories(m_dir / "bin");
  std::ofstream(m_dir / "bin/gh")
      << "#!/bin/sh\necho \"gh $*\" >> \"$LOG\"\n"
         "case \"$1 $2\" in\n"
         "  'run list') case \"$4\" in acme/orders-api) echo 101 ;; acme/customer-web) echo 102 ;; "
         "acme/marketing-site) echo 103 ;; acme/admin-dashboard) echo 104 ;; esac ;;\n"
         "  'run download') if [ -d \"$SERVED/$3/$7\" ]; then mkdir -p \"$9\" && cp -r "
         "\"$SERVED/$3/$7\" \"$9/\"; else echo 'no artifact' >&2; exit 1; fi ;;\n"
         "  'api -H') f=\"$SERVED/api/${4%%\\?*}\"; if [ -f \"$f\" ]; then cat \"$f\"; else "
         "echo '{\"message\":\"Not Found\"}'; echo 'gh: Not Found (HTTP 404)' >&2; exit 1; fi ;;\n"
         "esac\n";
  fs::permissions(m_dir / "bin/gh", fs::perms::owner_all);
  fs::create_symlink(COVBAR_BINARY, m_dir / "bin/covbar");
  const std::string q = core::shell_quote(m_dir.string());
  const std::string env = "PATH=" + core::shell_quote((m_dir / "bin").string()) +
                          ":\"$PATH\" LOG=" + q + "/log SERVED=" + q + "/served OUT=" + q +
                          "/coverage ";
  const auto r = run_shell("cd " + q + " && " + env + "ARTIFACT=coverage-0 BRANCH=" +
                           audit_env(audit, collect_name, "BRANCH") +
                           " SERVER_URL=https://github.com REPOSITORIES=" +
                           core::shell_quote(audit_env(audit, collect_name, "REPOSITORIES")) +
                           " bash --noprofile --norc -eo pipefail collect.sh 2>&1");
  ASSERT_EQ(r.status, 0) << r.out;
  const auto report = [&](const std::string& name) {
    return (m_dir / "coverage" / name / "coverage-0/coverage.xml").string();
  };
  EXPECT_EQ(read_text(m_dir / "coverage/pairs.txt"),
            "orders-api=" + report("orders-api") + "\nadmin-dashboard=" +
                report("admin-dashboard") + "\nmarketing-site=" + report("marketing-site") + "\n");
  // The options covbar audit takes, one per line: each repository's run as its last report,
  // and the ratchet state main holds where there is one.
  const fs::path fetched = m_dir / "coverage/states/orders-api.json";
  EXPECT_EQ(read_text(m_dir / "coverage/options.txt"),
            "--report-link\norders-api=https://github.com/acme/orders-api/actions/runs/101\n"
            "--ratchet-state\norders-api=" +
                fetched.string() +
                "\n"
                "--report-link\nadmin-dashboard=https://github.com/acme/admin-dashboard/actions/"
                "runs/104\n"
                "--report-link\nmarketing-site=https://github.com/acme/marketing-site/actions/runs/"
                "103\n");
  EXPECT_EQ(read_text(fetched), ratchet::render_state(state));
  EXPECT_FALSE(fs::exists(m_dir / "coverage/states/admin-dashboard.json"));
  EXPECT_NE(r.out.find("::warning::acme/billing-api: no completed ci-cd.yml run on main"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("::warning::acme/customer-web: run 102 has no coverage-0 artifact"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("::warning::acme/admin-dashboard: no covbar-ratchet.json on main: its "
                       "trend is held to the target"),
            std::string::npos)
      << r.out;
  const auto log = lines_of(m_dir / "log");
  ASSERT_FALSE(log.empty());
  EXPECT_EQ(log[0], "gh run list -R acme/orders-api --branch main --workflow ci-cd.yml --event "
                    "push --status completed --limit 1 --json databaseId --jq "
                    ".[0].databaseId // empty");
  std::vector<std::string> api_calls;
  std::copy_if(log.begin(), log.end(), std::back_inserter(api_calls),
               [](const std::string& l) { return l.starts_with("gh api "); });
  // The state is read from the default branch, for the ratchet repositories only.
  EXPECT_EQ(api_calls, (std::vector<std::string>{
                           "gh api -H Accept: application/vnd.github.raw+json "
                           "repos/acme/orders-api/contents/covbar-ratchet.json?ref=main",
                           "gh api -H Accept: application/vnd.github.raw+json "
                           "repos/acme/admin-dashboard/contents/covbar-ratchet.json?ref=main"}));

  // The audit step, in the central repository's checkout, with the real covbar.
  fs::create_directories(m_dir / "central");
  const auto a =
      run_shell("cd " + q + "/central && " + env + "GITHUB_STEP_SUMMARY=" + q +
                "/summary.md bash --noprofile --norc -eo pipefail " + q + "/audit.sh 2>&1");
  ASSERT_EQ(a.status, 0) << a.out;
  const std::string summary = read_text(m_dir / "summary.md");
  const auto today = core::Date::today("");
  const unsigned sprint = ratchet::sprint_of(state, today);
  EXPECT_NE(summary.find("| `orders-api` | ratchet from 2026-01-05 at 70%, +2 points per 7-day "
                         "sprint up to 80% | 75.00% (30 / 40), " +
                         today.to_string() + " | " +
                         ratchet::scheduled_bar(state, sprint).to_string() + "% (sprint " +
                         std::to_string(sprint) + ") |"),
            std::string::npos)
      << summary;
  EXPECT_NE(summary.find("| `marketing-site` | the audit's target, 80% | 75.00% (30 / 40), " +
                         today.to_string() + " | 80% (target) | **no, 5.00 points below** |"),
            std::string::npos)
      << summary;
  EXPECT_NE(summary.find("[Last report](<https://github.com/acme/orders-api/actions/runs/101>)"),
            std::string::npos);
  EXPECT_NE(summary.find("Chart: `coverage-trend.svg`."), std::string::npos);
  // The chart and the history beside it in the checkout (the next step commits both); the
  // fleet page with the same chart in the uploaded folder.
  const std::string svg = read_text(m_dir / "central/coverage-trend.svg");
  EXPECT_EQ(read_text(m_dir / "coverage/fleet/trend.svg"), svg);
  EXPECT_NE(svg.find("orders-api: lines coverage, ratchet from 2026-01-05"), std::string::npos);
  EXPECT_TRUE(read_text(m_dir / "central/coverage-history.jsonl")
                  .starts_with("{\"date\":\"" + today.to_string() + "\""));
  EXPECT_NE(read_text(m_dir / "coverage/fleet/index.html")
                .find("<section class=\"trend\" data-repo=\"orders-api\""),
            std::string::npos);
  EXPECT_NE(step_script(audit, "audit", "Commit the history")
                .find("git add coverage-history.jsonl coverage-trend.svg"),
            std::string::npos);
}

} // namespace
} // namespace covbar::test
