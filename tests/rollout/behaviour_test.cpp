// The rollout's generated scripts run the way git-xargs runs them: each git-xargs command is
// parsed out of the sheet `covbar rollout plan` prints, and its command (everything after the
// flags) is executed directly, not through a shell, with the working directory set to a fresh
// clone of a throw-away repository and the environment git-xargs sets (XARGS_DRY_RUN,
// XARGS_REPO_NAME, XARGS_REPO_OWNER; gruntwork-io/git-xargs cmd/process.go). The tests then
// look at the clone: the files, what is staged, the exit code; a second run; a dirty clone; a
// hostile clone whose committed symlinks stand where a script writes.

#include <set>

#include "ratchet/state.hpp"

#include "tests/rollout/behaviour.hpp"

namespace covbar::test {
namespace {

/// A file outside every clone that a hostile repository's links point at.
struct Victim {
  fs::path dir;
  fs::path file;
};

TEST_F(Behaviour, EveryPrintedCommandIsAnAbsoluteExecutable) {
  const auto calls = xargs_calls(m_sheet);
  ASSERT_EQ(calls.size(), 11U) << m_sheet;
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
  EXPECT_EQ(first.out, "staged: .github/workflows/ci-cd.yml\nstaged: covbar.yml\n"
                       "staged: covbar-ratchet.json\n");
  EXPECT_EQ(staged(clone), ".github/workflows/ci-cd.yml\ncovbar-ratchet.json\ncovbar.yml\n");
  // orders-api is under the ratchet: its pull request carries the state, started at the
  // audit's figure for it (30 of 40 lines).
  EXPECT_EQ(ratchet::read_state((clone / "covbar-ratchet.json").string()).start.to_string(), "75");
  EXPECT_EQ(read_text(clone / ".github/workflows/ci-cd.yml"),
            read_text(m_ops / "fleet-ci/workflows/repos/orders-api/.github/workflows/ci-cd.yml"));

  // A second run (git-xargs re-run on the same clone) changes nothing.
  const std::string before = status(clone);
  const Ran second = run_as_git_xargs(pilot, clone, "acme", "orders-api");
  EXPECT_EQ(second.status, 0) << second.out;
  EXPECT_EQ(second.out, "unchanged: .github/workflows/ci-cd.yml\n"
                        "unchanged: covbar.yml (the repository has one)\n"
                        "unchanged: covbar-ratchet.json (the ratchet has started)\n");
  EXPECT_EQ(status(clone), before);

  // A dirty clone: the script stages its own file only, never the user's changes.
  const auto dirty = fresh_clone(origin);
  write_text(dirty / "pyproject.toml", "[project]\nname = 'edited'\n");
  write_text(dirty / "notes.txt", "untracked\n");
  const Ran on_dirty = run_as_git_xargs(pilot, dirty, "acme", "orders-api");
  EXPECT_EQ(on_dirty.status, 0) << on_dirty.out;
  EXPECT_EQ(staged(dirty), ".github/workflows/ci-cd.yml\ncovbar-ratchet.json\ncovbar.yml\n");
  EXPECT_EQ(status(dirty), "A  .github/workflows/ci-cd.yml\nA  covbar-ratchet.json\n"
                           "A  covbar.yml\n M pyproject.toml\n?? notes.txt\n");

  // Without the audit's figures a ratchet repository cannot start: refused, not guessed.
  const auto no_audit = fresh_clone(origin);
  const Ran refused =
      run_as_git_xargs(pilot, no_audit, "acme", "orders-api",
                       "COVBAR_AUDIT_JSON=" + core::shell_quote((m_dir / "none.json").string()));
  EXPECT_EQ(refused.status, 1) << refused.out;
  EXPECT_NE(refused.out.find("is missing: run covbar audit --json first"), std::string::npos)
      << refused.out;
}

TEST_F(Behaviour, EachRepositoryStartsFromTheCovbarYmlInitReadsFromItsOwnSettings) {
  // The rollout pull request carries what the repository's own tools already hold: its
  // coverage.py fail_under and report path, in the covbar.yml covbar init writes; covbar
  // check then reads that file and holds a real report to it.
  const auto pilot = call_for("add-ci-cd-workflow.sh", "--repo", true);
  const auto clone = fresh_clone(make_origin(
      "orders-api", {{"pyproject.toml", "[project]\nname = \"orders\"\n\n[tool.coverage.report]\n"
                                        "fail_under = 85\n\n[tool.coverage.xml]\n"
                                        "output = \"reports/coverage.xml\"\n"}}));
  const Ran run = run_as_git_xargs(pilot, clone, "acme", "orders-api");
  EXPECT_EQ(run.status, 0) << run.out;
  const std::string yml = read_text(clone / "covbar.yml");
  EXPECT_NE(yml.find("  - 'reports/coverage.xml'  # coverage.py"), std::string::npos) << yml;
  EXPECT_NE(yml.find("    # coverage.py, pyproject.toml:5:14 ([tool.coverage.report] "
                     "fail_under); coverage.py rounds to precision 0 before comparing\n"
                     "    combined: 85\n"),
            std::string::npos)
      << yml;
  fs::create_directories(clone / "reports");
  fs::copy_file(fixtures_dir() / "coveragepy-6.5.0-branch/coverage.xml",
                clone / "reports/coverage.xml");
  const auto check =
      run_covbar({"check", "--config", (clone / "covbar.yml").string(), "--root",
                  (fixtures_dir() / "projects/python").string(), "--no-step-summary"});
  EXPECT_EQ(check.code, 1) << check.out << check.err;
  EXPECT_NE(check.out.find("FAIL combined 75.80% (minimum 85%)"), std::string::npos) << check.out;

  // A covbar.yml the repository has is its own: kept, not staged.
  const auto own = fresh_clone(make_origin(
      "orders-api", {{"pyproject.toml", "[project]\n"}, {"covbar.yml", "target: 70\n"}}));
  const Ran kept = run_as_git_xargs(pilot, own, "acme", "orders-api");
  EXPECT_EQ(kept.status, 0) << kept.out;
  EXPECT_NE(kept.out.find("unchanged: covbar.yml (the repository has one)"), std::string::npos);
  EXPECT_EQ(read_text(own / "covbar.yml"), "target: 70\n");
  EXPECT_EQ(staged(own), ".github/workflows/ci-cd.yml\ncovbar-ratchet.json\n");

  // A malformed setting stops the script (git-xargs then commits nothing), never a guess.
  const auto broken = fresh_clone(make_origin(
      "orders-api", {{"pyproject.toml", "[tool.coverage.report]\nfail_under = \"x\"\n"}}));
  const Ran stopped = run_as_git_xargs(pilot, broken, "acme", "orders-api");
  EXPECT_EQ(stopped.status, 2) << stopped.out;
  EXPECT_NE(stopped.out.find("pyproject.toml:2:14: error: expected a number from 0 to 100"),
            std::string::npos)
      << stopped.out;
  EXPECT_FALSE(fs::exists(broken / "covbar.yml"));

  // A committed link where covbar.yml goes is refused before anything is written through it.
  const Victim victim{m_dir / "victim", m_dir / "victim/covbar.yml"};
  fs::create_directories(victim.dir);
  write_text(victim.file, "the operator's own file\n");
  const auto link = fresh_clone(make_origin("orders-api", {{"pyproject.toml", "[project]\n"}},
                                            {{"covbar.yml", victim.file.string()}}));
  const Ran refused = run_as_git_xargs(pilot, link, "acme", "orders-api");
  EXPECT_EQ(refused.status, 1) << refused.out;
  EXPECT_NE(refused.out.find("covbar.yml is a symbolic link"), std::string::npos) << refused.out;
  EXPECT_EQ(read_text(victim.file), "the operator's own file\n");
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

TEST_F(Behaviour, DependencyUpdatesHaveADryRunAndEachPullRequestItsOwnTexts) {
  const auto add = call_for("add-ci-cd-workflow.sh", "--repo", false);
  const std::string rollout_description = add.values.at("--pull-request-description");
  for (const std::string script :
       {"update-python-deps.sh", "update-node-deps.sh", "sync-workflow-templates.sh"}) {
    const auto dry = call_for(script, "--repos", true);
    const auto live = call_for(script, "--repos", false);
    EXPECT_EQ(dry.values, live.values) << script;
    EXPECT_NE(live.values.at("--pull-request-description"), rollout_description) << script;
    EXPECT_NE(live.values.at("--pull-request-title"), add.values.at("--pull-request-title"));
    EXPECT_NE(live.values.at("--branch-name"), add.values.at("--branch-name"));
  }
  const auto publish = call_for("publish-central-workflows.sh", "--repo", false);
  EXPECT_NE(publish.values.at("--pull-request-description"), rollout_description);
  EXPECT_NE(call_for("update-python-deps.sh", "--repos", false)
                .values.at("--pull-request-description")
                .find("uv lock --upgrade"),
            std::string::npos);
  EXPECT_NE(call_for("update-node-deps.sh", "--repos", false)
                .values.at("--pull-request-description")
                .find("bun update"),
            std::string::npos);
  EXPECT_NE(call_for("sync-workflow-templates.sh", "--repos", false)
                .values.at("--pull-request-description")
                .find("acme/ci-workflows"),
            std::string::npos);
}

/// uv and bun replaced by scripts that write their lock file as the real tools do (no
/// network in tests); `PATH=...` for run_as_git_xargs.
std::string stub_tools(const fs::path& dir) {
  fs::create_directories(dir);
  write_text(dir / "uv", "#!/bin/sh\n[ \"$1 $2\" = 'lock --upgrade' ] || exit 9\n"
                         "printf 'version = 1\\n' > uv.lock\n");
  write_text(dir / "bun", "#!/bin/sh\n[ \"$1\" = update ] || exit 9\n"
                          "printf '{\"lockfileVersion\": 1}\\n' > bun.lock\n");
  fs::permissions(dir / "uv", fs::perms::owner_all);
  fs::permissions(dir / "bun", fs::perms::owner_all);
  return "PATH=" + core::shell_quote(dir.string()) + ":\"$PATH\"";
}

TEST_F(Behaviour, TheDependencyDryRunsStageTheLockFilesOnly) {
  const std::string path = stub_tools(m_dir / "bin");
  const auto python = call_for("update-python-deps.sh", "--repos", true);
  const auto origin = make_origin("billing-api", {{"pyproject.toml", "[project]\n"}});
  const auto clone = fresh_clone(origin);
  write_text(clone / "notes.txt", "mine\n");
  const Ran run = run_as_git_xargs(python, clone, "acme", "billing-api", path);
  EXPECT_EQ(run.status, 0) << run.out;
  EXPECT_EQ(staged(clone), "uv.lock\n");
  EXPECT_EQ(status(clone), "A  uv.lock\n?? notes.txt\n");
  const std::string before = status(clone);
  EXPECT_EQ(run_as_git_xargs(python, clone, "acme", "billing-api", path).status, 0);
  EXPECT_EQ(status(clone), before);

  const auto node = call_for("update-node-deps.sh", "--repos", true);
  const auto ts = fresh_clone(make_origin("admin-dashboard", {{"package.json", "{}\n"}}));
  const Ran bun = run_as_git_xargs(node, ts, "acme", "admin-dashboard", path);
  EXPECT_EQ(bun.status, 0) << bun.out;
  EXPECT_EQ(staged(ts), "bun.lock\n");
}

TEST_F(Behaviour, AHostileCloneCannotMakeAScriptWriteThroughASymlink) {
  const Victim victim{m_dir / "victim", m_dir / "victim/ci-cd.yml"};
  fs::create_directories(victim.dir);
  write_text(victim.file, "the operator's own file\n");
  const auto add = call_for("add-ci-cd-workflow.sh", "--repo", false);

  // The workflow file itself is a link to a file outside the clone.
  const auto file_link =
      fresh_clone(make_origin("orders-api", {{"pyproject.toml", "[project]\n"}},
                              {{".github/workflows/ci-cd.yml", victim.file.string()}}));
  const Ran refused = run_as_git_xargs(add, file_link, "acme", "orders-api");
  EXPECT_EQ(refused.status, 1) << refused.out;
  EXPECT_NE(refused.out.find(".github/workflows/ci-cd.yml is a symbolic link in this "
                             "repository: refusing to write"),
            std::string::npos)
      << refused.out;
  EXPECT_EQ(read_text(victim.file), "the operator's own file\n");
  EXPECT_EQ(staged(file_link), "");

  // A folder on the way is a link (relative, out of the clone).
  const auto dir_link = fresh_clone(make_origin("orders-api", {{"pyproject.toml", "[project]\n"}},
                                                {{".github", victim.dir.string()}}));
  const Ran refused_dir = run_as_git_xargs(add, dir_link, "acme", "orders-api");
  EXPECT_EQ(refused_dir.status, 1) << refused_dir.out;
  EXPECT_NE(refused_dir.out.find(".github is a symbolic link in this repository"),
            std::string::npos)
      << refused_dir.out;
  EXPECT_FALSE(fs::exists(victim.dir / "workflows"));
  EXPECT_EQ(staged(dir_link), "");

  // The ratchet state the rollout pull request carries.
  const auto state_link = fresh_clone(make_origin("orders-api", {{"pyproject.toml", "[project]\n"}},
                                                  {{"covbar-ratchet.json", victim.file.string()}}));
  const Ran refused_state = run_as_git_xargs(add, state_link, "acme", "orders-api");
  EXPECT_EQ(refused_state.status, 1) << refused_state.out;
  EXPECT_NE(refused_state.out.find("covbar-ratchet.json is a symbolic link"), std::string::npos)
      << refused_state.out;
  EXPECT_EQ(read_text(victim.file), "the operator's own file\n");

  // The lock file a dependency update rewrites.
  const std::string path = stub_tools(m_dir / "bin");
  const auto deps = fresh_clone(make_origin("billing-api", {{"pyproject.toml", "[project]\n"}},
                                            {{"uv.lock", victim.file.string()}}));
  const Ran refused_lock = run_as_git_xargs(call_for("update-python-deps.sh", "--repos", false),
                                            deps, "acme", "billing-api", path);
  EXPECT_EQ(refused_lock.status, 1) << refused_lock.out;
  EXPECT_EQ(read_text(victim.file), "the operator's own file\n");

  // The central repository's templates folder.
  const auto central = fresh_clone(make_origin("ci-workflows", {{"README.md", "central\n"}},
                                               {{"templates", victim.dir.string()}}));
  const Ran refused_publish = run_as_git_xargs(
      call_for("publish-central-workflows.sh", "--repo", false), central, "acme", "ci-workflows");
  EXPECT_EQ(refused_publish.status, 1) << refused_publish.out;
  EXPECT_EQ(files_under(victim.dir), std::set<std::string>{"ci-cd.yml"});
}

/// The reference fleet without one repository, as a covbar.yml in `dir`.
fs::path fleet_without(const fs::path& dir, const std::string& name) {
  std::string config = read_text(fixtures_dir() / "fleet/covbar.yml");
  const auto start = config.find("    - name: " + name + "\n");
  const auto end = config.find("    - name: ", start + 1);
  config.erase(start, end - start);
  // The reports stay where the fixture has them.
  const std::string fleet = (fixtures_dir() / "fleet").string() + "/../";
  for (auto at = config.find(" ../"); at != std::string::npos; at = config.find(" ../", at)) {
    config.replace(at + 1, 3, fleet);
    at += 1 + fleet.size();
  }
  for (auto at = config.find("[../"); at != std::string::npos; at = config.find("[../", at)) {
    config.replace(at + 1, 3, fleet);
    at += 1 + fleet.size();
  }
  fs::create_directories(dir);
  write_text(dir / "covbar.yml", config);
  return dir / "covbar.yml";
}

TEST_F(Behaviour, ARegenerateRemovesWhatItNoLongerWritesAndPublishSkipsIt) {
  const fs::path workflows = m_ops / "fleet-ci/workflows";
  const std::string manifest = read_text(workflows / ".covbar-manifest");
  EXPECT_NE(manifest.find("\nrepos/marketing-site/.github/workflows/ci-cd.yml\n"),
            std::string::npos)
      << manifest;
  write_text(workflows / "NOTES.md", "the operator's own file\n");

  // Publish once with the whole fleet, as the central repository has it.
  const auto publish = call_for("publish-central-workflows.sh", "--repo", false);
  const auto origin = make_origin("ci-workflows", {{"README.md", "central\n"}});
  const auto first = fresh_clone(origin);
  ASSERT_EQ(run_as_git_xargs(publish, first, "acme", "ci-workflows").status, 0);
  ASSERT_EQ(sh("cd " + core::shell_quote(first.string()) + " && git " + k_identity +
               " commit -q -m publish && git push -q origin main")
                .status,
            0);

  // marketing-site leaves the fleet; the workflows are generated again into the same folder.
  const auto config = fleet_without(m_dir / "smaller", "marketing-site");
  const auto again = run_covbar(
      {"workflows", "generate", "--config", config.string(), "--out", workflows.string()});
  ASSERT_EQ(again.code, 0) << again.err;
  EXPECT_NE(
      again.out.find("removed " +
                     (workflows / "repos/marketing-site/.github/workflows/ci-cd.yml").string()),
      std::string::npos)
      << again.out;
  EXPECT_FALSE(fs::exists(workflows / "repos/marketing-site"));
  EXPECT_TRUE(fs::exists(workflows / "repos/customer-web/.github/workflows/ci-cd.yml"));
  EXPECT_EQ(read_text(workflows / "NOTES.md"), "the operator's own file\n");
  EXPECT_EQ(read_text(workflows / ".covbar-manifest").find("marketing-site"), std::string::npos);

  // A stray caller dropped into the folder by hand is not in the manifest: not published.
  fs::create_directories(workflows / "repos/stray/.github/workflows");
  write_text(workflows / "repos/stray/.github/workflows/ci-cd.yml", "name: stray\n");
  const auto second = fresh_clone(origin);
  const Ran republished = run_as_git_xargs(publish, second, "acme", "ci-workflows");
  EXPECT_EQ(republished.status, 0) << republished.out;
  EXPECT_NE(republished.out.find("removed: templates/marketing-site\n"), std::string::npos)
      << republished.out;
  EXPECT_FALSE(fs::exists(second / "templates/marketing-site"));
  EXPECT_FALSE(fs::exists(second / "templates/stray"));
  const std::string after = status(second);
  EXPECT_NE(after.find("D  templates/marketing-site/ci-cd.yml\n"), std::string::npos) << after;
  EXPECT_EQ(after.find("stray"), std::string::npos) << after;
  EXPECT_EQ(after.find("templates/customer-web"), std::string::npos) << after;
}

TEST_F(Behaviour, AManifestLineOutsideTheFolderIsRefused) {
  const fs::path workflows = m_ops / "fleet-ci/workflows";
  write_text(workflows / ".covbar-manifest", "# covbar\ncentral/x.yml\n../../elsewhere.txt\n");
  write_text(m_ops / "elsewhere.txt", "keep\n");
  const auto again =
      run_covbar({"workflows", "generate", "--config",
                  (fixtures_dir() / "fleet/covbar.yml").string(), "--out", workflows.string()});
  EXPECT_EQ(again.code, 2);
  EXPECT_NE(again.err.find(".covbar-manifest:3:1: error: expected a relative path inside the "
                           "folder, found '../../elsewhere.txt'"),
            std::string::npos)
      << again.err;
  EXPECT_EQ(read_text(m_ops / "elsewhere.txt"), "keep\n");
}

} // namespace
} // namespace covbar::test
