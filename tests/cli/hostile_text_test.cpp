// Hostile text stays text: paths, names and input excerpts that covbar prints cannot start a
// line a CI runner obeys (`::add-mask::`, `::error::`), nor break out of the Markdown, CSV or
// generated script they land in.

#include <cctype>
#include <fcntl.h>
#include <string>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

#include "reports/escape.hpp"
#include "src/core/error.hpp"
#include "src/core/paths.hpp"
#include "src/core/printable.hpp"
#include "tests/support/helpers.hpp"
#include "tests/support/run_covbar.hpp"

namespace covbar::test {
namespace {

namespace fs = std::filesystem;

/// The lines of `text` that a GitHub runner would take for a workflow command: those that
/// start with `::` once leading whitespace (as .NET's TrimStart sees it) is removed, other
/// than covbar's own annotations.
std::vector<std::string> command_lines(const std::string& text) {
  std::vector<std::string> found;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find_first_of("\r\n", start);
    if (end == std::string::npos) {
      end = text.size();
    }
    std::string_view line(text.data() + start, end - start);
    for (bool trimmed = true; trimmed;) {
      trimmed = false;
      for (const std::string_view space : {" ", "\t", "\v", "\f", "\xc2\xa0", "\xe2\x80\x83"}) {
        if (line.starts_with(space)) {
          line.remove_prefix(space.size());
          trimmed = true;
        }
      }
    }
    const bool ours =
        line.starts_with("::warning file=") || line.starts_with("::notice title=covbar::");
    if (line.starts_with("::") && !ours) {
      found.emplace_back(line);
    }
    start = end + 1;
  }
  return found;
}

void expect_no_command_lines(const Outcome& o) {
  EXPECT_EQ(command_lines(o.out), std::vector<std::string>{}) << o.out;
  EXPECT_EQ(command_lines(o.err), std::vector<std::string>{}) << o.err;
}

/// An uncovered Cobertura class for each path (paths as XML attribute text).
std::string cobertura(const std::vector<std::string>& xml_paths) {
  std::string classes;
  for (const auto& p : xml_paths) {
    classes += "<class name=\"c\" filename=\"" + p +
               "\" line-rate=\"0\"><lines><line number=\"1\" hits=\"0\"/>"
               "<line number=\"2\" hits=\"1\"/></lines></class>\n";
  }
  return "<?xml version=\"1.0\" ?>\n<coverage version=\"7.2\">\n<packages><package name=\"p\">"
         "<classes>\n" +
         classes + "</classes></package></packages>\n</coverage>\n";
}

TEST(Printable, EscapesControlsAndGuardsALineStart) {
  EXPECT_EQ(core::printable("a\n::error::X.py"), "a\\n::error::X.py");
  EXPECT_EQ(core::printable("::add-mask::x"), "\\x3a:add-mask::x");
  EXPECT_EQ(core::printable("  \xc2\xa0::x"), "  \xc2\xa0\\x3a:x");
  EXPECT_EQ(core::printable("::x", false), "::x");
  EXPECT_EQ(core::printable("a\r\t\x1b[31m\x7f"), "a\\r\\t\\x1b[31m\\x7f");
  EXPECT_EQ(core::printable("a\xc2\x85"
                            "b\xe2\x80\xa8"
                            "c\xe2\x80\xa9"
                            "d\xe2\x80\xae"),
            "a\\u0085b\\u2028c\\u2029d\\u202e");
  EXPECT_EQ(core::printable("caf\xc3\xa9 \xff C:\\dir"), "caf\xc3\xa9 \\xff C:\\dir");
  EXPECT_EQ(core::printable("src/a:b.py"), "src/a:b.py");
}

TEST(Printable, CaretStaysUnderTheEscapedByte) {
  core::Location at{"r.info", 1, 4, "\t\x1bxy", 4};
  const core::InputError e(at, "a record", "'y'");
  EXPECT_EQ(std::string(e.what()),
            "r.info:1:4: error: expected a record, found 'y'\n\\t\\x1bxy\n       ^");
}

using HostileText = TempDirTest;

TEST_F(HostileText, PathsWithNewlinesInCheckOutputAreEscaped) {
  // The same hostile path through the two formats whose paths can hold a newline.
  const std::string evil = "a\n::error::X.py";
  write_text(m_dir / evil, "x = 1\ny = 2\n");
  write_text(m_dir / "::add-mask::s.py", "x = 1\ny = 2\n");
  const auto xml = m_dir / "coverage.xml";
  write_text(xml, cobertura({"a&#10;::error::X.py", "::add-mask::s.py", "gone&#13;::error::Y.py"}));
  const auto json = m_dir / "coverage-final.json";
  write_text(json, R"({"a\n::error::X.py":{"path":"a\n::error::X.py",
    "statementMap":{"0":{"start":{"line":1,"column":0},"end":{"line":1,"column":5}}},
    "fnMap":{},"branchMap":{},"s":{"0":0},"f":{},"b":{}}})");
  for (const auto& report : {xml, json}) {
    SCOPED_TRACE(report.string());
    const auto o = run_covbar({"check", report.string(), "--root", m_dir.string()});
    EXPECT_EQ(o.code, 0) << o.err;
    expect_no_command_lines(o);
    EXPECT_NE(o.out.find("a\\n::error::X.py"), std::string::npos) << o.out;
  }
  const auto o = run_covbar({"check", xml.string(), "--root", m_dir.string()});
  // The warning names the missing file, its carriage return escaped.
  EXPECT_NE(o.err.find("(first: 'gone\\r::error::Y.py')"), std::string::npos) << o.err;
}

