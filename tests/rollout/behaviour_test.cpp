// The rollout's generated scripts run the way git-xargs runs them: each git-xargs command is
// parsed out of the sheet `covbar rollout plan` prints, and its command (everything after the
// flags) is executed directly, not through a shell, with the working directory set to a fresh
// clone of a throw-away repository and the environment git-xargs sets (XARGS_DRY_RUN,
// XARGS_REPO_NAME, XARGS_REPO_OWNER; gruntwork-io/git-xargs cmd/process.go). The tests then
// look at the clone: the files, what is staged, the exit code; a second run; a dirty clone; a
// hostile clone whose committed symlinks stand where a script writes.

#include "tests/rollout/behaviour.hpp"

namespace covbar::test {
namespace {

TEST_F(Behaviour, EveryPrintedCommandIsAnAbsoluteExecutable) {
  const auto calls = xargs_calls(m_sheet);
  ASSERT_EQ(calls.size(), 9U) << m_sheet;
  for (const auto& call : calls) {
    ASSERT_FALSE(call.command.empty());
    const fs::path program = call.command.front();
    EXPECT_TRUE(program.is_absolute()) << program;
    EXPECT_EQ(::access(program.c_str(), X_OK), 0) << program;
    if (!call.repos_file.empty()) {
      EXPECT_TRUE(fs::path(call.repos_file).is_absolute()) << call.repos_file;
      EXPECT_TRUE(fs::is_regular_file(call.repos_file)) << call.repos_file;
    }
  }
}

TEST_F(Behaviour, ThePilotCommandStagesTheCallerInAFreshClone) {
  const auto pilot = call_for("add-ci-cd-workflow.sh", "--repo", true);
  const auto origin = make_origin("orders-api", {{"pyproject.toml", "[project]\n"}});
  const auto clone = fresh_clone(origin);
  const Ran first = run_as_git_xargs(pilot, clone, "acme", "orders-api");
  EXPECT_EQ(first.status, 0) << first.out;
  EXPECT_EQ(first.out, "staged: .github/workflows/ci-cd.yml\n");
  EXPECT_EQ(staged(clone), ".github/workflows/ci-cd.yml\n");
  EXPECT_EQ(read_text(clone / ".github/workflows/ci-cd.yml"),
            read_text(m_ops / "fleet-ci/workflows/repos/orders-api/.github/workflows/ci-cd.yml"));

  // A second run (git-xargs re-run on the same clone) changes nothing.
  const std::string before = status(clone);
  const Ran second = run_as_git_xargs(pilot, clone, "acme", "orders-api");
  EXPECT_EQ(second.status, 0) << second.out;
  EXPECT_EQ(second.out, "unchanged: .github/workflows/ci-cd.yml\n");
  EXPECT_EQ(status(clone), before);

  // A dirty clone: the script stages its own file only, never the user's changes.
  const auto dirty = fresh_clone(origin);
  write_text(dirty / "pyproject.toml", "[project]\nname = 'edited'\n");
  write_text(dirty / "notes.txt", "untracked\n");
  const Ran on_dirty = run_as_git_xargs(pilot, dirty, "acme", "orders-api");
  EXPECT_EQ(on_dirty.status, 0) << on_dirty.out;
  EXPECT_EQ(staged(dirty), ".github/workflows/ci-cd.yml\n");
  EXPECT_EQ(status(dirty), "A  .github/workflows/ci-cd.yml\n M pyproject.toml\n?? notes.txt\n");
}

TEST_F(Behaviour, TheBatchCommandWorksInEveryRepositoryOfItsList) {
  const auto batch = call_for("add-ci-cd-workflow.sh", "--repos", true);
  const std::string list = read_text(batch.repos_file);
  std::size_t repos = 0;
  std::size_t start = 0;
  while (start < list.size()) {
    const auto nl = list.find('\n', start);
    const std::string slug = list.substr(start, nl - start);
    start = nl + 1;
    const std::string owner = slug.substr(0, slug.find('/'));
    const std::string name = slug.substr(slug.find('/') + 1);
    const auto clone = fresh_clone(make_origin(name, {{"README.md", name + "\n"}}));
    const Ran run = run_as_git_xargs(batch, clone, owner, name);
    EXPECT_EQ(run.status, 0) << slug << ": " << run.out;
    EXPECT_NE(staged(clone), "") << slug;
    ++repos;
  }
  EXPECT_EQ(repos, 7U) << list;
}

} // namespace
} // namespace covbar::test
