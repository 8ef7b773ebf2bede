// Other tools' coverage settings as real projects write them (pyproject.toml,
// .coveragerc, setup.cfg, tox.ini; package.json and jest.config.json; .nycrc in JSON and YAML,
// .nycrc.json, package.json "nyc"; bunfig.toml; codecov.yml), each with keys covbar does not
// read around the ones it does: every threshold with its origin, every malformed file a
// located error.

#include <fstream>

#include "src/toolconfig/tool_thresholds.hpp"
#include "tests/support/helpers.hpp"

namespace covbar::test {
namespace {

using toolconfig::Findings;
using toolconfig::Source;
using toolconfig::ToolThreshold;

class ToolConfig : public TempDirTest {
protected:
  void write(const std::string& name, const std::string& text) {
    std::filesystem::create_directories((m_dir / name).parent_path());
    std::ofstream(m_dir / name, std::ios::binary) << text;
  }
  Findings read(Source source) {
    Findings f;
    toolconfig::read_source(source, m_dir.string(), f);
    return f;
  }
  /// The message of the located error reading `source` throws, or "no error".
  std::string error(Source source) {
    try {
      (void)read(source);
    } catch (const core::InputError& e) {
      // Errors name the file as it can be opened: under the root.
      const std::string text = core::format_located(e.location(), e.expected(), e.found());
      const std::string prefix = m_dir.string() + "/";
      return text.rfind(prefix, 0) == 0 ? text.substr(prefix.size()) : "not under root: " + text;
    }
    return "no error";
  }
};

/// `metric minimum|≤N scope [per-file] <- origin`, one line per threshold.
std::string dump(const Findings& f) {
  std::string out;
  for (const ToolThreshold& t : f.thresholds) {
    out += fmt::format("{} {} {}{}{}{} <- {}\n", config::policy_name(t.policy),
                       gate::metric_name(t.metric),
                       t.max_uncovered ? fmt::format("<={}", *t.max_uncovered)
                       : t.minimum     ? t.minimum->to_string()
                                       : std::string("auto"),
                       t.glob.empty() ? "" : " " + t.glob, t.per_file ? " per-file" : "",
                       t.except.empty() ? "" : fmt::format(" except {}", fmt::join(t.except, ",")),
                       t.origin.text());
  }
  return out;
}

TEST_F(ToolConfig, PyprojectTomlToolCoverageReport) {
  write("pyproject.toml", R"([build-system]
requires = ["setuptools>=61"]

[project]
name = "calc"
version = "0.1.0"

[tool.pytest.ini_options]
addopts = "--cov=calc --cov-report=xml"

[tool.coverage.run]
branch = true
source = ["calc"]

[tool.coverage.report]
fail_under = 90.5
precision = 1
show_missing = true
exclude_also = ["if TYPE_CHECKING:"]

[tool.coverage.xml]
output = "reports/coverage.xml"
)");
  const auto f = read(Source::pyproject);
  EXPECT_EQ(dump(f), "hard-gate combined 90.5 <- pyproject.toml:16:14 "
                     "([tool.coverage.report] fail_under)\n");
  ASSERT_EQ(f.thresholds.size(), 1U);
  EXPECT_EQ(f.thresholds[0].precision, 1U);
  EXPECT_EQ(f.thresholds[0].rule, toolconfig::Rule::coveragepy);
  ASSERT_EQ(f.reports.size(), 1U);
  EXPECT_EQ(f.reports[0].path, "reports/coverage.xml");
  EXPECT_EQ(f.reports[0].origin, "pyproject.toml:22:10 ([tool.coverage.xml] output)");
}

TEST_F(ToolConfig, CoveragercReportSectionWithContinuationLines) {
  write(".coveragerc", R"(# .coveragerc for calc
[run]
branch = True
omit =
    */tests/*
    */__init__.py

[report]
show_missing = True
fail_under = 85
exclude_lines =
    pragma: no cover
    raise NotImplementedError
    if __name__ == .__main__.:

[html]
directory = htmlcov
)");
  const auto f = read(Source::coveragerc);
  EXPECT_EQ(dump(f), "hard-gate combined 85 <- .coveragerc:10:14 ([report] fail_under)\n");
  ASSERT_EQ(f.reports.size(), 1U);
  EXPECT_EQ(f.reports[0].path, "coverage.xml");
  EXPECT_EQ(f.reports[0].origin, "default");
}

TEST_F(ToolConfig, SetupCfgAndToxIniTakeTheCoveragePrefixedSections) {
  write("setup.cfg", R"([metadata]
name = calc

[options]
packages = find:
install_requires =
    requests>=2

[flake8]
max-line-length = 100
extend-ignore = E203

[coverage:report]
fail_under: 80
)");
  EXPECT_EQ(dump(read(Source::coveragerc)),
            "hard-gate combined 80 <- setup.cfg:14:13 ([coverage:report] fail_under)\n");
  std::filesystem::remove(m_dir / "setup.cfg");
  write("tox.ini", R"([tox]
envlist = py311, py312

[testenv]
deps =
    pytest
    pytest-cov
commands =
    pytest --cov=calc {posargs}

[coverage:report]
fail_under = 70
precision = 2

[coverage:xml]
output = build/coverage.xml
)");
  const auto f = read(Source::coveragerc);
  EXPECT_EQ(dump(f), "hard-gate combined 70 <- tox.ini:12:14 ([coverage:report] fail_under)\n");
  EXPECT_EQ(f.thresholds.at(0).precision, 2U);
  EXPECT_EQ(f.reports.at(0).path, "build/coverage.xml");
  // A bare [report] in a shared file is someone else's section, not coverage.py's.
  write("tox.ini", "[tox]\nenvlist = py311\n\n[report]\nfail_under = 99\n");
  EXPECT_TRUE(read(Source::coveragerc).files_read.empty());
}

TEST_F(ToolConfig, CoveragePyUsesTheFirstFileWithItsSettings) {
  // .coveragerc is coverage.py's own file: it is used even without fail_under, and setup.cfg's
  // [coverage:report] is then never read (coverage/config.py, config_files_to_try).
  write(".coveragerc", "[run]\nbranch = True\n");
  write("setup.cfg", "[coverage:report]\nfail_under = 95\n");
  write("pyproject.toml", "[tool.coverage.report]\nfail_under = 99\n");
  const auto all = toolconfig::read_all(m_dir.string());
  EXPECT_EQ(dump(all), "");
  EXPECT_EQ(all.files_read, std::vector<std::string>{".coveragerc"});
  std::filesystem::remove(m_dir / ".coveragerc");
  EXPECT_EQ(dump(toolconfig::read_all(m_dir.string())),
            "hard-gate combined 95 <- setup.cfg:2:14 ([coverage:report] fail_under)\n");
  std::filesystem::remove(m_dir / "setup.cfg");
  EXPECT_EQ(dump(toolconfig::read_all(m_dir.string())),
            "hard-gate combined 99 <- pyproject.toml:2:14 ([tool.coverage.report] fail_under)\n");
}

TEST_F(ToolConfig, JestCoverageThresholdInPackageJson) {
  std::filesystem::create_directories(m_dir / "src" / "components");
  write("src/api/important.js", "module.exports = {};\n");
  write("package.json", R"({
  "name": "shop",
  "version": "1.0.0",
  "scripts": { "test": "jest --coverage" },
  "devDependencies": { "jest": "^29.7.0" },
  "jest": {
    "collectCoverageFrom": ["src/**/*.js"],
    "coverageDirectory": "./reports/coverage",
    "coverageReporters": ["json", "lcov", "text"],
    "coverageThreshold": {
      "global": { "branches": 50, "functions": 50, "lines": 50, "statements": -10 },
      "./src/components/": { "branches": 40, "statements": 40 },
      "./src/api/important.js": { "lines": 100 },
      "./src/reducers/**/*.js": { "statements": 90 }
    }
  }
}
)");
  const auto f = read(Source::jest);
  EXPECT_EQ(dump(f),
            "hard-gate branches 40 src/components/** <- package.json:12:42 "
            "(jest.coverageThreshold../src/components/.branches)\n"
            "hard-gate statements 40 src/components/** <- package.json:12:60 "
            "(jest.coverageThreshold../src/components/.statements)\n"
            "hard-gate lines 100 src/api/important.js <- package.json:13:44 "
            "(jest.coverageThreshold../src/api/important.js.lines)\n"
            "hard-gate statements 90 src/reducers/**/*.js per-file <- package.json:14:49 "
            "(jest.coverageThreshold../src/reducers/**/*.js.statements)\n"
            "hard-gate lines 50 ** except src/components/**,src/api/important.js,"
            "src/reducers/**/*.js <- package.json:11:61 (jest.coverageThreshold.global.lines)\n"
            "hard-gate branches 50 ** except src/components/**,src/api/important.js,"
            "src/reducers/**/*.js <- package.json:11:31 (jest.coverageThreshold.global.branches)\n"
            "hard-gate functions 50 ** except src/components/**,src/api/important.js,"
            "src/reducers/**/*.js <- package.json:11:48 "
            "(jest.coverageThreshold.global.functions)\n"
            "hard-gate statements <=10 ** except src/components/**,src/api/important.js,"
            "src/reducers/**/*.js <- package.json:11:79 "
            "(jest.coverageThreshold.global.statements)\n");
  ASSERT_EQ(f.reports.size(), 1U);
  EXPECT_EQ(f.reports[0].path, "reports/coverage/coverage-final.json");
}

TEST_F(ToolConfig, JestConfigJsonAndTheConfigsThatArePrograms) {
  write("jest.config.json", R"({
  "testEnvironment": "node",
  "coverageThreshold": { "global": { "lines": 80 } }
}
)");
  write("jest.config.ts", "import type { Config } from 'jest';\n\nconst config: Config = {\n"
                          "  coverageThreshold: { global: { lines: 90 } },\n};\n"
                          "export default config;\n");
  const auto f = read(Source::jest);
  EXPECT_EQ(dump(f), "hard-gate lines 80 <- jest.config.json:3:47 "
                     "(coverageThreshold.global.lines)\n");
  ASSERT_EQ(f.not_read.size(), 1U);
  EXPECT_EQ(f.not_read[0], "jest.config.ts: a program (covbar does not run it); "
                           "coverageThreshold at jest.config.ts:4");
}

