// Phase 0 of the rollout run as the sheet prints it, against local bare repositories standing
// in for GitHub (git's url.<base>.insteadOf maps git@github.com:acme/ onto them) and a `gh`
// that records its calls: it creates or finds those bare repositories.

#include "tests/rollout/behaviour.hpp"

namespace covbar::test {
namespace {

/// `printf %q` of a path made of letters, digits, '/', '-', '_', '.' and spaces.
std::string q(const fs::path& path) {
  std::string out;
  for (const char c : path.string()) {
    out += c == ' ' ? std::string("\\ ") : std::string(1, c);
  }
  return out;
}

class Phase0 : public TempDirTest {
protected:
  void SetUp() override {
    TempDirTest::SetUp();
    m_local = m_dir / "local dir";
    m_remotes = m_dir / "remotes";
    fs::create_directories(m_remotes);
    // python: a repository on master, no remote; ts: not a repository yet; js: connected
    // and pushed already.
    fs::create_directories(m_local / "python");
    write_text(m_local / "python/app.py", "print(1)\n");
    for (const char* args : {"init -q -b master", "add -A", "commit -q -m one"}) {
      ASSERT_EQ(git(m_local / "python", args).status, 0) << args;
    }
    fs::create_directories(m_local / "ts");
    write_text(m_local / "ts/index.ts", "export {}\n");
    fs::create_directories(m_local / "js");
    write_text(m_local / "js/index.js", "1\n");
    for (const char* args : {"init -q -b main", "add -A", "commit -q -m one",
                             "remote add origin git@github.com:acme/partner-portal.git"}) {
      ASSERT_EQ(git(m_local / "js", args).status, 0) << args;
    }
    ASSERT_EQ(
        sh("git init -q --bare " + core::shell_quote((m_remotes / "partner-portal.git").string()))
            .status,
        0);
    ASSERT_EQ(git(m_local / "js", "push -q origin main").status, 0);

    // The reference fleet with its local paths pointed here.
    std::string config = read_text(fixtures_dir() / "fleet/covbar.yml");
    for (const std::string kind : {"python", "ts", "js"}) {
      const std::string from = "path: ../projects/" + kind;
      for (auto at = config.find(from); at != std::string::npos; at = config.find(from, at)) {
        config.replace(at, from.size(), "path: '" + (m_local / kind).string() + "'");
      }
    }
    fs::create_directories(m_dir / "fleet");
    write_text(m_dir / "fleet/covbar.yml", config);

    fs::create_directories(m_dir / "bin");
    write_text(m_dir / "bin/gh", "#!/bin/sh\n"
                                 "printf '%s\\n' \"$*\" >> \"$GH_LOG\"\n"
                                 "case \"$1 $2\" in\n"
                                 "  'repo view') [ -d \"$REMOTES/${3#*/}.git\" ] ;;\n"
                                 "  'repo create') git init -q --bare \"$REMOTES/${3#*/}.git\" ;;\n"
                                 "  *) exit 9 ;;\n"
                                 "esac\n");
    fs::permissions(m_dir / "bin/gh", fs::perms::owner_all);

    fs::create_directories(m_dir / "ops dir");
    const fs::path previous = fs::current_path();
    fs::current_path(m_dir / "ops dir");
    const auto s = run_covbar({"rollout", "scripts", "--config",
                               (m_dir / "fleet/covbar.yml").string(), "--out", "fleet-ci/scripts"});
    const auto plan =
        run_covbar({"rollout", "plan", "--config", (m_dir / "fleet/covbar.yml").string()});
    fs::current_path(previous);
    ASSERT_EQ(s.code, 0) << s.err;
    ASSERT_EQ(plan.code, 0) << plan.err;
    // Phase 0's two commands, as printed: the dry run, then the live run.
    const auto phase = plan.out.find("## Phase 0");
    const auto end = plan.out.find("\n## ", phase + 1);
    ASSERT_NE(phase, std::string::npos) << plan.out;
    std::size_t at = phase;
    while ((at = plan.out.find("```sh\n", at)) < end) {
      at += 6;
      m_commands.push_back(split_words(plan.out.substr(at, plan.out.find("\n```", at) - at)));
    }
    ASSERT_EQ(m_commands.size(), 2U) << plan.out;
  }

