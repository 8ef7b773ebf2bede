// `covbar check` on real reports, for the decisions a user sees: every threshold binds (a
// passing one never opens the gate a failing one closed), per-file thresholds and the
// decimals a threshold may have, reports merge as their tools merge them (shards, two
// statement maps, a lines-only report with a branch one; never a summary), coverage.py's
// combined figure counts statements where the report has them, and --include and --exclude
// both apply. Each test fails with a mutant of tests/mutation/mutants.txt applied.

#include "tests/support/helpers.hpp"
#include "tests/support/printed_totals.hpp"
#include "tests/support/run_covbar.hpp"

namespace covbar::test {
namespace {

namespace fs = std::filesystem;

std::string fixture(const std::string& dir, const std::string& file) {
  return (fixtures_dir() / dir / file).string();
}

std::string project(const std::string& name) {
  return (fixtures_dir() / "projects" / name).string();
}

/// `"metric":{"covered":C,"total":T}` as the JSON report writes it.
std::string counter_json(const std::string& metric, const model::Counter& c) {
  return fmt::format("\"{}\":{{\"covered\":{},\"total\":{}}}", metric, c.covered, c.total);
}

/// The `"totals":{...}` object of a JSON report.
std::string totals_of(const std::string& json) {
  const auto at = json.find("\"totals\":");
  return at == std::string::npos ? std::string() : json.substr(at, json.find("}}", at) - at + 2);
}

using CheckGate = TempDirTest;

TEST_F(CheckGate, AFailingThresholdIsNotUndoneByAPassingOne) {
  // vitest v8: functions 5/7 (71.42%) fail 72, lines 30/39 (76.92%) pass 76.
  const auto json = fixture("vitest-3.2.7-v8", "coverage-final.json");
  const auto root = project("ts");
  for (const char* spec : {"functions=72,lines=76", "lines=76,functions=72"}) {
    SCOPED_TRACE(spec);
    const auto o = run_covbar({"check", json, "--root", root, "--fail-under", spec});
    EXPECT_EQ(o.code, 1) << o.out;
    EXPECT_NE(o.out.find("FAIL functions 71.42% (minimum 72%)"), std::string::npos) << o.out;
  }
  // A path threshold that passes, after a metric that fails, leaves the gate closed too; and
  // a failing path threshold closes a gate whose metrics pass.
  const auto after_path = run_covbar({"check", json, "--root", root, "--fail-under", "functions=72",
                                      "--path-threshold", "src/**:50"});
  EXPECT_EQ(after_path.code, 1) << after_path.out;
  const auto path_fails = run_covbar({"check", json, "--root", root, "--fail-under", "lines=76",
                                      "--path-threshold", "src/text.ts:90"});
  EXPECT_EQ(path_fails.code, 1) << path_fails.out;
  const auto per_file = run_covbar({"check", json, "--root", root, "--path-threshold",
                                    "src/*.ts:lines=70:per-file", "--path-threshold", "src/**:50"});
  EXPECT_EQ(per_file.code, 1) << "text.ts has 69.23% of its lines: " << per_file.out;
  EXPECT_EQ(
      run_covbar({"check", json, "--root", root, "--path-threshold", "src/*.ts:lines=69:per-file"})
          .code,
      0);
}

TEST_F(CheckGate, PerFileThresholdsHoldEachFileNotTheirSum) {
  // vitest v8: src/math.ts 21/26 lines, src/text.ts 9/13. A :per-file threshold is one row per
  // file (jest's glob keys); only a threshold without :per-file holds the files' sum.
  const auto json = fixture("vitest-3.2.7-v8", "coverage-final.json");
  const auto out = (m_dir / "cov.json").string();
  const auto o = run_covbar({"check", json, "--root", project("ts"), "--path-threshold",
                             "src/*.ts:lines=69:per-file", "--json", out});
  EXPECT_EQ(o.code, 0) << o.out;
  const std::string text = read_text(out);
  const auto gate = text.substr(text.find("\"gate\":"));
  EXPECT_NE(gate.find("\"covered\":21,\"total\":26,\"passed\":true,\"path\":\"src/math.ts\"}"),
            std::string::npos)
      << gate;
  EXPECT_NE(gate.find("\"covered\":9,\"total\":13,\"passed\":true,\"path\":\"src/text.ts\"}"),
            std::string::npos)
      << gate;
  EXPECT_EQ(gate.find("src/*.ts"), std::string::npos) << gate;
  EXPECT_EQ(o.out.find("src/*.ts"), std::string::npos) << o.out;
  const auto summed = run_covbar({"check", json, "--root", project("ts"), "--path-threshold",
                                  "src/*.ts:lines=69", "--json", out});
  EXPECT_EQ(summed.code, 0) << summed.out;
  EXPECT_NE(
      read_text(out).find("\"covered\":30,\"total\":39,\"passed\":true,\"path\":\"src/*.ts\"}"),
      std::string::npos)
      << read_text(out);
}

TEST_F(CheckGate, ThresholdsHaveAtMostSixDecimals) {
  // coverage.py: 30 of 40 lines, exactly 75%. Six decimals are compared exactly; a seventh is
  // refused rather than read.
  const auto xml = fixture("coveragepy-6.5.0-lines", "coverage.xml");
  const auto root = project("python");
  EXPECT_EQ(run_covbar({"check", xml, "--root", root, "--fail-under", "75.000000"}).code, 0);
  EXPECT_EQ(run_covbar({"check", xml, "--root", root, "--fail-under", "75.000001"}).code, 1);
  const auto seventh = run_covbar({"check", xml, "--root", root, "--fail-under", "75.0000001"});
  EXPECT_EQ(seventh.code, 2);
  EXPECT_NE(seventh.err.find("'75.0000001' is not a percentage"), std::string::npos) << seventh.err;
}

TEST_F(CheckGate, IstanbulShardsMergeAsIstanbulMergesThem) {
  // Two vitest/istanbul shards, each running half of the tests: istanbul-lib-coverage's own
  // merge of the two (the last summary in PRINTED.txt) is what covbar must give.
  const std::string dir = "vitest-3.2.7-istanbul-shards";
  const auto printed = read_printed_totals(fixture(dir, "PRINTED.txt"));
  ASSERT_EQ(printed.counters.size(), 4U);
  const auto out = (m_dir / "merged.json").string();
  const auto o = run_covbar({"check", fixture(dir, "shard1/coverage-final.json"),
                             fixture(dir, "shard2/coverage-final.json"), "--root", project("ts"),
                             "--json", out});
  ASSERT_EQ(o.code, 0) << o.err;
  const std::string totals = totals_of(read_text(out));
  for (const char* metric : {"lines", "branches", "functions", "statements"}) {
    EXPECT_NE(totals.find(counter_json(metric, printed.counters.at(metric))), std::string::npos)
        << metric << ": " << totals;
  }
  // Each shard alone is far below the merge, so the gate on the merge is the union's.
  const auto& statements = printed.counters.at("statements");
  EXPECT_EQ(statements.covered, 21U);
  EXPECT_EQ(run_covbar({"check", fixture(dir, "shard1/coverage-final.json"),
                        fixture(dir, "shard2/coverage-final.json"), "--root", project("ts"),
                        "--fail-under", "statements=77.7"})
                .code,
            0);
}

TEST_F(CheckGate, TwoStatementMapsOfOneFileMergeAsIstanbulMergesThem) {
  // vitest's v8 and istanbul providers describe one run with different statement maps (v8:
  // a statement per line; istanbul: per statement). istanbul-lib-coverage unites the spans,
  // keeping those only one report has; its printed totals of the merge are covbar's.
  const auto printed =
      read_printed_totals(fixture("istanbul-lib-coverage-3.2.2-merge", "PRINTED.txt"));
  ASSERT_EQ(printed.counters.size(), 4U);
  const auto out = (m_dir / "merged.json").string();
  const auto o = run_covbar({"check", fixture("vitest-3.2.7-v8", "coverage-final.json"),
                             fixture("vitest-3.2.7-istanbul", "coverage-final.json"), "--root",
                             project("ts"), "--json", out});
  ASSERT_EQ(o.code, 0) << o.err;
  const std::string totals = totals_of(read_text(out));
  for (const char* metric : {"lines", "branches", "functions", "statements"}) {
    EXPECT_NE(totals.find(counter_json(metric, printed.counters.at(metric))), std::string::npos)
        << metric << ": " << totals;
  }
}

TEST_F(CheckGate, ASummaryIsNotMergedWithAnotherReportOfTheSameFile) {
  // coverage-summary.json has a file's totals, not its lines: nothing to unite line by line.
  const auto o = run_covbar({"check", fixture("vitest-3.2.7-istanbul", "coverage-summary.json"),
                             fixture("vitest-3.2.7-istanbul", "coverage-final.json"), "--root",
                             project("ts")});
  EXPECT_EQ(o.code, 2) << o.out;
  EXPECT_NE(o.err.find("cannot merge a coverage-summary.json entry with another report of the "
                       "same file"),
            std::string::npos)
      << o.err;
}

TEST_F(CheckGate, AReportWithBranchesMergedAfterOneWithoutKeepsThem) {
  // The same pytest run measured without and with --cov-branch: the merge has the second's
  // branches, 17/22 (coverage.py's Branch column), in either order.
  const auto lines = fixture("coveragepy-6.5.0-lines", "coverage.xml");
  const auto branch = fixture("coveragepy-6.5.0-branch", "coverage.xml");
  const auto out = (m_dir / "merged.json").string();
  for (const auto& [first, second] : {std::pair{lines, branch}, std::pair{branch, lines}}) {
    const auto o = run_covbar({"check", first, second, "--root", project("python"), "--fail-under",
                               "branches=77", "--json", out});
    EXPECT_EQ(o.code, 0) << o.out << o.err;
    const std::string totals = totals_of(read_text(out));
    EXPECT_NE(totals.find(counter_json("lines", {30, 40})), std::string::npos) << totals;
    EXPECT_NE(totals.find(counter_json("branches", {17, 22})), std::string::npos) << totals;
  }
}

TEST_F(CheckGate, BunShardsKeepTheBetterFunctionCountsOfEachFile) {
  // bun writes FNF/FNH without function records, so two shards' counts of a file cannot be
  // united function by function: each file keeps the shard that covers more. From bun's own
  // tables (PRINTED.txt): src/math.ts 2/4 then 1/4, src/text.ts 0/3 then 4/5.
  const std::string dir = "bun-1.4.5-lcov-shards";
  const auto printed = read_printed_totals(fixture(dir, "PRINTED.txt"));
  EXPECT_EQ(printed.per_file_percent.at("src/text.ts").at("functions"), "80.00"); // last shard
  const auto out = (m_dir / "merged.json").string();
  for (const auto& order : {std::pair{"shard1", "shard2"}, std::pair{"shard2", "shard1"}}) {
    SCOPED_TRACE(order.first);
    const auto o = run_covbar({"check", fixture(dir, std::string(order.first) + "/lcov.info"),
                               fixture(dir, std::string(order.second) + "/lcov.info"), "--root",
                               project("ts"), "--include", "src/**", "--json", out});
    ASSERT_EQ(o.code, 0) << o.err;
    const std::string json = read_text(out);
    EXPECT_NE(totals_of(json).find(counter_json("functions", {6, 9})), std::string::npos) << json;
    EXPECT_NE(json.find("{\"path\":\"src/text.ts\",\"lines\":{\"covered\":6,\"total\":9},"
                        "\"functions\":{\"covered\":4,\"total\":5}}"),
              std::string::npos)
        << json;
  }
}

TEST_F(CheckGate, CombinedCountsStatementsWhenTheReportHasThem) {
  // vitest/istanbul (PRINTED.txt): statements 21/27, branches 12/17, lines 17/22. coverage.py's
  // combined is (statements + branches): 33/44 = 75.00%; with lines it would be 29/39 = 74.35%.
  const auto json = fixture("vitest-3.2.7-istanbul", "coverage-final.json");
  const auto out = (m_dir / "cov.json").string();
  const auto o = run_covbar(
      {"check", json, "--root", project("ts"), "--fail-under", "combined=74.5", "--json", out});
  EXPECT_EQ(o.code, 0) << o.out;
  EXPECT_NE(totals_of(read_text(out)).find(counter_json("combined", {33, 44})), std::string::npos)
      << read_text(out);
  EXPECT_EQ(
      run_covbar({"check", json, "--root", project("ts"), "--fail-under", "combined=75.01"}).code,
      1);
}

TEST_F(CheckGate, ExcludeAppliesWithinInclude) {
  // vitest/istanbul's LCOV: src/math.ts 13/16 lines, src/text.ts 4/6 (PRINTED.txt's table).
  const auto lcov = fixture("vitest-3.2.7-istanbul", "lcov.info");
  const auto out = (m_dir / "cov.json").string();
  const auto o = run_covbar({"check", lcov, "--root", project("ts"), "--include", "src/**",
                             "--exclude", "src/text.ts", "--json", out});
  ASSERT_EQ(o.code, 0) << o.err;
  const std::string json = read_text(out);
  EXPECT_EQ(json.find("src/text.ts"), std::string::npos) << json;
  EXPECT_NE(totals_of(json).find(counter_json("lines", {13, 16})), std::string::npos) << json;
  // The same from covbar.yml's include and exclude.
  write_text(m_dir / "covbar.yml", "version: 1\ninclude: [\"src/**\"]\nexclude: [src/text.ts]\n");
  const auto config = run_covbar({"check", lcov, "--root", project("ts"), "--config",
                                  (m_dir / "covbar.yml").string(), "--fail-under", "81.25"});
  EXPECT_EQ(config.code, 0) << config.out << config.err;
  EXPECT_EQ(config.out.find("text.ts"), std::string::npos) << config.out;
  // Without --exclude, text.ts counts: 17/22 is below 81.25%.
  EXPECT_EQ(run_covbar({"check", lcov, "--root", project("ts"), "--include", "src/**",
                        "--fail-under", "81.25"})
                .code,
            1);
}

} // namespace
} // namespace covbar::test
