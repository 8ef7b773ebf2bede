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

std::string project(const std::string& name) {
  return (fixtures_dir() / "projects" / name).string();
}

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
  EXPECT_EQ(
      run_covbar({"check", json, "--root", root, "--fail-under", "lines=76,branches=75"}).code, 0);
  EXPECT_EQ(
      run_covbar({"check", json, "--root", root, "--fail-under", "lines=76,functions=72"}).code, 1);
  const auto bad = run_covbar({"check", json, "--root", root, "--fail-under", "lines=76,lines=70"});
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.err.find("lines given twice"), std::string::npos) << bad.err;
  EXPECT_EQ(run_covbar({"check", json, "--root", root, "--fail-under", "101"}).code, 2);
}

TEST_F(CheckCommand, MetricTheReportLacksIsAnErrorNotAPass) {
  const auto xml = fixture_file("coveragepy-6.5.0-lines", "coverage.xml");
  const auto o =
      run_covbar({"check", xml, "--root", project("python"), "--fail-under", "branches=1"});
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
  EXPECT_NE(text.find("\"totals\":{\"lines\":{\"covered\":30,\"total\":39}"), std::string::npos)
      << text;
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
  EXPECT_NE(
      text.find("\"totals\":{\"lines\":{\"covered\":30,\"total\":40},\"branches\":{\"covered\":17,"
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
  EXPECT_NE(markdown.find("| combined | 75.80% | 47 | 62 | 75% ✅ |"), std::string::npos)
      << markdown;
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
  const auto o =
      run_covbar({"check", copy.string(), "--root", project("js"), "--json", copy.string()});
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
  std::ofstream(cut)
      << "<?xml version=\"1.0\"?>\n<coverage lines-valid=\"400\" lines-covered=\"380\">"
         "<packages><package><classes><class filename=\"calc/ops.py\"><lines>"
         "<line number=\"1\" hits=\"1\"/><line number=\"2\" hits=\"1\"/>"
         "<line number=\"3\" hits=\"0\"/></lines></class></classes></package>"
         "</packages></coverage>\n";
  const auto o =
      run_covbar({"check", cut.string(), "--root", project("python"), "--fail-under", "50"});
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
  const auto o =
      run_covbar({"check", empty.string(), "--root", m_dir.string(), "--fail-under", "80"});
  EXPECT_EQ(o.code, 2);
  EXPECT_NE(o.err.find("nothing measurable"), std::string::npos) << o.err;
  EXPECT_EQ(run_covbar({"check", empty.string(), "--root", m_dir.string(), "--allow-empty"}).code,
            0);
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

TEST_F(CheckCommand, PathsMeetingOnOneFileBySuffixAreKeptApart) {
  // The repository has one util.py; the report (written elsewhere) two different ones. Only
  // a path that names the file as written may fold into it: the other is its own file, as the
  // producing tool counted it, so its uncovered lines still count.
  const fs::path repo = m_dir / "repo";
  fs::create_directories(repo);
  std::ofstream(repo / "util.py") << "a = 1\nb = 2\n";
  const auto report = (m_dir / "two.info").string();
  std::ofstream(report) << "SF:/x/a/util.py\nDA:1,1\nDA:2,1\nend_of_record\n"
                        << "SF:/x/b/util.py\nDA:1,0\nDA:2,0\nend_of_record\n";
  // Both by suffix alone: nothing can be placed, a located refusal, not 2/2 covered.
  auto o = run_covbar({"check", report, "--root", repo.string(), "--fail-under", "60"});
  EXPECT_EQ(o.code, 2) << o.out;
  EXPECT_NE(o.err.find("'/x/a/util.py' and '/x/b/util.py' both end like 'util.py'"),
            std::string::npos)
      << o.err;
  // One named as written (mapped onto the root): it is util.py, the other stays apart.
  const auto json = (m_dir / "out.json").string();
  o = run_covbar({"check", report, "--root", repo.string(), "--path-map", "/x/a=.", "--fail-under",
                  "60", "--json", json});
  EXPECT_EQ(o.code, 1) << o.err;
  const std::string out = read_all(json);
  EXPECT_NE(out.find("\"path\":\"util.py\""), std::string::npos) << out;
  EXPECT_NE(out.find("\"path\":\"/x/b/util.py\""), std::string::npos) << out;
  EXPECT_NE(o.err.find("kept apart"), std::string::npos) << o.err;
  // One file written two ways that each name it (relative, and absolute under the root) is
  // still one file.
  std::ofstream(report) << "SF:util.py\nDA:1,1\nDA:2,0\nend_of_record\n"
                        << "SF:" << fs::canonical(repo).string()
                        << "/util.py\nDA:1,0\nDA:2,1\nend_of_record\n";
  o = run_covbar({"check", report, "--root", fs::canonical(repo).string(), "--fail-under", "100",
                  "--json", json});
  EXPECT_EQ(o.code, 0) << o.err;
  EXPECT_EQ(o.err.find("kept apart"), std::string::npos) << o.err;
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
      for (const std::size_t cut :
           {text.size() / 5, text.size() / 2, text.size() * 4 / 5, text.size() - 2}) {
        const std::string_view head = std::string_view(text).substr(0, cut);
        if (ext == ".info" &&
            (head.ends_with("end_of_record\n") || head.ends_with("end_of_record"))) {
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

namespace covbar::test {
namespace {

TEST_F(CheckCommand, EmptyOrBlankThresholdsAreUsageErrors) {
  // A CI template renders an unset variable as an empty value: it must never switch the gate
  // off, nor override covbar.yml's target (76% here; the report has 75%).
  const auto xml = fixtures_dir() / "coveragepy-6.5.0-lines" / "coverage.xml";
  const auto root = (fixtures_dir() / "projects" / "python").string();
  const auto config = (m_dir / "covbar.yml").string();
  std::ofstream(config) << "reports: [" << xml.string() << "]\nroot: " << root << "\ntarget: 76\n";
  ASSERT_EQ(run_covbar({"check", "--config", config}).code, 1);
  for (const char* value : {"", " ", "\t", "lines=", "lines=80,", ","}) {
    SCOPED_TRACE(std::string("'") + value + "'");
    const auto c = run_covbar({"check", "--config", config, "--fail-under", value});
    EXPECT_EQ(c.code, 2) << c.out;
    EXPECT_NE(c.err.find("covbar: error: --fail-under: "), std::string::npos) << c.err;
    EXPECT_EQ(c.out, "");
    const auto d =
        run_covbar({"diff", "--config", config, "--diff-file", "/dev/null", "--fail-under", value});
    EXPECT_EQ(d.code, 2) << d.out;
    EXPECT_NE(d.err.find("covbar: error: --fail-under: "), std::string::npos) << d.err;
    const auto equals =
        run_covbar({"check", "--config", config, std::string("--fail-under=") + value});
    EXPECT_EQ(equals.code, 2) << equals.out;
  }
  EXPECT_NE(
      run_covbar({"check", "--config", config, "--fail-under", ""})
          .err.find("--fail-under: expected 80 or lines=80,branches=70, found an empty value"),
      std::string::npos);
  for (const char* spec : {"", "**", "**:", "**: ", "**:lines=", "**::per-file", ":80"}) {
    SCOPED_TRACE(std::string("--path-threshold '") + spec + "'");
    const auto o =
        run_covbar({"check", "--config", config, "--fail-under", "70", "--path-threshold", spec});
    EXPECT_EQ(o.code, 2) << o.out;
    EXPECT_NE(o.err.find("covbar: error: "), std::string::npos) << o.err;
  }
  // The ratchet's and the audit's percentages.
  for (const char* flag : {"--target", "--step", "--slack", "--granularity"}) {
    for (const char* value : {"", " "}) {
      SCOPED_TRACE(std::string(flag) + " '" + value + "'");
      const auto o = run_covbar({"ratchet", "init", "--config", config, "--state",
                                 (m_dir / "state.json").string(), flag, value});
      EXPECT_EQ(o.code, 2) << o.out;
      EXPECT_NE(o.err.find(std::string("covbar: error: ") + flag + ": "), std::string::npos)
          << o.err;
      EXPECT_FALSE(fs::exists(m_dir / "state.json"));
    }
  }
  for (const char* flag : {"--target", "--step"}) {
    const auto o = run_covbar({"audit", "api=" + xml.string(), flag, ""});
    EXPECT_EQ(o.code, 2) << flag << o.out;
  }
  // covbar.yml's threshold keys: an empty or missing value is an error at its position.
  for (const char* yml : {"target: ''\n", "target:\n", "hard-gate:\n  fail-under: ''\n",
                          "hard-gate:\n  fail-under:\n", "new-code-only:\n  fail-under: ' '\n",
                          "hard-gate:\n  paths:\n    'src/**': ''\n", "ratchet:\n  step: ''\n",
                          "ratchet:\n  target:\n"}) {
    SCOPED_TRACE(yml);
    std::ofstream(config) << "reports: [" << xml.string() << "]\nroot: " << root << "\n" << yml;
    const auto o = run_covbar({"check", "--config", config});
    EXPECT_EQ(o.code, 2) << o.out;
    EXPECT_NE(o.err.find("covbar.yml:"), std::string::npos) << o.err;
  }
}

} // namespace
} // namespace covbar::test

namespace covbar::test {
namespace {

TEST_F(CheckCommand, SumsPastTwoToTheSixtyFourAreInputErrors) {
  // Counts a report states can each be 2^64 - 1; their sum once wrapped to a small figure
  // and passed --fail-under 99 with a file at 0%.
  const std::string max = "18446744073709551615";
  for (const char* name : {"a.py", "b.py", "c.py"}) {
    write_text(m_dir / name, "x = 1\n");
  }
  const auto summary = [&](const std::string& file, const std::string& total,
                           const std::string& covered) {
    return "\"" + file + "\":{\"lines\":{\"total\":" + total + ",\"covered\":" + covered + "}}";
  };
  // Each report on its own is fine; merged, 2^64 - 1 + 100 lines wrapped to 99.
  write_text(m_dir / "one.json", "{" + summary("a.py", max, max) + "}");
  write_text(m_dir / "two.json", "{" + summary("c.py", "100", "0") + "}");
  const auto root = m_dir.string();
  const auto one = (m_dir / "one.json").string();
  const auto two = (m_dir / "two.json").string();
  const auto both = run_covbar({"check", one, two, "--root", root, "--fail-under", "99"});
  EXPECT_EQ(both.code, 2) << both.out;
  EXPECT_EQ(both.out, "");
  EXPECT_NE(both.err.find(one + ", " + two +
                          ": error: the counts add up past 2^64 - 1 at "
                          "'c.py' (more than any source holds: a corrupt or "
                          "forged report)"),
            std::string::npos)
      << both.err;
  // One report holding both files.
  write_text(m_dir / "three.json", "{" + summary("a.py", max, max) + "," +
                                       summary("b.py", max, max) + "," +
                                       summary("c.py", "100", "0") + "}");
  const auto three =
      run_covbar({"check", (m_dir / "three.json").string(), "--root", root, "--fail-under", "99"});
  EXPECT_EQ(three.code, 2) << three.out;
  EXPECT_NE(three.err.find("three.json: error: the counts add up past 2^64 - 1 at 'b.py'"),
            std::string::npos)
      << three.err;
  // LCOV's FNF/FNH: function counts without records, summed over files.
  const auto lcov = m_dir / "fn.info";
  write_text(lcov, "SF:a.py\nFNF:" + max + "\nFNH:" + max +
                       "\nDA:1,1\nend_of_record\n"
                       "SF:b.py\nFNF:" +
                       max + "\nFNH:" + max +
                       "\nDA:1,1\nend_of_record\n"
                       "SF:c.py\nFNF:100\nFNH:0\nDA:1,1\nend_of_record\n");
  const auto fn =
      run_covbar({"check", lcov.string(), "--root", root, "--fail-under", "functions=99"});
  EXPECT_EQ(fn.code, 2) << fn.out;
  EXPECT_NE(fn.err.find("fn.info: error: the counts add up past 2^64 - 1 at 'b.py'"),
            std::string::npos)
      << fn.err;
  // LCOV's LF/LH header totals, summed over records: located at the count past the limit.
  const auto lf = m_dir / "lf.info";
  write_text(lf, "SF:a.py\nDA:1,1\nLF:" + max +
                     "\nLH:1\nend_of_record\n"
                     "SF:b.py\nDA:1,1\nLF:1\nLH:1\nend_of_record\n");
  const auto declared = run_covbar({"check", lf.string(), "--root", root});
  EXPECT_EQ(declared.code, 2) << declared.out;
  EXPECT_NE(declared.err.find("lf.info:8:4: error: expected LF counts that add up to at most "
                              "2^64 - 1, found 1, past it"),
            std::string::npos)
      << declared.err;
  // FNDA hits are execution counts: they saturate (a function run 2^64 - 1 times and once
  // more is run), never wrap to 0 and uncovered.
  const auto fnda = m_dir / "fnda.info";
  write_text(fnda, "SF:a.py\nFN:1,f\nFNDA:" + max + ",f\nFNDA:1,f\nDA:1,1\nend_of_record\n");
  const auto hits =
      run_covbar({"check", fnda.string(), "--root", root, "--fail-under", "functions=100"});
  EXPECT_EQ(hits.code, 0) << hits.out << hits.err;
}

} // namespace
} // namespace covbar::test

#include <sys/resource.h>

namespace covbar::test {
namespace {

/// Peak resident memory, in kB, of the real binary run on `args` (wait4's rusage of that
/// one child), and its exit code through `code`.
long peak_rss_kb(const std::vector<std::string>& args, const std::string& log, int& code) {
  const pid_t pid = spawn_covbar(args, log);
  int status = 0;
  rusage usage{};
  while (::wait4(pid, &status, 0, &usage) < 0 && errno == EINTR) {
  }
  code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return usage.ru_maxrss;
}

TEST_F(CheckCommand, IstanbulIdValuesCostNoMemory) {
  // istanbul keys statementMap, fnMap and branchMap (and s, f, b) by id strings: a table
  // indexed by an id's value would make a 778-byte file with ids 16777215 cost hundreds of
  // MB. Memory must follow the records, never an id's value: the same file with ids "0" is
  // the yardstick.
  const auto report = [](const std::string& id) {
    const std::string range = R"({"start":{"line":1,"column":0},"end":{"line":1,"column":9}})";
    return R"({"a.js":{"path":"a.js","statementMap":{")" + id + R"(":)" + range +
           R"(},"fnMap":{")" + id + R"(":{"name":"f","decl":)" + range + R"(,"loc":)" + range +
           R"(,"line":1}},"branchMap":{")" + id + R"(":{"loc":)" + range +
           R"(,"type":"if","locations":[)" + range + "," + range + R"(],"line":1}},"s":{")" + id +
           R"(":1},"f":{")" + id + R"(":1},"b":{")" + id + R"(":[1,0]}}})";
  };
  write_text(m_dir / "a.js", "f();\n");
  write_text(m_dir / "small.json", report("0"));
  write_text(m_dir / "large-id.json", report("16777215"));
  const auto log = (m_dir / "log.txt").string();
  int code = -1;
  const long small = peak_rss_kb(
      {"check", (m_dir / "small.json").string(), "--root", m_dir.string(), "--fail-under", "100"},
      log, code);
  ASSERT_EQ(code, 0) << read_text(log);
  const long large = peak_rss_kb({"check", (m_dir / "large-id.json").string(), "--root",
                                  m_dir.string(), "--fail-under", "100"},
                                 log, code);
  EXPECT_EQ(code, 0) << read_text(log);
  // A dense table per map would take 16777216 entries each.
  EXPECT_LT(large, small + 32 * 1024) << "peak RSS " << large << " kB against " << small << " kB";
}

} // namespace
} // namespace covbar::test

namespace covbar::test {
namespace {

TEST_F(CheckCommand, InputsAreCappedAtMaxInputSize) {
  // Standard input that never ends: covbar stops at the limit, having held no more than it.
  const pid_t pid = ::fork();
  if (pid == 0) {
    const int zero = ::open("/dev/zero", O_RDONLY);
    const int log = ::open((m_dir / "stdin.log").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(zero, 0);
    ::dup2(log, 1);
    ::dup2(log, 2);
    const char* argv[] = {COVBAR_BINARY, "check", "-", "--max-input-size", "8M", nullptr};
    ::execv(COVBAR_BINARY, const_cast<char* const*>(argv));
    ::_exit(127);
  }
  int status = 0;
  rusage usage{};
  while (::wait4(pid, &status, 0, &usage) < 0 && errno == EINTR) {
  }
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 2);
  EXPECT_EQ(read_text(m_dir / "stdin.log"),
            "<stdin>: error: the input is larger than 8 MiB, the most covbar reads from one "
            "input (--max-input-size raises it)\n");
  // Far from gigabytes, with room for a sanitizer build's own overhead.
  EXPECT_LT(usage.ru_maxrss, 256 * 1024) << "peak RSS in kB";
  // A file over the limit is refused before it is read; the option raises the limit.
  const auto xml = fixture_file("coveragepy-", "coverage.xml");
  const auto size = fs::file_size(xml);
  const auto root = project("python");
  const auto small =
      run_covbar({"check", xml, "--root", root, "--max-input-size", std::to_string(size - 1)});
  EXPECT_EQ(small.code, 2);
  EXPECT_NE(small.err.find(xml + ": error: the input is larger than " + std::to_string(size - 1) +
                           " bytes, the most covbar reads from one input"),
            std::string::npos)
      << small.err;
  EXPECT_EQ(
      run_covbar({"check", xml, "--root", root, "--max-input-size", std::to_string(size)}).code, 0);
  EXPECT_EQ(run_covbar({"check", xml, "--root", root, "--max-input-size", "1K"}).code, 2);
  EXPECT_EQ(run_covbar({"check", xml, "--root", root, "--max-input-size", "1MiB"}).code, 0);
  // The limit of one command does not carry over to the next.
  EXPECT_EQ(run_covbar({"check", xml, "--root", root}).code, 0);
  // A diff file is an input too.
  const auto diff = m_dir / "big.diff";
  write_text(diff, std::string(4096, '\n'));
  const auto d = run_covbar(
      {"diff", xml, "--root", root, "--diff-file", diff.string(), "--max-input-size", "4000"});
  EXPECT_EQ(d.code, 2);
  EXPECT_NE(d.err.find("big.diff: error: the input is larger than 4000 bytes"), std::string::npos)
      << d.err;
  for (const char* bad :
       {"", "0", "-1", "1X", "1KK", "K", "99999999999999999999", "17179869184T"}) {
    SCOPED_TRACE(bad);
    const auto o = run_covbar({"check", xml, "--root", root, "--max-input-size", bad});
    EXPECT_EQ(o.code, 2);
    EXPECT_NE(o.err.find("covbar: error: --max-input-size: "), std::string::npos) << o.err;
  }
}

} // namespace
} // namespace covbar::test
