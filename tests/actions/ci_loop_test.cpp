// The generated CI loop run for its behaviour: the coverage gate step's own shell, taken
// from the generated workflow with yaml-cpp, runs in a throw-away clone whose pull request
// edits covbar.yml, with a `covbar` on PATH that records its argv. The gate must read
// covbar.yml and the ratchet state from the base branch, and the annotations-only diff must
// gate under new-code-only alone.

#include <fstream>
#include <sstream>

#include <yaml-cpp/yaml.h>

#include "src/core/process.hpp"
#include "tests/support/golden.hpp"
#include "tests/support/run_covbar.hpp"

namespace covbar::test {
namespace {

namespace fs = std::filesystem;

/// The `run:` text of the step named `name` of the test job of `workflow`.
std::string step_script(const fs::path& workflow, const std::string& name) {
  const YAML::Node root = YAML::LoadFile(workflow.string());
  for (const auto& step : root["jobs"]["test"]["steps"]) {
    if (step["name"] && step["name"].as<std::string>() == name) {
      return step["run"].as<std::string>();
    }
  }
  ADD_FAILURE() << "no step '" << name << "' in " << workflow;
  return {};
}

class GateStep : public TempDirTest {
protected:
  void SetUp() override {
    TempDirTest::SetUp();
    const fs::path previous = fs::current_path();
    fs::current_path(fixtures_dir() / "fleet");
    const auto o = run_covbar({"workflows", "generate", "--config", "covbar.yml", "--out",
                               (m_dir / "out").string()});
    fs::current_path(previous);
    ASSERT_EQ(o.code, 0) << o.err;
    std::ofstream(m_dir / "gate.sh")
        << step_script(m_dir / "out/central/.github/workflows/test-python.yml",
                       "Coverage gate (covbar)");

    // The base branch sets a target of 80; the pull request lowers it to 0 and loosens the
    // ratchet state.
    const std::string q = core::shell_quote(m_dir.string());
    const auto setup = core::run_command(
        "set -e; cd " + q +
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
  std::pair<int, std::vector<std::string>> run(const std::string& event,
                                               const std::string& policy,
                                               const std::string& diff_exit = "0") {
    const std::string log = (m_dir / ("argv-" + event + "-" + policy)).string();
    const auto r = core::run_command(
        "cd " + core::shell_quote((m_dir / "work").string()) +
        " && PATH=" + core::shell_quote((m_dir / "bin").string()) + ":\"$PATH\"" +
        " COVBAR_ARGV_LOG=" + core::shell_quote(log) + " STUB_DIFF_EXIT=" + diff_exit +
        " EVENT_NAME=" + event + " BASE_REF=main POLICY=" + policy +
        " TARGET=80 REPORT=coverage.xml bash --noprofile --norc -eo pipefail " +
        core::shell_quote((m_dir / "gate.sh").string()) + " 2>&1");
    std::vector<std::string> calls;
    std::ifstream in(log);
    for (std::string line; std::getline(in, line);) {
      calls.push_back(line);
    }
    return {r.status, calls};
  }
};

TEST_F(GateStep, RatchetReadsConfigAndStateFromTheBaseAndItsDiffNeverGates) {
  const auto [status, calls] = run("pull_request", "ratchet");
  EXPECT_EQ(status, 0);
  ASSERT_EQ(calls.size(), 2U);
  EXPECT_EQ(calls[0], "diff|coverage.xml|--config-from-ref|origin/main|--compare-branch|"
                      "origin/main|--annotations|--policy|ratchet|");
  EXPECT_EQ(calls[1], "ratchet|check|coverage.xml|--config-from-ref|origin/main|"
                      "--state-from-ref|origin/main|");
}

TEST_F(GateStep, HardGateReadsConfigFromTheBaseAndItsDiffNeverGates) {
  const auto [status, calls] = run("pull_request", "hard-gate");
  EXPECT_EQ(status, 0);
  ASSERT_EQ(calls.size(), 2U);
  EXPECT_EQ(calls[0], "diff|coverage.xml|--config-from-ref|origin/main|--compare-branch|"
                      "origin/main|--annotations|--policy|hard-gate|");
  EXPECT_EQ(calls[1], "check|coverage.xml|--config-from-ref|origin/main|--fail-under|80|");
}

TEST_F(GateStep, NewCodeOnlyGatesTheChangedLines) {
  const auto [status, calls] = run("pull_request", "new-code-only");
  EXPECT_EQ(status, 0);
  ASSERT_EQ(calls.size(), 2U);
  EXPECT_EQ(calls[0], "diff|coverage.xml|--config-from-ref|origin/main|--compare-branch|"
                      "origin/main|--annotations|--policy|new-code-only|--fail-under|80|");
  EXPECT_EQ(calls[1], "check|coverage.xml|--config-from-ref|origin/main|--policy|"
                      "new-code-only|");
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

} // namespace
} // namespace covbar::test
