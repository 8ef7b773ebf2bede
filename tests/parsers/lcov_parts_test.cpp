// A large LCOV report is parsed in parts, in parallel, and the parts are joined in order as
// they finish: what the joined report holds must not depend on where the parts were cut.

#include <algorithm>

#include <fmt/format.h>

#include "parsers/lcov.hpp"
#include "tests/support/helpers.hpp"

namespace covbar::test {
namespace {

TEST(LcovParts, JoinedInOrderWithRepeatedFilesFoldedAndKindsForEveryFile) {
  // About 13 MB: several parts. Only the first file has branches and only the last record
  // has LF/LH; the last record repeats the first file's path, with more hits on its lines.
  std::string text = "SF:src/first.c\nDA:1,0\nDA:2,3\nBRDA:2,0,0,1\nBRDA:2,0,1,0\nend_of_record\n";
  int files = 1;
  while (text.size() < (13U << 20U)) {
    text += fmt::format("SF:src/f{}.c\n", files++);
    for (int line = 1; line <= 300; ++line) {
      text += fmt::format("DA:{},{}\n", line, line % 3);
    }
    text += "end_of_record\n";
  }
  text += "SF:src/first.c\nDA:1,4\nDA:3,0\nLF:2\nLH:1\nend_of_record\n";
  const auto path = std::filesystem::path(::testing::TempDir()) / "covbar-parts.info";
  write_text(path, text);
  const model::CoverageReport report = parse_file(path);
  std::filesystem::remove(path);

  ASSERT_EQ(report.files.size(), static_cast<std::size_t>(files));
  for (std::size_t i = 0; i < report.files.size(); ++i) {
    ASSERT_EQ(report.files[i].path, i == 0 ? "src/first.c" : fmt::format("src/f{}.c", i));
    ASSERT_TRUE(report.files[i].kinds.branches) << i; // the report has branch data
  }
  const auto& first = report.files.front();
  EXPECT_EQ(first.lines.to_vector(),
            (std::vector<model::Line>{{4, 1, 0, 0}, {3, 2, 0, 0}, {0, 3, 0, 0}}));
  EXPECT_EQ(first.branches.size(), 2U);
  const model::Totals totals = report.totals();
  const std::uint64_t others = static_cast<std::uint64_t>(files - 1);
  EXPECT_EQ(totals.lines, (model::Counter{2 + others * 200, 3 + others * 300}));
  EXPECT_EQ(totals.branches, (model::Counter{1, 2}));
  ASSERT_TRUE(report.declared.lines);
  EXPECT_EQ(*report.declared.lines, (model::Counter{1, 2}));
  EXPECT_EQ(report.declared.lines_offset, text.rfind("LF:") + 3);
}

TEST(LcovParts, DeclaredCountsPastTheLimitAcrossPartsAreLocatedAtTheRecordThatPassesIt) {
  // LF counts summed over records of different parts pass 2^64 - 1 at the last part's LF:
  // the error names that record, as it does when the records are in one part.
  std::string text = "SF:src/first.c\nDA:1,1\nLF:18446744073709551615\nend_of_record\n";
  int files = 0;
  while (text.size() < (3U << 20U)) {
    text += fmt::format("SF:src/f{}.c\n", files++);
    for (int line = 1; line <= 300; ++line) {
      text += fmt::format("DA:{},{}\n", line, line % 3);
    }
    text += "end_of_record\n";
  }
  // The record of a file the caller does not want (covbar diff) is skipped, its LF unread.
  text += "SF:src/unwanted.c\nDA:1,1\nLF:5\nend_of_record\n";
  text += "SF:src/last.c\nDA:1,1\nLF:1\nLH:1\nend_of_record\n";
  const auto line = std::count(text.begin(), text.end(), '\n') - 2;
  const auto path = std::filesystem::path(::testing::TempDir()) / "covbar-parts-lf.info";
  write_text(path, text);
  const auto source = core::SourceText::read_file(path.string());
  const auto error = [&source](const parsers::FileFilter& wanted) {
    try {
      (void)parsers::parse_lcov(source, wanted);
    } catch (const core::InputError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  const std::string expected = "{}:{}:4: error: expected LF counts that add up to at most 2^64 - "
                               "1, found {}, past it\nLF:{}\n   ^";
  EXPECT_EQ(error({}), fmt::format(fmt::runtime(expected), path.string(), line - 4, 5, 5));
  EXPECT_EQ(error([](std::string_view file) { return file != "src/unwanted.c"; }),
            fmt::format(fmt::runtime(expected), path.string(), line, 1, 1));
  std::filesystem::remove(path);
}

} // namespace
} // namespace covbar::test
