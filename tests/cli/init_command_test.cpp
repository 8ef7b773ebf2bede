// `covbar init` on copies of fixtures/projects with settings written as projects write them:
// what it prints, the covbar.yml it writes, and that covbar check reads that file and holds
// the fixture's real report to it. It never replaces a covbar.yml without --force, and a
// malformed setting file stops it before anything is written.

#include <fstream>

#include "tests/support/helpers.hpp"
#include "tests/support/run_covbar.hpp"

namespace covbar::test {
namespace {

namespace fs = std::filesystem;

class Init : public TempDirTest {
protected:
  std::string project(const std::string& name) {
    m_repo = m_dir / name;
    fs::copy(fixtures_dir() / "projects" / name, m_repo, fs::copy_options::recursive);
    return m_repo.string();
  }
  void write(const std::string& name, const std::string& text) {
    fs::create_directories((m_repo / name).parent_path());
    std::ofstream(m_repo / name, std::ios::binary) << text;
  }
  fs::path m_repo;
};

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST_F(Init, PythonProjectGetsAGateCovbarCheckHolds) {
  const auto root = project("python");
  write("pyproject.toml", "[project]\nname = \"calc\"\n\n[tool.coverage.run]\nbranch = true\n\n"
                          "[tool.coverage.report]\nfail_under = 75\nshow_missing = true\n\n"
                          "[tool.coverage.xml]\noutput = \"build/coverage.xml\"\n");
  write("requirements-dev.txt", "pytest==8.3.3\npytest-cov==5.0.0\n");
  const auto o = run_covbar({"init", "--root", root});
  ASSERT_EQ(o.code, 0) << o.out << o.err;
  EXPECT_TRUE(has(o.out, "stack: python (pyproject.toml, requirements-dev.txt), pytest with "
                         "pytest-cov (coverage.py)"))
      << o.out;
  EXPECT_TRUE(has(o.out, "threshold: coverage.py combined 75% from pyproject.toml:8:14 "
                         "([tool.coverage.report] fail_under) (hard-gate)"))
      << o.out;
  const std::string yml = read_text(m_repo / "covbar.yml");
  EXPECT_TRUE(has(yml, "reports:\n  - 'build/coverage.xml'  # coverage.py")) << yml;
  EXPECT_TRUE(has(yml, "policy: [hard-gate]\nhard-gate:\n  fail-under:\n    # coverage.py, "
                       "pyproject.toml:8:14 ([tool.coverage.report] fail_under); coverage.py "
                       "rounds to precision 0 before comparing\n    combined: 75\n"))
      << yml;
  // covbar check reads the written file: its reports, its gate (47 of 62 is 75.80%).
  fs::create_directories(m_repo / "build");
  fs::copy_file(fixtures_dir() / "coveragepy-6.5.0-branch" / "coverage.xml",
                m_repo / "build" / "coverage.xml");
  const auto check = run_covbar(
      {"check", "--root", root, "--config", (m_repo / "covbar.yml").string(), "--no-step-summary"});
  EXPECT_EQ(check.code, 0) << check.out << check.err;
  EXPECT_TRUE(has(check.out, "ok   combined 75.80% (minimum 75%)")) << check.out;
}

TEST_F(Init, NeverReplacesCovbarYmlWithoutForce) {
  const auto root = project("python");
  write("covbar.yml", "target: 90\n");
  const auto o = run_covbar({"init", "--root", root});
  EXPECT_EQ(o.code, 2);
  EXPECT_EQ(o.err, "covbar: error: " + (m_repo / "covbar.yml").string() +
                       " exists: covbar init does not replace it (pass --force to)\n");
  EXPECT_EQ(read_text(m_repo / "covbar.yml"), "target: 90\n");
  const auto forced = run_covbar({"init", "--root", root, "--force"});
  EXPECT_EQ(forced.code, 0) << forced.err;
  EXPECT_TRUE(has(read_text(m_repo / "covbar.yml"), "version: 1\n"));
}

TEST_F(Init, JestAndCodecovBecomeGatesRatchetAndNewCodeOnly) {
  const auto root = project("js");
  write("package.json", R"({
  "name": "js",
  "scripts": { "test": "jest --coverage" },
  "devDependencies": { "jest": "^30.0.0" },
  "jest": {
    "coverageDirectory": "out/coverage",
    "coverageThreshold": {
      "global": { "lines": 80, "statements": -5 },
      "./src/**/*.js": { "branches": 70 }
    }
  }
}
)");
  write("codecov.yml", "coverage:\n  status:\n    project:\n      default:\n        target: auto\n"
                       "        threshold: 1%\n    patch:\n      default:\n        target: 90%\n");
  const auto o = run_covbar({"init", "--root", root});
  ASSERT_EQ(o.code, 0) << o.out << o.err;
  EXPECT_TRUE(has(o.out, "stack: javascript (package.json), jest")) << o.out;
  EXPECT_TRUE(has(o.out, "not read: jest.config.js: a program (covbar does not run it); a text "
                         "search finds no coverageThreshold in it"))
      << o.out;
  const std::string yml = read_text(m_repo / "covbar.yml");
  EXPECT_TRUE(has(yml, "  - 'out/coverage/coverage-final.json'  # jest: package.json:6:26")) << yml;
  EXPECT_TRUE(has(yml, "policy: [hard-gate, ratchet, new-code-only]")) << yml;
  EXPECT_TRUE(has(yml, "    'src/**/*.js':\n")) << yml;
  EXPECT_TRUE(has(yml, "      branches: 70\n      per-file: true")) << yml;
  EXPECT_TRUE(has(yml, "new-code-only:\n  fail-under:\n")) << yml;
  EXPECT_TRUE(has(yml, "    lines: 90\n  partial-lines: missed")) << yml;
  EXPECT_TRUE(has(yml, "ratchet:\n  # Codecov codecov.yml:5:17")) << yml;
  EXPECT_TRUE(has(yml, "  metric: lines\n  slack: 1  # Codecov's threshold")) << yml;
  EXPECT_TRUE(has(yml, "# Not written: jest statements package.json:8:46 "
                       "(jest.coverageThreshold.global.statements): at most 5 uncovered"))
      << yml;
  // The written file holds the real report: branches per file (src/math.js 73.33%).
  fs::create_directories(m_repo / "out" / "coverage");
  fs::copy_file(fixtures_dir() / "jest-30.5.2-js" / "coverage-final.json",
                m_repo / "out" / "coverage" / "coverage-final.json");
  const auto check = run_covbar(
      {"check", "--root", root, "--config", (m_repo / "covbar.yml").string(), "--no-step-summary"});
  EXPECT_EQ(check.code, 0) << check.out << check.err;
  EXPECT_TRUE(has(check.out, "ok   branches 73.33% (minimum 70%)  src/math.js")) << check.out;
}

TEST_F(Init, BunfigPerFileThresholdHoldsEachFile) {
  const auto root = project("ts");
  write("package.json", R"({ "name": "ts", "devDependencies": { "@types/bun": "1.1.0" } })");
  write("bunfig.toml", "[test]\ncoverageThreshold = 0.8\ncoverageReporter = [\"lcov\"]\n");
  write("vitest.config.ts", "import { defineConfig } from 'vitest/config';\n\nexport default "
                            "defineConfig({\n  test: { coverage: { thresholds: { lines: 80 } } },"
                            "\n});\n");
  const auto o = run_covbar({"init", "--root", root});
  ASSERT_EQ(o.code, 0) << o.out << o.err;
  EXPECT_TRUE(has(o.out, "stack: bun (bunfig.toml or bun's lock file)")) << o.out;
  EXPECT_TRUE(has(o.out, "not read: vitest.config.ts: a program (covbar does not run it); "
                         "thresholds at vitest.config.ts:4"))
      << o.out;
  const std::string yml = read_text(m_repo / "covbar.yml");
  EXPECT_TRUE(has(yml, "  paths:\n    '**':\n")) << yml;
  fs::create_directories(m_repo / "coverage");
  fs::copy_file(fixtures_dir() / "bun-1.4.5-lcov" / "lcov.info", m_repo / "coverage" / "lcov.info");
  const auto check = run_covbar(
      {"check", "--root", root, "--config", (m_repo / "covbar.yml").string(), "--no-step-summary"});
  EXPECT_EQ(check.code, 1) << check.out << check.err;
  EXPECT_TRUE(has(check.out, "FAIL lines 66.66% (minimum 80%)  src/text.ts")) << check.out;
}

TEST_F(Init, AMalformedSettingFileWritesNothing) {
  const auto root = project("js");
  write(".nycrc", "{\n  \"check-coverage\": true,\n  \"lines\": [80]\n}\n");
  const auto o = run_covbar({"init", "--root", root});
  EXPECT_EQ(o.code, 2);
  EXPECT_EQ(o.err.substr(0, o.err.find('\n')),
            (m_repo / ".nycrc").string() +
                ":3:12: error: expected a percentage from 0 to 100, found a list");
  EXPECT_FALSE(fs::exists(m_repo / "covbar.yml"));
}

} // namespace
} // namespace covbar::test
