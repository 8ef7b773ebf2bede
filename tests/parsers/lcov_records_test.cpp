// LCOV records as their producers write them: a byte order mark, one file listed in many
// records, lcov 2.x's marked branch blocks, and functions that share a name.

#include <fmt/format.h>

#include "parsers/lcov.hpp"
#include "src/model/merge.hpp"
#include "tests/support/helpers.hpp"

namespace covbar::test {
namespace {

/// parse_lcov (with the fast paths) and parse_lcov_general, which must agree.
model::CoverageReport parse_both(const std::string& text) {
  const auto source = core::SourceText::from_string("report.info", text);
  auto fast = parsers::parse_lcov(source);
  const auto general = parsers::parse_lcov_general(source);
  EXPECT_EQ(dump_model(fast), dump_model(general));
  const auto problems = model::check_invariants(fast);
  EXPECT_TRUE(problems.empty()) << (problems.empty() ? "" : problems.front());
  return fast;
}

TEST(LcovRecords, AByteOrderMarkIsNotARecord) {
  const std::string text = "\xEF\xBB\xBFTN:\nSF:a.c\nDA:1,1\nDA:2,0\nend_of_record\n";
  EXPECT_EQ(parse_text("bom.info", text).totals().lines, (model::Counter{1, 2}));
  // Errors after it are located as in the file (the mark is three bytes of line 1).
  EXPECT_EQ(parse_error("bom.info", "\xEF\xBB\xBFSF:a.c\nDA:1,x\nend_of_record\n"),
            "bom.info:2:6: error: expected a hit count as an integer, found 'x'\nDA:1,x\n     ^");
  // Only at the start of the file.
  EXPECT_EQ(parse_error("bom.info", "SF:a.c\n\xEF\xBB\xBF"
                                    "DA:1,1\nend_of_record\n"),
            "bom.info:2:1: error: expected an LCOV record (TN:, SF:, FN:, FNDA:, DA:, BRDA:, "
            "LF:, ...), found '\xEF\xBB\xBF"
            "DA:1,1'\n\xEF\xBB\xBF"
            "DA:1,1\n^");
}

/// One file listed in `records` records, each with its own functions, lines and branches
/// and some shared with every other record.
std::string repeated_file(int records) {
  std::string text;
  for (int r = 0; r < records; ++r) {
    text += "SF:src/a.c\n";
    text += fmt::format("FN:{},own_{}\nFNDA:{},own_{}\nFN:1,shared\nFNDA:1,shared\n", r + 2, r,
                        r % 2, r);
    text +=
        fmt::format("DA:1,1\nDA:{},{}\nBRDA:1,0,0,1\nBRDA:{},0,1,{}\n", r + 2, r % 3, r + 2, r % 2);
    text += "end_of_record\n";
  }
  return text;
}

TEST(LcovRecords, AFileListedInManyRecordsIsMergedOnce) {
  const auto report = parse_both(repeated_file(1000));
  ASSERT_EQ(report.files.size(), 1U);
  const auto& file = report.files.front();
  ASSERT_EQ(file.functions.size(), 1001U);
  EXPECT_EQ(file.functions.front().name, "shared");
  EXPECT_EQ(file.functions.front().hits, 1000U);
  const auto totals = report.totals();
  EXPECT_EQ(totals.functions, (model::Counter{501, 1001}));
  EXPECT_EQ(totals.lines, (model::Counter{1 + 666, 1001}));
  EXPECT_EQ(totals.branches, (model::Counter{1 + 500, 1001}));
  EXPECT_EQ(file.lines.to_vector().front().hits, 1000U);
}

/// The work of merging a file's records grows with the records, not with their square:
/// twice the records, about twice the records sorted and folded (a merge per record of a
/// growing file was four times).
TEST(LcovRecords, MergingRepeatedRecordsIsLinear) {
  const auto work = [](int records) {
    const std::string text = repeated_file(records);
    const auto source = core::SourceText::from_string("report.info", text);
    const std::uint64_t before = model::normalized_records();
    (void)parsers::parse_lcov(source);
    return model::normalized_records() - before;
  };
  const std::uint64_t once = work(2000);
  const std::uint64_t twice = work(4000);
  EXPECT_GT(once, 2000U * 5);
  EXPECT_LE(twice, once * 21 / 10) << once << " then " << twice;
}

/// Every block form lcov 2.x writes (geninfo(1); lcovutil.pm reads
/// `^BRDA:(\d+),([ef]?)(U?)(\d+),(.+)$`): plain, `e` exception, `f` fallthrough, `U`
/// excluded by an unreachable directive (left out of BRF/BRH, as lcov counts), and the two
/// marks together; parse_both holds the fast path to the general reader on them.
TEST(LcovRecords, ReadsEveryBlockFormLcov2Writes) {
  const std::string text = "SF:src/a.c\n"
                           "BRDA:4,f0,0,1\nBRDA:4,0,1,1\nBRDA:6,f0,0,0\nBRDA:6,0,1,-\n"
                           "BRDA:14,e0,0,3\nBRDA:14,0,1,0\nBRDA:15,U0,0,0\nBRDA:15,U0,1,-\n"
                           "BRDA:16,eU1,0,0\nBRDA:16,fU1,1,0\nBRDA:17,f12345678,12345678,12345678\n"
                           "BRDA:18,f0,a || b,2\nBRDA:18,f0,!(a || b),0\n"
                           "BRF:9\nBRH:5\nend_of_record\n";
  const auto report = parse_both(text);
  EXPECT_EQ(report.totals().branches, (model::Counter{5, 9}));
  // Exception branches stay apart from the others of their block, as lcov 2.0's `e` did.
  EXPECT_EQ(dump_model(report),
            "src/a.c kinds truetruefalsefalse: | 4.0.0x1 4.0.1x1 6.0.0x0 6.0.1x0 14.0.1x0 "
            "14.2147483648.0x3 17.12345678.12345678x12345678 18.0.2147483648x2 18.0.2147483649x0 | "
            "| statements 0\nlines 0/0 branches 5/9 functions 0/0 kinds truetruefalsefalse\n");
}

TEST(LcovRecords, RefusesBlockMarksLcovDoesNotWrite) {
  for (const char* block : {"ff0", "Ue0", "ef0", "UU0", "x0", "f", "fU", "F0"}) {
    const std::string text = fmt::format("SF:a.c\nBRDA:1,{},0,1\nend_of_record\n", block);
    SCOPED_TRACE(text);
    const std::string message = parse_error("marks.info", text);
    EXPECT_TRUE(message.starts_with("marks.info:2:")) << message;
    EXPECT_NE(message.find("expected a block number"), std::string::npos) << message;
  }
}

/// istanbul's LCOV writer gives two functions of one name an FN record each, then an FNDA
/// each in the same order, and counts both in FNF: the k-th FN and the k-th FNDA of a name
/// are one function.
TEST(LcovRecords, FunctionsSharingANamePairInOrder) {
  const auto report = parse_both("SF:src/shapes.js\nFN:4,area\nFN:7,describe\nFN:13,area\n"
                                 "FN:16,describe\nFNF:4\nFNH:2\nFNDA:1,area\nFNDA:0,describe\n"
                                 "FNDA:0,area\nFNDA:1,describe\nend_of_record\n");
  EXPECT_EQ(dump_model(report),
            "src/shapes.js kinds truefalsetruefalse: | | area@4:0x1 describe@7:0x0 area@13:0x0 "
            "describe@16:0x1 | statements 0\nlines 0/0 branches 0/0 functions 2/4 kinds "
            "truefalsetruefalse\n");
}

TEST(LcovRecords, CountsOfAFunctionWithoutAPairAddUp) {
  // An FNDA before its FN; FNDA records alone (one function per name); more FNDA records
  // than FN records of a name (a repeated count of its last function).
  const auto report = parse_both("SF:a.c\nFNDA:2,early\nFN:3,early\nFNDA:1,alone\nFNDA:4,alone\n"
                                 "FN:9,once\nFNDA:1,once\nFNDA:5,once\nend_of_record\n");
  EXPECT_EQ(dump_model(report),
            "a.c kinds truefalsetruefalse: | | alone@0:0x5 early@3:0x2 once@9:0x6 | statements 0\n"
            "lines 0/0 branches 0/0 functions 3/3 kinds truefalsetruefalse\n");
}

} // namespace
} // namespace covbar::test
