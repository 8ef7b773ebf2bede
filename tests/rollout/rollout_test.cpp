// `covbar rollout plan` and `covbar rollout scripts` for the reference fleet: golden command
// sheets, shellcheck over everything generated, git-xargs' real flags only, and each script
// run in throwaway git repositories (what it writes, what it stages, a second run changes
// nothing, spaces in paths).

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "src/core/process.hpp"
#include "tests/support/golden.hpp"
#include "tests/support/run_covbar.hpp"
#include "tests/support/shell.hpp"

namespace covbar::test {
namespace {

namespace fs = std::filesystem;

std::string sh(const std::string& command) {
  const auto r = run_shell(command + " 2>&1");
  return std::to_string(r.status) + "\n" + r.out;
}

class Rollout : public TempDirTest {
protected:
  void SetUp() override {
    TempDirTest::SetUp();
    m_root = m_dir / "fleet ci"; // a space in every path below
    const fs::path previous = fs::current_path();
    fs::current_path(fixtures_dir() / "fleet");
    const auto w = run_covbar({"workflows", "generate", "--config", "covbar.yml", "--out",
                               (m_root / "workflows").string()});
    const auto s = run_covbar(
        {"rollout", "scripts", "--config", "covbar.yml", "--out", (m_root / "scripts").string()});
    m_markdown = run_covbar({"rollout", "plan", "--config", "covbar.yml"});
    const auto audit = run_covbar({"audit", "--config", "covbar.yml", "--json",
                                   (m_root / "audit.json").string(), "--no-step-summary"});
    EXPECT_EQ(audit.code, 0) << audit.err;
    m_shell = run_covbar({"rollout", "plan", "--config", "covbar.yml", "--format", "shell", "--out",
                          (m_dir / "rollout.sh").string()});
    fs::current_path(previous);
    ASSERT_EQ(w.code, 0) << w.err;
    ASSERT_EQ(s.code, 0) << s.err;
    ASSERT_EQ(m_markdown.code, 0) << m_markdown.err;
    ASSERT_EQ(m_shell.code, 0) << m_shell.err;
  }
  /// A fresh git repository named `name` (under a folder with a space) with one commit.
  fs::path make_repo(const std::string& name, const std::map<std::string, std::string>& files) {
    const fs::path repo = m_dir / "clones dir" / name;
    fs::create_directories(repo);
    for (const auto& [path, text] : files) {
      std::ofstream(repo / path) << text;
    }
    const auto r = run_shell(
        "cd " + core::shell_quote(repo.string()) +
        " && git init -q -b main && git -c user.name=t -c user.email=t@t add -A && git -c "
        "user.name=t -c user.email=t@t commit -q -m init 2>&1");
    EXPECT_EQ(r.status, 0) << r.out;
    return repo;
  }
  std::string run_script(const fs::path& repo, const std::string& script,
                         const std::string& env = "") {
    return sh("cd " + core::shell_quote(repo.string()) +
              " && COVBAR=" + core::shell_quote(COVBAR_BINARY) + " " + env + " bash " +
              core::shell_quote((m_root / "scripts" / script).string()));
  }
  static std::string staged(const fs::path& repo) {
    return run_shell("cd " + core::shell_quote(repo.string()) + " && git diff --cached --name-only")
        .out;
  }
  static std::string status(const fs::path& repo) {
    return run_shell("cd " + core::shell_quote(repo.string()) + " && git status --porcelain").out;
  }
  fs::path m_root;
  Outcome m_markdown;
  Outcome m_shell;
};

TEST_F(Rollout, PlanAndScriptsMatchTheGoldenFiles) {
  const fs::path produced = m_dir / "golden";
  fs::create_directories(produced / "scripts");
  // The sheets and scripts name files by absolute path: the fixture's folder becomes
  // @@FLEET@@, the fixtures' folder (the local clones of Phase 0) @@FIXTURES@@, so the golden
  // files hold wherever the source tree is.
  const std::string fleet = fs::canonical(fixtures_dir() / "fleet").string();
  const std::string fixtures = fs::canonical(fixtures_dir()).string();
  const auto portable = [&](std::string text) {
    for (const auto& [from, to] :
         {std::pair{fleet, "@@FLEET@@"}, std::pair{fixtures, "@@FIXTURES@@"}}) {
      for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at)) {
        text.replace(at, from.size(), to);
      }
    }
    return text;
  };
  std::ofstream(produced / "rollout.md") << portable(m_markdown.out);
  std::ofstream(produced / "rollout.sh") << portable(read_text(m_dir / "rollout.sh"));
  for (const auto& f : files_under(m_root / "scripts")) {
    std::ofstream(produced / "scripts" / f) << portable(read_text(m_root / "scripts" / f));
  }
  expect_golden_tree(produced, golden_dir("rollout"));
}

