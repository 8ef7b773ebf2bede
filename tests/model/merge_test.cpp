// model::merge_file's function rule: records pair by (line, name), which every format has;
// a column (istanbul's declaration) tells apart functions of one line and name.

#include <gtest/gtest.h>

#include "src/model/merge.hpp"

namespace covbar::model {
namespace {

FileCoverage file_with(std::vector<Function> functions) {
  FileCoverage file;
  file.path = "src/a.ts";
  file.kinds.functions = true;
  file.functions = std::move(functions);
  file.normalize();
  return file;
}

Counter functions_of(const FileCoverage& file) {
  Counter c;
  for (const auto& f : file.functions) {
    ++c.total;
    c.covered += f.hits > 0 ? 1 : 0;
  }
  return c;
}

TEST(MergeFunctions, AColumnlessRecordPairsWithTheOneThatHasAColumn) {
  // istanbul: clamp at 1:7, not called; its LCOV: FN:1,clamp with 2 calls.
  auto into = file_with({{"clamp", 1, 7, 0}, {"grade", 11, 7, 1}});
  merge_file(into, file_with({{"clamp", 1, 0, 2}, {"grade", 11, 0, 1}}));
  ASSERT_EQ(into.functions.size(), 2U);
  EXPECT_EQ(functions_of(into), (Counter{2, 2}));
  EXPECT_EQ(into.functions[0].column, 7U) << "the known column is kept";
  EXPECT_EQ(into.functions[0].hits, 2U);
}

TEST(MergeFunctions, TwoFunctionsOfOneLineAndNameStayTwo) {
  // Two arrow functions on line 3: istanbul names both (anonymous_1)/(anonymous_2) normally,
  // but shards of one run agree on columns: 3:10 and 3:30 pair with themselves only.
  auto into = file_with({{"(anonymous)", 3, 10, 1}, {"(anonymous)", 3, 30, 0}});
  merge_file(into, file_with({{"(anonymous)", 3, 10, 0}, {"(anonymous)", 3, 30, 4}}));
  EXPECT_EQ(functions_of(into), (Counter{2, 2}));
  // A columnless writer of the same run pairs in column order, one to one.
  merge_file(into, file_with({{"(anonymous)", 3, 0, 1}, {"(anonymous)", 3, 0, 0}}));
  EXPECT_EQ(functions_of(into), (Counter{2, 2}));
}

TEST(MergeFunctions, DifferentLinesOrNamesNeverPair) {
  auto into = file_with({{"f", 1, 0, 1}, {"g", 2, 4, 0}});
  merge_file(into, file_with({{"f", 5, 0, 0}, {"h", 2, 4, 1}}));
  EXPECT_EQ(functions_of(into), (Counter{2, 4}));
}

TEST(MergeFunctions, DifferentKnownColumnsNeverPair) {
  auto into = file_with({{"f", 1, 2, 1}});
  merge_file(into, file_with({{"f", 1, 9, 0}}));
  EXPECT_EQ(functions_of(into), (Counter{1, 2}));
}

} // namespace
} // namespace covbar::model