TEST_F(HostileText, ErrorsEscapeTheQuotedLineAndTheFileName) {
  // The excerpt under a located error is a line of its own.
  const auto lcov = m_dir / "bad.info";
  write_text(lcov, "TN:\nSF:x.py\n::add-mask::secret\nend_of_record\n");
  auto o = run_covbar({"check", lcov.string(), "--root", m_dir.string()});
  EXPECT_EQ(o.code, 2);
  expect_no_command_lines(o);
  EXPECT_NE(o.err.find("\n\\x3a:add-mask::secret\n^"), std::string::npos) << o.err;

  const auto xml = m_dir / "bad.xml";
  write_text(xml, "<?xml version=\"1.0\" ?>\n<coverage>\n::error file=x::pwned<\n</coverage>\n");
  o = run_covbar({"check", xml.string(), "--root", m_dir.string()});
  EXPECT_EQ(o.code, 2);
  expect_no_command_lines(o);
  EXPECT_NE(o.err.find("\\x3a:error file=x::pwned<"), std::string::npos) << o.err;

  // A report's own name starts the error line.
  const auto named = m_dir / "::add-mask::x.info";
  write_text(named, "TN:\nbogus\n");
  o = run_covbar({"check", named.string(), "--root", m_dir.string()});
  EXPECT_EQ(o.code, 2);
  expect_no_command_lines(o);

  // Names with a newline, in every kind of error: a missing file, a bad option value, an
  // unknown option.
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"check", (m_dir / "no\n::error::such.xml").string()},
        std::vector<std::string>{"check", xml.string(), "--format", "x\n::add-mask::y"},
        std::vector<std::string>{"check", xml.string(), "--fail-under", "9\n::error::z"},
        std::vector<std::string>{"check", "--bogus\n::stop-commands::t"}}) {
    o = run_covbar(args);
    EXPECT_EQ(o.code, 2) << args.back();
    expect_no_command_lines(o);
    EXPECT_EQ(o.err.find("\n::"), std::string::npos) << o.err;
  }
}

TEST_F(HostileText, DiffTextAndAnnotationsKeepPathsOnTheirLine) {
  write_text(m_dir / "::add-mask::s.py", "x = 1\ny = 2\n");
  write_text(m_dir / "a\n::error::X.py", "x = 1\ny = 2\n");
  const auto xml = m_dir / "coverage.xml";
  write_text(xml, cobertura({"::add-mask::s.py", "a&#10;::error::X.py"}));
  const auto diff = m_dir / "change.diff";
  write_text(diff,
             "diff --git a/::add-mask::s.py b/::add-mask::s.py\n"
             "--- a/::add-mask::s.py\n+++ b/::add-mask::s.py\n@@ -0,0 +1,2 @@\n+x = 1\n+y = 2\n"
             "diff --git \"a/a\\n::error::X.py\" \"b/a\\n::error::X.py\"\n"
             "--- \"a/a\\n::error::X.py\"\n+++ \"b/a\\n::error::X.py\"\n@@ -0,0 +1,2 @@\n"
             "+x = 1\n+y = 2\n");
  const auto o = run_covbar({"diff", xml.string(), "--diff-file", diff.string(), "--root",
                             m_dir.string(), "--annotations"});
  EXPECT_EQ(o.code, 0) << o.err;
  expect_no_command_lines(o);
  EXPECT_NE(o.out.find("  \\x3a:add-mask::s.py: 1 / 2 changed lines covered"), std::string::npos)
      << o.out;
  EXPECT_NE(o.out.find("::warning file=a%0A%3A%3Aerror%3A%3AX.py,line=1"), std::string::npos)
      << o.out;
}

