#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "parsers/fast/json_split.hpp"
#include "src/core/error.hpp"

namespace covbar::parsers {
namespace {

/// A random JSON value whose strings hold what trips a splitter: brackets, escaped quotes,
/// runs of backslashes (when `escapes`; without them the 64-byte blocks take the fast
/// path), placed anywhere relative to the blocks.
std::string random_value(std::mt19937_64& random, int depth, bool escapes) {
  const auto pick = random() % 10;
  if (depth > 6 || pick < 3) {
    std::string s = "\"";
    const int length = static_cast<int>(random() % 90);
    for (int i = 0; i < length; ++i) {
      switch (escapes ? random() % 9 : 2 + random() % 7) {
      case 0:
        s += "\\\"";
        break;
      case 1:
        s += std::string(2 * (1 + random() % 3), '\\'); // escaped backslashes only
        break;
      case 2:
        s += "{[";
        break;
      case 3:
        s += "]}";
        break;
      default:
        s += static_cast<char>('a' + random() % 26);
      }
    }
    return s + "\"";
  }
  if (pick < 5) {
    return std::to_string(random() % 100000);
  }
  const bool object = pick < 8;
  std::string s = object ? "{" : "[";
  const int n = static_cast<int>(random() % 6);
  for (int i = 0; i < n; ++i) {
    if (i > 0) {
      s += random() % 3 == 0 ? ", " : ",";
    }
    if (object) {
      s += random_value(random, 99, escapes) + ":"; // a string key
    }
    s += random_value(random, depth + 1, escapes);
  }
  return s + (object ? "}" : "]");
}

TEST(JsonSplit, MembersMatchTheGeneratedBoundariesWhateverTheStringsHold) {
  std::mt19937_64 random(11);
  for (int round = 0; round < 300; ++round) {
    std::string json = "{";
    std::vector<JsonMember> expected;
    const int members = static_cast<int>(1 + random() % 12);
    for (int m = 0; m < members; ++m) {
      if (m > 0) {
        json += random() % 2 == 0 ? ",\n" : ",";
      }
      JsonMember member;
      member.begin = json.size();
      json += "\"f" + std::to_string(m) + "\\\\x.js\":";
      std::string value = random_value(random, 0, round % 3 == 0);
      if (value.front() != '{') {
        value = "{\"v\":" + value + "}";
      }
      json += value;
      member.end = json.size();
      expected.push_back(member);
    }
    json += "}\n";
    const core::SourceText text("round.json", json);
    const auto got = fast::split_top_level_object(text);
    ASSERT_EQ(got.size(), expected.size()) << json;
    for (std::size_t i = 0; i < got.size(); ++i) {
      ASSERT_EQ(got[i].begin, expected[i].begin) << json;
      ASSERT_EQ(got[i].end, expected[i].end) << json;
    }
    // Cut anywhere inside the last member: refused with a location, never a wrong split.
    const std::size_t cut =
        expected.back().begin + 1 + random() % (expected.back().end - expected.back().begin - 1);
    const core::SourceText cut_text("cut.json", std::string_view(json).substr(0, cut));
    EXPECT_THROW((void)fast::split_top_level_object(cut_text), core::InputError)
        << json.substr(0, cut);
  }
}

} // namespace
} // namespace covbar::parsers

#include "parsers/detect.hpp"

namespace covbar::parsers {
namespace {

/// istanbul's FileCoverage.toJSON writes one file's coverage as the top-level object: its
/// keys are field names, so a path filter must not drop them.
TEST(JsonSplit, OneFilesCoverageAsTheTopLevelObjectIsReadWithOrWithoutAFilter) {
  const std::string json =
      "{\"path\":\"/repo/src/a.js\",\"statementMap\":{\"0\":{\"start\":{\"line\":1,\"column\":0},"
      "\"end\":{\"line\":1,\"column\":9}},\"1\":{\"start\":{\"line\":2,\"column\":0},\"end\":{"
      "\"line\":2,\"column\":9}}},\"fnMap\":{},\"branchMap\":{},\"s\":{\"0\":3,\"1\":0},\"f\":{},"
      "\"b\":{}}";
  const core::SourceText text("single.json", json);
  for (const bool filtered : {false, true}) {
    const auto report = parse_report(
        text, std::nullopt,
        filtered ? FileFilter([](std::string_view path) { return path.ends_with("a.js"); })
                 : FileFilter());
    ASSERT_EQ(report.files.size(), 1U) << filtered;
    EXPECT_EQ(report.files[0].path, "/repo/src/a.js");
    EXPECT_EQ(report.files[0].totals().statements, (model::Counter{1, 2}));
  }
}

} // namespace
} // namespace covbar::parsers

namespace covbar::parsers {
namespace {

/// The shape is decided from the first key, before anything is parsed: a map of files is
/// read as one whatever its later keys are called (a file named "statementMap" included).
TEST(JsonSplit, TheShapeIsTheFirstKeysAndLaterKeysDoNotChangeIt) {
  const std::string file =
      "{\"statementMap\":{\"0\":{\"start\":{\"line\":1,\"column\":0},\"end\":{\"line\":1,"
      "\"column\":9}}},\"fnMap\":{},\"branchMap\":{},\"s\":{\"0\":3},\"f\":{},\"b\":{}}";
  const std::string json = "{\"/repo/a.js\":" + file + ",\"statementMap\":" + file + "}";
  const core::SourceText text("map.json", json);
  const auto report = parse_report(text, std::nullopt);
  ASSERT_EQ(report.files.size(), 2U);
  EXPECT_EQ(report.files[0].path, "/repo/a.js");
  EXPECT_EQ(report.files[1].path, "statementMap");
}

} // namespace
} // namespace covbar::parsers
