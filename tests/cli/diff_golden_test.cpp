// `covbar diff`'s outputs (text on stdout, --markdown, --json, --annotations) for a fixed diff
// on a bundled fixture, compared byte for byte with tests/golden/diff/.
// COVBAR_UPDATE_GOLDEN=1 rewrites them instead, for a reviewed update.

#include <fstream>

#include "tests/support/golden.hpp"
#include "tests/support/helpers.hpp"
#include "tests/support/run_covbar.hpp"

namespace covbar::test {
namespace {

namespace fs = std::filesystem;

class DiffGolden : public TempDirTest {};

TEST_F(DiffGolden, AddedFunctionsOfTheCoveragePyProject) {
  // The change adds ops.py's lines 29-42 (total() and never_called()); names relative to the
  // working folder, so the outputs do not depend on where the test runs.
  const fs::path work = m_dir / "work";
  fs::create_directories(work);
  fs::copy_file(fixtures_dir() / "coveragepy-6.5.0-branch/coverage.xml", work / "coverage.xml");
  const std::string ops = read_text(fixtures_dir() / "projects/python/calc/ops.py");
  std::string diff = "diff --git a/calc/ops.py b/calc/ops.py\n--- a/calc/ops.py\n"
                     "+++ b/calc/ops.py\n@@ -28,0 +29,14 @@\n";
  std::size_t at = 0;
  for (int line = 1; line <= 42; ++line) {
    const std::size_t end = ops.find('\n', at);
    if (line >= 29) {
      diff += "+" + ops.substr(at, end - at + 1);
    }
    at = end + 1;
  }
  std::ofstream(work / "change.diff", std::ios::binary) << diff;
  const fs::path produced = m_dir / "produced";
  fs::create_directories(produced);
  const fs::path previous = fs::current_path();
  fs::current_path(work);
  const auto o = run_covbar({"diff", "coverage.xml", "--diff-file", "change.diff", "--root",
                             (fixtures_dir() / "projects/python").string(), "--fail-under", "80",
                             "--markdown", (produced / "diff.md").string(), "--json",
                             (produced / "diff.json").string(), "--no-step-summary"});
  const auto annotated = run_covbar({"diff", "coverage.xml", "--diff-file", "change.diff", "--root",
                                     (fixtures_dir() / "projects/python").string(), "--annotations",
                                     "--no-step-summary"});
  fs::current_path(previous);
  EXPECT_EQ(o.code, 1) << o.err; // 9 of 12 changed lines: 75%
  EXPECT_EQ(annotated.code, 0) << annotated.err;
  std::ofstream(produced / "diff.txt", std::ios::binary) << o.out;
  std::ofstream(produced / "annotations.txt", std::ios::binary) << annotated.out;
  expect_golden_tree(produced, golden_dir("diff"));
}

} // namespace
} // namespace covbar::test