TEST_F(HostileText, RatchetPathsStayOnTheirLine) {
  write_text(m_dir / "a.py", "x = 1\ny = 2\n");
  const auto lcov = m_dir / "r.info";
  write_text(lcov, "TN:\nSF:a.py\nDA:1,1\nDA:2,0\nend_of_record\n");
  const auto state = m_dir / "a\n::add-mask::s.json";
  auto o = run_covbar({"ratchet", "init", lcov.string(), "--root", m_dir.string(), "--state",
                       state.string(), "--today", "2026-01-05", "--no-step-summary"});
  ASSERT_EQ(o.code, 0) << o.err;
  expect_no_command_lines(o);
  EXPECT_NE(o.out.find("wrote " + m_dir.string() + "/a\\n::add-mask::s.json"), std::string::npos)
      << o.out;
  o = run_covbar({"ratchet", "plan", "--root", m_dir.string(), "--state", state.string(), "--today",
                  "2026-01-05", "--svg", (m_dir / "b\n::error::c.svg").string()});
  ASSERT_EQ(o.code, 0) << o.err;
  expect_no_command_lines(o);
}

// --- Markdown -------------------------------------------------------------------------

/// Paths a pull request can name, each trying to leave its code span or table cell or to
/// make something live (a link, an image, HTML, a mention).
const std::vector<std::string> k_hostile_paths{
    "a`b.py",          "``x``.py",         "`start.py",   "end.py`",           "a|b.py",
    "<img src=x>.py",  "[a](http://x).py", "@someone.py", "![i](http://x).py", " lead and trail ",
    "a\n| x | y |.py", "a&#1;b.py"};

std::string xml_attribute(const std::string& text) {
  std::string out;
  for (const char c : text) {
    switch (c) {
    case '<':
      out += "&lt;";
      break;
    case '&':
      out += "&amp;";
      break;
    case '"':
      out += "&quot;";
      break;
    case '\n':
      out += "&#10;";
      break;
    default:
      out += c;
    }
  }
  return out;
}

/// The cells of a GFM table row, split at each `|` no backslash escapes (the outer pipes
/// dropped), with `\|` turned back into `|` as GitHub does before reading the cell.
std::vector<std::string> table_cells(std::string_view row) {
  std::vector<std::string> cells;
  std::string cell;
  for (std::size_t i = 1; i < row.size(); ++i) {
    if (row[i] == '\\' && i + 1 < row.size() && row[i + 1] == '|') {
      cell += '|';
      ++i;
    } else if (row[i] == '|') {
      cells.push_back(cell);
      cell.clear();
    } else {
      cell += row[i];
    }
  }
  return cells;
}

/// A Markdown inline text read as CommonMark reads code spans and backslash escapes: the
/// text outside code spans, and the content of each code span.
struct Inline {
  std::string outside;
  std::vector<std::string> code;
};

