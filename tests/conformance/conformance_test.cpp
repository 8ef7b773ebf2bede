// Reports from peers' test suites (../shared/conformance, never copied in): every file
// either parses with the invariants holding or is refused with a located error; where
// MANIFEST.md states what the peer expects, it is asserted.

#include <fstream>

#include "tests/support/helpers.hpp"

namespace covbar::test {
namespace {

namespace fs = std::filesystem;

bool is_report(const fs::path& p) {
  const auto name = p.filename().string();
  const auto ext = p.extension().string();
  // Expected outputs, schemas and source maps beside the inputs are not reports.
  if (name.find("summary.txt") != std::string::npos || ext == ".txt" || ext == ".dtd" ||
      ext == ".xsd" || ext == ".gold" || name.find("Expected") != std::string::npos ||
      name.find("Mapping") != std::string::npos) {
    return false;
  }
  return true;
}

TEST(Conformance, EveryReportParsesOrIsRefusedWithALocation) {
  COVBAR_SKIP_WITHOUT_CORPUS("");
  std::size_t parsed = 0;
  std::size_t refused = 0;
  for (const auto* folder : {"cobertura", "lcov", "istanbul"}) {
    for (const auto& entry : fs::directory_iterator(conformance_dir() / folder)) {
      if (!is_report(entry.path())) {
        continue;
      }
      SCOPED_TRACE(entry.path().string());
      try {
        const auto source = core::SourceText::read_file(entry.path().string());
        const auto report = parsers::parse_report(source, std::nullopt);
        const auto problems = model::check_invariants(report);
        EXPECT_TRUE(problems.empty()) << problems.front();
        ++parsed;
      } catch (const core::InputError& e) {
        // A refusal must say where: path:line:col.
        EXPECT_TRUE(e.has_position()) << e.what();
        EXPECT_TRUE(std::string(e.what()).starts_with(entry.path().string() + ":")) << e.what();
        ++refused;
      }
    }
  }
  EXPECT_GT(parsed, 150U);
  RecordProperty("parsed", static_cast<int>(parsed));
  RecordProperty("refused", static_cast<int>(refused));
}

model::CoverageReport corpus(const std::string& relative) {
  return parse_file(conformance_dir() / relative);
}

TEST(Conformance, CoverageModelExpectations) {
  COVBAR_SKIP_WITHOUT_CORPUS("");
  // "merged per line ... class LINE 5 covered / 2 missed, BRANCH 6 covered / 8 missed"
  const auto dup = corpus("cobertura/coverage-model__cobertura-duplicate-lines.xml").totals();
  EXPECT_EQ(counter(dup.lines), "5/7");
  EXPECT_EQ(counter(dup.branches), "6/14");
  // "LINE 12/12, BRANCH 6/6"
  const auto abs = corpus("cobertura/coverage-model__cobertura-absolute-path.xml").totals();
  EXPECT_EQ(counter(abs.lines), "12/12");
  EXPECT_EQ(counter(abs.branches), "6/6");
  // "BRANCH 31 covered, 1 missed"
  const auto agg = corpus("cobertura/coverage-model__cobertura-counter-aggregation.xml").totals();
  EXPECT_EQ(counter(agg.branches), "31/32");
  // "20 files"
  EXPECT_EQ(corpus("cobertura/coverage-model__c-sharp-cobertura.xml").files.size(), 20U);
  // "19 files, all under org/apache/commons/cli/"
  const auto cli = corpus("cobertura/coverage-model__cobertura-lots-of-data.xml");
  EXPECT_EQ(cli.files.size(), 19U);
  for (const auto& f : cli.files) {
    EXPECT_TRUE(f.path.starts_with("org/apache/commons/cli/")) << f.path;
  }
}

TEST(Conformance, CoberturaActionExpectations) {
  COVBAR_SKIP_WITHOUT_CORPUS("");
  // test-missing-lines: "header line-rate 0.5125 while the listed lines give 41/61"
  const auto missing = corpus("cobertura/cobertura-action__test-missing-lines.xml");
  EXPECT_EQ(counter(missing.totals().lines), "41/61");
  EXPECT_EQ(missing.files.size(), 8U);
  // test-istanbul-single: one file src/action.js, fully covered (33 lines in the body).
  const auto single = corpus("cobertura/cobertura-action__test-istanbul-single.xml");
  ASSERT_EQ(single.files.size(), 1U);
  EXPECT_EQ(single.files[0].path, "src/action.js");
  EXPECT_EQ(counter(single.totals().lines), "33/33");
}

TEST(Conformance, CloverIsRefusedByName) {
  COVBAR_SKIP_WITHOUT_CORPUS("");
  const auto path = conformance_dir() / "cobertura/diffcover__clover_test.xml";
  EXPECT_NE(parse_error(path.string(), read_text(path)).find("found a Clover report"),
            std::string::npos);
}

} // namespace
} // namespace covbar::test
