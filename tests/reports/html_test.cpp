// The HTML report's files: what `covbar check --html` and `covbar diff --html` write, how the
// directory is replaced, and the escaping. tests/html/browser.cjs opens the same pages in
// Chromium.

#include <csignal>
#include <sys/wait.h>

#include "reports/html.hpp"
#include "reports/html_escape.hpp"
#include "src/core/atomic_file.hpp"
#include "tests/support/helpers.hpp"
#include "tests/support/run_covbar.hpp"

namespace covbar::test {
namespace {

namespace fs = std::filesystem;

std::string ops_xml() {
  return (fixtures_dir() / "coveragepy-6.5.0-branch" / "coverage.xml").string();
}
std::string python_root() { return (fixtures_dir() / "projects" / "python").string(); }

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) {
    ++n;
  }
  return n;
}

using CheckHtml = TempDirTest;

TEST_F(CheckHtml, WritesAnIndexAndAPagePerFile) {
  const auto dir = m_dir / "html";
  const auto o = run_covbar(
      {"check", ops_xml(), "--root", python_root(), "--html", dir.string(), "--no-step-summary"});
  ASSERT_EQ(o.code, 0) << o.err;
  const std::string index = read_text(dir / "index.html");
  EXPECT_NE(index.find("<tr data-metric=\"lines\"><th scope=\"row\">lines</th>"
                       "<td class=\"c\">30</td><td class=\"t\">40</td><td class=\"p\">75.00%"),
            std::string::npos);
  EXPECT_NE(index.find("[\"calc/ops.py\",\"f/1.html\",23,31,12,16]"), std::string::npos);
  EXPECT_EQ(index.find("http"), std::string::npos) << "no external asset";
  const std::string ops = read_text(dir / "f" / "1.html");
  EXPECT_NE(ops.find("<tr id=\"L8\" class=\"unc\"><td class=\"n\"><a href=\"#L8\">8</a></td>"
                     "<td class=\"m\" title=\"not covered\">"),
            std::string::npos);
  EXPECT_NE(ops.find("<tr id=\"L7\" class=\"par\">"), std::string::npos);
  EXPECT_NE(ops.find("title=\"1 of 2 branches taken\">1/2</td>"), std::string::npos);
  EXPECT_NE(ops.find("<tr id=\"L10\"><td class=\"n\">"), std::string::npos)
      << "uninstrumented source lines get rows too";
  EXPECT_EQ(ops.find("id=\"no-source\""), std::string::npos);
  std::size_t pages = 0;
  for (const auto& entry : fs::directory_iterator(dir / "f")) {
    pages += entry.path().extension() == ".html" ? 1 : 0;
  }
  EXPECT_EQ(pages, 3U);
}

TEST_F(CheckHtml, AMissingSourceStillGetsLinesAndHits) {
  fs::create_directories(m_dir / "repo" / "calc");
  fs::copy_file(fs::path(python_root()) / "calc" / "text.py", m_dir / "repo" / "calc" / "text.py");
  const auto dir = m_dir / "html";
  ASSERT_EQ(run_covbar({"check", ops_xml(), "--root", (m_dir / "repo").string(), "--html",
                        dir.string(), "--no-step-summary"})
                .code,
            0);
  const std::string ops = read_text(dir / "f" / "1.html");
  EXPECT_NE(ops.find("id=\"no-source\""), std::string::npos);
  EXPECT_NE(ops.find("<tr id=\"L42\" class=\"unc\">"), std::string::npos);
  EXPECT_EQ(ops.find("<tr id=\"L10\""), std::string::npos) << "only instrumented lines";
  EXPECT_EQ(read_text(dir / "f" / "2.html").find("id=\"no-source\""), std::string::npos);
}

TEST_F(CheckHtml, HostilePathsAndSourceStayText) {
  const std::string evil_dir = "x</script><img src=x onerror=alert(1)>";
  fs::create_directories(m_dir / "repo" / evil_dir);
  const std::string rel = evil_dir + "/a'\"&.js";
  write_text(m_dir / "repo" / rel, "ok();\n</script><script>alert(2)</script>\n");
  const auto lcov = m_dir / "r.info";
  write_text(lcov, "SF:" + rel + "\nDA:1,1\nDA:2,0\nend_of_record\n");
  const auto dir = m_dir / "html";
  const auto o = run_covbar({"check", lcov.string(), "--root", (m_dir / "repo").string(), "--html",
                             dir.string(), "--no-step-summary"});
  ASSERT_EQ(o.code, 0) << o.err;
  const std::string index = read_text(dir / "index.html");
  EXPECT_EQ(count(index, "</script>"), 2U) << "only the page's own two script elements end";
  EXPECT_EQ(count(index, "<img"), 0U);
  EXPECT_NE(index.find("x\\u003c/script>\\u003cimg src=x onerror=alert(1)>/a'\\\"&.js"),
            std::string::npos);
  const std::string page = read_text(dir / "f" / "0.html");
  EXPECT_EQ(count(page, "<script"), 0U);
  EXPECT_EQ(count(page, "<img"), 0U);
  EXPECT_NE(page.find("<td class=\"s\">&lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt;</td>"),
            std::string::npos);
  EXPECT_NE(page.find("<title>x&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;/a&#39;&quot;"
                      "&amp;.js</title>"),
            std::string::npos);
}