Inline read_inline(std::string_view text) {
  Inline r;
  for (std::size_t i = 0; i < text.size();) {
    if (text[i] == '\\' && i + 1 < text.size() &&
        std::ispunct(static_cast<unsigned char>(text[i + 1])) != 0) {
      r.outside += '\\'; // kept: an escaped character is text, never syntax
      r.outside += text[i + 1];
      i += 2;
      continue;
    }
    if (text[i] != '`') {
      r.outside += text[i++];
      continue;
    }
    std::size_t n = 0;
    while (i + n < text.size() && text[i + n] == '`') {
      ++n;
    }
    // The closing fence: the next run of exactly n backticks.
    std::size_t j = i + n;
    std::size_t close = std::string_view::npos;
    while (j < text.size()) {
      if (text[j] != '`') {
        ++j;
        continue;
      }
      std::size_t m = 0;
      while (j + m < text.size() && text[j + m] == '`') {
        ++m;
      }
      if (m == n) {
        close = j;
        break;
      }
      j += m;
    }
    if (close == std::string_view::npos) {
      r.outside += std::string(n, '`');
      i += n;
      continue;
    }
    std::string content(text.substr(i + n, close - i - n));
    if (content.size() >= 2 && content.front() == ' ' && content.back() == ' ' &&
        content.find_first_not_of(' ') != std::string::npos) {
      content = content.substr(1, content.size() - 2);
    }
    r.code.push_back(content);
    i = close + n;
  }
  return r;
}

/// Nothing live outside code spans: no link or image, no HTML, no mention, no URL.
void expect_inert(const std::string& outside, const std::string& context) {
  for (const char* live : {"](", "<", "@", "http", "www."}) {
    // An entity or an escaped character is text.
    EXPECT_EQ(outside.find(live), std::string::npos) << live << " live in: " << context;
  }
}

/// Checks every table of `markdown`: each row has its header's number of cells, and outside
/// code spans nothing is live. Returns the content of every code span in the tables.
std::vector<std::string> check_tables(const std::string& markdown) {
  std::vector<std::string> code;
  std::size_t columns = 0;
  std::size_t start = 0;
  while (start < markdown.size()) {
    const std::size_t end = std::min(markdown.find('\n', start), markdown.size());
    const std::string line = markdown.substr(start, end - start);
    start = end + 1;
    if (!line.starts_with("|")) {
      columns = 0;
      continue;
    }
    const auto cells = table_cells(line);
    if (columns == 0) {
      columns = cells.size();
    }
    EXPECT_EQ(cells.size(), columns) << line;
    for (const auto& cell : cells) {
      const Inline in = read_inline(cell);
      expect_inert(in.outside, line);
      code.insert(code.end(), in.code.begin(), in.code.end());
    }
  }
  return code;
}