  Ran git(const fs::path& repo, const std::string& args) {
    return sh("cd " + core::shell_quote(repo.string()) + " && " + env() + " git " + args);
  }
  std::string env() const {
    return "env PATH=" + core::shell_quote((m_dir / "bin").string()) +
           ":\"$PATH\" GH_LOG=" + core::shell_quote((m_dir / "gh.log").string()) +
           " REMOTES=" + core::shell_quote(m_remotes.string()) +
           " GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=" +
           core::shell_quote("url." + m_remotes.string() + "/.insteadOf") +
           " GIT_CONFIG_VALUE_0=git@github.com:acme/ GIT_AUTHOR_NAME=t "
           "GIT_AUTHOR_EMAIL=t@t.invalid GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@t.invalid";
  }
  /// Runs the printed command `index` (0: dry run, 1: live) from the operator's folder.
  Ran phase0(std::size_t index) {
    std::string command =
        "cd " + core::shell_quote((m_dir / "ops dir").string()) + " && exec " + env();
    for (const auto& word : m_commands[index]) {
      command += " " + core::shell_quote(word);
    }
    return sh(command);
  }
  std::string head(const fs::path& repo, const std::string& ref) {
    return sh("git -C " + core::shell_quote(repo.string()) + " rev-parse " + ref).out;
  }