TEST_F(ToolConfig, NycrcJsonYamlAndPackageJson) {
  // `nyc init`-shaped .nycrc (JSON), checked per file.
  write(".nycrc", R"({
  "all": true,
  "include": ["src/**/*.js"],
  "reporter": ["lcov", "text-summary"],
  "check-coverage": true,
  "per-file": true,
  "branches": 80,
  "statements": 85.5
}
)");
  EXPECT_EQ(dump(read(Source::nyc)),
            "hard-gate lines 90 ** per-file <- .nycrc:5:21 (check-coverage, lines defaults to 90)\n"
            "hard-gate branches 80 ** per-file <- .nycrc:7:15 (branches)\n"
            "hard-gate statements 85.5 ** per-file <- .nycrc:8:17 (statements)\n");
  // The same file in YAML, camelCase as yargs also takes it.
  write(".nycrc", "all: true\ncheckCoverage: true\nlines: 75\nreportDir: out/coverage\n");
  const auto yaml = read(Source::nyc);
  EXPECT_EQ(dump(yaml), "hard-gate lines 75 <- .nycrc:3:8 (lines)\n");
  EXPECT_EQ(yaml.reports.at(0).path, "out/coverage/lcov.info");
  std::filesystem::remove(m_dir / ".nycrc");
  write(".nycrc.json", R"({ "check-coverage": false, "lines": 60 })");
  const auto off = read(Source::nyc);
  EXPECT_EQ(dump(off), "");
  EXPECT_EQ(off.not_read.at(0),
            ".nycrc.json:1:37 (lines): lines 60 is not a gate: check-coverage is not true");
  std::filesystem::remove(m_dir / ".nycrc.json");
  write("package.json", R"({
  "name": "lib",
  "scripts": { "test": "nyc mocha" },
  "nyc": { "check-coverage": true, "lines": 95, "functions": 90, "exclude": ["test/**"] }
}
)");
  EXPECT_EQ(dump(read(Source::nyc)),
            "hard-gate lines 95 <- package.json:4:45 (nyc.lines)\n"
            "hard-gate functions 90 <- package.json:4:62 (nyc.functions)\n");
}

