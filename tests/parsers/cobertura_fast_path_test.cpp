// The Cobertura fast path (LinesScanner) against pugixml, on every real report at hand: the
// same report with its <line> attributes in single quotes (which the fast path leaves to
// pugixml) must give the same model, or the same error.

#include <regex>

#include <fmt/format.h>

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

} // namespace
} // namespace covbar::test