bool contains(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

TEST(MarkdownCode, FenceOutrunsTheBackticksInside) {
  EXPECT_EQ(reports::markdown_code("a.py"), "`a.py`");
  EXPECT_EQ(reports::markdown_code("a`b"), "``a`b``");
  EXPECT_EQ(reports::markdown_code("``x``"), "``` ``x`` ```");
  EXPECT_EQ(reports::markdown_code(" x "), "`  x  `");
  EXPECT_EQ(reports::markdown_code("   "), "`   `");
  EXPECT_EQ(reports::markdown_code("a|b"), "`a|b`");
  EXPECT_EQ(reports::markdown_cell_code("a|b"), "`a\\|b`");
  EXPECT_EQ(reports::markdown_cell_code("a\nb"), "`a\\nb`");
  EXPECT_EQ(reports::markdown_cell("5 [x](y) <b> a|b *c*"), "5 \\[x\\](y) &lt;b&gt; a\\|b \\*c\\*");
}

TEST_F(HostileText, MarkdownKeepsHostilePathsInTheirCodeSpans) {
  write_text(m_dir / "real.py", "x = 1\n");
  std::vector<std::string> attributes{"real.py"};
  for (const auto& p : k_hostile_paths) {
    attributes.push_back(xml_attribute(p));
  }
  const auto xml = m_dir / "coverage.xml";
  write_text(xml, cobertura(attributes));
  const auto md = m_dir / "check.md";
  const auto o = run_covbar({"check", xml.string(), "--root", m_dir.string(), "--top", "50",
                             "--markdown", md.string(), "--path-threshold", "<img src=x>*:1",
                             "--path-threshold", "a|*:1", "--path-threshold", "a`*:1"});
  ASSERT_EQ(o.code, 0) << o.err;
  const std::string markdown = read_text(md);
  SCOPED_TRACE(markdown);
  const auto code = check_tables(markdown);
  for (const auto& p : k_hostile_paths) {
    const std::string shown = core::printable(core::normalize_path(p), false);
    EXPECT_TRUE(contains(code, shown)) << shown;
  }
  for (const char* glob : {"<img src=x>*", "a|*", "a`*"}) {
    EXPECT_TRUE(contains(code, glob)) << "the path threshold's glob " << glob;
  }
}

TEST_F(HostileText, DiffAndAuditMarkdownKeepHostileTextInCode) {
  write_text(m_dir / "real.py", "x = 1\ny = 2\n");
  std::vector<std::string> attributes{"real.py"};
  std::string diff = "diff --git a/real.py b/real.py\n--- a/real.py\n+++ b/real.py\n"
                     "@@ -1,0 +1,2 @@\n+x = 1\n+y = 2\n";
  for (const auto& p : k_hostile_paths) {
    attributes.push_back(xml_attribute(p));
    std::string quoted;
    for (const char c : p) {
      quoted += c == '\n' ? std::string("\\n") : c == '"' ? std::string("\\\"") : std::string(1, c);
    }
    diff += "diff --git \"a/" + quoted + "\" \"b/" + quoted + "\"\n--- \"a/" + quoted +
            "\"\n+++ \"b/" + quoted + "\"\n@@ -1,0 +1,2 @@\n+x = 1\n+y = 2\n";
  }
  const auto xml = m_dir / "coverage.xml";
  write_text(xml, cobertura(attributes));
  write_text(m_dir / "change.diff", diff);
  const auto md = m_dir / "diff.md";
  auto o = run_covbar({"diff", xml.string(), "--diff-file", (m_dir / "change.diff").string(),
                       "--root", m_dir.string(), "--markdown", md.string()});
  ASSERT_EQ(o.code, 0) << o.err;
  std::string markdown = read_text(md);
  auto code = check_tables(markdown);
  for (const char* path : {"a`b.py", "<img src=x>.py", "@someone.py", "a|b.py"}) {
    EXPECT_TRUE(contains(code, path)) << path << "\n" << markdown;
  }

  // The audit: hostile repository names, and a problem quoting a hostile report name.
  const auto lcov = m_dir / "r.info";
  write_text(lcov, "TN:\nSF:a.py\nDA:1,1\nDA:2,0\nend_of_record\n");
  std::vector<std::string> args{"audit", "--today", "2026-11-25", "--no-step-summary"};
  const std::vector<std::string> names{"[a](http://x)", "<img src>", "@someone", "a|b`c",
                                       "![i](http://x)"};
  for (const auto& name : names) {
    args.push_back(name + "=" + lcov.string());
  }
  args.push_back("broken=" + (m_dir / "@x|<b>.info").string());
  o = run_covbar(args);
  ASSERT_EQ(o.code, 0) << o.err;
  markdown = o.out;
  code = check_tables(markdown);
  for (const auto& name : names) {
    EXPECT_TRUE(contains(code, name)) << name << "\n" << markdown;
  }
  // The list of files under the table: names and paths in code spans too.
  const std::string list = markdown.substr(markdown.find("\n- "));
  expect_inert(read_inline(list).outside, list);
}

// --- CSV ------------------------------------------------------------------------------

/// RFC 4180 records: fields split at commas outside quotes, `""` inside quotes is `"`.
std::vector<std::vector<std::string>> read_csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows(1);
  std::string field;
  bool quoted = false;
  bool was_quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"' && field.empty()) {
      quoted = was_quoted = true;
    } else if (c == ',') {
      rows.back().push_back(field);
      field.clear();
      was_quoted = false;
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      rows.back().push_back(field);
      field.clear();
      was_quoted = false;
      rows.emplace_back();
      ++i;
    } else {
      field += c;
    }
  }
  if (rows.back().empty()) {
    rows.pop_back();
  }
  return rows;
}

