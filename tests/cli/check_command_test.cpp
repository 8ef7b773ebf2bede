// `covbar check` end to end, in process through cli::run, plus the real binary for the
// exit-code contract and the stdout/stderr split.

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <sys/wait.h>

#include "tests/support/helpers.hpp"
#include "tests/support/run_covbar.hpp"

namespace covbar::test {
namespace {

namespace fs = std::filesystem;


std::string fixture_file(const std::string& prefix, const std::string& name) {
  for (const auto& entry : fs::directory_iterator(fixtures_dir())) {
    if (entry.path().filename().string().starts_with(prefix)) {
      return (entry.path() / name).string();
    }
  }
  return {};
}

std::string project(const std::string& name) { return (fixtures_dir() / "projects" / name).string(); }

std::string read_all(const fs::path& p) { return read_text(p); }

using CheckCommand = TempDirTest;

TEST_F(CheckCommand, PassesAndFailsOnExactIntegerComparison) {
  // coverage.py: 30 of 40 statements = exactly 75%.
  const auto xml = fixture_file("coveragepy-", "coverage.xml");
  const auto root = project("python");
  EXPECT_EQ(run_covbar({"check", xml, "--root", root, "--fail-under", "75"}).code, 0);
  const auto fail = run_covbar({"check", xml, "--root", root, "--fail-under", "75.001"});
  EXPECT_EQ(fail.code, 1);
  EXPECT_NE(fail.out.find("FAIL lines 75.00% (minimum 75.001%)"), std::string::npos) << fail.out;
  EXPECT_NE(fail.out.find("calc/ops.py"), std::string::npos) << "paths are repo-relative";
}

TEST_F(CheckCommand, ThresholdPerMetric) {
  const auto json = fixture_file("vitest-3.2.7-v8", "coverage-final.json");
  const auto root = project("ts");
  // v8: lines 30/39 (76.92%), branches 15/20 (75%), functions 5/7 (71.42%).
  EXPECT_EQ(run_covbar({"check", json, "--root", root, "--fail-under", "lines=76,branches=75"}).code, 0);
  EXPECT_EQ(run_covbar({"check", json, "--root", root, "--fail-under", "lines=76,functions=72"}).code, 1);
  const auto bad = run_covbar({"check", json, "--root", root, "--fail-under", "lines=76,lines=70"});
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.err.find("lines given twice"), std::string::npos) << bad.err;
  EXPECT_EQ(run_covbar({"check", json, "--root", root, "--fail-under", "101"}).code, 2);
}

TEST_F(CheckCommand, MetricTheReportLacksIsAnErrorNotAPass) {
  const auto xml = fixture_file("coveragepy-6.5.0-lines", "coverage.xml");
  const auto o = run_covbar({"check", xml, "--root", project("python"), "--fail-under", "branches=1"});
  EXPECT_EQ(o.code, 2);
  EXPECT_NE(o.err.find("the reports have no branches data"), std::string::npos) << o.err;
}

TEST_F(CheckCommand, ReportOfAnotherRepositoryIsAnError) {
  const auto xml = fixture_file("coveragepy-", "coverage.xml");
  const auto o = run_covbar({"check", xml, "--root", project("c"), "--fail-under", "1"});
  EXPECT_EQ(o.code, 2);
  EXPECT_NE(o.err.find("none of its 3 files exists in the repository"), std::string::npos) << o.err;
}

TEST_F(CheckCommand, MergesReportsLineByLine) {
  // The same vitest run in LCOV and Cobertura: a line covered in either is covered once.
  const auto root = project("ts");
  const auto a = fixture_file("vitest-3.2.7-v8", "lcov.info");
  const auto b = fixture_file("vitest-3.2.7-v8", "cobertura-coverage.xml");
  const auto json = (m_dir / "out.json").string();
  const auto o = run_covbar({"check", a, b, "--root", root, "--json", json});
  EXPECT_EQ(o.code, 0) << o.err;
  const std::string text = read_all(json);
  EXPECT_NE(text.find("\"totals\":{\"lines\":{\"covered\":30,\"total\":39}"), std::string::npos) << text;
}

TEST_F(CheckCommand, JsonContractAndMarkdownFiles) {
  const auto root = project("python");
  const auto xml = fixture_file("coveragepy-6.5.0-branch", "coverage.xml");
  const auto json = (m_dir / "cov.json").string();
  const auto md = (m_dir / "cov.md").string();
  const auto o = run_covbar({"check", xml, "--root", root, "--fail-under", "lines=70,combined=75",
                             "--json", json, "--markdown", md});
  EXPECT_EQ(o.code, 0) << o.err;
  const std::string text = read_all(json);
  EXPECT_NE(text.find("\"totals\":{\"lines\":{\"covered\":30,\"total\":40},\"branches\":{\"covered\":17,"
                      "\"total\":22},\"combined\":{\"covered\":47,\"total\":62}}"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("{\"path\":\"calc/ops.py\",\"lines\":{\"covered\":23,\"total\":31}"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("{\"metric\":\"combined\",\"minimum\":\"75\",\"covered\":47,\"total\":62,"
                      "\"passed\":true}"),
            std::string::npos)
      << text;
  const std::string markdown = read_all(md);
  EXPECT_NE(markdown.find("| combined | 75.80% | 47 | 62 | 75% ✅ |"), std::string::npos) << markdown;
  // No temporary files left beside the outputs.
  std::size_t entries = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(m_dir)) {
    ++entries;
  }
  EXPECT_EQ(entries, 2U);
}

TEST_F(CheckCommand, AppendsToGithubStepSummary) {
  const auto summary = m_dir / "summary.md";
  std::ofstream(summary) << "earlier step\n";
  ::setenv("GITHUB_STEP_SUMMARY", summary.c_str(), 1);
  const auto o = run_covbar({"check", fixture_file("jest-", "lcov.info"), "--root", project("js")});
  ::unsetenv("GITHUB_STEP_SUMMARY");
  EXPECT_EQ(o.code, 0) << o.err;
  const std::string text = read_all(summary);
  EXPECT_TRUE(text.starts_with("earlier step\n## Coverage")) << text;
}

TEST_F(CheckCommand, RefusesToOverwriteItsInput) {
  const auto copy = m_dir / "lcov.info";
  fs::copy_file(fixture_file("jest-", "lcov.info"), copy);
  const auto before = read_all(copy);
  const auto o = run_covbar({"check", copy.string(), "--root", project("js"), "--json", copy.string()});
  EXPECT_EQ(o.code, 2);
  EXPECT_EQ(read_all(copy), before);
}

TEST_F(CheckCommand, OutputThroughASymlinkToAFileIsRefused) {
  // A link planted where an output goes neither redirects the write nor is replaced.
  const auto outside = m_dir / "outside.txt";
  std::ofstream(outside) << "keep me\n";
  fs::create_directories(m_dir / "out");
  fs::create_symlink(outside, m_dir / "out" / "cov.json");
  const auto o = run_covbar({"check", fixture_file("jest-", "lcov.info"), "--root", project("js"),
                             "--json", (m_dir / "out" / "cov.json").string()});
  EXPECT_EQ(o.code, 2);
  EXPECT_NE(o.err.find("it is a symbolic link to the file " + outside.string()), std::string::npos)
      << o.err;
  EXPECT_EQ(read_all(outside), "keep me\n");
  EXPECT_TRUE(fs::is_symlink(m_dir / "out" / "cov.json"));
}

TEST_F(CheckCommand, BadInputWritesNothing) {
  const auto bad = m_dir / "bad.info";
  std::ofstream(bad) << "SF:a.c\nDA:1,1\n";
  const auto json = m_dir / "out.json";
  const auto o = run_covbar({"check", bad.string(), "--json", json.string()});
  EXPECT_EQ(o.code, 2);
  EXPECT_TRUE(o.out.empty());
  EXPECT_NE(o.err.find("bad.info:3:1: error: expected end_of_record"), std::string::npos) << o.err;
  EXPECT_FALSE(fs::exists(json));
}

TEST_F(CheckCommand, HeaderFarAboveTheRecordsIsRefused) {
  // A report that lost most of its classes: the header says 400 lines, 3 remain.
  const auto cut = m_dir / "cut.xml";
  std::ofstream(cut) << "<?xml version=\"1.0\"?>\n<coverage lines-valid=\"400\" lines-covered=\"380\">"
                        "<packages><package><classes><class filename=\"calc/ops.py\"><lines>"
                        "<line number=\"1\" hits=\"1\"/><line number=\"2\" hits=\"1\"/>"
                        "<line number=\"3\" hits=\"0\"/></lines></class></classes></package>"
                        "</packages></coverage>\n";
  const auto o = run_covbar({"check", cut.string(), "--root", project("python"), "--fail-under", "50"});
  EXPECT_EQ(o.code, 2);
  EXPECT_NE(o.err.find("cut.xml:2:24: error: expected line records for at least half of the 400 "
                       "lines the header declares (pass --ignore-header-totals to read it anyway), "
                       "found 3 line records: a truncated or trimmed report?"),
            std::string::npos)
      << o.err;
  const auto ok = run_covbar({"check", cut.string(), "--root", project("python"), "--fail-under",
                              "50", "--ignore-header-totals"});
  EXPECT_EQ(ok.code, 0) << ok.err;
  EXPECT_NE(ok.err.find("the header declares 380/400 lines covered but the line records give 2/3"),
            std::string::npos)
      << ok.err;
}

TEST_F(CheckCommand, EmptyReportFailsUnlessAllowed) {
  const auto empty = m_dir / "empty.xml";
  std::ofstream(empty) << "<?xml version=\"1.0\"?><coverage><packages/></coverage>";
  const auto o = run_covbar({"check", empty.string(), "--root", m_dir.string(), "--fail-under", "80"});
  EXPECT_EQ(o.code, 2);
  EXPECT_NE(o.err.find("nothing measurable"), std::string::npos) << o.err;
  EXPECT_EQ(run_covbar({"check", empty.string(), "--root", m_dir.string(), "--allow-empty"}).code, 0);
}

TEST_F(CheckCommand, UsageErrorsAreTwoAndHelpIsZero) {
  EXPECT_EQ(run_covbar({}).code, 2);
  EXPECT_EQ(run_covbar({"check"}).code, 2);
  EXPECT_EQ(run_covbar({"check", "x", "--bogus"}).code, 2);
  EXPECT_EQ(run_covbar({"--help"}).code, 0);
  EXPECT_EQ(run_covbar({"--version"}).code, 0);
  EXPECT_EQ(run_covbar({"check", "/nonexistent/report.xml"}).code, 2);
}

TEST_F(CheckCommand, PathMapRewritesPrefixes) {
  // coverage.py wrote /tmp/covbar-fixture/python/calc/...: map it onto the project.
  const auto xml = fixture_file("coveragepy-", "coverage.xml");
  const auto json = (m_dir / "out.json").string();
  const auto o = run_covbar({"check", xml, "--root", project("python"), "--path-map",
                             "/tmp/covbar-fixture/python=.", "--json", json});
  EXPECT_EQ(o.code, 0) << o.err;
  EXPECT_NE(read_all(json).find("\"path\":\"calc/text.py\""), std::string::npos);
}

TEST(Binary, ExitCodesAndStreams) {
  const std::string binary = COVBAR_BINARY;
  const auto dir = fs::temp_directory_path() / "covbar-binary-test";
  fs::create_directories(dir);
  const auto out = dir / "out.txt";
  const auto err = dir / "err.txt";
  auto run = [&](const std::string& args) {
    const std::string cmd = binary + " " + args + " >" + out.string() + " 2>" + err.string();
    const int status = std::system(cmd.c_str());
    return WEXITSTATUS(status);
  };
  const auto xml = fixture_file("coveragepy-", "coverage.xml");
  EXPECT_EQ(run("check " + xml + " --root " + project("python") + " --fail-under 70"), 0);
  EXPECT_EQ(run("check " + xml + " --root " + project("python") + " --fail-under 80"), 1);
  EXPECT_NE(read_all(out).find("FAIL: coverage is below a threshold"), std::string::npos);
  EXPECT_EQ(run("check /nonexistent.xml"), 2);
  EXPECT_TRUE(read_all(out).empty());
  EXPECT_NE(read_all(err).find("/nonexistent.xml: error: cannot open"), std::string::npos);
  fs::remove_all(dir);
}

} // namespace
} // namespace covbar::test