TEST_F(CheckHtml, ReplacesTheDirectoryWholeAndLeavesNoTemporary) {
  const auto dir = m_dir / "html";
  fs::create_directories(dir / "f");
  write_text(dir / "f" / "stale.html", "old");
  ASSERT_EQ(run_covbar({"check", ops_xml(), "--root", python_root(), "--html", dir.string(),
                        "--no-step-summary"})
                .code,
            0);
  EXPECT_FALSE(fs::exists(dir / "f" / "stale.html"));
  EXPECT_TRUE(fs::exists(dir / "index.html"));
  for (const auto& entry : fs::directory_iterator(m_dir)) {
    EXPECT_EQ(entry.path().filename().string().find(".covbar-"), std::string::npos) << entry.path();
  }
}

TEST_F(CheckHtml, AFileInTheWayIsAnErrorAndNothingIsWritten) {
  const auto dir = m_dir / "html";
  write_text(dir, "not a directory");
  const auto json = m_dir / "out.json";
  const auto o = run_covbar({"check", ops_xml(), "--root", python_root(), "--html", dir.string(),
                             "--json", json.string(), "--no-step-summary"});
  EXPECT_EQ(o.code, 2);
  EXPECT_NE(o.err.find("a file is in the way"), std::string::npos) << o.err;
  EXPECT_EQ(read_text(dir), "not a directory");
  EXPECT_FALSE(fs::exists(json));
}

TEST_F(CheckHtml, KilledWriteLeavesTheOldDirectoryOrTheNewWhole) {
  const auto dir = m_dir / "html";
  const std::string log = (m_dir / "log").string();
  for (const char* point : {"half-written", "before-rename", "after-rename"}) {
    SCOPED_TRACE(point);
    fs::remove_all(dir);
    fs::create_directories(dir);
    write_text(dir / "old.txt", "old");
    const int status = wait_for(spawn_covbar(
        {"check", ops_xml(), "--root", python_root(), "--html", dir.string(), "--no-step-summary"},
        log, "COVBAR_FAULT_INJECT", point));
    ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << read_text(log);
    if (std::string(point) == "after-rename") {
      EXPECT_FALSE(fs::exists(dir / "old.txt"));
      EXPECT_TRUE(fs::exists(dir / "f" / "2.html"));
    } else {
      EXPECT_EQ(read_text(dir / "old.txt"), "old");
      EXPECT_FALSE(fs::exists(dir / "index.html"));
    }
  }
}

TEST_F(CheckHtml, DiffMarksTheChangedLinesAndPagesOnlyTheirFiles) {
  const auto diff = m_dir / "change.diff";
  write_text(diff, "diff --git a/calc/ops.py b/calc/ops.py\n--- a/calc/ops.py\n+++ b/calc/ops.py\n"
                   "@@ -7,2 +7,2 @@\n-x\n-y\n+    if value > high:\n+        return high\n");
  const auto dir = m_dir / "html";
  const auto o = run_covbar({"diff", ops_xml(), "--root", python_root(), "--diff-file",
                             diff.string(), "--html", dir.string(), "--no-step-summary"});
  ASSERT_EQ(o.code, 0) << o.err;
  const std::string index = read_text(dir / "index.html");
  EXPECT_NE(index.find("<td class=\"c\">1</td><td class=\"t\">2</td>"), std::string::npos);
  EXPECT_EQ(index.find("calc/text.py"), std::string::npos);
  std::vector<fs::path> pages;
  for (const auto& entry : fs::directory_iterator(dir / "f")) {
    pages.push_back(entry.path());
  }
  ASSERT_EQ(pages.size(), 1U) << "a page for the changed file only";
  const std::string ops = read_text(pages[0]);
  EXPECT_NE(ops.find("<h1><code>calc/ops.py</code></h1>"), std::string::npos);
  EXPECT_NE(ops.find("<tr id=\"L7\" class=\"par chg\">"), std::string::npos);
  EXPECT_NE(ops.find("<tr id=\"L8\" class=\"unc chg\">"), std::string::npos);
  EXPECT_NE(ops.find("<tr id=\"L9\" class=\"cov\">"), std::string::npos);
}

TEST(HtmlEscape, EscapesMarkupQuotesAndControlCharacters) {
  EXPECT_EQ(
      reports::html_escape("<a href=\"x\">&'\x01\x1b\t\x7f</a>"),
      "&lt;a href=&quot;x&quot;&gt;&amp;&#39;\xEF\xBF\xBD\xEF\xBF\xBD\t\xEF\xBF\xBD&lt;/a&gt;");
  EXPECT_EQ(reports::html_escape("caf\xC3\xA9"), "caf\xC3\xA9");
  EXPECT_EQ(reports::script_json(R"({"p":"</script><!--"})"), R"({"p":"\u003c/script>\u003c!--"})");
}

} // namespace
} // namespace covbar::test