TEST_F(ToolConfig, BunfigNumberAndTable) {
  write("bunfig.toml", R"([install]
exact = true

[test]
coverage = true
coverageThreshold = 0.9
coverageSkipTestFiles = true
)");
  const auto number = read(Source::bun);
  EXPECT_EQ(dump(number),
            "hard-gate lines 90 ** per-file <- bunfig.toml:6:21 ([test] coverageThreshold)\n"
            "hard-gate functions 90 ** per-file <- bunfig.toml:6:21 ([test] coverageThreshold)\n");
  EXPECT_EQ(number.reports.at(0).path, "coverage/lcov.info");
  write("bunfig.toml", R"([test]
coverageReporter = ["text", "lcov"]
coverageDir = "./out"
coverageThreshold = { lines = 0.855, functions = 0.7 }
)");
  const auto table = read(Source::bun);
  EXPECT_EQ(
      dump(table),
      "hard-gate lines 85.5 ** per-file <- bunfig.toml:4:31 ([test] coverageThreshold.lines)\n"
      "hard-gate functions 70 ** per-file <- bunfig.toml:4:50 "
      "([test] coverageThreshold.functions)\n");
  EXPECT_EQ(table.reports.at(0).path, "out/lcov.info");
}

TEST_F(ToolConfig, CodecovProjectPatchAutoAndThreshold) {
  write("codecov.yml", R"(codecov:
  require_ci_to_pass: yes

coverage:
  precision: 2
  round: down
  status:
    project:
      default:
        target: 80%
        threshold: 1%
      frontend:
        target: auto
        threshold: 2%
        informational: true
    patch:
      default:
        target: 90
    changes: false

comment:
  layout: "reach, diff, flags, files"
)");
  const auto f = read(Source::codecov);
  EXPECT_EQ(dump(f),
            "hard-gate lines 79 <- codecov.yml:10:17 (coverage.status.project.default.target 80% "
            "less threshold 1%)\n"
            "new-code-only lines 90 <- codecov.yml:18:17 (coverage.status.patch.default.target)\n");
  EXPECT_EQ(f.not_read.at(0), "codecov.yml:13:9 (coverage.status.project.frontend): "
                              "informational, it never fails a commit: not a gate");
  write("codecov.yml", "coverage:\n  status:\n    project:\n      default:\n        target: auto\n"
                       "        threshold: 1%\n    patch: off\n");
  EXPECT_EQ(dump(read(Source::codecov)),
            "ratchet lines auto <- codecov.yml:5:17 (coverage.status.project.default.target "
            "auto)\n");
}