TEST_F(Rollout, UsesOnlyFlagsGitXargsHas) {
  // git-xargs v0.1.16's flags (common/common.go in gruntwork-io/git-xargs).
  const std::set<std::string> known{"--github-org",
                                    "--draft",
                                    "--dry-run",
                                    "--skip-pull-requests",
                                    "--skip-archived-repos",
                                    "--repo",
                                    "--repos",
                                    "--commit-message",
                                    "--branch-name",
                                    "--base-branch-name",
                                    "--pull-request-title",
                                    "--pull-request-description",
                                    "--reviewers",
                                    "--team-reviewers",
                                    "--seconds-between-prs",
                                    "--max-pr-retries",
                                    "--seconds-to-wait-when-rate-limited",
                                    "--max-concurrent-clones",
                                    "--no-skip-ci",
                                    "--keep-cloned-repositories"};
  for (const std::string& sheet : {m_markdown.out, read_text(m_dir / "rollout.sh")}) {
    std::size_t invocations = 0;
    std::size_t pos = 0;
    while ((pos = sheet.find("git-xargs \\\n", pos)) != std::string::npos) {
      ++invocations;
      const auto end = sheet.find("\n\n", pos);
      const std::string command = sheet.substr(pos, end - pos);
      // Each flag starts a continuation line; quoted values (a commit message mentioning
      // `uv lock --upgrade`) are not flags.
      const std::regex flag(R"(\\\n\s+(--[a-z-]+))");
      std::size_t flags = 0;
      for (std::sregex_iterator it(command.begin(), command.end(), flag), stop; it != stop; ++it) {
        ++flags;
        EXPECT_TRUE(known.contains((*it)[1])) << (*it)[1] << " in " << command;
      }
      EXPECT_GE(flags, 8U) << command;
      EXPECT_NE(command.find("--no-skip-ci"), std::string::npos) << command;
      pos += 10;
    }
    EXPECT_EQ(invocations, 11U); // central, pilot x2, batch x2, dependencies x4, sync x2
  }
  EXPECT_NE(m_markdown.out.find("`repo` and `workflow` scopes in `GITHUB_OAUTH_TOKEN`"),
            std::string::npos);
  EXPECT_NE(m_markdown.out.find("does not update a pull request git-xargs already opened"),
            std::string::npos);
  EXPECT_EQ(read_text(m_root / "scripts/repos.txt").find("acme/orders-api"), std::string::npos)
      << "the pilot is not in the batch";
}

TEST_F(Rollout, ShellcheckIsClean) {
  std::string files = core::shell_quote((m_dir / "rollout.sh").string());
  for (const auto& f : files_under(m_root / "scripts")) {
    if (f.ends_with(".sh")) {
      files += " " + core::shell_quote((m_root / "scripts" / f).string());
    }
  }
  const auto r = run_shell("shellcheck --shell=bash " + files + " 2>&1");
  EXPECT_EQ(r.status, 0) << r.out;
}

TEST_F(Rollout, ThePhasedScriptRunsOnlyDryRunsWithoutLive) {
  const fs::path bin = m_dir / "bin";
  fs::create_directories(bin);
  std::ofstream(bin / "git-xargs") << "#!/bin/sh\nprintf '%s\\n' \"$*\" >> "
                                   << core::shell_quote((m_dir / "calls").string()) << "\n";
  fs::permissions(bin / "git-xargs", fs::perms::owner_all);
  const std::string run = "cd " + core::shell_quote(m_dir.string()) +
                          " && PATH=" + core::shell_quote(bin.string()) +
                          ":\"$PATH\" bash rollout.sh ";
  EXPECT_EQ(sh(run + "pilot").substr(0, 2), "0\n");
  std::string calls = read_text(m_dir / "calls");
  EXPECT_EQ(std::count(calls.begin(), calls.end(), '\n'), 1);
  EXPECT_NE(calls.find("--repo acme/orders-api"), std::string::npos) << calls;
  EXPECT_NE(calls.find("--dry-run"), std::string::npos) << calls;
  EXPECT_EQ(sh(run + "pilot --live").substr(0, 2), "0\n");
  calls = read_text(m_dir / "calls");
  EXPECT_EQ(std::count(calls.begin(), calls.end(), '\n'), 3);
  EXPECT_EQ(sh(run + "nonsense").substr(0, 2), "2\n");
}

