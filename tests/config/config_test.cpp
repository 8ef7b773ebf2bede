// covbar.yml: every key read, every error at its line and column, and flags winning over
// the file end to end.

#include <fstream>
#include <sstream>

#include "src/config/config.hpp"
#include "src/core/glob.hpp"
#include "src/fleet/fleet.hpp"
#include "tests/support/helpers.hpp"
#include "tests/support/run_covbar.hpp"

namespace covbar::test {
namespace {

namespace fs = std::filesystem;

class Config : public TempDirTest {
protected:
  std::string write_config(const std::string& text) {
    const auto path = (m_dir / "covbar.yml").string();
    std::ofstream(path) << text;
    return path;
  }
  std::string error_of(const std::string& text) {
    const auto path = write_config(text);
    try {
      (void)fleet::load(config::load_config(path));
    } catch (const core::InputError& e) {
      // The first line, `covbar.yml:line:col: error: ...`, without the folder or the snippet.
      std::string message = e.what();
      message = message.substr(message.find("covbar.yml:"));
      return message.substr(0, message.find('\n'));
    }
    return "no error";
  }
};

TEST_F(Config, ReadsEveryKey) {
  const auto path = write_config(R"(# the fleet's policy
version: 1
reports: [coverage.xml, web/coverage/lcov.info]
format: cobertura
root: .
path-map: ["/app=."]
include: ["src/**"]
exclude: ["**/migrations/**"]
precision: 1
target: 80
policy: [hard-gate, new-code-only]
hard-gate:
  fail-under: lines=80,branches=70
  paths:
    "src/billing/**": 90
    "src/core/*.py": {lines: 85, per-file: true}
new-code-only:
  fail-under: {lines: 80}
  compare-branch: origin/develop
  partial-lines: missed
ratchet: {metric: branches, step: 2.5, sprint-days: 7, target: 75, slack: 0.5, granularity: 0.01, state: ci/ratchet.json}
audit: {metric: lines, target: 80, rate: 30, max-ratchet-sprints: 6, top-files: 3}
fleet:
  - name: api
    reports: [../api/coverage.xml]
    path: ../api
)");
  const auto c = config::load_config(path);
  ASSERT_TRUE(c.reports);
  EXPECT_EQ(c.resolve(c.reports->at(1)), (m_dir / "web/coverage/lcov.info").string());
  EXPECT_EQ(*c.format, "cobertura");
  EXPECT_EQ(c.include->at(0), "src/**");
  EXPECT_EQ(*c.precision, 1U);
  EXPECT_TRUE(c.in_force(config::Policy::new_code_only));
  EXPECT_FALSE(c.in_force(config::Policy::ratchet));
  ASSERT_EQ(c.hard_gate_fail_under->size(), 2U);
  EXPECT_EQ(c.hard_gate_fail_under->at(1).target.to_string(), "70");
  ASSERT_EQ(c.path_thresholds->size(), 2U);
  EXPECT_FALSE(c.path_thresholds->at(0).per_file);
  EXPECT_TRUE(c.path_thresholds->at(1).per_file);
  EXPECT_EQ(c.path_thresholds->at(1).thresholds.at(0).target.to_string(), "85");
  EXPECT_EQ(*c.compare_branch, "origin/develop");
  EXPECT_EQ(*c.partial_lines, "missed");
  EXPECT_EQ(c.ratchet.step->to_string(), "2.5");
  EXPECT_EQ(*c.ratchet.sprint_days, 7U);
  EXPECT_EQ(*c.ratchet.state, "ci/ratchet.json");
  EXPECT_EQ(c.audit.rate->to_string(), "30");
  const auto f = fleet::load(c);
  ASSERT_EQ(f.repos.size(), 1U);
  EXPECT_EQ(f.repos.at(0).reports.at(0), "../api/coverage.xml");
}

TEST_F(Config, ErrorsNameLineAndColumn) {
  const auto starts = [](const std::string& message, const std::string& prefix) {
    return message.starts_with(prefix) ? ::testing::AssertionSuccess()
                                       : ::testing::AssertionFailure() << message;
  };
  EXPECT_TRUE(starts(error_of("target: 80\ntargte: 90\n"),
                     "covbar.yml:2:1: error: expected one of version, reports, format, root, "
                     "path-map, include, exclude, precision, target, policy, hard-gate, "
                     "new-code-only, ratchet, audit, fleet, found unknown key 'targte'"));
  EXPECT_EQ(error_of("target: 180\n"),
            "covbar.yml:1:9: error: expected a number from 0 to 100 (at most six decimals), "
            "found '180'");
  EXPECT_EQ(error_of("precision: [2]\n"),
            "covbar.yml:1:12: error: expected a whole number from 0 to 6, found a list");
  EXPECT_EQ(error_of("ratchet:\n  step: 0\n"),
            "covbar.yml:2:9: error: expected a number above 0 to 100 (at most six decimals), "
            "found '0'");
  EXPECT_EQ(error_of("ratchet:\n  sprint-days: two\n"),
            "covbar.yml:2:16: error: expected a whole number from 1 to 366, found 'two'");
  EXPECT_EQ(error_of("policy: [hard-gate, ratchett]\n"),
            "covbar.yml:1:21: error: expected a policy: hard-gate, ratchet or new-code-only, "
            "found 'ratchett'");
  EXPECT_TRUE(starts(error_of("hard-gate:\n  fail-under: lines=eighty\n"),
                     "covbar.yml:2:15: error: expected a percentage (80) or metric=percentage"));
  EXPECT_EQ(error_of("new-code-only:\n  fail-under: functions=80\n"),
            "covbar.yml:2:15: error: expected lines and branches thresholds only, found "
            "'functions=80'");
  EXPECT_EQ(error_of("target: 80\ntarget: 70\n"),
            "covbar.yml:2:1: error: expected each key once, found 'target' again");
  EXPECT_TRUE(starts(error_of("format: xml\n"), "covbar.yml:1:9: error: expected a format"));
  EXPECT_TRUE(starts(error_of("reports: [a.xml\n"), "covbar.yml:2:1: error: expected valid YAML"));
  EXPECT_EQ(error_of("fleet:\n  - name: a\n  - name: a\n"),
            "covbar.yml:3:11: error: expected each repository once, found 'a' again");
  EXPECT_TRUE(starts(error_of("- a\n"), "covbar.yml:1:1: error: expected a mapping of version"));
}

TEST_F(Config, EmptyFileMeansDefaults) {
  const auto c = config::load_config(write_config("# nothing yet\n"));
  EXPECT_FALSE(c.reports);
  EXPECT_TRUE(c.in_force(config::Policy::ratchet));
}

TEST_F(Config, CheckReadsTheFileAndFlagsWin) {
  // coverage.py's report of the Python project: 30 of 40 lines, exactly 75%.
  const auto xml = fixtures_dir() / "coveragepy-6.5.0-lines" / "coverage.xml";
  const auto root = fixtures_dir() / "projects" / "python";
  const auto path =
      write_config("reports: [" + xml.string() + "]\nroot: " + root.string() + "\ntarget: 76\n");
  const auto from_file = run_covbar({"check", "--config", path, "--no-step-summary"});
  EXPECT_EQ(from_file.code, 1) << from_file.out << from_file.err;
  EXPECT_NE(from_file.out.find("FAIL lines 75.00% (minimum 76%)"), std::string::npos)
      << from_file.out;
  const auto flag = run_covbar({"check", "--config", path, "--fail-under", "75"});
  EXPECT_EQ(flag.code, 0) << flag.out << flag.err;
  // A policy list without hard-gate: check reports and does not gate.
  const auto ratchet_only = write_config("reports: [" + xml.string() + "]\nroot: " + root.string() +
                                         "\ntarget: 90\npolicy: ratchet\n");
  const auto reported = run_covbar({"check", "--config", ratchet_only});
  EXPECT_EQ(reported.code, 0) << reported.out << reported.err;
  EXPECT_EQ(reported.out.find("FAIL"), std::string::npos) << reported.out;
  // --policy wins over the file's list, both ways.
  EXPECT_EQ(run_covbar({"check", "--config", ratchet_only, "--policy", "hard-gate"}).code, 1);
  EXPECT_EQ(run_covbar({"check", "--config", path, "--policy", "ratchet,new-code-only"}).code, 0);
  EXPECT_EQ(run_covbar({"check", "--config", path, "--policy", "ratchett"}).code, 2);
}

TEST_F(Config, CheckWithNoArgumentsReadsCovbarYmlAtTheRepositoryRoot) {
  const auto xml = fixtures_dir() / "coveragepy-6.5.0-lines" / "coverage.xml";
  const auto root = fixtures_dir() / "projects" / "python";
  ASSERT_EQ(std::system(("git init -q " + m_dir.string()).c_str()), 0);
  write_config("reports: [" + xml.string() + "]\nroot: " + root.string() + "\ntarget: 75.5\n");
  fs::create_directories(m_dir / "sub");
  const fs::path previous = fs::current_path();
  fs::current_path(m_dir / "sub"); // anywhere inside the repository
  const auto o = run_covbar({"check"});
  std::ofstream(m_dir / "empty.diff") << "";
  const auto d = run_covbar({"diff", "--diff-file", (m_dir / "empty.diff").string()});
  fs::current_path(previous);
  EXPECT_EQ(o.code, 1) << o.out << o.err;
  EXPECT_NE(o.out.find("FAIL lines 75.00% (minimum 75.5%)"), std::string::npos) << o.out;
  EXPECT_EQ(d.code, 0) << d.out << d.err; // an empty diff: nothing changed, passes
}

TEST_F(Config, IncludeExcludeAndPathThresholds) {
  const auto xml = fixtures_dir() / "coveragepy-6.5.0-lines" / "coverage.xml";
  const auto root = fixtures_dir() / "projects" / "python";
  const auto all = run_covbar({"check", xml.string(), "--root", root.string()});
  ASSERT_EQ(all.code, 0) << all.err;
  const auto glob = run_covbar({"check", xml.string(), "--root", root.string(), "--path-threshold",
                                "**/*.py:lines=100:per-file"});
  EXPECT_EQ(glob.code, 1) << glob.out << glob.err;
  EXPECT_NE(glob.out.find("FAIL lines"), std::string::npos) << glob.out;
  const auto none = run_covbar(
      {"check", xml.string(), "--root", root.string(), "--path-threshold", "nowhere/**:90"});
  EXPECT_EQ(none.code, 2);
  EXPECT_NE(none.err.find("matches no file"), std::string::npos) << none.err;
  const auto excluded = run_covbar(
      {"check", xml.string(), "--root", root.string(), "--exclude", "**", "--allow-empty"});
  EXPECT_EQ(excluded.code, 0) << excluded.err;
  EXPECT_NE(excluded.out.find("0 files"), std::string::npos) << excluded.out;
}

TEST(Glob, MatchesLikeVitestAndJest) {
  EXPECT_TRUE(core::glob_match("src/**", "src/a/b.py"));
  EXPECT_TRUE(core::glob_match("src/**/*.py", "src/a.py"));
  EXPECT_TRUE(core::glob_match("src/**/*.py", "src/a/b/c.py"));
  EXPECT_FALSE(core::glob_match("src/*.py", "src/a/b.py"));
  EXPECT_FALSE(core::glob_match("*.py", "src/a.py"));
  EXPECT_TRUE(core::glob_match("**/test_?.py", "x/y/test_a.py"));
  EXPECT_TRUE(core::glob_match("src/[a-c]*.ts", "src/beta.ts"));
  EXPECT_FALSE(core::glob_match("src/[!a-c]*.ts", "src/beta.ts"));
  EXPECT_TRUE(core::glob_match("./src/*.ts", "src/x.ts"));
  EXPECT_FALSE(core::glob_match("src", "src/x.ts"));
  EXPECT_TRUE(core::glob_match("**", "a"));
}

} // namespace
} // namespace covbar::test
