// `covbar diff` on real git repositories built in a temporary folder, held to diff-cover
// (Debian's diff-cover, run as the oracle on the same repository and report).

#include <cstdlib>
#include <sstream>

#include "src/cli/run.hpp"
#include "tests/support/helpers.hpp"

namespace covbar::test {
namespace {

namespace fs = std::filesystem;

int sh(const std::string& command) {
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

void write(const fs::path& p, const std::string& text) {
  FILE* f = std::fopen(p.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  std::fwrite(text.data(), 1, text.size(), f);
  std::fclose(f);
}

/// The integer after `"key":` (any spacing), or -1.
long long json_int(const std::string& json, const std::string& key) {
  const auto at = json.find("\"" + key + "\"");
  if (at == std::string::npos) {
    return -1;
  }
  const auto colon = json.find(':', at);
  return std::stoll(json.substr(colon + 1));
}

/// The array after `"key":` with spaces removed, e.g. "[36,41,42]".
std::string json_array(const std::string& json, const std::string& key, std::size_t from = 0) {
  const auto at = json.find("\"" + key + "\"", from);
  if (at == std::string::npos) {
    return "absent";
  }
  const auto open = json.find('[', at);
  std::string out;
  for (char c : json.substr(open, json.find(']', open) - open + 1)) {
    if (c != ' ' && c != '\n') {
      out += c;
    }
  }
  return out;
}

class DiffCommand : public TempDirTest {
protected:
  void SetUp() override {
    TempDirTest::SetUp();
    m_repo = m_dir;
    // Base commit on main: the sample project without total() and never_called().
    fs::copy(fixtures_dir() / "projects/python", m_repo, fs::copy_options::recursive);
    const std::string ops = read_text(m_repo / "calc/ops.py");
    write(m_repo / "calc/ops.py", ops.substr(0, ops.find("def total(")));
    ASSERT_EQ(
        git("init -q -b main && git add -A && git commit -qm base && git checkout -qb feature"), 0);
    // The change: the functions come back (committed), and the coverage.py report made for
    // the full file, its <source> moved to this repository.
    write(m_repo / "calc/ops.py", ops);
    ASSERT_EQ(git("commit -qam feature"), 0);
    std::string xml = read_text(fixtures_dir() / "coveragepy-6.5.0-branch/coverage.xml");
    const std::string old_root = "/tmp/covbar-fixture/python";
    xml.replace(xml.find(old_root), old_root.size(), m_repo.string());
    write(m_repo / "coverage.xml", xml);
    write(m_repo / ".gitignore", "coverage.xml\n*.json\n");
  }
  int git(const std::string& args) {
    return sh("cd " + m_repo.string() + " && git -c user.email=t@t -c user.name=t " + args +
              " >/dev/null 2>&1");
  }

  struct Outcome {
    int code;
    std::string out;
    std::string err;
  };
  Outcome covbar(std::vector<std::string> args) {
    args.insert(args.begin(), {"covbar", "diff"});
    args.insert(args.end(), {"--root", m_repo.string()});
    std::vector<const char*> argv;
    for (const auto& a : args) {
      argv.push_back(a.c_str());
    }
    std::ostringstream out;
    std::ostringstream err;
    const int code = cli::run(static_cast<int>(argv.size()), argv.data(), out, err);
    return {code, out.str(), err.str()};
  }

  /// Runs covbar and diff-cover with the same options; asserts the shared JSON keys agree.
  void expect_agreement(const std::string& options) {
    if (sh("command -v diff-cover >/dev/null") != 0) {
      GTEST_SKIP() << "diff-cover is not installed (apt-get install diff-cover)";
    }
    const auto ours = m_repo / "covbar.json";
    const auto theirs = m_repo / "diff-cover.json";
    std::vector<std::string> args{(m_repo / "coverage.xml").string(), "--json", ours.string()};
    std::istringstream words(options);
    for (std::string w; words >> w;) {
      args.push_back(w);
    }
    const auto o = covbar(args);
    ASSERT_EQ(o.code, 0) << o.err;
    ASSERT_EQ(sh("cd " + m_repo.string() + " && diff-cover coverage.xml " + options +
                 " --json-report " + theirs.string() + " >/dev/null 2>&1"),
              0);
    const std::string a = read_text(ours);
    const std::string b = read_text(theirs);
    SCOPED_TRACE("covbar: " + a + "\ndiff-cover: " + b);
    for (const char* key : {"total_num_lines", "total_num_violations", "total_percent_covered",
                            "num_changed_lines"}) {
      EXPECT_EQ(json_int(a, key), json_int(b, key)) << key;
    }
    for (const char* file : {"calc/ops.py", "calc/text.py"}) {
      const auto fa = a.find(std::string("\"") + file + "\"");
      const auto fb = b.find(std::string("\"") + file + "\"");
      EXPECT_EQ(fa == std::string::npos, fb == std::string::npos) << file;
      if (fa != std::string::npos && fb != std::string::npos) {
        EXPECT_EQ(json_array(a, "violation_lines", fa), json_array(b, "violation_lines", fb))
            << file;
      }
    }
  }

  fs::path m_repo;
};

TEST_F(DiffCommand, CommittedChangesAgreeWithDiffCover) {
  expect_agreement("--compare-branch main");
  const auto o = covbar({(m_repo / "coverage.xml").string(), "--compare-branch", "main"});
  EXPECT_NE(o.out.find("calc/ops.py: 9 / 12 changed lines covered (75.00%), uncovered: 36, 41-42"),
            std::string::npos)
      << o.out;
}

TEST_F(DiffCommand, BinaryFilesNoReportKnowsHaveNoChangedLinesAsForDiffCover) {
  // An image and a text file no report knows, added on the branch: git shows the image as
  // "Binary files differ" (a NUL in its first 8000 bytes), so diff-cover counts only the
  // text file's lines. covbar reads the diff with --text, and must count the same.
  std::string png = "\x89PNG\r\n\x1a\n";
  png += std::string("\0\0\0\rIHDR\n\n\n\n", 12);
  write(m_repo / "logo.png", png);
  write(m_repo / "NOTES.md", "one\ntwo\n");
  // And a renamed file with one line added: git's numstat writes renames as records of their
  // own, which covbar must read past.
  ASSERT_EQ(git("mv tests/test_ops.py tests/test_calc.py"), 0);
  write(m_repo / "tests/test_calc.py", read_text(m_repo / "tests/test_calc.py") + "# more\n");
  ASSERT_EQ(git("add -A logo.png NOTES.md tests && "
                "git -c user.email=t@t -c user.name=t commit -qm files"),
            0);
  expect_agreement("--compare-branch main");
  const auto json = m_repo / "c.json";
  const auto o = covbar(
      {(m_repo / "coverage.xml").string(), "--compare-branch", "main", "--json", json.string()});
  ASSERT_EQ(o.code, 0) << o.err;
  const std::string a = read_text(json);
  EXPECT_EQ(json_int(a, "num_changed_lines"), 14 + 2 + 1) << a; // ops.py, NOTES.md, the rename
  EXPECT_NE(a.find("{\"path\":\"NOTES.md\",\"changed_lines\":2}"), std::string::npos) << a;
  EXPECT_EQ(a.find("logo.png"), std::string::npos) << a;
}

TEST_F(DiffCommand, ACompareBranchReachesGitLiterally) {
  // A branch whose name a shell would run ($(...), ;, quotes) and that git's option parser
  // would take for a switch (a leading '-'): covbar hands it to git as one argument, after
  // --end-of-options, and the diff is the one `main` gives.
  const std::string hostile = "-x$(touch${IFS}covbar-pwned);'\"q";
  ASSERT_EQ(git("update-ref 'refs/heads/-x$(touch${IFS}covbar-pwned);'\\''\"q' main"), 0);
  const auto expected = covbar({(m_repo / "coverage.xml").string(), "--compare-branch", "main"});
  ASSERT_EQ(expected.code, 0) << expected.err;
  for (const char* range : {"", "--diff-range-notation=.."}) {
    std::vector<std::string> args{(m_repo / "coverage.xml").string(),
                                  "--compare-branch=" + hostile};
    if (*range != '\0') {
      args.emplace_back(range);
    }
    const auto o = covbar(args);
    EXPECT_EQ(o.code, 0) << range << ": " << o.err;
    EXPECT_NE(
        o.out.find("calc/ops.py: 9 / 12 changed lines covered (75.00%), uncovered: 36, 41-42"),
        std::string::npos)
        << o.out;
  }
  EXPECT_FALSE(fs::exists("covbar-pwned"));
  EXPECT_FALSE(fs::exists(m_repo / "covbar-pwned"));
}

TEST_F(DiffCommand, StagedUnstagedAndUntrackedChanges) {
  // Staged: lines appended to ops.py; unstaged: lines appended to text.py. Appended, so the
  // report (made for the committed files) still numbers every earlier line right.
  write(m_repo / "calc/ops.py",
        read_text(m_repo / "calc/ops.py") + "\n\ndef staged():\n    return 1\n");
  ASSERT_EQ(git("add calc/ops.py"), 0);
  write(m_repo / "calc/text.py",
        read_text(m_repo / "calc/text.py") + "\n\ndef later():\n    return 2\n");
  expect_agreement("--compare-branch main");
  expect_agreement("--compare-branch main --ignore-unstaged");
  expect_agreement("--compare-branch main --ignore-unstaged --ignore-staged");
  write(m_repo / "calc/new_module.py", "def fresh():\n    return 3\n");
  const auto o = covbar({(m_repo / "coverage.xml").string(), "--compare-branch", "main",
                         "--include-untracked", "--json", (m_repo / "u.json").string()});
  EXPECT_EQ(o.code, 0) << o.err;
  EXPECT_NE(o.out.find("calc/new_module.py: 2 changed lines, not measured"), std::string::npos)
      << o.out;
}

TEST_F(DiffCommand, GateExitCodes) {
  const auto report = (m_repo / "coverage.xml").string();
  EXPECT_EQ(covbar({report, "--compare-branch", "main", "--fail-under", "75"}).code, 0);
  const auto fail = covbar({report, "--compare-branch", "main", "--fail-under", "80"});
  EXPECT_EQ(fail.code, 1);
  EXPECT_NE(fail.out.find("FAIL changed lines 75.00% (minimum 80%)"), std::string::npos)
      << fail.out;
  // Codecov's rule: a line with a branch not taken is not covered.
  const auto strict = covbar({report, "--compare-branch", "main", "--partial-lines", "missed"});
  EXPECT_NE(strict.out.find("8 / 12 changed lines covered"), std::string::npos) << strict.out;
  EXPECT_EQ(covbar({report, "--compare-branch", "nope"}).code, 2);
  EXPECT_EQ(covbar({report, "--fail-under", "functions=80", "--compare-branch", "main"}).code, 2);
}

TEST_F(DiffCommand, BranchesOnChangedLinesAreGated) {
  // The changed lines of calc/ops.py hold branches, one of them taken on one arm only
  // (--partial-lines missed counts 8 of 12 lines where diff-cover's rule counts 9).
  const auto report = (m_repo / "coverage.xml").string();
  const auto o = covbar({report, "--compare-branch", "main", "--fail-under", "branches=100"});
  EXPECT_EQ(o.code, 1) << o.out;
  EXPECT_NE(o.out.find("FAIL changed branches"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("Changed branches: "), std::string::npos) << o.out;
  EXPECT_EQ(
      covbar({report, "--compare-branch", "main", "--fail-under", "lines=75,branches=1"}).code, 0);
}

TEST_F(DiffCommand, AChangedFileIsNeverCreditedWithAnotherWhosePathEndsLikeIt) {
  // mypkg/a.py is fully covered; the change is to pkg/a.py, which no report measures: a suffix
  // match must stop at a '/'.
  fs::create_directories(m_repo / "mypkg");
  fs::create_directories(m_repo / "pkg");
  write(m_repo / "mypkg/a.py", "def f():\n    return 1\n");
  write(m_repo / "pkg/a.py", "def f():\n    return 1\n");
  write(m_repo / "cov.info", "TN:\nSF:mypkg/a.py\nDA:1,1\nDA:2,1\nLF:2\nLH:2\nend_of_record\n");
  write(m_repo / "pr.diff", "diff --git a/pkg/a.py b/pkg/a.py\nnew file mode 100644\n"
                            "--- /dev/null\n+++ b/pkg/a.py\n@@ -0,0 +1,2 @@\n+def f():\n"
                            "+    return 1\n");
  const auto o = covbar({(m_repo / "cov.info").string(), "--diff-file",
                         (m_repo / "pr.diff").string(), "--fail-under", "100"});
  EXPECT_EQ(o.code, 0) << o.out << o.err;
  EXPECT_NE(o.out.find("pkg/a.py: 2 changed lines, not measured"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("No changed line is instrumented"), std::string::npos) << o.out;
  // The same diff against the covered file is measured, which shows the report is read.
  write(m_repo / "pr.diff", "diff --git a/mypkg/a.py b/mypkg/a.py\nnew file mode 100644\n"
                            "--- /dev/null\n+++ b/mypkg/a.py\n@@ -0,0 +1,2 @@\n+def f():\n"
                            "+    return 1\n");
  const auto measured =
      covbar({(m_repo / "cov.info").string(), "--diff-file", (m_repo / "pr.diff").string()});
  EXPECT_NE(measured.out.find("mypkg/a.py: 2 / 2 changed lines covered"), std::string::npos)
      << measured.out;
}

TEST_F(DiffCommand, ADeletedFileIsNeitherMeasuredNorMatched) {
  // util.py is deleted; the report knows a/util.py and b/util.py. A deleted file has no line
  // to measure, so its name, which would match both, is never looked up.
  for (const char* dir : {"a", "b"}) {
    fs::create_directories(m_repo / dir);
    write(m_repo / dir / "util.py", "x = 1\ny = 2\n");
  }
  write(m_repo / "cov.info", "SF:a/util.py\nDA:1,1\nDA:2,1\nend_of_record\n"
                             "SF:b/util.py\nDA:1,0\nDA:2,0\nend_of_record\n");
  write(m_repo / "pr.diff", "diff --git a/util.py b/util.py\ndeleted file mode 100644\n"
                            "--- a/util.py\n+++ /dev/null\n@@ -1,2 +0,0 @@\n-x = 1\n-y = 2\n"
                            "diff --git a/a/util.py b/a/util.py\nnew file mode 100644\n"
                            "--- /dev/null\n+++ b/a/util.py\n@@ -0,0 +1,2 @@\n+x = 1\n+y = 2\n");
  const auto o = covbar({(m_repo / "cov.info").string(), "--diff-file",
                         (m_repo / "pr.diff").string(), "--fail-under", "100"});
  EXPECT_EQ(o.code, 0) << o.out << o.err;
  EXPECT_NE(o.out.find("a/util.py: 2 / 2 changed lines covered"), std::string::npos) << o.out;
}

TEST_F(DiffCommand, AChangedFileMatchingTwoReportFilesIsRefused) {
  // The report knows a/util.py and b/util.py; the change is to util.py, which it does not
  // name. A report's paths may be cut short (a container's, a build folder's), so either
  // could be meant: covbar names both rather than guess.
  for (const char* dir : {"a", "b"}) {
    fs::create_directories(m_repo / dir);
    write(m_repo / dir / "util.py", "x = 1\n");
  }
  write(m_repo / "cov.info", "SF:a/util.py\nDA:1,1\nend_of_record\n"
                             "SF:b/util.py\nDA:1,0\nend_of_record\n");
  write(m_repo / "pr.diff", "diff --git a/util.py b/util.py\nnew file mode 100644\n"
                            "--- /dev/null\n+++ b/util.py\n@@ -0,0 +1 @@\n+x = 1\n");
  const auto o =
      covbar({(m_repo / "cov.info").string(), "--diff-file", (m_repo / "pr.diff").string()});
  EXPECT_EQ(o.code, 2) << o.out;
  EXPECT_NE(o.err.find("util.py: error: changed file matches several files of the coverage "
                       "reports ('a/util.py', 'b/util.py'); add --path-map FROM=TO to choose"),
            std::string::npos)
      << o.err;
}

TEST_F(DiffCommand, ASummaryReportIsRefused) {
  // coverage-summary.json has per-file totals but no line, so no changed line can be judged.
  write(m_repo / "pr.diff", "diff --git a/src/math.ts b/src/math.ts\n--- a/src/math.ts\n"
                            "+++ b/src/math.ts\n@@ -5,0 +6 @@\n+  return 1;\n");
  std::vector<std::string> args{
      "covbar",
      "diff",
      (fixtures_dir() / "vitest-3.2.7-istanbul/coverage-summary.json").string(),
      "--root",
      (fixtures_dir() / "projects/ts").string(),
      "--diff-file",
      (m_repo / "pr.diff").string()};
  std::vector<const char*> argv;
  for (const auto& a : args) {
    argv.push_back(a.c_str());
  }
  std::ostringstream out;
  std::ostringstream err;
  EXPECT_EQ(cli::run(static_cast<int>(argv.size()), argv.data(), out, err), 2) << out.str();
  EXPECT_NE(err.str().find("src/math.ts: error: coverage-summary.json has totals only, no line "
                           "records: covbar diff needs coverage-final.json, LCOV or Cobertura"),
            std::string::npos)
      << err.str();
}

TEST_F(DiffCommand, NoInstrumentedChangePassesAndSaysSo) {
  ASSERT_EQ(git("checkout -q main"), 0);
  const auto o = covbar(
      {(m_repo / "coverage.xml").string(), "--compare-branch", "main", "--fail-under", "80"});
  EXPECT_EQ(o.code, 0) << o.err;
  EXPECT_NE(o.out.find("No changed line is instrumented"), std::string::npos) << o.out;
}

TEST_F(DiffCommand, ReportsMeasuringNothingHereAreRefusedAsCheckRefusesThem) {
  // Reports that measure nothing, or only files of another repository: `covbar check` refuses
  // them, and `covbar diff` must too (its filtered read keeps none of their files, which
  // looked like a change touching no measured file: exit 0).
  const std::vector<std::pair<std::string, std::string>> cases{
      {"empty.xml", "<?xml version=\"1.0\"?>\n<coverage/>\n"},
      {"empty.json", "{}"},
      {"tn-only.info", "TN:\n"},
      {"foreign.xml", "<?xml version=\"1.0\"?>\n<coverage><packages><package><classes>"
                      "<class filename=\"elsewhere/module.py\"><lines><line number=\"1\" "
                      "hits=\"1\"/></lines></class></classes></package></packages></coverage>\n"},
      {"foreign.info", "SF:/srv/other/lib/thing.c\nDA:1,1\nend_of_record\n"},
  };
  for (const auto& [name, content] : cases) {
    SCOPED_TRACE(name);
    const auto path = m_repo / name;
    write(path, content);
    std::vector<std::string> args{"covbar", "check", path.string(), "--root", m_repo.string()};
    std::vector<const char*> argv;
    for (const auto& a : args) {
      argv.push_back(a.c_str());
    }
    std::ostringstream check_out;
    std::ostringstream check_err;
    ASSERT_EQ(cli::run(static_cast<int>(argv.size()), argv.data(), check_out, check_err), 2);
    for (const auto& diff_args :
         {std::vector<std::string>{path.string(), "--compare-branch", "main"},
          std::vector<std::string>{path.string(), "--compare-branch", "main", "--fail-under",
                                   "80"}}) {
      const auto o = covbar(diff_args);
      EXPECT_EQ(o.code, 2) << o.out;
      EXPECT_EQ(o.err, check_err.str());
      EXPECT_EQ(o.out, "");
    }
  }
  // --allow-empty lets an empty report pass, as it does for check; another repository's
  // report never passes.
  EXPECT_EQ(
      covbar({(m_repo / "empty.xml").string(), "--compare-branch", "main", "--allow-empty"}).code,
      0);
  EXPECT_EQ(
      covbar({(m_repo / "foreign.xml").string(), "--compare-branch", "main", "--allow-empty"}).code,
      2);
  // A report that measures files here, none of which the change touches, still passes.
  ASSERT_EQ(git("checkout -q main"), 0);
  write(m_repo / "NOTES.txt", "a change outside the measured files\n");
  const auto docs = covbar({(m_repo / "coverage.xml").string(), "--compare-branch", "main",
                            "--include-untracked", "--fail-under", "80"});
  EXPECT_EQ(docs.code, 0) << docs.err;
}

TEST_F(DiffCommand, RepositoryAttributesAndConfigurationCannotHideChangedLines) {
  // A pull request can add .gitattributes; a runner's configuration and environment are not
  // covbar's either. None of them may change which lines covbar sees as changed.
  const auto report = (m_repo / "coverage.xml").string();
  const std::string expected =
      "calc/ops.py: 9 / 12 changed lines covered (75.00%), uncovered: 36, 41-42";
  const auto expect_lines_seen = [&](const std::string& what) {
    SCOPED_TRACE(what);
    const auto o = covbar({report, "--compare-branch", "main", "--fail-under", "76"});
    EXPECT_EQ(o.code, 1) << o.out << o.err;
    EXPECT_NE(o.out.find(expected), std::string::npos) << o.out << o.err;
  };
  expect_lines_seen("no attributes");
  const auto hides = [&](const std::string& attributes) {
    write(m_repo / ".gitattributes", attributes);
    EXPECT_EQ(git("add .gitattributes && git -c user.email=t@t -c user.name=t commit -qm attrs"),
              0);
    // The attack works on a plain `git diff`: no changed line of ops.py is shown.
    return sh("cd " + m_repo.string() +
              " && git diff -U0 main -- calc/ops.py | grep -q '^+def total'") != 0;
  };
  EXPECT_TRUE(hides("*.py -diff\n"));
  expect_lines_seen("*.py -diff");
  EXPECT_TRUE(hides("*.py binary\n"));
  expect_lines_seen("*.py binary");
  // A diff driver: marked binary, a textconv that prints nothing, an external command.
  ASSERT_EQ(git("config diff.hostile.binary true"), 0);
  EXPECT_TRUE(hides("*.py diff=hostile\n"));
  expect_lines_seen("diff=hostile (binary)");
  ASSERT_EQ(git("config diff.hostile.binary false && git config diff.hostile.textconv true"), 0);
  EXPECT_TRUE(hides("*.py diff=hostile\n# textconv\n"));
  expect_lines_seen("diff=hostile (textconv)");
  ASSERT_EQ(git("config --unset diff.hostile.textconv && git config diff.hostile.command true"), 0);
  EXPECT_TRUE(hides("*.py diff=hostile\n# external command\n"));
  expect_lines_seen("diff=hostile (command)");
  // The clone's configuration.
  ASSERT_EQ(git("config diff.external true && git config diff.noprefix true && "
                "git config diff.mnemonicPrefix true && git config diff.relative true && "
                "git config color.ui always && git config color.diff always && "
                "git config diff.algorithm histogram && git config diff.submodule log && "
                "git config diff.context 5 && git config core.quotePath false"),
            0);
  expect_lines_seen("configuration");
  // The environment: GIT_DIFF_OPTS overrides -U, GIT_EXTERNAL_DIFF replaces the diff.
  ::setenv("GIT_DIFF_OPTS", "--unified=4", 1);
  ::setenv("GIT_EXTERNAL_DIFF", "true", 1);
  expect_lines_seen("environment");
  ::unsetenv("GIT_DIFF_OPTS");
  ::unsetenv("GIT_EXTERNAL_DIFF");
}

TEST_F(DiffCommand, GitDiffOutputIsCappedLikeEveryInput) {
  const auto o = covbar(
      {(m_repo / "coverage.xml").string(), "--compare-branch", "main", "--max-input-size", "100"});
  EXPECT_EQ(o.code, 2);
  EXPECT_NE(o.err.find("git diff"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find(": error: the input is larger than 100 bytes"), std::string::npos) << o.err;
}

TEST_F(DiffCommand, ShallowCloneWithoutTheBaseSaysWhatToDo) {
  const auto clone = m_repo.string() + "-shallow";
  fs::remove_all(clone);
  ASSERT_EQ(sh("git clone -q --depth 1 --no-single-branch file://" + m_repo.string() + " " + clone +
               " >/dev/null 2>&1"),
            0);
  ASSERT_EQ(sh("cd " + clone + " && git checkout -q feature"), 0);
  std::vector<std::string> args{"covbar",     "diff", (m_repo / "coverage.xml").string(),
                                "--root",     clone,  "--compare-branch",
                                "origin/main"};
  std::vector<const char*> argv;
  for (const auto& a : args) {
    argv.push_back(a.c_str());
  }
  std::ostringstream out;
  std::ostringstream err;
  EXPECT_EQ(cli::run(static_cast<int>(argv.size()), argv.data(), out, err), 2);
  EXPECT_NE(err.str().find("cannot find the merge base of HEAD and origin/main: the clone is "
                           "probably shallow"),
            std::string::npos)
      << err.str();
  fs::remove_all(clone);
}

TEST_F(DiffCommand, DiffFileAndAnnotations) {
  ASSERT_EQ(sh("cd " + m_repo.string() + " && git diff main > " + (m_repo / "pr.diff").string()),
            0);
  const auto o = covbar({(m_repo / "coverage.xml").string(), "--diff-file",
                         (m_repo / "pr.diff").string(), "--annotations", "--max-annotations", "1"});
  EXPECT_EQ(o.code, 0) << o.err;
  EXPECT_NE(o.out.find("::warning file=calc/ops.py,line=36,endLine=36,title=covbar%3A uncovered "
                       "change::Changed line 36 is not covered by tests\n"
                       "::notice title=covbar::1 more uncovered ranges not annotated (limit 1)\n"),
            std::string::npos)
      << o.out;
}

} // namespace
} // namespace covbar::test

namespace covbar::test {
namespace {

TEST(DiffFilter, SkippedFilesChangeNothingForTheWantedOnes) {
  // The filtered parse of each format keeps exactly the wanted file's records.
  for (const auto* report : {"vitest-3.2.7-v8/coverage-final.json", "vitest-3.2.7-v8/lcov.info",
                             "vitest-3.2.7-v8/cobertura-coverage.xml"}) {
    SCOPED_TRACE(report);
    const auto source = core::SourceText::read_file((fixtures_dir() / report).string());
    const auto all = parsers::parse_report(source, std::nullopt);
    const auto some = parsers::parse_report(
        source, std::nullopt, [](std::string_view path) { return path.ends_with("text.ts"); });
    ASSERT_EQ(some.files.size(), 1U);
    const auto it = std::find_if(all.files.begin(), all.files.end(),
                                 [](const auto& f) { return f.path.ends_with("text.ts"); });
    ASSERT_NE(it, all.files.end());
    EXPECT_EQ(some.files[0].path, it->path);
    EXPECT_EQ(some.files[0].totals(), it->totals());
  }
}

} // namespace
} // namespace covbar::test