TEST_F(Rollout, AddWorkflowScriptInAPythonAndATypeScriptRepository) {
  const auto py = make_repo("orders-api", {{"pyproject.toml", "[project]\nname='orders'\n"}});
  const std::string first = run_script(py, "add-ci-cd-workflow.sh", "XARGS_REPO_NAME=orders-api");
  EXPECT_EQ(first, "0\nstaged: .github/workflows/ci-cd.yml\nstaged: covbar.yml\n"
                   "staged: covbar-ratchet.json\n");
  EXPECT_EQ(read_text(py / ".github/workflows/ci-cd.yml"),
            read_text(m_root / "workflows/repos/orders-api/.github/workflows/ci-cd.yml"));
  EXPECT_EQ(staged(py), ".github/workflows/ci-cd.yml\ncovbar-ratchet.json\ncovbar.yml\n");
  const std::string before = status(py);
  EXPECT_EQ(run_script(py, "add-ci-cd-workflow.sh", "XARGS_REPO_NAME=orders-api"),
            "0\nunchanged: .github/workflows/ci-cd.yml\n"
            "unchanged: covbar.yml (the repository has one)\n"
            "unchanged: covbar-ratchet.json (the ratchet has started)\n");
  EXPECT_EQ(status(py), before);

  // Outside git-xargs the folder's name says which repository it is.
  const auto ts = make_repo("customer-web", {{"package.json", "{}\n"}});
  EXPECT_EQ(run_script(ts, "add-ci-cd-workflow.sh"),
            "0\nstaged: .github/workflows/ci-cd.yml\nstaged: covbar.yml\n"
            "staged: covbar-ratchet.json\n");
  EXPECT_EQ(staged(ts), ".github/workflows/ci-cd.yml\ncovbar-ratchet.json\ncovbar.yml\n");
  EXPECT_NE(read_text(ts / ".github/workflows/ci-cd.yml").find("test-typescript.yml@v1"),
            std::string::npos);

  const auto stranger = make_repo("not-in-fleet", {{"README", "x\n"}});
  const std::string refused = run_script(stranger, "add-ci-cd-workflow.sh");
  EXPECT_EQ(refused.substr(0, 2), "1\n") << refused;
  EXPECT_EQ(status(stranger), "");
}

