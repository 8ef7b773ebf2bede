#include <algorithm>
#include <map>
#include <random>
#include <tuple>

#include <gtest/gtest.h>

#include "src/model/coverage.hpp"

namespace covbar::model {
namespace {

Line line(std::uint32_t number, std::uint64_t hits, std::uint16_t covered = 0,
          std::uint16_t total = 0) {
  return Line{hits, number, covered, total};
}

/// Appends each record to one table, expecting it to take the bytes given beside it; then
/// the table gives every record back.
template <typename Table>
void expect_record_sizes(const std::vector<std::pair<typename Table::Record, std::size_t>>& cases) {
  Table table;
  std::vector<typename Table::Record> records;
  for (const auto& [record, bytes] : cases) {
    const std::size_t before = table.packed_bytes();
    table.push_back(record);
    records.push_back(record);
    EXPECT_EQ(table.packed_bytes() - before, bytes) << "record " << records.size();
  }
  EXPECT_EQ(table.to_vector(), records);
}

TEST(LineTable, GivesBackEveryRecordInTheOrderAppendedIncludingExtremes) {
  const std::vector<Line> records{line(1, 0),
                                  line(2, 1),
                                  line(0xFFFF'FFFF, UINT64_MAX, 0xFFFF, 0xFFFF),
                                  line(1, 127),
                                  line(1, 128),
                                  line(0, 0), // 0 is refused by parsers, still kept
                                  line(70000, 1, 1, 2),
                                  line(69999, 1ULL << 63U)};
  LineTable table;
  for (const auto& l : records) {
    table.push_back(l);
  }
  EXPECT_EQ(table.size(), records.size());
  EXPECT_FALSE(table.ascending());
  EXPECT_EQ(table.to_vector(), records);
  LineTable copy;
  copy.assign(records);
  EXPECT_EQ(copy, table);
  // The counts it keeps while appending agree with the records.
  EXPECT_EQ(table.stats().covered, 6U);
  EXPECT_EQ(table.stats().branches_covered, 0xFFFFU + 1);
  EXPECT_EQ(table.stats().branches_total, 0xFFFFU + 2);
  EXPECT_TRUE(table.stats().line_zero);
  EXPECT_FALSE(table.stats().overcovered);
  table.push_back(line(5, 1, 3, 2));
  EXPECT_TRUE(table.stats().overcovered);
  table.clear();
  EXPECT_TRUE(table.empty());
  EXPECT_TRUE(table.ascending());
  EXPECT_EQ(table.stats().covered, 0U);
}

TEST(LineTable, RandomRecordsRoundTripAndNormalizeMatchesASortedFold) {
  std::mt19937_64 random(20261125);
  for (int round = 0; round < 200; ++round) {
    FileCoverage file;
    file.kinds.lines = true;
    std::map<std::uint32_t, Line> reference;
    std::vector<Line> appended;
    const int count = static_cast<int>(random() % 300);
    for (int i = 0; i < count; ++i) {
      const auto number = static_cast<std::uint32_t>(1 + random() % (round % 2 == 0 ? 50 : 5000));
      const std::uint64_t hits = random() % 4 == 0 ? 0 : random() >> (random() % 64);
      const auto total = static_cast<std::uint16_t>(random() % 3 == 0 ? random() % 5 : 0);
      const auto covered = static_cast<std::uint16_t>(total == 0 ? 0 : random() % (total + 1));
      const Line l = line(number, hits, covered, total);
      appended.push_back(l);
      file.lines.push_back(l);
      auto [it, inserted] = reference.try_emplace(number, l);
      if (!inserted) {
        const std::uint64_t sum = it->second.hits + hits;
        it->second.hits = sum < hits ? UINT64_MAX : sum;
        if (std::tie(covered, total) >
            std::tie(it->second.branches_covered, it->second.branches_total)) {
          it->second.branches_covered = covered;
          it->second.branches_total = total;
        }
      }
    }
    ASSERT_EQ(file.lines.to_vector(), appended);
    file.normalize();
    std::vector<Line> expected;
    for (const auto& [number, l] : reference) {
      expected.push_back(l);
    }
    ASSERT_EQ(file.lines.to_vector(), expected) << "round " << round;
    EXPECT_TRUE(file.lines.ascending());
    const auto covered = static_cast<std::size_t>(
        std::count_if(expected.begin(), expected.end(), [](const Line& l) { return l.hits > 0; }));
    EXPECT_EQ(file.lines.stats().covered, covered);
    std::uint64_t total = 0;
    for (const Line& l : expected) {
      total += l.branches_total;
    }
    EXPECT_EQ(file.lines.stats().branches_total, total);
  }
}

TEST(LineTable, EachRecordTakesTheBytesOfItsForm) {
  // A line right after the previous one with under 128 hits: one byte. A step under 16:
  // two. Anything else: varints. The records read back the same.
  const std::vector<std::pair<Line, std::size_t>> cases{
      {line(1, 0), 1},    {line(2, 127), 1},         {line(3, 128), 3},      {line(5, 0), 2},
      {line(20, 127), 2}, {line(36, 0), 3},          {line(37, 1, 0, 1), 4}, {line(36, 0), 2},
      {line(36, 0), 2},   {line(37, UINT64_MAX), 11}};
  expect_record_sizes<LineTable>(cases);
}

TEST(LineTable, ATypicalFileTakesAboutOneBytePerLine) {
  LineTable table;
  for (std::uint32_t n = 1; n <= 1000; ++n) {
    // Every tenth line is two after the one before (a blank line): two bytes.
    if (n % 10 != 5) {
      table.push_back(line(n, n % 5 == 0 ? 0 : n % 40));
    }
  }
  table.shrink_to_fit();
  EXPECT_EQ(table.packed_bytes(), 900U + 100U);
}

TEST(LineTable, IdentifiedBranchesAreSortedAndFoldedAndLeaveLineCountsAlone) {
  FileCoverage file;
  file.kinds = {true, true, false, false};
  file.lines.push_back(line(3, 1));
  file.lines.push_back(line(5, 0));
  file.lines.push_back(line(9, 2));
  file.branches.assign(
      {{9, 0, 1, 0}, {3, 0, 0, 4}, {3, 0, 1, 0}, {4, 0, 0, 1}, {9, 0, 0, 1}, {3, 0, 0, 2}});
  EXPECT_FALSE(file.branches.ascending());
  file.normalize();
  EXPECT_EQ(file.lines.to_vector(), (std::vector<Line>{line(3, 1), line(5, 0), line(9, 2)}));
  ASSERT_EQ(file.branches.size(), 5U);
  EXPECT_EQ(file.branches.begin()->hits, 6U); // (3, 0, 0) twice: hits add
  EXPECT_TRUE(file.branches.ascending());
  EXPECT_EQ(
      file.branches.to_vector(),
      (std::vector<Branch>{{3, 0, 0, 6}, {3, 0, 1, 0}, {4, 0, 0, 1}, {9, 0, 0, 1}, {9, 0, 1, 0}}));
  const Totals t = file.totals();
  EXPECT_EQ(t.lines, (Counter{2, 3}));
  EXPECT_EQ(t.branches, (Counter{3, 5})); // identified branches count even off a line record
}

} // namespace
} // namespace covbar::model

namespace covbar::model {
namespace {

TEST(BranchTable, EachRecordTakesTheBytesOfItsForm) {
  // The next branch of the previous one's line and block with under 128 hits: one byte.
  // Small numbers on or just after the previous line: four. Anything else: varints.
  const std::vector<std::pair<Branch, std::size_t>> cases{
      {{10, 0, 0, 5}, 4}, {{10, 0, 1, 127}, 1}, {{10, 0, 2, 128}, 5}, {{10, 1, 0, 0}, 4},
      {{10, 1, 2, 0}, 4}, {{41, 1, 3, 0}, 4},   {{42, 0, 0, 0}, 4},   {{74, 0, 1, 0}, 5},
      {{73, 0, 2, 0}, 4}, {{73, 0, 3, 200}, 5}};
  expect_record_sizes<BranchTable>(cases);
}

TEST(BranchTable, RandomBranchesRoundTripAndNormalizeMatchesASortedFold) {
  std::mt19937_64 random(99);
  for (int round = 0; round < 200; ++round) {
    FileCoverage file;
    file.kinds = {true, true, false, false};
    std::map<std::tuple<std::uint32_t, std::uint32_t, std::uint32_t>, std::uint64_t> reference;
    std::vector<Branch> appended;
    const int count = static_cast<int>(random() % 200);
    for (int i = 0; i < count; ++i) {
      Branch b;
      b.line = static_cast<std::uint32_t>(random() % 3 == 0 ? random() : 1 + random() % 40);
      // lcov 2.x exception blocks and named branches use the top bit
      b.block = static_cast<std::uint32_t>(random() % 5 == 0 ? 0x8000'0000U | random() % 4
                                                             : random() % 4);
      b.index = static_cast<std::uint32_t>(random() % 7 == 0 ? 0x8000'0000U + random() % 3
                                                             : random() % 3);
      b.hits = random() % 3 == 0 ? 0 : random() >> (random() % 64);
      appended.push_back(b);
      file.branches.push_back(b);
      auto& hits = reference[{b.line, b.block, b.index}];
      const std::uint64_t sum = hits + b.hits;
      hits = sum < hits ? UINT64_MAX : sum;
    }
    ASSERT_EQ(file.branches.to_vector(), appended);
    file.normalize();
    std::vector<Branch> expected;
    std::size_t covered = 0;
    for (const auto& [key, hits] : reference) {
      expected.push_back({std::get<0>(key), std::get<1>(key), std::get<2>(key), hits});
      covered += hits > 0 ? 1 : 0;
    }
    ASSERT_EQ(file.branches.to_vector(), expected) << "round " << round;
    EXPECT_TRUE(file.branches.ascending());
    EXPECT_EQ(file.totals().branches, (Counter{covered, expected.size()}));
  }
}

} // namespace
} // namespace covbar::model

#include "src/model/merge.hpp"

namespace covbar::model {
namespace {

TEST(FirstRepeatedPath, FindsTheFirstFileWhosePathCameBefore) {
  std::vector<FileCoverage> files(50000);
  for (std::size_t i = 0; i < files.size(); ++i) {
    files[i].path = "src/pkg/m" + std::to_string(i) + ".ts";
  }
  EXPECT_EQ(first_repeated_path(files), files.size());
  EXPECT_EQ(first_repeated_path({}), 0U);
  files[40000].path = files[123].path;
  files[45000].path = files[7].path;
  EXPECT_EQ(first_repeated_path(files), 40000U);
  files[30000].path = "";
  files[30001].path = "";
  EXPECT_EQ(first_repeated_path(files), 30001U);
}

TEST(PathIndex, GrowsAsFilesAreAddedAndRefusesAPathSeenBefore) {
  // Added as a list grows (the LCOV part joiner), from no estimate: the table grows often.
  std::vector<FileCoverage> files;
  PathIndex index(files);
  for (std::size_t i = 0; i < 30000; ++i) {
    files.emplace_back();
    files.back().path = "src/" + std::to_string(i % 97) + "/m" + std::to_string(i) + ".ts";
    ASSERT_TRUE(index.add(PathIndex::path_hash(files.back().path))) << i;
  }
  EXPECT_EQ(index.size(), 30000U);
  files.emplace_back();
  files.back().path = "src/5/m5.ts"; // the sixth path again
  EXPECT_FALSE(index.add(PathIndex::path_hash(files.back().path)));
  EXPECT_EQ(index.size(), 30000U); // refused, not added
  files.back().path = "src/5/m5.tsx";
  EXPECT_TRUE(index.add(PathIndex::path_hash(files.back().path)));
  // Two paths whose hashes agree are still told apart by their text.
  files.emplace_back();
  files.back().path = "src/6/other.ts";
  EXPECT_TRUE(index.add(PathIndex::path_hash("src/5/m5.tsx")));
}

} // namespace
} // namespace covbar::model
