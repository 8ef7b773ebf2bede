// `covbar check` and `covbar diff` with --thresholds-from: real reports (fixtures/) held to
// the thresholds their tool's settings name, written as projects write them into a copy of
// the fixture's project. Each semantic difference between the tool's comparison and covbar's
// exact one has its case: coverage.py's rounding, istanbul's floor, jest's negative numbers,
// bun's fractions held per file, Codecov's threshold and `target: auto`.

#include <fstream>

#include "tests/support/helpers.hpp"
#include "tests/support/run_covbar.hpp"

namespace covbar::test {
namespace {

namespace fs = std::filesystem;

class ThresholdsFrom : public TempDirTest {
protected:
  /// A copy of fixtures/projects/<name> to write settings into.
  std::string project(const std::string& name) {
    const fs::path repo = m_dir / name;
    fs::copy(fixtures_dir() / "projects" / name, repo, fs::copy_options::recursive);
    m_repo = repo.string();
    return m_repo;
  }
  void write(const std::string& name, const std::string& text) {
    std::ofstream(fs::path(m_repo) / name, std::ios::binary) << text;
  }
  Outcome check(const std::string& report, std::vector<std::string> extra) {
    std::vector<std::string> args{"check", (fixtures_dir() / report).string(), "--root", m_repo,
                                  "--no-step-summary"};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_covbar(args);
  }
  std::string m_repo;
};

bool has(const Outcome& o, const std::string& text) {
  return o.out.find(text) != std::string::npos || o.err.find(text) != std::string::npos;
}

constexpr const char* k_py_branch = "coveragepy-6.5.0-branch/coverage.xml";

TEST_F(ThresholdsFrom, CoveragePyRoundsWhereCovbarDoesNot) {
  // coverage.py printed TOTAL 76% for 47 of 62 (75.806...%): with fail_under = 76 and
  // precision 0 coverage.py passes; covbar's exact figure is below 76 and holds the gate shut.
  project("python");
  write("pyproject.toml", "[project]\nname = \"calc\"\n\n[tool.coverage.run]\nbranch = true\n\n"
                          "[tool.coverage.report]\nfail_under = 76\nshow_missing = true\n");
  const auto o = check(k_py_branch, {"--thresholds-from", "pyproject"});
  EXPECT_EQ(o.code, 1) << o.out << o.err;
  EXPECT_TRUE(has(o, "FAIL combined 75.80% (minimum 76%)  [from pyproject.toml:8:14 "
                     "([tool.coverage.report] fail_under)]"))
      << o.out;
  EXPECT_TRUE(has(o, "coverage.py rounds the total to 0 decimals before comparing (76), so "
                     "coverage.py alone would pass; covbar fails the exact figure"))
      << o.out;
  // Below the figure both agree, and nothing is noted.
  write("pyproject.toml", "[tool.coverage.report]\nfail_under = 75\n");
  const auto pass = check(k_py_branch, {"--thresholds-from", "pyproject"});
  EXPECT_EQ(pass.code, 0) << pass.out << pass.err;
  EXPECT_FALSE(has(pass, "note:")) << pass.out;
}

TEST_F(ThresholdsFrom, CoveragePyFailsWhereCovbarPassesAndBothHold) {
  // fail_under 75.806 with precision 1: covbar's exact 75.80645...% meets it, coverage.py's
  // round(75.806..., 1) = 75.8 does not. A threshold read from a tool holds under both rules.
  project("python");
  write(".coveragerc", "[run]\nbranch = True\n\n[report]\nfail_under = 75.806\nprecision = 1\n"
                       "exclude_lines =\n    pragma: no cover\n");
  const auto o = check(k_py_branch, {"--thresholds-from", "coveragerc"});
  EXPECT_EQ(o.code, 1) << o.out << o.err;
  EXPECT_TRUE(has(o, "(75.8), so coverage.py alone would fail; covbar passes the exact figure"))
      << o.out;
  write(".coveragerc", "[report]\nfail_under = 75.8\nprecision = 1\n");
  EXPECT_EQ(check(k_py_branch, {"--thresholds-from", "coveragerc"}).code, 0);
}

TEST_F(ThresholdsFrom, JestNegativeThresholdsAndIstanbulFloor) {
  // jest 30: statements 16/20 (4 uncovered), lines 14/17 (82.3529...%, printed 82.35).
  project("js");
  write("package.json", R"({
  "name": "js",
  "jest": {
    "coverageThreshold": { "global": { "statements": -4, "lines": 82.35 } }
  }
}
)");
  const char* report = "jest-30.5.2-js/coverage-final.json";
  const std::string json = (m_dir / "cov.json").string();
  const auto pass = check(report, {"--thresholds-from", "jest", "--json", json});
  EXPECT_EQ(pass.code, 0) << pass.out << pass.err;
  EXPECT_TRUE(has(pass, "ok   statements 80.00% (at most 4 uncovered)")) << pass.out;
  EXPECT_TRUE(has(Outcome{0, read_text(json), ""},
                  "{\"metric\":\"statements\",\"max_uncovered\":4,\"covered\":16,\"total\":20,"
                  "\"passed\":true,\"from\":\"package.json:4:54 "
                  "(jest.coverageThreshold.global.statements)\"}"))
      << read_text(json);
  write("package.json",
        R"({ "jest": { "coverageThreshold": { "global": { "statements": -3 } } } })");
  const auto fail = check(report, {"--thresholds-from", "jest"});
  EXPECT_EQ(fail.code, 1) << fail.out << fail.err;
  EXPECT_TRUE(has(fail, "FAIL statements 80.00% (at most 3 uncovered)")) << fail.out;
  // 82.352 is met by the exact 82.3529...%, not by istanbul's 82.35: jest fails it.
  write("package.json",
        R"({ "jest": { "coverageThreshold": { "global": { "lines": 82.352 } } } })");
  const auto floor = check(report, {"--thresholds-from", "jest"});
  EXPECT_EQ(floor.code, 1) << floor.out << floor.err;
  EXPECT_TRUE(has(floor, "jest compares istanbul's percentage, floored to hundredths (82.35)"))
      << floor.out;
}

TEST_F(ThresholdsFrom, JestPathKeysTakeTheirFilesOutOfGlobal) {
  project("js");
  write("jest.config.json", R"({
  "coverageThreshold": {
    "global": { "lines": 100 },
    "./src/": { "lines": 80 }
  }
}
)");
  // src/ holds every file: global is left with none, which cannot pass silently.
  const auto o = check("jest-30.5.2-js/coverage-final.json", {"--thresholds-from", "jest"});
  EXPECT_EQ(o.code, 2) << o.out << o.err;
  EXPECT_TRUE(has(o, "the path threshold 'files no other key matches' matches no file")) << o.err;
  write("jest.config.json", R"({ "coverageThreshold": { "./src/": { "lines": 82 } } })");
  const auto path = check("jest-30.5.2-js/coverage-final.json", {"--thresholds-from", "jest"});
  EXPECT_EQ(path.code, 0) << path.out << path.err;
  EXPECT_TRUE(has(path, "ok   lines 82.35% (minimum 82%)  src/**  [from jest.config.json:1:47"))
      << path.out;
}