TEST_F(ToolConfig, MalformedFilesAreLocatedErrors) {
  write("pyproject.toml", "[tool.coverage.report]\nfail_under = \"${COV_MIN-80}\"\n");
  EXPECT_EQ(error(Source::pyproject),
            "pyproject.toml:2:14: error: expected a number from 0 to 100 (covbar does not expand "
            "environment variables), found '${COV_MIN-80}'");
  write(".coveragerc", "[report]\nfail_under = 80\nprecision\n");
  EXPECT_EQ(error(Source::coveragerc), ".coveragerc:3:1: error: expected key = value, or an "
                                       "indented continuation line, found 'precision'");
  write(".coveragerc", "[report]\nfail_under = 101\n");
  EXPECT_EQ(error(Source::coveragerc),
            ".coveragerc:2:14: error: expected a number from 0 to 100 (covbar does not expand "
            "environment variables), found '101'");
  write("package.json", "{\n  \"jest\": {\n    \"coverageThreshold\": {\"global\": {\"lines\": "
                        "\"most\"}}\n  }\n}\n");
  EXPECT_EQ(error(Source::jest),
            "package.json:3:47: error: expected a percentage from 0 to 100, or a negative whole "
            "number (the most uncovered items allowed), found 'most'");
  write(".nycrc", "{ \"check-coverage\": true, \"lines\": 80,, }\n");
  EXPECT_NE(error(Source::nyc).find(".nycrc:1:"), std::string::npos) << error(Source::nyc);
  write("bunfig.toml", "[test]\ncoverageThreshold = 90\n");
  EXPECT_EQ(error(Source::bun),
            "bunfig.toml:2:21: error: expected a fraction from 0 to 1 (0.9 is 90%, at most four "
            "decimals), or a table of lines, functions, statements, found '90'");
  write("codecov.yml", "coverage:\n  status:\n    project:\n      default:\n        target: "
                       "eighty\n");
  EXPECT_EQ(error(Source::codecov), "codecov.yml:5:17: error: expected a percentage from 0 to "
                                    "100 (80 or 80%), found 'eighty'");
  write("codecov.yml", "coverage:\n  status:\n    project:\n      api:\n        target: 80%\n"
                       "        flags: [api]\n");
  EXPECT_EQ(error(Source::codecov),
            "codecov.yml:6:16: error: expected no 'flags' in a status covbar holds (write its "
            "globs as hard-gate paths in covbar.yml), found a list");
}

