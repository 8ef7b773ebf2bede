// The malformed-input table (ninja's manifest_parser_test Errors case): every broken input
// asserts its whole message, location, source line and caret included.

#include <fmt/format.h>

#include "tests/support/helpers.hpp"

namespace covbar::test {
namespace {

struct Case {
  std::string name;
  std::string input;
  std::string message;
};

std::string caret_at(std::size_t column) { return std::string(column - 1, ' ') + "^"; }

const std::vector<Case> k_cases = {
    {"empty.info", "",
     "empty.info:1:1: error: expected a coverage report (Cobertura XML, an LCOV tracefile or "
     "istanbul JSON), found an empty file\n\n^"},
    {"blank.xml", "  \n",
     "blank.xml:2:1: error: expected a coverage report (Cobertura XML, an LCOV tracefile or "
     "istanbul JSON), found only white space\n\n^"},
    {"truncated.info", "SF:a.c\nDA:1,1\n",
     "truncated.info:3:1: error: expected end_of_record closing the record for a.c, found end "
     "of file\n\n^"},
    {"negative.info", "SF:a.c\nDA:2,-1\nend_of_record\n",
     "negative.info:2:6: error: expected a hit count as a non-negative integer, found '-1'\n"
     "DA:2,-1\n     ^"},
    {"huge.info", "SF:a.c\nDA:2,18446744073709551616\nend_of_record\n",
     "huge.info:2:6: error: expected a hit count no larger than 18446744073709551615, found "
     "'18446744073709551616'\nDA:2,18446744073709551616\n     ^"},
    {"line0.info", "SF:a.c\nDA:0,1\nend_of_record\n",
     "line0.info:2:4: error: expected a line number from 1, found '0'\nDA:0,1\n   ^"},
    {"bigline.info", "SF:a.c\nDA:4294967296,1\nend_of_record\n",
     "bigline.info:2:4: error: expected a line number no larger than 4294967295, found "
     "'4294967296'\nDA:4294967296,1\n   ^"},
    {"nosf.info", "DA:1,1\nend_of_record\n",
     "nosf.info:1:1: error: expected SF: before DA, found 'DA'\nDA:1,1\n^"},
    {"short.info", "SF:a.c\nBRDA:1,0\nend_of_record\n",
     "short.info:2:1: error: expected a record like 'BRDA:<line>,<block>,<branch>,<taken>', "
     "found 'BRDA:1,0'\nBRDA:1,0\n^"},
    // Found by fuzzing (fixtures/malformed/fnh-above-fnf.info).
    {"fnh.info", "SF:a.c\nFNF:0\nFNH:1\nend_of_record\n",
     "fnh.info:3:5: error: expected FNH no larger than FNF (0), found '1'\nFNH:1\n    ^"},
    {"nul.info", std::string("SF:a\0b\nDA:1,1\nend_of_record\n", 25),
     "nul.info:1:5: error: expected a path without NUL bytes, found a NUL byte\nSF:a\\x00b\n    ^"},
    {"junk.info", "SF:a.c\nXYZ\nend_of_record\n",
     "junk.info:2:1: error: expected an LCOV record (TN:, SF:, FN:, FNDA:, DA:, BRDA:, LF:, "
     "...), found 'XYZ'\nXYZ\n^"},
    {"root.xml", "<report><packages/></report>",
     "root.xml:1:2: error: expected a <coverage> root element (Cobertura), found <report>\n"
     "<report><packages/></report>\n ^"},
    {"clover.xml", "<coverage generated=\"1\" clover=\"3.2.0\"><project/></coverage>",
     "clover.xml:1:2: error: expected a Cobertura <coverage> root element, found a Clover "
     "report, which covbar does not read\n<coverage generated=\"1\" clover=\"3.2.0\"><project/>"
     "</coverage>\n ^"},
    {"cut.xml", "<coverage><packages><package><classes><class filename=\"a.py\"><lines>",
     "cut.xml:1:69: error: expected </coverage> closing the report, found end of file\n"
     "<coverage><packages><package><classes><class filename=\"a.py\"><lines>\n" +
         caret_at(69)},
    {"hits.xml",
     "<coverage>\n<class filename=\"a.py\"><lines><line number=\"1\" hits=\"-3\"/></lines>"
     "</class>\n</coverage>",
     "hits.xml:2:54: error: expected a hit count as a non-negative integer, found '-3'\n"
     "<class filename=\"a.py\"><lines><line number=\"1\" hits=\"-3\"/></lines></class>\n" +
         caret_at(54)},
    // After a class whose plain lines the fast path read and cut out of pugixml's buffer:
    // the error in the next class is still located in the file.
    {"hits2.xml",
     "<coverage>\n<class filename=\"a.py\"><lines><line number=\"1\" hits=\"2\"/>\n"
     "<line number=\"2\" hits=\"0\"/></lines></class>\n"
     "<class filename=\"b.py\"><lines><line number=\"1\" hits=\"-3\"/></lines>"
     "</class>\n</coverage>",
     "hits2.xml:4:54: error: expected a hit count as a non-negative integer, found '-3'\n"
     "<class filename=\"b.py\"><lines><line number=\"1\" hits=\"-3\"/></lines></class>\n" +
         caret_at(54)},
    {"nofile.xml", "<coverage><class name=\"x\"/></coverage>",
     "nofile.xml:1:12: error: expected <class> with a \"filename\" attribute, found <class> "
     "without it\n<coverage><class name=\"x\"/></coverage>\n" +
         caret_at(12)},
    {"cond.xml",
     "<coverage><class filename=\"a\"><lines><line number=\"1\" hits=\"1\" branch=\"true\" "
     "condition-coverage=\"50% (3/2)\"/></lines></class></coverage>",
     "cond.xml:1:98: error: expected condition-coverage like '50% (1/2)', found '50% (3/2)'\n"
     "<coverage><class filename=\"a\"><lines><line number=\"1\" hits=\"1\" branch=\"true\" "
     "condition-coverage=\"50% (3/2)\"/></lines></class></coverage>\n" +
         caret_at(98)},
    {"entity.xml", "<!DOCTYPE coverage [<!ENTITY x \"y\">]>\n<coverage><sources/></coverage>",
     "entity.xml:1:21: error: expected no entity declarations (covbar never expands XML "
     "entities), found <!ENTITY\n<!DOCTYPE coverage [<!ENTITY x \"y\">]>\n" +
         caret_at(21)},
    {"array.json", "[1,2]",
     "array.json:1:1: error: expected a coverage report (Cobertura XML, an LCOV tracefile or "
     "istanbul JSON), found '[1,2]'\n[1,2]\n^"},
    {"cut.json", "{\"a.js\": {\"path\": \"a.js\", \"statementMap\": {",
     "cut.json:1:44: error: expected the rest of a JSON object or array, found end of file\n"
     "{\"a.js\": {\"path\": \"a.js\", \"statementMap\": {\n" +
         caret_at(44)},
    {"negcount.json",
     "{\"a.js\":{\"path\":\"a.js\",\"statementMap\":{\"0\":{\"start\":{\"line\":1,\"column\":0},"
     "\"end\":{\"line\":1,\"column\":5}}},\"fnMap\":{},\"branchMap\":{},\"s\":{\"0\":-2},"
     "\"f\":{},\"b\":{}}}",
     "negcount.json:1:140: error: expected a hit count as a non-negative integer, found '-2'\n"
     "{\"a.js\":{\"path\":\"a.js\",\"statementMap\":{\"0\":{\"start\":{\"line\":1,\"column\":0},"
     "\"end\":{\"line\":1,\"column\":5}}},\"fnMap\":{},\"branchMap\":{},\"s\":{\"0\":-2},"
     "\"f\":{},\"b\":{}}}\n" +
         caret_at(140)},
    {"nulpath.json",
     "{\"a\": {\"path\": \"x\\u0000y\", \"statementMap\": {}, \"fnMap\": {}, "
     "\"branchMap\": {}, \"s\": {}, \"f\": {}, \"b\": {}}}",
     "nulpath.json:1:7: error: expected a file path that is not empty and holds no NUL byte, found "
     "'{\"path\": \"x\\u0000y\", \"st'\n{\"a\": {\"path\": \"x\\u0000y\", \"statementMap\": "
     "{}, \"fnMap\": {}, \"branchMap\": {}, \"s\": {}, \"f\": {}, \"b\": {}}}\n" +
         caret_at(7)},
    {"wrongtype.json", "{\"a.js\": [1, 2], \"b\": {\"statementMap\": {}}}",
     "wrongtype.json:1:10: error: expected a JSON object for a file's coverage, found '[1, 2], "
     "\"b\": {\"statement'\n{\"a.js\": [1, 2], \"b\": {\"statementMap\": {}}}\n" +
         caret_at(10)},
};

TEST(Malformed, EveryCaseHasItsWholeMessage) {
  for (const auto& c : k_cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(parse_error(c.name, c.input), c.message);
  }
}

TEST(Malformed, DeepNestingIsRefusedNotRecursed) {
  std::string deep = "{\"a.js\":";
  deep += std::string(2000, '[');
  deep += std::string(2000, ']');
  deep += ",\"statementMap\":1}";
  const std::string message = parse_error("deep.json", deep);
  EXPECT_TRUE(message.starts_with("deep.json:1:1033: error: expected JSON nested at most 1024 "
                                  "deep, found deeper nesting"))
      << message;
}

} // namespace
} // namespace covbar::test