TEST_F(ThresholdsFrom, NycChecksPerFile) {
  project("js");
  write(".nycrc.json",
        R"({ "check-coverage": true, "per-file": true, "branches": 73, "lines": 82 })");
  const auto o = check("jest-30.5.2-js/coverage-final.json", {"--thresholds-from", "nyc"});
  EXPECT_EQ(o.code, 0) << o.out << o.err;
  EXPECT_TRUE(has(o, "ok   branches 73.33% (minimum 73%)  src/math.js  [from .nycrc.json:1:57"))
      << o.out;
  write(".nycrc.json", R"({ "check-coverage": true })");
  const auto defaults = check("jest-30.5.2-js/coverage-final.json", {"--thresholds-from", "nyc"});
  EXPECT_EQ(defaults.code, 1) << "nyc's default lines 90: " << defaults.out << defaults.err;
}

TEST_F(ThresholdsFrom, BunFractionsHoldEveryFile) {
  // bun 1.4.5: All files 83.63% of lines, but src/text.ts has 66.67%: bun fails 0.8.
  project("ts");
  write("bunfig.toml", "[test]\ncoverageThreshold = 0.8\n");
  const auto o = check("bun-1.4.5-lcov/lcov.info", {"--thresholds-from", "bun"});
  EXPECT_EQ(o.code, 1) << o.out << o.err;
  EXPECT_TRUE(has(o, "FAIL lines 66.66% (minimum 80%)  src/text.ts  [from bunfig.toml:2:21"))
      << o.out;
  write("bunfig.toml", "[test]\ncoverageThreshold = { lines = 0.6, functions = 0.75 }\n");
  const auto table = check("bun-1.4.5-lcov/lcov.info", {"--thresholds-from", "bun"});
  EXPECT_EQ(table.code, 0) << table.out << table.err;
}

TEST_F(ThresholdsFrom, CodecovTargetLessThresholdAndAutoRefused) {
  // coverage.py lines-only: 30 of 40 lines, 75%.
  project("python");
  write("codecov.yml", "coverage:\n  status:\n    project:\n      default:\n        target: 80%\n"
                       "        threshold: 5%\n");
  const char* report = "coveragepy-6.5.0-lines/coverage.xml";
  const auto o = check(report, {"--thresholds-from", "codecov"});
  EXPECT_EQ(o.code, 0) << o.out << o.err;
  EXPECT_TRUE(has(o, "ok   lines 75.00% (minimum 75%)")) << o.out;
  write("codecov.yml",
        "coverage:\n  status:\n    project:\n      default:\n        target: auto\n");
  const auto ratchet = check(report, {"--thresholds-from", "codecov"});
  EXPECT_EQ(ratchet.code, 2) << ratchet.out;
  EXPECT_EQ(ratchet.err,
            "covbar: error: codecov.yml:5:17 (coverage.status.project.default.target auto): "
            "target auto compares with the base commit's coverage, which covbar check cannot "
            "know: use a ratchet (covbar init writes one; covbar ratchet check), or give "
            "--fail-under\n");
  write("codecov.yml", "coverage:\n  status:\n    project: off\n    patch:\n      default:\n"
                       "        target: 90%\n");
  const auto patch_only = check(report, {"--thresholds-from", "codecov"});
  EXPECT_EQ(patch_only.code, 2) << patch_only.out;
  EXPECT_TRUE(has(patch_only, "codecov.yml holds no threshold covbar check applies; "
                              "codecov.yml:6:17 (coverage.status.patch.default.target) is a "
                              "new-code-only threshold"))
      << patch_only.err;
}

