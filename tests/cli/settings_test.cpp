// The option tables: flag, then covbar.yml, then the default; a misspelt name stops the
// command at start-up.

#include <gtest/gtest.h>

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "src/cli/settings.hpp"
#include "src/config/config.hpp"
#include "src/core/error.hpp"

namespace covbar::cli {
namespace {

struct Parsed {
  CLI::App app{"test"};
  std::string step_text;
  unsigned days = 0;
  explicit Parsed(std::vector<std::string> args) {
    app.add_option("--step", step_text);
    app.add_option("--sprint-days", days);
    std::reverse(args.begin(), args.end());
    app.parse(args);
  }
};

TEST(Settings, TheFlagWinsThenTheFileThenTheDefault) {
  Parsed given({"--step", "3"});
  std::string step = "5";  // the default
  std::string days = "14"; // the default
  const std::string file_step = "4";
  resolve_settings(
      given.app,
      {{"--step", "ratchet.step", [&] { step = given.step_text; }, [&] { step = file_step; }},
       {"--sprint-days", "ratchet.sprint-days", [&] { days = "flag"; }, [&] { days = "file"; }}});
  EXPECT_EQ(step, "3");    // given: the flag's
  EXPECT_EQ(days, "file"); // not given: the file's
}

TEST(Settings, AMisspeltFlagOrKeyStopsBeforeAnythingIsApplied) {
  Parsed given({"--step", "3"});
  bool applied = false;
  const auto set = [&] { applied = true; };
  EXPECT_THROW(resolve_settings(given.app, {{"--step", "ratchet.step", set, set},
                                            {"--sprint-day", "ratchet.sprint-days", set, set}}),
               core::InternalError);
  EXPECT_THROW(resolve_settings(given.app, {{"--step", "ratchet.step", set, set},
                                            {"--sprint-days", "ratchet.sprint-day", set, set}}),
               core::InternalError);
  EXPECT_THROW(apply_file_settings({{"--step", "ratchet.stepp", set, set}}), core::InternalError);
  EXPECT_FALSE(applied);
  EXPECT_THROW((void)flag_given(&given.app, "--stepp"), core::InternalError);
  EXPECT_TRUE(flag_given(&given.app, "--step"));
  EXPECT_FALSE(flag_given(&given.app, "--sprint-days"));
}

TEST(Settings, TheKeysAreThoseTheConfigReaderAccepts) {
  for (const char* key : {"reports",
                          "format",
                          "root",
                          "path-map",
                          "include",
                          "exclude",
                          "precision",
                          "policy",
                          "hard-gate.fail-under",
                          "hard-gate.paths",
                          "new-code-only.fail-under",
                          "new-code-only.compare-branch",
                          "new-code-only.partial-lines",
                          "ratchet.metric",
                          "ratchet.step",
                          "ratchet.sprint-days",
                          "ratchet.target",
                          "ratchet.slack",
                          "ratchet.granularity",
                          "audit.metric",
                          "audit.target",
                          "audit.rate",
                          "audit.max-ratchet-sprints",
                          "audit.top-files"}) {
    EXPECT_TRUE(config::is_key(key)) << key;
  }
  for (const char* key :
       {"ratchet.stepp", "audit.step", "hard-gate.compare-branch", "fail-under", "nope.step", ""}) {
    EXPECT_FALSE(config::is_key(key)) << key;
  }
}

} // namespace
} // namespace covbar::cli
