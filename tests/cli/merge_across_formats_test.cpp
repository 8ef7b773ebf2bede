// One test run written by several writers (istanbul JSON, its LCOV and Cobertura writers,
// gcovr's two) is one run: merged, its totals equal each report alone, metric by metric,
// inside a repository and outside any (where the writers name a file two ways).

#include <array>

#include "src/cli/load_reports.hpp"
#include "src/core/paths.hpp"
#include "tests/support/helpers.hpp"
#include "tests/support/run_covbar.hpp"

namespace covbar::test {
namespace {

namespace fs = std::filesystem;

struct OneRun {
  const char* fixture;
  const char* project; ///< fixtures/projects/<project> is the repository it ran in
};

constexpr std::array k_runs = {
    OneRun{"vitest-3.2.7-v8", "ts"}, OneRun{"vitest-3.2.7-istanbul", "ts"},
    OneRun{"jest-30.5.2-js", "js"}, OneRun{"c8-12.0.0-js", "js"}, OneRun{"gcovr-5.2-c", "c"}};

std::vector<std::string> writers_of(const OneRun& run) {
  std::vector<std::string> reports;
  for (const auto* name :
       {"coverage-final.json", "lcov.info", "cobertura-coverage.xml", "cobertura.xml"}) {
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
  check(alone_a.kinds.statements, alone_b.kinds.statements, alone_a.statements, alone_b.statements,
        merged.statements, "statements");
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

/// Runs each test from its temporary folder, which no git work tree holds, so covbar finds
/// no repository to resolve paths against.
class MergeOutsideARepository : public TempDirTest {
protected:
  void SetUp() override {
    TempDirTest::SetUp();
    m_previous = fs::current_path();
    fs::current_path(m_dir);
    ASSERT_FALSE(core::find_repository_root(m_dir.string())) << "a git work tree holds " << m_dir;
  }
  void TearDown() override {
    fs::current_path(m_previous);
    TempDirTest::TearDown();
  }
  fs::path m_previous;
};

TEST_F(MergeOutsideARepository, OneFileNamedTwoWaysIsMatchedAndSaidSo) {
  // coverage-final.json names /tmp/covbar-fixture/ts/src/math.ts, lcov.info src/math.ts.
  for (const OneRun& run : {k_runs[0], k_runs[2], k_runs[3]}) {
    SCOPED_TRACE(run.fixture);
    const auto reports = writers_of(run);
    const model::Totals alone = load({reports.front()}, std::nullopt);
    const auto o = run_covbar([&] {
      std::vector<std::string> args{"check", "--json", (m_dir / "out.json").string()};
      args.insert(args.end(), reports.begin(), reports.end());
      return args;
    }());
    ASSERT_EQ(o.code, 0) << o.err;
    EXPECT_NE(o.err.find("matched them by path suffix"), std::string::npos) << o.err;
    const model::Totals merged = load(reports, std::nullopt);
    EXPECT_EQ(counter(merged.lines), counter(alone.lines));
    EXPECT_EQ(counter(merged.functions), counter(alone.functions));
    EXPECT_EQ(counter(merged.branches), counter(alone.branches));
  }
}

TEST_F(MergeOutsideARepository, AFileThatCannotBeMatchedOneToOneIsNamedNotGuessed) {
  // lcov.info's a.ts could be either of the JSON's two a.ts files: counted apart, and said.
  const auto json = m_dir / "coverage-final.json";
  write_text(json, R"({"/ci/app/src/a.ts":{"path":"/ci/app/src/a.ts",
    "statementMap":{"0":{"start":{"line":1,"column":0},"end":{"line":1,"column":9}}},
    "fnMap":{},"branchMap":{},"s":{"0":1},"f":{},"b":{}},
  "/ci/app/test/a.ts":{"path":"/ci/app/test/a.ts",
    "statementMap":{"0":{"start":{"line":1,"column":0},"end":{"line":1,"column":9}}},
    "fnMap":{},"branchMap":{},"s":{"0":0},"f":{},"b":{}}})");
  const auto info = m_dir / "lcov.info";
  write_text(info, "SF:a.ts\nDA:1,0\nLF:1\nLH:0\nend_of_record\n");
  const auto o = run_covbar({"check", json.string(), info.string()});
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_NE(o.err.find("cannot match one to one"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("--path-map"), std::string::npos) << o.err;
  EXPECT_EQ(counter(load({json.string(), info.string()}, std::nullopt).lines), "1/3");
}

TEST(MatchPathsAcrossReports, LinksWholeSegmentSuffixesOfDifferentReportsOnly) {
  const auto m = core::match_paths_across_reports(
      {{"/ci/app/src/a.ts", "/ci/app/src/b.ts", "/ci/app/lib/c.ts", "/ci/app/x/d.ts"},
       {"src/a.ts", "b.ts", "ib/c.ts", "d.ts", "x/d.ts"}});
  EXPECT_EQ(m.renames.size(), 2U);
  EXPECT_EQ(m.renames.at("/ci/app/src/a.ts"), "src/a.ts");
  EXPECT_EQ(m.renames.at("/ci/app/src/b.ts"), "b.ts");
  EXPECT_FALSE(m.renames.contains("/ci/app/lib/c.ts")) << "'ib/c.ts' is no whole segment";
  // The second report names d.ts two ways: the group is left alone and listed.
  ASSERT_EQ(m.ambiguous.size(), 1U);
  EXPECT_EQ(m.ambiguous.front(), (std::vector<std::string>{"/ci/app/x/d.ts", "d.ts", "x/d.ts"}));
}

TEST(MatchPathsAcrossReports, OneReportsOwnFilesAreNeverLinked) {
  const auto m = core::match_paths_across_reports({{"src/a.ts", "a.ts"}, {"b.ts"}});
  EXPECT_TRUE(m.renames.empty());
  EXPECT_TRUE(m.ambiguous.empty());
}

} // namespace
} // namespace covbar::test
