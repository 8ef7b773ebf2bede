// The Cobertura fast path (LinesScanner) against pugixml, on every real report at hand: the
// same report with its <line> attributes in single quotes (which the fast path leaves to
// pugixml) must give the same model, or the same error.

#include <regex>

#include <fmt/format.h>

#include "parsers/xml_scan.hpp"
#include "tests/support/helpers.hpp"

namespace covbar::test {
namespace {

std::string outcome(const std::string& name, std::string text) {
  try {
    return dump_model(parse_text(name, std::move(text), parsers::Format::cobertura));
  } catch (const core::InputError& e) {
    const std::string message = e.what();
    return "error: " + message.substr(0, message.find('\n')); // the quoted source line differs
  }
}

/// `<line ...>` start tags with their double quotes turned into single ones.
std::string single_quoted_lines(const std::string& xml) {
  static const std::regex line_tag(R"(<line [^>]*>)");
  std::string out;
  auto last = xml.cbegin();
  for (std::sregex_iterator it(xml.begin(), xml.end(), line_tag), end; it != end; ++it) {
    out.append(last, (*it)[0].first);
    std::string tag = it->str();
    std::replace(tag.begin(), tag.end(), '"', '\'');
    out += tag;
    last = (*it)[0].second;
  }
  out.append(last, xml.cend());
  return out;
}

TEST(CoberturaFastPath, GivesWhatPugixmlGivesOnEveryRealReport) {
  const auto reports = real_reports("cobertura", {".xml"});
  ASSERT_GE(reports.size(), 5U);
  std::size_t compared = 0;
  for (const auto& path : reports) {
    SCOPED_TRACE(path.string());
    const std::string xml = read_text(path);
    const std::string quoted = single_quoted_lines(xml);
    if (quoted == xml) {
      continue; // no <line> with double quotes: nothing to compare
    }
    EXPECT_EQ(outcome("report.xml", xml), outcome("report.xml", quoted));
    ++compared;
  }
  EXPECT_GE(compared, 5U);
}

/// A report whose one class holds `inside` before its plain <lines> (which the fast path
/// reads), then `after` the root element.
std::string report_with(const std::string& class_attributes, const std::string& inside,
                        const std::string& line, const std::string& after = "") {
  return "<?xml version=\"1.0\" ?>\n<coverage lines-valid=\"2\" lines-covered=\"1\">\n"
         "<packages><package name=\"p\"><classes>\n"
         "<class " +
         class_attributes + ">" + inside +
         "<lines>\n"
         "<line number=\"1\" hits=\"1\"/>\n" +
         line +
         "\n</lines></class>\n"
         "</classes></package></packages>\n</coverage>\n" +
         after;
}

/// What XML forbids and pugixml lets through is refused, at the same place, whether the
/// class's lines take the fast path (double quotes) or pugixml's (single quotes).
TEST(CoberturaFastPath, RefusesWhatXmlForbidsOnBothPaths) {
  const std::string file = "name=\"a\" filename=\"a.py\"";
  const std::string plain_line = "<line number=\"2\" hits=\"0\"/>";
  struct Case {
    std::string name;
    std::string xml;
    std::string message; // its first line
  };
  const std::vector<Case> cases = {
      {"duplicate line attribute",
       report_with(file, "", "<line number=\"2\" hits=\"0\" hits=\"5\"/>"),
       "report.xml:6:27: error: expected attributes of distinct names in one element, found a "
       "second 'hits' attribute"},
      {"duplicate class attribute", report_with(file + " filename=\"b.py\"", "", plain_line),
       "report.xml:4:33: error: expected attributes of distinct names in one element, found a "
       "second 'filename' attribute"},
      {"nested class", report_with(file, "<class filename=\"b.py\"/>", plain_line),
       "report.xml:4:34: error: expected </class> before another <class> (classes do not nest), "
       "found <class> inside <class>"},
      {"nested class with lines",
       report_with(file, "<class filename=\"b.py\"><lines>" + plain_line + "</lines></class>",
                   plain_line),
       "report.xml:4:34: error: expected </class> before another <class> (classes do not nest), "
       "found <class> inside <class>"},
      {"reference to NUL", report_with(file, "", "<line number=\"2\" hits=\"&#0;0\"/>"),
       "report.xml:6:24: error: expected a character reference to a character XML allows, "
       "found '&#0;'"},
      {"reference to a control character",
       report_with(file, "", "<line number=\"2\" hits=\"0&#x1B;\"/>"),
       "report.xml:6:25: error: expected a character reference to a character XML allows, "
       "found '&#x1B;'"},
      {"raw NUL byte", report_with(file, "", std::string("<line number=\"2\" hits=\"0\0\"/>", 27)),
       "report.xml:6:25: error: expected a character XML allows, found the control character "
       "\\x00"},
      {"element after the root", report_with(file, "", plain_line, "<coverage/>\n"),
       "report.xml:10:1: error: expected nothing after the root element but white space, comments "
       "and processing instructions, found '<coverage/>'"},
      {"NUL bytes after the root", report_with(file, "", plain_line, std::string(4096, '\0')),
       "report.xml:10:1: error: expected nothing after the root element but white space, comments "
       "and processing instructions, found "
       "'\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00"
       "\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00'"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(outcome("report.xml", c.xml), "error: " + c.message);
    EXPECT_EQ(outcome("report.xml", single_quoted_lines(c.xml)), "error: " + c.message);
  }
  // Many attributes (compared sorted, not pairwise): the repeat is still found and located.
  std::string many = file;
  for (int i = 0; i < 40; ++i) {
    many += fmt::format(" a{}=\"{}\"", i, i);
  }
  many += " a17=\"x\"";
  const std::string wide = report_with(many, "", plain_line);
  const std::size_t line_start = wide.find("<class ");
  EXPECT_EQ(outcome("report.xml", wide),
            fmt::format("error: report.xml:4:{}: error: expected attributes of distinct names in "
                        "one element, found a second 'a17' attribute",
                        wide.find(" a17=\"x\"") + 2 - line_start));
  // Comments, processing instructions and white space after the root are XML's own.
  const std::string fine = report_with(file, "", plain_line, "<!-- end -->\n<?pi x?>\n  \n");
  EXPECT_EQ(parse_text("report.xml", fine, parsers::Format::cobertura).totals().lines,
            (model::Counter{1, 2}));
}

/// A tail of any size after the root element is neither read nor copied: the skeleton ends
/// with the root, and the scan stops at the tail's first byte.
TEST(CoberturaFastPath, ATailAfterTheRootIsNotCopied) {
  const std::string head = "<coverage><packages/></coverage>\n";
  const std::string xml = head + std::string(32U << 20U, '\0');
  const auto split = parsers::split_elements(xml, "class");
  EXPECT_EQ(split.trailing, head.size());
  EXPECT_LE(split.skeleton.size(), head.size());
}

} // namespace
} // namespace covbar::test