TEST_F(ToolConfig, ToolRulesRoundAsTheToolsDo) {
  ToolThreshold t;
  t.rule = toolconfig::Rule::coveragepy;
  t.minimum = core::Percent::points(80);
  // coverage.py: 796/1000 is 79.6, round(79.6, 0) is 80: passes; 100 must be exactly 100.
  EXPECT_TRUE(toolconfig::tool_passes(t, {796, 1000}));
  EXPECT_FALSE(toolconfig::tool_passes(t, {794, 1000}));
  t.precision = 1;
  EXPECT_FALSE(toolconfig::tool_passes(t, {796, 1000}));
  t.minimum = core::Percent::points(100);
  t.precision = 0;
  EXPECT_FALSE(toolconfig::tool_passes(t, {999, 1000})) << "rounds to 100, but is not 100";
  EXPECT_TRUE(toolconfig::tool_passes(t, {1000, 1000}));
  // Python's round is half to even on the double: 100 * 1 / 8 = 12.5 rounds to 12.
  t.minimum = core::Percent::points(13);
  EXPECT_FALSE(toolconfig::tool_passes(t, {1, 8}));
  // istanbul floors to hundredths: 2/3 is 66.66, below 66.665.
  t.rule = toolconfig::Rule::istanbul_floor2;
  t.minimum = core::Percent::parse("66.665");
  EXPECT_FALSE(toolconfig::tool_passes(t, {2, 3}));
  t.minimum = core::Percent::parse("66.66");
  EXPECT_TRUE(toolconfig::tool_passes(t, {2, 3}));
  // jest's negative threshold: the most uncovered items.
  t.minimum.reset();
  t.max_uncovered = 3;
  EXPECT_TRUE(toolconfig::tool_passes(t, {7, 10}));
  EXPECT_FALSE(toolconfig::tool_passes(t, {6, 10}));
}

} // namespace
} // namespace covbar::test