TEST_F(HostileText, CsvCellsNeverStartAFormula) {
  const auto lcov = m_dir / "r.info";
  write_text(lcov, "TN:\nSF:a.py\nDA:1,1\nDA:2,0\nend_of_record\n");
  const std::vector<std::string> names{"+SUM(1+1)", "-2+3",    "@SUM(A1)", "\tcmd",
                                       "\rcmd",     "a,\"b\"", "plain"};
  std::vector<std::string> args{"audit",      "--today",
                                "2026-11-25", "--no-step-summary",
                                "--csv",      (m_dir / "audit.csv").string()};
  for (const auto& name : names) {
    args.push_back(name + "=" + lcov.string());
  }
  // A report whose name starts with '=' makes the problem cell start with it.
  args.push_back("rel==1+1");
  const auto o = run_covbar(args);
  ASSERT_EQ(o.code, 0) << o.err;
  const std::string csv = read_text(m_dir / "audit.csv");
  const auto rows = read_csv(csv);
  ASSERT_EQ(rows.size(), names.size() + 3) << csv; // header, rows, fleet total
  std::vector<std::string> first_cells;
  for (const auto& row : rows) {
    EXPECT_EQ(row.size(), rows.front().size()) << csv;
    for (const auto& cell : row) {
      EXPECT_TRUE(cell.empty() ||
                  std::string_view("=+-@\t\r").find(cell.front()) == std::string_view::npos)
          << "'" << cell << "' in\n"
          << csv;
    }
    first_cells.push_back(row.front());
  }
  for (const auto& name : names) {
    const bool formula = std::string_view("=+-@\t\r").find(name.front()) != std::string_view::npos;
    EXPECT_TRUE(contains(first_cells, formula ? "'" + name : name)) << name << "\n" << csv;
  }
  EXPECT_NE(csv.find("\"'=1+1: error: cannot open"), std::string::npos) << csv;
}

// --- Generated scripts ------------------------------------------------------------------

std::string fleet_config(const std::string& path_line) {
  std::string yml = read_text(fixtures_dir() / "fleet" / "covbar.yml");
  const std::string first = "      path: ../projects/python\n";
  yml.replace(yml.find(first), first.size(), path_line);
  return yml;
}

TEST_F(HostileText, ControlCharactersInFleetValuesAreRefusedWhereTheyStand) {
  const auto config = m_dir / "covbar.yml";
  const std::string yml = fleet_config("      path: \"x\\nrm -rf /\"\n");
  write_text(config, yml);
  const std::size_t line = static_cast<std::size_t>(
      std::count(yml.begin(), yml.begin() + static_cast<std::ptrdiff_t>(yml.find("path: \"x")),
                 '\n') +
      1);
  const auto plan = m_dir / "rollout.sh";
  const auto out = m_dir / "out";
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"rollout", "plan", "--config", config.string(), "--format",
                                 "shell", "--out", plan.string()},
        std::vector<std::string>{"rollout", "scripts", "--config", config.string(), "--out",
                                 out.string()},
        std::vector<std::string>{"workflows", "generate", "--config", config.string(), "--out",
                                 out.string()}}) {
    const auto o = run_covbar(args);
    EXPECT_EQ(o.code, 2) << args[1];
    EXPECT_NE(o.err.find(fmt::format("{}:{}:13: error: expected text without control "
                                     "characters or line breaks, found 'x\\nrm -rf /'",
                                     config.string(), line)),
              std::string::npos)
        << o.err;
    EXPECT_FALSE(fs::exists(plan));
    EXPECT_FALSE(fs::exists(out));
  }
  // A tab, a C1 control and U+2028 are refused as well, in any value.
  for (const char* value : {"\"a\\tb\"", "\"a\\u0085b\"", "\"a\\u2028b\""}) {
    write_text(config, fleet_config(std::string("      path: ") + value + "\n"));
    EXPECT_EQ(run_covbar({"rollout", "plan", "--config", config.string()}).code, 2) << value;
  }
  std::string central = read_text(fixtures_dir() / "fleet" / "covbar.yml");
  central.replace(central.find("acme/ci-workflows"), 17, "\"acme/ci\\n-workflows\"");
  write_text(config, central);
  EXPECT_EQ(
      run_covbar({"workflows", "generate", "--config", config.string(), "--out", out.string()})
          .code,
      2);
}

TEST_F(HostileText, ABenignOddPathStillGivesAValidScript) {
  const auto config = m_dir / "covbar.yml";
  // needs-remote: Phase 0's script names the repository's local path.
  write_text(config, fleet_config("      path: \"odd dir; echo pwned # $(id) `id`\"\n"
                                  "      needs-remote: true\n"));
  const auto o = run_covbar(
      {"rollout", "scripts", "--config", config.string(), "--out", (m_dir / "scripts").string()});
  ASSERT_EQ(o.code, 0) << o.err;
  const auto connect = m_dir / "scripts/connect-repositories.sh";
  const std::string script = read_text(connect);
  EXPECT_NE(script.find("'" + (m_dir / "odd dir; echo pwned # $(id) `id`").string() + "'"),
            std::string::npos)
      << script;
  EXPECT_EQ(std::system(("bash -n " + connect.string()).c_str()), 0) << script;
}

