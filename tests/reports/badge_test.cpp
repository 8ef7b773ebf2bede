// `covbar check --badge FILE`: the SVG's figure, colour by threshold, measured width, escaping.

#include "reports/badge.hpp"
#include "tests/support/helpers.hpp"
#include "tests/support/run_covbar.hpp"

namespace covbar::test {
namespace {

std::string ops_xml() {
  return (fixtures_dir() / "coveragepy-6.5.0-branch" / "coverage.xml").string();
}
std::string python_root() { return (fixtures_dir() / "projects" / "python").string(); }

using CheckBadge = TempDirTest;

std::string badge(const std::filesystem::path& dir, std::vector<std::string> extra,
                  int expected_code) {
  const auto svg = dir / "badge.svg";
  std::filesystem::remove(svg);
  std::vector<std::string> args{"check",   ops_xml(),    "--root",           python_root(),
                                "--badge", svg.string(), "--no-step-summary"};
  args.insert(args.end(), extra.begin(), extra.end());
  const auto o = run_covbar(args);
  EXPECT_EQ(o.code, expected_code) << o.err;
  return read_text(svg);
}

TEST_F(CheckBadge, ColouredByTheMetricsThreshold) {
  // lines 30/40 = 75.00%, branches 17/22 = 77.27%.
  const std::string pass = badge(m_dir, {"--fail-under", "75"}, 0);
  EXPECT_NE(pass.find("aria-label=\"coverage: 75.00%\""), std::string::npos) << pass;
  EXPECT_NE(pass.find("fill=\"#4c1\""), std::string::npos) << pass;
  const std::string fail = badge(m_dir, {"--fail-under", "branches=78"}, 1);
  EXPECT_NE(fail.find("aria-label=\"branches: 77.27%\""), std::string::npos) << fail;
  EXPECT_NE(fail.find("fill=\"#e05d44\""), std::string::npos) << fail;
  const std::string none = badge(m_dir, {"--badge-metric", "combined", "--precision", "0"}, 0);
  EXPECT_NE(none.find("aria-label=\"combined: 75%\""), std::string::npos) << none;
  EXPECT_NE(none.find("fill=\"#007ec6\""), std::string::npos) << none;
  // The threshold comes from covbar.yml when no flag gives it.
  const auto config = m_dir / "covbar.yml";
  write_text(config, "hard-gate:\n  fail-under: lines=80\n");
  const std::string from_file = badge(m_dir, {"--config", config.string()}, 1);
  EXPECT_NE(from_file.find("fill=\"#e05d44\""), std::string::npos) << from_file;
  EXPECT_EQ(badge(m_dir, {"--badge-metric", "functions"}, 2), "")
      << "a metric the report lacks is an error, and no badge is written";
}

TEST_F(CheckBadge, WidthIsMeasuredPerCharacter) {
  // 'coverage' 51.07px -> 52 + 10; '75.00%' 4 digits of 7.00, '.' 3.50, '%' 10.45 = 41.95px
  // -> 42 + 10.
  EXPECT_EQ(reports::badge_text_width("coverage"), 5107U);
  EXPECT_EQ(reports::badge_text_width("75.00%"), 4195U);
  EXPECT_EQ(reports::badge_text_width("\xC3\xA9"), reports::badge_text_width("W"))
      << "one code point, counted wide";
  const std::string svg = badge(m_dir, {"--fail-under", "75"}, 0);
  EXPECT_NE(svg.find("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"114\""), std::string::npos);
  EXPECT_NE(svg.find("<rect x=\"62\" width=\"52\""), std::string::npos);
  EXPECT_NE(svg.find("textLength=\"41.95\""), std::string::npos);
  EXPECT_NE(svg.find("<text x=\"88.00\" y=\"14\""), std::string::npos) << "centred in its part";
  const std::string wide = badge(m_dir, {"--badge-label", "WWWWWWWWWW"}, 0);
  EXPECT_NE(wide.find("width=\"171\""), std::string::npos) << wide; // 108.8 -> 109 + 10 + 52
}

TEST_F(CheckBadge, TextIsEscaped) {
  const std::string svg = badge(m_dir, {"--badge-label", "<a href=\"x\">&'"}, 0);
  EXPECT_EQ(svg.find("<a "), std::string::npos) << svg;
  EXPECT_NE(svg.find(">&lt;a href=&quot;x&quot;&gt;&amp;&#39;</text>"), std::string::npos) << svg;
  EXPECT_NE(svg.find("aria-label=\"&lt;a href=&quot;x&quot;&gt;&amp;&#39;: 75.00%\""),
            std::string::npos);
}

} // namespace
} // namespace covbar::test
