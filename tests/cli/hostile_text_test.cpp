// Hostile text stays text: paths, names and input excerpts that covbar prints cannot start a
// line a CI runner obeys (`::add-mask::`, `::error::`), nor break out of the Markdown, CSV or
// generated script they land in.

#include <string>
#include <vector>

#include "src/core/error.hpp"
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
    const bool ours = line.starts_with("::warning file=") || line.starts_with("::notice title=covbar::");
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
  EXPECT_EQ(core::printable("a\xc2\x85" "b\xe2\x80\xa8" "c\xe2\x80\xa9" "d\xe2\x80\xae"),
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

} // namespace
} // namespace covbar::test