TEST_F(Rollout, SyncAndDependencyScripts) {
  const auto central = make_repo("ci-workflows", {{"README.md", "central\n"}});
  const std::string published = run_script(central, "publish-central-workflows.sh");
  EXPECT_EQ(published.substr(0, 2), "0\n") << published;
  const std::string files = staged(central);
  EXPECT_TRUE(files.starts_with(
      ".github/workflows/coverage-audit.yml\n"
      ".github/workflows/deploy-cloudflare.yml\n.github/workflows/deploy-ecs.yml\n"
      ".github/workflows/terraform-modules.yml\n.github/workflows/terraform.yml\n"
      ".github/workflows/test-python.yml\n"
      ".github/workflows/test-typescript.yml\nCHECKLIST.md\n"))
      << files;
  EXPECT_NE(files.find("templates/orders-api/ci-cd.yml\n"), std::string::npos) << files;
  EXPECT_NE(files.find("templates/platform-infra/terragrunt.yml\n"), std::string::npos) << files;
  const std::string before = status(central);
  EXPECT_EQ(run_script(central, "publish-central-workflows.sh").find("staged:"), std::string::npos);
  EXPECT_EQ(status(central), before);

  // Each repository then takes its caller from the central repository at the pinned ref.
  ASSERT_EQ(sh("cd " + core::shell_quote(central.string()) +
               " && git -c user.name=t -c user.email=t@t commit -q -m publish && git tag v1")
                .substr(0, 2),
            "0\n");
  const auto repo = make_repo("marketing-site", {{"package.json", "{}\n"}});
  const std::string from_central =
      "COVBAR_CENTRAL_URL=" + core::shell_quote("file://" + central.string());
  EXPECT_EQ(run_script(repo, "sync-workflow-templates.sh", from_central),
            "0\nstaged: .github/workflows/ci-cd.yml\n");
  EXPECT_EQ(read_text(repo / ".github/workflows/ci-cd.yml"),
            read_text(m_root / "workflows/repos/marketing-site/.github/workflows/ci-cd.yml"));
  const std::string synced = status(repo);
  EXPECT_EQ(run_script(repo, "sync-workflow-templates.sh", from_central),
            "0\nunchanged: .github/workflows/ci-cd.yml\n");
  EXPECT_EQ(status(repo), synced);

  // uv and bun are stubbed (no network in tests): the stubs write a lock file as they would.
  const fs::path bin = m_dir / "bin";
  fs::create_directories(bin);
  std::ofstream(bin / "uv") << "#!/bin/sh\n[ \"$1 $2\" = 'lock --upgrade' ] || exit 9\n"
                               "printf 'version = 1\\n' > uv.lock\n";
  std::ofstream(bin / "bun") << "#!/bin/sh\n[ \"$1\" = update ] || exit 9\n"
                                "printf '{\"lockfileVersion\": 1}\\n' > bun.lock\n";
  fs::permissions(bin / "uv", fs::perms::owner_all);
  fs::permissions(bin / "bun", fs::perms::owner_all);
  const std::string path = "PATH=" + core::shell_quote(bin.string()) + ":\"$PATH\"";
  const auto py = make_repo("billing-api", {{"pyproject.toml", "[project]\n"}});
  EXPECT_EQ(run_script(py, "update-python-deps.sh", path).substr(0, 2), "0\n");
  EXPECT_EQ(staged(py), "uv.lock\n");
  const std::string py_status = status(py);
  EXPECT_EQ(run_script(py, "update-python-deps.sh", path).substr(0, 2), "0\n");
  EXPECT_EQ(status(py), py_status);
  const auto ts = make_repo("admin-dashboard", {{"package.json", "{}\n"}});
  EXPECT_EQ(run_script(ts, "update-node-deps.sh", path).substr(0, 2), "0\n");
  EXPECT_EQ(staged(ts), "bun.lock\n");
  // A repository of the other kind is left alone.
  EXPECT_EQ(run_script(ts, "update-python-deps.sh", path),
            "0\nno uv.lock, poetry.lock, requirements file or pyproject.toml: nothing to "
            "update\n");
  EXPECT_EQ(staged(ts), "bun.lock\n");
}

// The plan's backend installs from requirements.txt: its dependency update compiles the
// requirements (uv stubbed: it records its arguments and writes the output file).
TEST_F(Rollout, PythonDependencyUpdatesFollowTheRequirementsFiles) {
  const fs::path bin = m_dir / "bin";
  fs::create_directories(bin);
  const std::string calls = (m_dir / "uv-calls").string();
  const std::string seen = (m_dir / "uv-input").string();
  std::ofstream(bin / "uv")
      << "#!/bin/bash\nprintf '%s\\n' \"$*\" >> " << core::shell_quote(calls)
      << "\ncp \"${@: -1}\" " << core::shell_quote(seen)
      << "\nwhile [ $# -gt 0 ]; do if [ \"$1\" = --output-file ]; then out=$2; "
         "fi; shift; done\nprintf 'requests==2.99.0\\n' > \"$out\"\n";
  fs::permissions(bin / "uv", fs::perms::owner_all);
  const std::string path = "PATH=" + core::shell_quote(bin.string()) + ":\"$PATH\"";
  const auto txt = make_repo(
      "orders-api",
      {{"requirements.txt", "requests==2.31.0 ; python_version >= '3.8'\nflask==3.0.0\n"}});
  EXPECT_EQ(run_script(txt, "update-python-deps.sh", path).substr(0, 2), "0\n");
  EXPECT_EQ(staged(txt), "requirements.txt\n");
  EXPECT_EQ(read_text(txt / "requirements.txt"), "requests==2.99.0\n");
  EXPECT_EQ(read_text(seen), "requests>=2.31.0 ; python_version >= '3.8'\nflask>=3.0.0\n");
  EXPECT_NE(read_text(calls).find("pip compile --upgrade --quiet --output-file requirements.txt "),
            std::string::npos);
  const auto in = make_repo("billing-api", {{"requirements.in", "requests\n"},
                                            {"requirements.txt", "requests==2.31.0\n"}});
  fs::remove(calls);
  EXPECT_EQ(run_script(in, "update-python-deps.sh", path).substr(0, 2), "0\n");
  EXPECT_EQ(read_text(calls),
            "pip compile --upgrade --quiet --output-file requirements.txt requirements.in\n");
  EXPECT_EQ(staged(in), "requirements.txt\n");
}

} // namespace
} // namespace covbar::test