// --- Outputs ------------------------------------------------------------------------------

std::string small_report(const fs::path& dir) {
  const auto lcov = dir / "r.info";
  write_text(lcov, "TN:\nSF:a.py\nDA:1,1\nDA:2,0\nend_of_record\n");
  write_text(dir / "a.py", "x = 1\ny = 2\n");
  return lcov.string();
}

TEST_F(HostileText, JsonToDevStdoutIsPrinted) {
  const auto report = small_report(m_dir);
  // First through a link of the test's own to /proc/self/fd/1, as /dev/stdout is: a build
  // that replaced links would replace this one, and /dev/stdout is not tried (as root it
  // would be replaced for the whole machine).
  const auto own_link = m_dir / "stdout";
  fs::create_symlink("/proc/self/fd/1", own_link);
  for (const std::string& output : {own_link.string(), std::string("/dev/stdout")}) {
    SCOPED_TRACE(output);
    const auto log = (m_dir / "log.txt").string();
    fs::remove(log);
    const int status =
        wait_for(spawn_covbar({"check", report, "--root", m_dir.string(), "--json", output}, log));
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0);
    const std::string printed = read_text(log);
    // The JSON first (it is written before the text), then the text report, both kept.
    EXPECT_TRUE(printed.starts_with("{")) << printed;
    EXPECT_NE(printed.find("\"schema\""), std::string::npos) << printed;
    EXPECT_NE(printed.find("covbar check: 1 file"), std::string::npos) << printed;
    ASSERT_TRUE(fs::is_symlink(output)) << "the link was replaced";
  }
}

/// A FIFO at `path` with its reader already open (without blocking), so a writer neither
/// waits nor hangs the test: what was written is read back once the writer is done.
class FifoReader {
public:
  explicit FifoReader(const fs::path& path) {
    EXPECT_EQ(::mkfifo(path.c_str(), 0600), 0);
    m_fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    EXPECT_GE(m_fd, 0);
  }
  FifoReader(const FifoReader&) = delete;
  FifoReader& operator=(const FifoReader&) = delete;
  ~FifoReader() { ::close(m_fd); }
  std::string received() const {
    std::string out;
    char buffer[4096];
    for (ssize_t n = 0; (n = ::read(m_fd, buffer, sizeof buffer)) > 0;) {
      out.append(buffer, static_cast<std::size_t>(n));
    }
    return out;
  }

private:
  int m_fd = -1;
};

TEST_F(HostileText, JsonToAFifoReachesItsReader) {
  const auto report = small_report(m_dir);
  const auto fifo = m_dir / "pipe";
  const FifoReader reader(fifo);
  const auto o = run_covbar({"check", report, "--root", m_dir.string(), "--json", fifo.string()});
  const std::string received = reader.received();
  EXPECT_EQ(o.code, 0) << o.err;
  EXPECT_NE(received.find("\"schema\""), std::string::npos) << received;
  struct stat st {};
  ASSERT_EQ(::lstat(fifo.c_str(), &st), 0);
  EXPECT_TRUE(S_ISFIFO(st.st_mode));
}

