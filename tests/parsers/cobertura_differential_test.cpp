// The Cobertura accelerator (parsers/fast/cobertura: classes split out of a skeleton, their
// plain <lines> read byte for byte, groups parsed in parallel) against the reference reader
// (pugixml over the whole document): the same whole model, or the same error, on every real
// report at hand and on random reports, valid and broken.

#include <algorithm>
#include <random>

#include <fmt/format.h>

#include "parsers/cobertura.hpp"
#include "parsers/fast/xml_scan.hpp"
#include "tests/support/differential.hpp"

namespace covbar::test {
namespace {

std::string accelerated(const std::string& name, const std::string& xml,
                        const parsers::FileFilter& wanted = {}) {
  const auto text = core::SourceText::from_string(name, xml);
  return outcome(text,
                 [&](const core::SourceText& t) { return parsers::parse_cobertura(t, wanted); });
}
std::string reference(const std::string& name, const std::string& xml,
                      const parsers::FileFilter& wanted = {}) {
  const auto text = core::SourceText::from_string(name, xml);
  return outcome(text, [&](const core::SourceText& t) {
    return parsers::parse_cobertura_reference(t, wanted);
  });
}

/// `<line ...>` start tags with their double quotes turned into single ones, which the
/// accelerator's byte-for-byte reading of plain lines leaves to pugixml.
std::string single_quoted_lines(std::string xml) {
  for (std::size_t at = xml.find("<line "); at != std::string::npos;
       at = xml.find("<line ", at + 1)) {
    const std::size_t end = xml.find('>', at);
    std::replace(xml.begin() + static_cast<std::ptrdiff_t>(at),
                 xml.begin() + static_cast<std::ptrdiff_t>(end), '"', '\'');
  }
  return xml;
}

/// The first line of an error outcome (the source line it quotes differs with the quotes).
std::string first_line(const std::string& outcome) { return outcome.substr(0, outcome.find('\n')); }

/// The accelerator's outcome on `xml` whichever way it reads the lines, or a note that the
/// two differ.
std::string accelerated_either_way(const std::string& name, const std::string& xml) {
  const std::string plain = accelerated(name, xml);
  const std::string quoted = accelerated(name, single_quoted_lines(xml));
  const bool same =
      plain.starts_with("error: ") ? first_line(plain) == first_line(quoted) : plain == quoted;
  return same ? plain : "the accelerator's two paths differ:\n" + plain + quoted;
}

TEST(CoberturaDifferential, EveryRealReportGivesTheReferenceModel) {
  const auto reports = real_reports("cobertura", {".xml"});
  std::size_t compared = 0;
  for (const auto& path : reports) {
    SCOPED_TRACE(path.string());
    const std::string xml = read_text(path);
    const std::string name = path.filename().string();
    EXPECT_EQ(accelerated_either_way(name, xml), reference(name, xml));
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

/// What XML forbids and pugixml lets through is refused, at the same place, by the reference
/// reader and by the accelerator, whether it reads the class's lines byte for byte (double
/// quotes) or leaves them to pugixml (single quotes).
TEST(CoberturaDifferential, WhatXmlForbidsIsRefusedAlikeByEveryPath) {
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
    EXPECT_EQ(first_line(accelerated_either_way("report.xml", c.xml)), "error: " + c.message);
    EXPECT_EQ(first_line(reference("report.xml", c.xml)), "error: " + c.message);
  }
  // Many attributes (compared sorted, not pairwise): the repeat is still found and located.
  std::string many = file;
  for (int i = 0; i < 40; ++i) {
    many += fmt::format(" a{}=\"{}\"", i, i);
  }
  many += " a17=\"x\"";
  const std::string wide = report_with(many, "", plain_line);
  const std::size_t line_start = wide.find("<class ");
  EXPECT_EQ(first_line(accelerated_either_way("report.xml", wide)),
            first_line(reference("report.xml", wide)));
  EXPECT_EQ(first_line(reference("report.xml", wide)),
            fmt::format("error: report.xml:4:{}: error: expected attributes of distinct names in "
                        "one element, found a second 'a17' attribute",
                        wide.find(" a17=\"x\"") + 2 - line_start));
  // Text after the root up to the last byte of the file (found by fuzzing: the reference
  // reader's pugixml did not see a last byte of text).
  const std::string last_byte = report_with(file, "", plain_line) + "O";
  EXPECT_EQ(first_line(reference("report.xml", last_byte)),
            "error: report.xml:10:1: error: expected nothing after the root element but white "
            "space, comments and processing instructions, found 'O'");
  EXPECT_EQ(first_line(accelerated_either_way("report.xml", last_byte)),
            first_line(reference("report.xml", last_byte)));
  // Comments, processing instructions and white space after the root are XML's own.
  const std::string fine = report_with(file, "", plain_line, "<!-- end -->\n<?pi x?>\n  \n");
  EXPECT_EQ(parse_text("report.xml", fine, parsers::Format::cobertura).totals().lines,
            (model::Counter{1, 2}));
  EXPECT_EQ(accelerated_either_way("report.xml", fine), reference("report.xml", fine));
}

/// A tail of any size after the root element is neither read nor copied: the skeleton ends
/// with the root, and the scan stops at the tail's first byte.
TEST(CoberturaDifferential, ATailAfterTheRootIsNotCopied) {
  const std::string head = "<coverage><packages/></coverage>\n";
  const std::string xml = head + std::string(32U << 20U, '\0');
  const auto split = parsers::fast::split_elements(xml, "class");
  EXPECT_EQ(split.trailing, head.size());
  EXPECT_LE(split.skeleton.size(), head.size());
}

TEST(CoberturaDifferential, AnUnclosedCommentOrInstructionAfterTheRootIsRefused) {
  // After the root element XML allows white space, comments and processing instructions;
  // one never closed is none of them (a fuzzer's find: the accelerator took it as a comment).
  for (const std::string tail : {"<!--<line number=\"8\"/>", "<?pi never closed", "<!-->"}) {
    const std::string xml = "<?xml version='1.0'?>\n<coverage lines-valid=\"0\"/>\n  " + tail;
    const core::SourceText text("c.xml", xml);
    EXPECT_THROW((void)parsers::parse_cobertura(text), core::InputError) << tail;
    EXPECT_THROW((void)parsers::parse_cobertura_reference(text), core::InputError) << tail;
  }
  // Closed, they are allowed after the root.
  const core::SourceText closed("c.xml", "<coverage><packages/></coverage>\n<!-- x --><?pi?>\n");
  EXPECT_EQ(outcome(closed, [](const core::SourceText& t) { return parsers::parse_cobertura(t); }),
            outcome(closed, [](const core::SourceText& t) {
              return parsers::parse_cobertura_reference(t);
            }));
}

/// Random reports in the shapes coverage.py, gcovr, istanbul's and other writers give them
/// (indentation or none, methods or none, branch lines, attributes in any order, quotes of
/// either kind), with one fault when asked.
class Generator {
public:
  explicit Generator(std::uint64_t seed) : m_random(seed) {}

  /// Faults of meaning: each reader must refuse them with the same message and location.
  /// Faults of XML itself (`cut`, `unclosed`, `bad_tag`): both must refuse.
  enum class Fault {
    none,
    negative_hits,
    missing_number,
    line_zero,
    huge_number,
    bad_conditions,
    no_filename,
    duplicate_attribute,
    nested_class,
    char_ref_nul,
    element_after_root,
    text_after_root,
    not_coverage_root,
    entity,
    count_meaning,
    cut = count_meaning,
    unclosed,
    bad_tag,
    count
  };

  std::string report(std::size_t classes, Fault fault) {
    m_fault = fault;
    m_faulty_class = classes == 0 ? 0 : pick(classes);
    m_indent = pick(3) == 0 ? "" : (pick(2) == 0 ? "\t" : "  ");
    m_quote = '"';
    std::string out = "<?xml version=\"1.0\" ?>\n";
    if (fault == Fault::entity) {
      out += "<!DOCTYPE coverage [<!ENTITY x \"y\">]>\n";
    } else if (pick(4) == 0) {
      out +=
          "<!DOCTYPE coverage SYSTEM \"http://cobertura.sourceforge.net/xml/coverage-04.dtd\">\n";
    }
    if (pick(3) == 0) {
      out += "<!-- Generated by coverage.py: https://coverage.readthedocs.io/en/7.4.0 -->\n";
    }
    const std::string root = fault == Fault::not_coverage_root ? "report" : "coverage";
    out += fmt::format("<{} version=\"7.4.0\" timestamp=\"1700000000\" lines-valid=\"{}\" "
                       "lines-covered=\"{}\" line-rate=\"0.5\" branches-valid=\"{}\" "
                       "branches-covered=\"{}\">\n",
                       root, pick(100), pick(50), pick(40), pick(20));
    if (pick(2) == 0) {
      out += m_indent + "<sources>\n" + m_indent + m_indent + "<source>/repo/src</source>\n" +
             m_indent + m_indent + "<source>\n  /repo/lib \n</source>\n" + m_indent +
             "</sources>\n";
    }
    out += m_indent + "<packages>\n" + m_indent + m_indent + "<package name=\"p\">\n" + m_indent +
           m_indent + m_indent + "<classes>\n";
    for (std::size_t i = 0; i < classes; ++i) {
      out += klass(i);
    }
    out += m_indent + m_indent + m_indent + "</classes>\n" + m_indent + m_indent + "</package>\n" +
           m_indent + "</packages>\n</" + root + ">\n";
    if (fault == Fault::element_after_root) {
      out += "<coverage/>\n";
    } else if (fault == Fault::text_after_root) {
      out += "  trailing text\n";
    } else if (pick(4) == 0) {
      out += "<!-- end -->\n";
    }
    if (fault == Fault::cut) {
      out.resize(1 + pick(out.size() - 1));
    }
    return out;
  }

private:
  std::size_t pick(std::size_t n) { return static_cast<std::size_t>(m_random() % n); }
  bool faulty(std::size_t cls, Fault fault) const {
    return cls == m_faulty_class && m_fault == fault;
  }
  /// Takes the fault now and then, so it lands anywhere in its class.
  bool take(std::size_t cls, Fault fault) {
    if (faulty(cls, fault) && pick(3) == 0) {
      m_fault = Fault::none;
      return true;
    }
    return false;
  }
  std::string attribute(const std::string& name, const std::string& value) {
    return " " + name + "=" + m_quote + value + m_quote;
  }

  std::string line(std::size_t cls) {
    std::vector<std::string> attributes;
    std::string number = std::to_string(1 + pick(400));
    if (take(cls, Fault::line_zero)) {
      number = "0";
    } else if (take(cls, Fault::huge_number)) {
      number = "99999999999";
    }
    if (!take(cls, Fault::missing_number)) {
      attributes.push_back(attribute("number", number));
    }
    attributes.push_back(attribute("hits", take(cls, Fault::negative_hits)
                                               ? "-3"
                                               : std::to_string(pick(3) == 0 ? 0 : pick(1000))));
    if (take(cls, Fault::char_ref_nul)) {
      attributes.back() = attribute("hits", "&#0;1");
    }
    if (pick(3) == 0) {
      const std::size_t total = 2 + 2 * pick(2);
      const std::size_t covered = pick(total + 1);
      attributes.push_back(attribute("branch", "true"));
      std::string conditions = fmt::format("{}% ({}/{})", covered * 100 / total, covered, total);
      if (take(cls, Fault::bad_conditions)) {
        conditions = fmt::format("50% ({}/{})", total + 1, total);
      }
      attributes.push_back(attribute("condition-coverage", conditions));
      if (pick(2) == 0) {
        attributes.push_back(attribute("missing-branches", "1,2"));
      }
    } else if (pick(2) == 0) {
      attributes.push_back(attribute("branch", "false"));
    }
    if (take(cls, Fault::duplicate_attribute)) {
      attributes.push_back(attribute("hits", "5"));
    }
    for (std::size_t i = attributes.size(); i > 1; --i) {
      std::swap(attributes[i - 1], attributes[pick(i)]);
    }
    std::string out = "<line";
    for (const auto& a : attributes) {
      out += a;
    }
    return out + (pick(10) == 0 ? "></line>" : "/>");
  }

  std::string lines(std::size_t cls, const std::string& indent) {
    const std::size_t count = pick(12);
    if (count == 0 && pick(2) == 0) {
      return indent + "<lines/>\n";
    }
    std::string out = indent + "<lines>\n";
    for (std::size_t i = 0; i < count; ++i) {
      out += indent + m_indent + line(cls) + "\n";
    }
    return out + indent + "</lines>\n";
  }

  std::string klass(std::size_t i) {
    m_quote = pick(8) == 0 ? '\'' : '"';
    const std::string in = m_indent + m_indent + m_indent + m_indent;
    std::string out = in + "<class" + attribute("name", fmt::format("c{}", i));
    if (!take(i, Fault::no_filename) && !faulty(i, Fault::no_filename)) {
      const std::string file = pick(10) == 0 ? fmt::format("src/a&amp;b{}.py", i)
                                             : fmt::format("src/m{}/f{}.py", pick(3), i);
      out += attribute("filename", pick(15) == 0 && i > 0 ? "src/m0/f0.py" : file);
    }
    out += attribute("line-rate", "0.5") + attribute("branch-rate", "0.5") +
           attribute("complexity", "0");
    if (take(i, Fault::duplicate_attribute)) {
      out += attribute("name", "again");
    }
    out += ">\n";
    if (take(i, Fault::nested_class)) {
      out += in + m_indent + "<class filename=\"inner.py\"/>\n";
    }
    if (pick(2) == 0) {
      out += in + m_indent + "<methods>\n";
      const std::size_t methods = pick(4);
      for (std::size_t m = 0; m < methods; ++m) {
        out += in + m_indent + m_indent + "<method" + attribute("name", fmt::format("m{}", m)) +
               attribute("signature", "()V") + ">\n" +
               lines(i, in + m_indent + m_indent + m_indent) + in + m_indent + m_indent +
               "</method>\n";
      }
      out += in + m_indent + "</methods>\n";
    } else if (pick(2) == 0) {
      out += in + m_indent + "<methods/>\n";
    }
    if (faulty(i, Fault::unclosed)) {
      m_fault = Fault::none;
      out += in + m_indent + "<lines>\n";
    }
    if (faulty(i, Fault::bad_tag)) {
      m_fault = Fault::none;
      out += in + m_indent + "<line number=\"1\" hits=\"1\"\n";
    }
    if (pick(8) != 0) {
      out += lines(i, in + m_indent);
    }
    if (faulty(i, Fault::no_filename)) {
      m_fault = Fault::none;
    }
    return out + in + "</class>\n";
  }

  std::mt19937_64 m_random;
  Fault m_fault = Fault::none;
  std::size_t m_faulty_class = 0;
  std::string m_indent;
  char m_quote = '"';
};

/// Compares the two readers on one input; returns whether the reference refused it.
bool expect_same(const std::string& xml, bool of_meaning, const parsers::FileFilter& wanted = {}) {
  const std::string fast = accelerated("random.xml", xml, wanted);
  const std::string plain = reference("random.xml", xml, wanted);
  if (of_meaning) {
    EXPECT_EQ(fast, plain) << xml.substr(0, 3000);
  } else {
    EXPECT_TRUE(fast.starts_with("error: ")) << xml.substr(0, 3000);
    EXPECT_TRUE(plain.starts_with("error: ")) << xml.substr(0, 3000);
  }
  return plain.starts_with("error: ");
}

TEST(CoberturaDifferential, RandomReportsValidAndBrokenGiveTheReferenceOutcome) {
  Generator generator(18);
  constexpr auto k_faults = static_cast<int>(Generator::Fault::count);
  std::size_t refused = 0;
  constexpr int k_rounds = 800;
  for (int round = 0; round < k_rounds; ++round) {
    SCOPED_TRACE(round);
    const auto fault = static_cast<Generator::Fault>(round % 3 == 0 ? 0 : round % k_faults);
    refused += expect_same(generator.report(1 + static_cast<std::size_t>(round % 7), fault),
                           fault < Generator::Fault::count_meaning)
                   ? 1
                   : 0;
  }
  // Both outcomes are well represented.
  EXPECT_GT(refused, k_rounds / 4U);
  EXPECT_LT(refused, k_rounds * 3U / 4U);
}

/// Reports large enough for several groups, parsed in parallel, with a fault far in.
TEST(CoberturaDifferential, LargeReportsSplitInGroupsGiveTheReferenceOutcome) {
  Generator generator(19);
  for (const auto fault : {Generator::Fault::none, Generator::Fault::negative_hits,
                           Generator::Fault::nested_class, Generator::Fault::cut}) {
    SCOPED_TRACE(static_cast<int>(fault));
    const std::string xml = generator.report(20000, fault);
    ASSERT_TRUE(fault == Generator::Fault::cut || xml.size() > (9U << 20U)) << xml.size();
    expect_same(xml, fault < Generator::Fault::count_meaning);
  }
}

/// A filter drops classes by their filename as written, in both readers alike.
TEST(CoberturaDifferential, AFilterKeepsTheSameFiles) {
  Generator generator(20);
  const parsers::FileFilter wanted = [](std::string_view path) {
    return path.ends_with("0.py") || path.ends_with("4.py");
  };
  for (int round = 0; round < 100; ++round) {
    SCOPED_TRACE(round);
    expect_same(generator.report(12, Generator::Fault::none), true, wanted);
  }
}

} // namespace
} // namespace covbar::test

namespace covbar::test {
namespace {

/// A DOCTYPE's quoted literal, comment or internal subset may hold '>' and what looks like a
/// <class>: the accelerator's scan reads the DOCTYPE as pugixml does (found by fuzzing).
TEST(CoberturaDifferential, ADoctypeHoldingMarkupIsReadAsPugixmlReadsIt) {
  const std::string report = "<coverage><packages><package name=\"p\"><classes>"
                             "<class filename=\"a.py\"><lines><line number=\"1\" hits=\"1\"/>"
                             "</lines></class></classes></package></packages></coverage>\n";
  for (const std::string doctype :
       {"<!DOCTYPE coverage SYSTEM 'x><class filename=\"b.py\"/>'>",
        "<!DOCTYPE coverage [<!-- ]> <class filename=\"b.py\"/> --><!ELEMENT a (b)>]>",
        "<!DOCTYPE coverage [<?pi > <class filename=\"b.py\"/> ?><!ATTLIST a b CDATA \">\">]>"}) {
    SCOPED_TRACE(doctype);
    const std::string xml = doctype + "\n" + report;
    const std::string plain = reference("doctype.xml", xml);
    EXPECT_EQ(accelerated_either_way("doctype.xml", xml), plain);
    EXPECT_NE(plain.find("a.py kinds"), std::string::npos) << plain;
    EXPECT_EQ(plain.find("b.py"), std::string::npos) << plain;
  }
  // Within an element, '<' in an attribute value is text to pugixml: a DOCTYPE's reading
  // there would run to the end of the file (found by fuzzing).
  const std::string value = "<coverage><packages><package name=\"p\"><classes>"
                            "<class filename=\"a.py\"><lines><line number=\"1\" hits=\"1\" "
                            "branch=\"true\" condition-coverage=\"<!ENTITY50% (1/2)\"/>"
                            "</lines></class></classes></package></packages></coverage>\n";
  const std::string plain = reference("value.xml", value);
  EXPECT_EQ(accelerated_either_way("value.xml", value), plain);
  EXPECT_NE(plain.find("a.py kinds"), std::string::npos) << plain;
  // Nor does a '<' in an attribute value start a comment or a CDATA section.
  for (const std::string markup : {"<![CDATA[", "<!--", "<class filename='b.py'>"}) {
    SCOPED_TRACE(markup);
    const std::string method = "<coverage><packages><package name=\"p\"><classes>"
                               "<class filename=\"a.py\"><methods><method name=\"f" +
                               markup +
                               "\"><lines><line number=\"1\" hits=\"1\"/></lines></method>"
                               "</methods></class></classes></package></packages></coverage>\n";
    const std::string expected = reference("value.xml", method);
    EXPECT_EQ(accelerated_either_way("value.xml", method), expected);
    EXPECT_NE(expected.find("a.py kinds"), std::string::npos) << expected;
  }
}

} // namespace
} // namespace covbar::test