  fs::path m_local;
  fs::path m_remotes;
  std::vector<std::vector<std::string>> m_commands;
};

TEST_F(Phase0, TheDryRunPrintsEveryStepAndChangesNothing) {
  const Ran dry = phase0(0);
  ASSERT_EQ(dry.status, 0) << dry.out;
  const std::string py = q(m_local / "python");
  const std::string ts = q(m_local / "ts");
  for (const std::string& step : std::vector<std::string>{
           "would run: gh repo create acme/orders-api --private",
           "would run: git -C " + py + " remote add origin git@github.com:acme/orders-api.git",
           "would run: git -C " + py + " branch -m master main",
           "would run: git -C " + py + " push -u origin main",
           "would run: git -C " + ts + " init -b main",
           "would run: git -C " + ts + " commit -m Initial\\ commit",
           "would run: gh repo create acme/customer-web --private",
           "would run: git -C " + ts + " push -u origin main",
           "exists on GitHub: acme/partner-portal", "up to date on GitHub: main"}) {
    EXPECT_NE(dry.out.find(step + "\n"), std::string::npos) << step << "\nin:\n" << dry.out;
  }
  EXPECT_EQ(dry.out.find("run: git -C " + q(m_local / "js") + " push"), std::string::npos)
      << dry.out;
  EXPECT_EQ(read_text(m_dir / "gh.log"), "repo view acme/orders-api\nrepo view acme/customer-web\n"
                                         "repo view acme/partner-portal\n");
  EXPECT_EQ(sh("git -C " + core::shell_quote((m_local / "python").string()) +
               " symbolic-ref --short HEAD")
                .out,
            "master\n");
  EXPECT_EQ(sh("git -C " + core::shell_quote((m_local / "python").string()) + " remote").out, "");
  EXPECT_FALSE(fs::exists(m_local / "ts/.git"));
  EXPECT_EQ(files_under(m_remotes).size(), files_under(m_remotes / "partner-portal.git").size());
}

TEST_F(Phase0, LiveDoesOnlyWhatIsMissingAndCanRunAgain) {
  const Ran live = phase0(1);
  ASSERT_EQ(live.status, 0) << live.out;
  EXPECT_EQ(read_text(m_dir / "gh.log"),
            "repo view acme/orders-api\nrepo create acme/orders-api --private\n"
            "repo view acme/customer-web\nrepo create acme/customer-web --private\n"
            "repo view acme/partner-portal\n");
  const fs::path py = m_local / "python";
  EXPECT_EQ(sh("git -C " + core::shell_quote(py.string()) + " symbolic-ref --short HEAD").out,
            "main\n");
  EXPECT_EQ(sh("git -C " + core::shell_quote(py.string()) + " branch --list master").out, "");
  EXPECT_EQ(sh("git -C " + core::shell_quote(py.string()) + " config remote.origin.url").out,
            "git@github.com:acme/orders-api.git\n");
  EXPECT_EQ(head(m_remotes / "orders-api.git", "main"), head(py, "main"));
  EXPECT_EQ(head(m_remotes / "customer-web.git", "main"), head(m_local / "ts", "main"));

  // Again: everything exists, nothing is created, renamed or pushed.
  const Ran again = phase0(1);
  ASSERT_EQ(again.status, 0) << again.out;
  EXPECT_EQ(again.out.find("run: gh repo create"), std::string::npos) << again.out;
  EXPECT_EQ(again.out.find(" push "), std::string::npos) << again.out;
  EXPECT_EQ(again.out.find(" init "), std::string::npos) << again.out;
  std::size_t up_to_date = 0;
  for (auto at = again.out.find("up to date on GitHub: main"); at != std::string::npos;
       at = again.out.find("up to date on GitHub: main", at + 1)) {
    ++up_to_date;
  }
  EXPECT_EQ(up_to_date, 3U) << again.out;
}

TEST_F(Phase0, ARunStoppedAfterTheRemoteWasAddedCanBeRunAgain) {
  // The plan's own sequence stopped half-way: origin added, nothing created or pushed.
  ASSERT_EQ(git(m_local / "python", "remote add origin git@github.com:acme/orders-api.git").status,
            0);
  const Ran live = phase0(1);
  ASSERT_EQ(live.status, 0) << live.out;
  EXPECT_NE(live.out.find("origin already set: git@github.com:acme/orders-api.git"),
            std::string::npos)
      << live.out;
  EXPECT_EQ(head(m_remotes / "orders-api.git", "main"), head(m_local / "python", "main"));
}

TEST_F(Phase0, AnOriginElsewhereIsRefusedBeforeAnythingChanges) {
  ASSERT_EQ(git(m_local / "python", "remote add origin git@gitlab.com:someone/else.git").status, 0);
  const Ran live = phase0(1);
  EXPECT_EQ(live.status, 1) << live.out;
  EXPECT_NE(live.out.find("origin is git@gitlab.com:someone/else.git, not acme/orders-api"),
            std::string::npos)
      << live.out;
  EXPECT_EQ(read_text(m_dir / "gh.log"), "");
  EXPECT_EQ(sh("git -C " + core::shell_quote((m_local / "python").string()) +
               " symbolic-ref --short HEAD")
                .out,
            "master\n");
}

// A repository covbar.yml marks `needs-remote: true` exists on GitHub: when `gh repo view`
// does not show it (a wrong slug, a token without access), Phase 0 stops before changing
// anything instead of creating a second repository.
TEST_F(Phase0, ANeedsRemoteRepositoryIsNeverCreated) {
  std::string config = read_text(m_dir / "fleet/covbar.yml");
  const std::string slug = "      slug: acme/orders-api\n";
  config.replace(config.find(slug), slug.size(), slug + "      needs-remote: true\n");
  write_text(m_dir / "fleet/covbar.yml", config);
  const fs::path previous = fs::current_path();
  fs::current_path(m_dir / "ops dir");
  const auto s = run_covbar({"rollout", "scripts", "--config",
                             (m_dir / "fleet/covbar.yml").string(), "--out", "fleet-ci/scripts"});
  fs::current_path(previous);
  ASSERT_EQ(s.code, 0) << s.err;
  const Ran live = phase0(1);
  EXPECT_EQ(live.status, 1) << live.out;
  EXPECT_NE(live.out.find("covbar.yml marks acme/orders-api needs-remote"), std::string::npos)
      << live.out;
  EXPECT_EQ(read_text(m_dir / "gh.log"), "repo view acme/orders-api\n");
  EXPECT_EQ(sh("git -C " + core::shell_quote((m_local / "python").string()) + " remote").out, "");

  // Once it exists on GitHub, it is connected without `gh repo create`.
  ASSERT_EQ(
      sh("git init -q --bare " + core::shell_quote((m_remotes / "orders-api.git").string())).status,
      0);
  const Ran again = phase0(1);
  ASSERT_EQ(again.status, 0) << again.out;
  EXPECT_NE(again.out.find("exists on GitHub: acme/orders-api"), std::string::npos) << again.out;
  EXPECT_EQ(read_text(m_dir / "gh.log").find("repo create acme/orders-api"), std::string::npos);
  EXPECT_EQ(head(m_remotes / "orders-api.git", "main"), head(m_local / "python", "main"));
}

} // namespace
} // namespace covbar::test
