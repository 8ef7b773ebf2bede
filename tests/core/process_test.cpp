// core::run_process: programs started with an argument vector, no shell.

#include <cstdlib>

#include <gtest/gtest.h>

#include "src/core/error.hpp"
#include "src/core/process.hpp"

namespace covbar::core {
namespace {

TEST(RunProcess, ArgumentsReachTheProgramAsTheyAre) {
  const std::vector<std::string> hostile{
      "$(echo ran)", "a;b", "two words", "'single'", "\"double\"", "`echo ran`", "*", "-n", ""};
  std::vector<std::string> argv{"printf", "[%s]\\n"};
  argv.insert(argv.end(), hostile.begin(), hostile.end());
  const auto r = run_process(argv);
  EXPECT_EQ(r.status, 0);
  std::string expected;
  for (const auto& arg : hostile) {
    expected += "[" + arg + "]\n";
  }
  EXPECT_EQ(r.out, expected);
}

TEST(RunProcess, CapturesStdoutStderrAndStatusApart) {
  const auto r = run_process({"sh", "-c", "printf out; printf err >&2; exit 3"});
  EXPECT_EQ(r.status, 3);
  EXPECT_EQ(r.out, "out");
  EXPECT_EQ(r.err, "err");
  EXPECT_FALSE(r.too_long);
  // Much more on stderr than a pipe holds, with stdout still open: both are drained.
  const auto big = run_process({"sh", "-c", "head -c 1000000 /dev/zero >&2; printf done"});
  EXPECT_EQ(big.status, 0);
  EXPECT_EQ(big.out, "done");
  EXPECT_EQ(big.err.size(), 64U * 1024U);
}

TEST(RunProcess, StandardInputIsEmpty) {
  const auto r = run_process({"wc", "-c"});
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out, "0\n");
}

TEST(RunProcess, UnsetsTheNamedVariables) {
  ::setenv("COVBAR_PROCESS_TEST", "set", 1);
  EXPECT_EQ(run_process({"printenv", "COVBAR_PROCESS_TEST"}).out, "set\n");
  const auto r = run_process({"printenv", "COVBAR_PROCESS_TEST"}, {{"COVBAR_PROCESS_TEST"}});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out, "");
  ::unsetenv("COVBAR_PROCESS_TEST");
}

TEST(RunProcess, StopsReadingPastTheLimit) {
  const auto r = run_process({"head", "-c", "10000000", "/dev/zero"}, {{}, 1000});
  EXPECT_TRUE(r.too_long);
  EXPECT_LE(r.out.size(), 1000U);
  EXPECT_NE(r.status, 0); // ended by SIGPIPE
}

TEST(RunProcess, AProgramThatCannotStartThrows) {
  EXPECT_THROW((void)run_process({"covbar-no-such-program"}), Error);
}

} // namespace
} // namespace covbar::core