namespace covbar::test {
namespace {

/// Each input in fixtures/malformed/ (fuzzing findings among them) is refused with a located
/// error, never accepted and never a crash.
TEST(Malformed, FixturesAreRefusedWithALocation) {
  std::size_t count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(fixtures_dir() / "malformed")) {
    if (entry.path().filename() == "README.md") {
      continue;
    }
    SCOPED_TRACE(entry.path().string());
    try {
      (void)parse_file(entry.path());
      ADD_FAILURE() << "accepted";
    } catch (const core::InputError& e) {
      EXPECT_TRUE(e.has_position()) << e.what();
    }
    ++count;
  }
  EXPECT_GE(count, 1U);
}

} // namespace
} // namespace covbar::test

namespace covbar::test {
namespace {

/// A large report is read in parts (in parallel, each into its own buffer): an error far
/// into it is still reported at its line and column of the whole file, and a file that
/// parses has the totals of its records.
TEST(Malformed, ErrorsDeepInAMultiPartLcovFileAreLocatedInTheWholeFile) {
  std::string good;
  std::uint64_t lines = 0;
  std::uint64_t covered = 0;
  std::uint64_t text_lines = 0;
  for (int file = 0; good.size() < (13U << 20U); ++file) {
    good += "SF:src/f" + std::to_string(file) + ".c\n";
    for (int line = 1; line <= 300; ++line) {
      const int hits = (line * 7 + file) % 5;
      good += "DA:" + std::to_string(line) + "," + std::to_string(hits) + "\n";
      ++lines;
      covered += hits > 0 ? 1 : 0;
    }
    good += "end_of_record\n";
    text_lines += 302;
  }
  const auto path = std::filesystem::path(::testing::TempDir()) / "covbar-multipart.info";
  const auto write = [&](const std::string& text) { write_text(path, text); };
  write(good);
  const model::Totals totals = parse_file(path).totals();
  EXPECT_EQ(totals.lines, (model::Counter{covered, lines}));

  std::string bad = good + "SF:src/last.c\nDA:12,x\nend_of_record\n";
  write(bad);
  try {
    (void)parse_file(path);
    ADD_FAILURE() << "accepted";
  } catch (const core::InputError& e) {
    EXPECT_EQ(std::string(e.what()),
              fmt::format("{}:{}:7: error: expected a hit count as an integer, found 'x'\n"
                          "DA:12,x\n      ^",
                          path.string(), text_lines + 2));
  }
  std::filesystem::remove(path);
}

} // namespace
} // namespace covbar::test

