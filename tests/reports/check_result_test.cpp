#include <algorithm>
#include <random>
#include <string>
#include <tuple>

#include <gtest/gtest.h>

#include "reports/check_result.hpp"

namespace covbar::reports {
namespace {

/// The files with the most uncovered lines, against a full sort: by uncovered lines, most
/// first, ties by path; fully covered files and files without line data left out.
TEST(MostUncovered, EqualsTheTopOfAFullSortWithTiesByPath) {
  std::mt19937_64 random(5);
  for (int round = 0; round < 200; ++round) {
    model::CoverageReport report;
    std::vector<model::Totals> totals;
    // The last rounds span several of the blocks it works in (4096 files each).
    const auto files = round < 190 ? random() % 300 : 8192 + random() % 5000;
    for (std::uint64_t i = 0; i < files; ++i) {
      model::FileCoverage file;
      file.path = "src/f" + std::to_string(random() % 1000) + "_" + std::to_string(i) + ".py";
      report.files.push_back(file);
      model::Totals t;
      t.kinds.lines = random() % 20 != 0;
      t.lines.total = random() % 8; // few distinct counts: many ties
      t.lines.covered = random() % (t.lines.total + 1);
      totals.push_back(t);
    }
    CheckResult result;
    result.report = &report;
    result.file_totals = totals;
    result.top = static_cast<std::size_t>(std::vector<int>{0, 1, 3, 10, 1000}[random() % 5]);

    std::vector<std::tuple<std::uint64_t, std::string, std::size_t>> want; // -uncovered, path
    for (std::size_t i = 0; i < report.files.size(); ++i) {
      const auto& t = totals[i];
      if (t.kinds.lines && t.lines.covered < t.lines.total) {
        want.emplace_back(UINT64_MAX - (t.lines.total - t.lines.covered), report.files[i].path, i);
      }
    }
    std::sort(want.begin(), want.end());
    want.resize(std::min(want.size(), result.top));

    const auto got = most_uncovered(result);
    ASSERT_EQ(got.size(), want.size());
    for (std::size_t k = 0; k < got.size(); ++k) {
      ASSERT_EQ(got[k].file, &report.files[std::get<2>(want[k])]) << "rank " << k;
      ASSERT_EQ(got[k].lines, totals[std::get<2>(want[k])].lines);
    }
  }
}

} // namespace
} // namespace covbar::reports
