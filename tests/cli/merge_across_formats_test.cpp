// One test run written by several writers (istanbul JSON, its LCOV and Cobertura writers,
// gcovr's two) is one run: merged, its totals equal each report alone, metric by metric.

#include <array>

#include "src/cli/load_reports.hpp"
#include "tests/support/helpers.hpp"

namespace covbar::test {
namespace {

namespace fs = std::filesystem;

struct OneRun {
  const char* fixture;
  const char* project; ///< fixtures/projects/<project> is the repository it ran in
};

constexpr std::array k_runs = {OneRun{"vitest-3.2.7-v8", "ts"}, OneRun{"vitest-3.2.7-istanbul", "ts"},
                               OneRun{"jest-30.5.2-js", "js"}, OneRun{"c8-12.0.0-js", "js"},
                               OneRun{"gcovr-5.2-c", "c"}};

std::vector<std::string> writers_of(const OneRun& run) {
  std::vector<std::string> reports;
  for (const auto* name : {"coverage-final.json", "lcov.info", "cobertura-coverage.xml",
                           "cobertura.xml"}) {
    const fs::path path = fixtures_dir() / run.fixture / name;
    if (fs::exists(path)) {
      reports.push_back(path.string());
    }
  }
  return reports;
}

model::Totals load(std::vector<std::string> paths, std::optional<std::string> root) {
  cli::LoadOptions options;
  options.paths = std::move(paths);
  options.root = std::move(root);
  options.detect_root = false; // no --root: no repository at all
  return cli::load_reports(options).totals();
}

/// Every metric both reports measure alike must come out of the merge unchanged.
void expect_merge_equals_each_alone(const std::string& a, const std::string& b,
                                    const std::optional<std::string>& root) {
  SCOPED_TRACE(a + " + " + b);
  const model::Totals alone_a = load({a}, root);
  const model::Totals alone_b = load({b}, root);
  const model::Totals merged = load({a, b}, root);
  const auto check = [](bool in_a, bool in_b, const model::Counter& ca, const model::Counter& cb,
                        const model::Counter& m, const char* metric) {
    if (in_a && in_b && ca == cb) {
      EXPECT_EQ(counter(m), counter(ca)) << metric;
    }
  };
  check(alone_a.kinds.lines, alone_b.kinds.lines, alone_a.lines, alone_b.lines, merged.lines,
        "lines");
  check(alone_a.kinds.branches, alone_b.kinds.branches, alone_a.branches, alone_b.branches,
        merged.branches, "branches");
  check(alone_a.kinds.functions, alone_b.kinds.functions, alone_a.functions, alone_b.functions,
        merged.functions, "functions");
  check(alone_a.kinds.statements, alone_b.kinds.statements, alone_a.statements,
        alone_b.statements, merged.statements, "statements");
}

TEST(MergeAcrossFormats, EveryPairOfWritersOfOneRunMergesToEachAlone) {
  std::size_t pairs = 0;
  for (const OneRun& run : k_runs) {
    const auto reports = writers_of(run);
    ASSERT_GE(reports.size(), 2U) << run.fixture;
    const std::string root = (fixtures_dir() / "projects" / run.project).string();
    for (std::size_t i = 0; i < reports.size(); ++i) {
      for (std::size_t j = i + 1; j < reports.size(); ++j) {
        expect_merge_equals_each_alone(reports[i], reports[j], root);
        expect_merge_equals_each_alone(reports[j], reports[i], root);
        ++pairs;
      }
    }
  }
  EXPECT_GE(pairs, 9U);
}

TEST(MergeAcrossFormats, VitestFunctionsAreCountedOnceAsVitestPrintsThem) {
  // vitest v8 prints "Functions : 71.42% ( 5/7 )"; each writer alone gives 5/7.
  const OneRun run = k_runs[0];
  const auto reports = writers_of(run);
  const auto merged = load(reports, (fixtures_dir() / "projects" / run.project).string());
  EXPECT_EQ(counter(merged.functions), "5/7");
  EXPECT_EQ(counter(merged.lines), "30/39");
}

} // namespace
} // namespace covbar::test