namespace covbar::test {
namespace {

/// A large coverage-final.json is scanned on one thread while others parse the files it has
/// found: an error in a file far in is located in the whole file; a cut-off end is reported
/// as such even though the files before it parse.
TEST(Malformed, ErrorsInAPipelinedIstanbulFileAreLocatedInTheWholeFile) {
  std::string json = "{";
  std::uint64_t text_line = 1;
  std::uint64_t statements = 0;
  for (int file = 0; json.size() < (5U << 20U); ++file) {
    json += fmt::format("{}\"/src/f{}.js\":{{\"path\":\"/src/f{}.js\",\"statementMap\":{{",
                        file == 0 ? "" : ",\n", file, file);
    text_line += file == 0 ? 0 : 1;
    std::string s;
    for (int i = 0; i < 200; ++i) {
      json += fmt::format("{}\"{}\":{{\"start\":{{\"line\":{},\"column\":0}},\"end\":{{\"line\":{},"
                          "\"column\":9}}}}",
                          i == 0 ? "" : ",", i, i + 1, i + 1);
      s += fmt::format("{}\"{}\":{}", i == 0 ? "" : ",", i, i % 3);
      ++statements;
    }
    json += "},\"fnMap\":{},\"branchMap\":{},\"s\":{" + s + "},\"f\":{},\"b\":{}}";
  }
  const std::string good = json + "}\n";
  const auto path = std::filesystem::path(::testing::TempDir()) / "covbar-pipelined.json";
  const auto write = [&](const std::string& text) { write_text(path, text); };
  write(good);
  EXPECT_EQ(parse_file(path).totals().statements.total, statements);

  // A negative count in the last file.
  std::string bad = good;
  const auto at = bad.rfind("\"s\":{\"0\":0");
  bad.replace(at + 9, 1, "-4");
  write(bad);
  const std::size_t column = at + 9 - bad.rfind('\n', at);
  try {
    (void)parse_file(path);
    ADD_FAILURE() << "accepted";
  } catch (const core::InputError& e) {
    const std::string message = e.what();
    EXPECT_TRUE(message.starts_with(
        fmt::format("{}:{}:{}: error: expected a hit count as a non-negative integer",
                    path.string(), text_line, column)))
        << message;
  }

  write(json); // the top-level object never closed
  try {
    (void)parse_file(path);
    ADD_FAILURE() << "accepted";
  } catch (const core::InputError& e) {
    const std::string message = e.what();
    EXPECT_TRUE(message.starts_with(fmt::format("{}:{}:", path.string(), text_line))) << message;
    EXPECT_NE(message.find("expected ',' or '}' after an object member, found end of file"),
              std::string::npos)
        << message;
  }
  std::filesystem::remove(path);
}

} // namespace
} // namespace covbar::test
