// core::Error and its kinds: the parts an InputError keeps, and the prefix cli::run owns.

#include <gtest/gtest.h>

#include "src/core/error.hpp"
#include "tests/support/helpers.hpp"
#include "tests/support/run_covbar.hpp"

namespace covbar::test {
namespace {

TEST(InputError, KeepsItsPartsAndRendersWhenPrinted) {
  core::Location where{"a.info", 3, 5, "DA:x,1", 4};
  const core::InputError e(where, "a line number", "'x'");
  EXPECT_EQ(e.location().source, "a.info");
  EXPECT_EQ(e.location().line, 3U);
  EXPECT_EQ(e.location().column, 5U);
  EXPECT_EQ(e.expected(), "a line number");
  EXPECT_EQ(e.found(), "'x'");
  EXPECT_TRUE(e.message().empty());
  EXPECT_EQ(std::string(e.what()),
            "a.info:3:5: error: expected a line number, found 'x'\nDA:x,1\n   ^");
  // A caller that knows more rethrows with its context, from the parts, not from the text.
  const core::InputError again(e.location(), e.expected() + " in the merged report", e.found());
  EXPECT_TRUE(std::string(again.what())
                  .starts_with("a.info:3:5: error: expected a line number in the merged report, "
                               "found 'x'\n"))
      << again.what();
}

TEST(InputError, AWholeInputHasAMessageAndNoPosition) {
  const core::InputError e("cov.xml", "no line is instrumented");
  EXPECT_FALSE(e.has_position());
  EXPECT_EQ(e.message(), "no line is instrumented");
  EXPECT_EQ(std::string(e.what()), "cov.xml: error: no line is instrumented");
  // Copies (exceptions are copied when rethrown across threads) render the same.
  const core::InputError copy = e;
  EXPECT_EQ(std::string(copy.what()), std::string(e.what()));
}

TEST(ErrorPrefix, RunWritesItOnceWhateverTheMessageHolds) {
  // A message that itself holds ": error: " (here a --root path) still gets the prefix, once.
  const auto o =
      run_covbar({"check", (fixtures_dir() / "coveragepy-6.5.0-branch/coverage.xml").string(),
                  "--root", "/nonexistent/a: error: b"});
  EXPECT_EQ(o.code, 2);
  EXPECT_EQ(o.err, "covbar: error: --root: /nonexistent/a: error: b is not a directory\n");
}

TEST(ErrorPrefix, UsageAndInputErrorsPrintAsBefore) {
  const auto usage =
      run_covbar({"check", (fixtures_dir() / "coveragepy-6.5.0-branch/coverage.xml").string(),
                  "--fail-under", "nope"});
  EXPECT_EQ(usage.code, 2);
  EXPECT_TRUE(usage.err.starts_with("covbar: error: --fail-under: ")) << usage.err;
  EXPECT_EQ(usage.err.find("covbar: error: ", 1), std::string::npos) << usage.err;
  const auto input = run_covbar({"check", "/nonexistent/report.xml"});
  EXPECT_EQ(input.code, 2);
  EXPECT_TRUE(input.err.starts_with("/nonexistent/report.xml: error: cannot open")) << input.err;
}

} // namespace
} // namespace covbar::test