TEST_F(HostileText, SymlinksToStreamsAreFollowedNeverReplaced) {
  const auto report = small_report(m_dir);
  const auto to_null = m_dir / "null-link";
  fs::create_symlink("/dev/null", to_null);
  auto o = run_covbar({"check", report, "--root", m_dir.string(), "--json", to_null.string()});
  EXPECT_EQ(o.code, 0) << o.err;
  EXPECT_TRUE(fs::is_symlink(to_null));
  EXPECT_EQ(fs::read_symlink(to_null), "/dev/null");
  EXPECT_TRUE(fs::is_character_file("/dev/null"));

  // A chain of links to a FIFO, relative ones included, reaches the FIFO's reader.
  const FifoReader reader(m_dir / "pipe");
  fs::create_symlink("pipe", m_dir / "link1");
  fs::create_symlink(m_dir / "link1", m_dir / "link2");
  o = run_covbar({"check", report, "--root", m_dir.string(), "--json", (m_dir / "link2").string()});
  EXPECT_EQ(o.code, 0) << o.err;
  EXPECT_NE(reader.received().find("\"schema\""), std::string::npos);
  EXPECT_TRUE(fs::is_symlink(m_dir / "link2"));

  // A link to a file, or to nothing, is refused, and nothing changes.
  const auto target = m_dir / "target.json";
  write_text(target, "old");
  const auto link = m_dir / "out-link.json";
  fs::create_symlink("target.json", link);
  o = run_covbar({"check", report, "--root", m_dir.string(), "--json", link.string()});
  EXPECT_EQ(o.code, 2);
  EXPECT_NE(o.err.find("it is a symbolic link to the file"), std::string::npos) << o.err;
  EXPECT_TRUE(fs::is_symlink(link));
  EXPECT_EQ(read_text(target), "old");
  const auto dangling = m_dir / "dangling.json";
  fs::create_symlink("missing/x.json", dangling);
  o = run_covbar({"check", report, "--root", m_dir.string(), "--json", dangling.string()});
  EXPECT_EQ(o.code, 2);
  EXPECT_NE(o.err.find("which does not exist"), std::string::npos) << o.err;
  EXPECT_TRUE(fs::is_symlink(dangling));
}

TEST_F(HostileText, OutputsThatAreNotFilesAreRefusedBeforeAnyIsWritten) {
  const auto report = small_report(m_dir);
  const auto md = m_dir / "summary.md";
  const auto dir = m_dir / "a-folder";
  fs::create_directory(dir);
  const auto o = run_covbar({"check", report, "--root", m_dir.string(), "--markdown", md.string(),
                             "--json", dir.string()});
  EXPECT_EQ(o.code, 2);
  EXPECT_NE(
      o.err.find(fmt::format("covbar: error: cannot write {}: it is a directory", dir.string())),
      std::string::npos)
      << o.err;
  EXPECT_FALSE(fs::exists(md));
  EXPECT_TRUE(fs::is_directory(dir));
  EXPECT_TRUE(fs::is_empty(dir));

  // A descriptor covbar does not have open.
  const auto closed = run_covbar({"check", report, "--root", m_dir.string(), "--markdown",
                                  md.string(), "--json", "/dev/fd/987"});
  EXPECT_EQ(closed.code, 2);
  EXPECT_NE(closed.err.find("covbar's descriptor 987 is not open"), std::string::npos)
      << closed.err;
  EXPECT_FALSE(fs::exists(md));

  // A generated folder: a directory where its last file goes leaves none of them written.
  const auto first = m_dir / "first";
  const auto config = (fixtures_dir() / "fleet" / "covbar.yml").string();
  const auto generated =
      run_covbar({"workflows", "generate", "--config", config, "--out", first.string()});
  ASSERT_EQ(generated.code, 0) << generated.err;
  const std::string last_written = generated.out.substr(generated.out.rfind("wrote ") + 6);
  const auto last = fs::path(last_written.substr(0, last_written.find('\n')));
  const auto second = m_dir / "second";
  fs::create_directories(second / fs::relative(last, first));
  const auto refused =
      run_covbar({"workflows", "generate", "--config", config, "--out", second.string()});
  EXPECT_EQ(refused.code, 2);
  EXPECT_NE(refused.err.find("it is a directory"), std::string::npos) << refused.err;
  for (const auto& entry : fs::recursive_directory_iterator(second)) {
    EXPECT_FALSE(entry.is_regular_file()) << entry.path();
  }

  // The ratchet's chart too, before its Markdown is written.
  const auto state = (m_dir / "ratchet.json").string();
  ASSERT_EQ(run_covbar({"ratchet", "init", report, "--root", m_dir.string(), "--state", state,
                        "--today", "2026-01-05", "--no-step-summary"})
                .code,
            0);
  const auto plan =
      run_covbar({"ratchet", "plan", "--root", m_dir.string(), "--state", state, "--today",
                  "2026-01-05", "--svg", dir.string(), "--markdown", md.string()});
  EXPECT_EQ(plan.code, 2);
  EXPECT_NE(plan.err.find("it is a directory"), std::string::npos) << plan.err;
  EXPECT_FALSE(fs::exists(md));
}

} // namespace
} // namespace covbar::test
