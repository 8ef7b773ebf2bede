// `covbar check`'s three outputs (text on stdout, --markdown, --json) on a bundled fixture,
// compared byte for byte with tests/golden/check/. COVBAR_UPDATE_GOLDEN=1 rewrites them
// instead, for a reviewed update.

#include <cstdlib>
#include <fstream>

#include "tests/support/golden.hpp"
#include "tests/support/helpers.hpp"
#include "tests/support/run_covbar.hpp"

namespace covbar::test {
namespace {

namespace fs = std::filesystem;

class CheckGolden : public TempDirTest {};

TEST_F(CheckGolden, CoveragePyBranchReport) {
  // Relative paths from fixtures/, so the outputs do not depend on where the checkout is.
  const fs::path previous = fs::current_path();
  fs::current_path(fixtures_dir());
  const fs::path produced = m_dir / "produced";
  fs::create_directories(produced);
  const auto o = run_covbar({"check", "coveragepy-6.5.0-branch/coverage.xml", "--root",
                             "projects/python", "--fail-under", "lines=80,branches=70",
                             "--markdown", (produced / "check.md").string(), "--json",
                             (produced / "check.json").string(), "--no-step-summary"});
  fs::current_path(previous);
  EXPECT_EQ(o.code, 1) << o.err; // lines are below 80%
  EXPECT_EQ(o.err, "");
  {
    std::ofstream text(produced / "check.txt", std::ios::binary);
    text << o.out;
  }
  expect_golden_tree(produced, golden_dir("check"));
}

} // namespace
} // namespace covbar::test