TEST_F(ThresholdsFrom, CodecovPatchTargetHoldsChangedLinesWithPartialLinesMissed) {
  // calc/ops.py added whole: 31 lines instrumented, 23 hit, 4 of those partial. Codecov counts
  // a partial line as missed: 19 of 31 (61.29%) is below its patch target of 70%.
  project("python");
  const std::string ops = read_text(fs::path(m_repo) / "calc/ops.py");
  std::string diff = fmt::format("diff --git a/calc/ops.py b/calc/ops.py\nnew file mode 100644\n"
                                 "--- /dev/null\n+++ b/calc/ops.py\n@@ -0,0 +1,{} @@\n",
                                 std::count(ops.begin(), ops.end(), '\n'));
  for (std::size_t at = 0; at < ops.size();) {
    const auto nl = ops.find('\n', at);
    diff += "+" + ops.substr(at, nl - at) + "\n";
    at = nl + 1;
  }
  write("pr.diff", diff);
  write("codecov.yml", "coverage:\n  status:\n    project: off\n    patch:\n      default:\n"
                       "        target: 70%\n");
  const std::vector<std::string> args{"diff",
                                      (fixtures_dir() / k_py_branch).string(),
                                      "--root",
                                      m_repo,
                                      "--diff-file",
                                      (fs::path(m_repo) / "pr.diff").string(),
                                      "--thresholds-from",
                                      "codecov",
                                      "--no-step-summary"};
  const auto o = run_covbar(args);
  EXPECT_EQ(o.code, 1) << o.out << o.err;
  EXPECT_TRUE(has(o, "FAIL changed lines 61.29% (minimum 70%)  [from codecov.yml:6:17 "
                     "(coverage.status.patch.default.target)]"))
      << o.out;
  auto covered = args;
  covered.insert(covered.end(), {"--partial-lines", "covered"});
  const auto flag = run_covbar(covered);
  EXPECT_EQ(flag.code, 0) << "the flag wins: 23 of 31 " << flag.out << flag.err;
}

TEST_F(ThresholdsFrom, TheFlagWinsMetricByMetricAndSaysWhereEachCameFrom) {
  project("js");
  write("package.json",
        R"({ "jest": { "coverageThreshold": { "global": { "lines": 90, "functions": 70 } } } })");
  write("covbar.yml", "hard-gate:\n  fail-under: lines=99\n");
  const auto o = check("jest-30.5.2-js/coverage-final.json",
                       {"--thresholds-from", "jest", "--fail-under", "lines=80"});
  EXPECT_EQ(o.code, 0) << o.out << o.err;
  EXPECT_TRUE(has(o, "ok   lines 82.35% (minimum 80%)  [from --fail-under]")) << o.out;
  EXPECT_TRUE(has(o, "ok   functions 75.00% (minimum 70%)  [from package.json:1:74 "
                     "(jest.coverageThreshold.global.functions)]"))
      << o.out;
  EXPECT_FALSE(has(o, "99")) << "covbar.yml gives way to --thresholds-from: " << o.out;
}

TEST_F(ThresholdsFrom, MissingOrMalformedSettingsExitTwo) {
  project("python");
  const auto none = check(k_py_branch, {"--thresholds-from", "auto"});
  EXPECT_EQ(none.code, 2);
  EXPECT_TRUE(has(none, "--thresholds-from auto: no settings of that tool under")) << none.err;
  const auto bad = check(k_py_branch, {"--thresholds-from", "coverage"});
  EXPECT_EQ(bad.code, 2);
  EXPECT_TRUE(has(bad, "--thresholds-from: expected auto, pyproject, coveragerc, jest, nyc, bun, "
                       "codecov, found 'coverage'"))
      << bad.err;
  write("setup.cfg", "[coverage:report]\nfail_under = 80\nfail_under = 90\n");
  const auto twice = check(k_py_branch, {"--thresholds-from", "auto"});
  EXPECT_EQ(twice.code, 2);
  EXPECT_EQ(twice.err.substr(0, twice.err.find('\n')),
            m_repo + "/setup.cfg:3:1: error: expected each key once in a section, found "
                     "'fail_under' again in [coverage:report]");
}

} // namespace
} // namespace covbar::test