namespace covbar::test {
namespace {

/// A report cut off mid-download must never pass or fail the gate: exit 2, every time.
TEST(Truncated, EveryFixtureCutAtSeveralOffsetsExitsTwo) {
  namespace fs = std::filesystem;
  std::size_t cuts = 0;
  for (const auto& dir : fs::directory_iterator(fixtures_dir())) {
    if (!dir.is_directory() || dir.path().filename() == "projects") {
      continue;
    }
    for (const auto& entry : fs::directory_iterator(dir.path())) {
      const auto ext = entry.path().extension().string();
      if (ext != ".xml" && ext != ".json" && ext != ".info") {
        continue;
      }
      const std::string text = read_text(entry.path());
      for (const std::size_t cut : {text.size() / 5, text.size() / 2, text.size() * 4 / 5,
                                    text.size() - 2}) {
        const std::string_view head = std::string_view(text).substr(0, cut);
        if (ext == ".info" && (head.ends_with("end_of_record\n") || head.ends_with("end_of_record"))) {
          continue; // an LCOV file cut between records is itself a complete tracefile
        }
        SCOPED_TRACE(entry.path().string() + " cut at " + std::to_string(cut));
        const auto source = core::SourceText::from_string(entry.path().string(), std::string(head));
        EXPECT_THROW((void)parsers::parse_report(source, std::nullopt), core::InputError);
        ++cuts;
      }
    }
  }
  EXPECT_GT(cuts, 60U);
}

} // namespace
} // namespace covbar::test
