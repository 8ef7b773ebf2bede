#include "src/rollout/rollout.hpp"

#include <algorithm>
#include <filesystem>
#include <functional>

#include <fmt/format.h>

#include "src/actions/pins.hpp"
#include "src/core/error.hpp"
#include "src/core/process.hpp"

namespace covbar::rollout {
namespace {

using config::FleetRepo;
using config::Stack;

/// A word for the command sheet: left bare when it is plainly safe, single-quoted otherwise.
std::string word(std::string_view text) {
  bool plain = !text.empty();
  for (const char c : text) {
    plain = plain && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                      (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-' || c == '/' ||
                      c == ':' || c == '=' || c == '@' || c == '+' || c == ',');
  }
  return plain ? std::string(text) : core::shell_quote(text);
}

/// `path` as an absolute, normalised path: git-xargs runs each command inside the clone it
/// made, so a path relative to where the sheet was made would not be found there.
std::string absolute_path(const std::string& path) {
  std::string out = std::filesystem::absolute(path).lexically_normal().string();
  while (out.size() > 1 && out.back() == '/') {
    out.pop_back();
  }
  return out;
}

std::string repo_name(const FleetRepo& repo) {
  return repo.slug.empty() ? repo.name : repo.slug.substr(repo.slug.find('/') + 1);
}

/// One command of the sheet, already quoted, and what it is for.
struct Command {
  std::string comment;
  std::string line;
  bool changes_github = false; ///< the script runs it only with --live
};

struct Phase {
  std::string id;
  std::string title;
  std::string text;
  std::vector<Command> commands;
};

/// The pull request a git-xargs run opens: its branch, commit message, title and description.
struct PullRequest {
  std::string branch;
  std::string message;
  std::string title;
  std::string description;
};

std::string git_xargs(const Settings& s, const std::string& selection, bool dry_run, bool draft,
                      const std::string& script, const PullRequest& pr) {
  const std::string& branch = pr.branch;
  const std::string& message = pr.message;
  const std::string& title = pr.title;
  std::string line = "git-xargs \\\n  " + selection;
  line += " \\\n  --branch-name " + word(branch);
  line += " \\\n  --commit-message " + word(message);
  line += " \\\n  --pull-request-title " + word(title);
  line += " \\\n  --pull-request-description " + word(pr.description);
  if (draft) {
    line += " \\\n  --draft";
  }
  line += fmt::format(" \\\n  --seconds-between-prs {}", s.seconds_between_prs);
  line += fmt::format(" \\\n  --max-concurrent-clones {}", s.max_concurrent_clones);
  line += " \\\n  --no-skip-ci";
  if (dry_run) {
    line += " \\\n  --dry-run";
  }
  return line + " \\\n  " + word(script);
}

/// A local checkout Phase 0 connects to its GitHub repository.
struct Connection {
  std::string path; ///< absolute
  std::string slug;
};

/// The fleet's local checkouts with a slug, each once (a checkout listed for several
/// repositories goes to the first of them).
std::vector<Connection> connections(const config::Config& c) {
  std::vector<Connection> out;
  if (!c.fleet) {
    return out;
  }
  for (const auto& repo : *c.fleet) {
    if (!repo.path || repo.slug.empty()) {
      continue;
    }
    const std::string path = absolute_path(c.resolve(*repo.path));
    if (std::none_of(out.begin(), out.end(),
                     [&](const Connection& seen) { return seen.path == path; })) {
      out.push_back({path, repo.slug});
    }
  }
  return out;
}

std::vector<const FleetRepo*> with_stack(const config::Config& c) {
  std::vector<const FleetRepo*> out;
  for (const auto& repo : *c.fleet) {
    if (repo.stack) {
      out.push_back(&repo);
    }
  }
  return out;
}

std::vector<Phase> phases(const config::Config& c, const Settings& s) {
  const auto& f = c.fleet_settings;
  const std::string branch = s.branch_name.empty() ? f.branch_name : s.branch_name;
  const std::string scripts_dir = absolute_path(s.scripts_dir);
  const std::string workflows_dir = absolute_path(s.workflows_dir);
  const std::string add = scripts_dir + "/add-ci-cd-workflow.sh";
  std::vector<Phase> out;

  Phase p0{"phase0", "Phase 0: connect the local repositories to GitHub", "", {}};
  if (connections(c).empty()) {
    p0.text = "No repository of the fleet has a local `path`: nothing to connect.";
  } else {
    p0.text = "For each repository with a local `path`, the script looks at what exists (`gh "
              "repo view`, the `origin` remote, the branch) and does only what is missing: "
              "`git init` and a first commit, `gh repo create --private`, `git remote add "
              "origin`, `master` renamed to the default branch, the push, a check that the "
              "branch is on GitHub. Without `--live` it prints each step and changes nothing; "
              "run it again at any point.";
    const std::string connect = word(scripts_dir + "/connect-repositories.sh");
    p0.commands.push_back({"dry run: prints every step", connect});
    p0.commands.push_back({"live", connect + " --live", true});
  }
  out.push_back(std::move(p0));

  Phase prep{"prepare", "Phase 1: prepare", "", {}};
  prep.text = fmt::format(
      "git-xargs needs a GitHub token with the `repo` and `workflow` scopes in "
      "`GITHUB_OAUTH_TOKEN` (the `workflow` scope is what lets it push files under "
      "`.github/workflows/`). Generate the workflows and the scripts, then install git-xargs "
      "{} from its release (Linux or macOS, amd64 or arm64): the installer checks the "
      "download against the SHA-256 covbar carries for that binary, never against a sum "
      "fetched from the same release, and refuses a platform whose sum covbar does not carry. "
      "Publish the reusable workflows in `{}` at `{}` before any caller runs.",
      actions::k_git_xargs.version, f.central, f.ref);
  prep.commands.push_back({"the token (repo and workflow scopes)",
                           ": \"${GITHUB_OAUTH_TOKEN:?export a token with the repo and workflow "
                           "scopes}\""});
  const std::string config_arg =
      c.path.empty() ? "" : " --config " + word(absolute_path(c.path));
  prep.commands.push_back(
      {"generate, and audit the fleet (the ratchet's starting figures)",
       fmt::format("covbar workflows generate{} --out {}\ncovbar rollout scripts{} --out {}\n"
                   "covbar audit{} --json {}",
                   config_arg, word(workflows_dir), config_arg, word(scripts_dir), config_arg,
                   word(absolute_path(s.scripts_dir + "/../audit.json")))});
  prep.commands.push_back(
      {"install git-xargs for this machine unless it is there, verified against the SHA-256 "
       "covbar carries",
       "if ! command -v git-xargs >/dev/null; then " + word(scripts_dir + "/install-git-xargs.sh") +
           "; fi"});
  prep.commands.push_back(
      {fmt::format("publish the reusable workflows in {} (a pull request there), then tag {}",
                   f.central, f.ref),
       git_xargs(s, "--repo " + word(f.central), false, false,
                 scripts_dir + "/publish-central-workflows.sh",
                 {branch, "ci: reusable workflows generated by covbar",
                  "CI/CD: reusable workflows (test, deploy, terraform)",
                  fmt::format("The reusable workflows, each repository's caller workflow as "
                              "templates/<name>/ and CHECKLIST.md, generated by covbar from the "
                              "fleet's covbar.yml. Once this is merged, point {} at it: every "
                              "caller in the fleet pins that ref.",
                              f.ref)}),
       true});
  out.push_back(std::move(prep));

  const PullRequest rollout_pr{branch, s.commit_message, s.pr_title, s.pr_description};
  const FleetRepo* pilot = nullptr;
  for (const auto* repo : with_stack(c)) {
    if (repo->pilot) {
      pilot = repo;
    }
  }
  Phase p2{"pilot", "Phase 2: the pilot", "", {}};
  if (pilot == nullptr || pilot->slug.empty()) {
    p2.text = "No pilot repository is marked (`pilot: true` with a `slug`): pick one before the "
              "batch.";
  } else {
    p2.text = fmt::format("One repository first: a dry run, then live. Merge its pull request "
                          "only once the new workflow has run green on it (`--no-skip-ci` lets "
                          "it run on its own pull request).");
    p2.commands.push_back({"dry run: clones, runs the script, pushes nothing",
                           git_xargs(s, "--repo " + word(pilot->slug), true, false, add,
                                     rollout_pr)});
    p2.commands.push_back(
        {"live", git_xargs(s, "--repo " + word(pilot->slug), false, false, add, rollout_pr),
         true});
  }
  out.push_back(std::move(p2));

  Phase p3{"batch", "Phase 3: the batch", "", {}};
  const std::string selection = s.github_org.empty()
                                    ? "--repos " + word(scripts_dir + "/repos.txt")
                                    : "--github-org " + word(s.github_org);
  p3.text = "The other repositories in one run, as draft pull requests, dry run first. A re-run "
            "does not update a pull request git-xargs already opened on that branch: close or "
            "merge it, or use a new `--branch-name`.";
  p3.commands.push_back({"dry run", git_xargs(s, selection, true, true, add, rollout_pr)});
  p3.commands.push_back({"live", git_xargs(s, selection, false, true, add, rollout_pr), true});
  out.push_back(std::move(p3));

  Phase p4{"deps", "Phase 4: dependency updates", "", {}};
  p4.text = "Python repositories with uv, TypeScript ones with bun; each a draft pull request "
            "the new CI checks. Dry run first: git-xargs clones, runs the update and shows what "
            "it would commit, and pushes nothing.";
  const PullRequest python_pr{
      branch + "-python-deps", "chore: update Python dependencies (uv lock --upgrade)",
      "Update Python dependencies",
      "Upgrades the locked Python dependencies within the ranges pyproject.toml allows (uv "
      "lock --upgrade; only uv.lock changes). The CI/CD workflow runs the tests and the "
      "coverage gate on this pull request: merge it once they pass."};
  const PullRequest node_pr{
      branch + "-node-deps", "chore: update Node dependencies (bun update)",
      "Update Node dependencies",
      "Updates the Node dependencies within the ranges package.json allows (bun update; "
      "package.json and the bun lock file change). The CI/CD workflow runs the tests and the "
      "coverage gate on this pull request: merge it once they pass."};
  const std::string python_repos = "--repos " + word(scripts_dir + "/python-repos.txt");
  const std::string node_repos = "--repos " + word(scripts_dir + "/node-repos.txt");
  const std::string python_script = scripts_dir + "/update-python-deps.sh";
  const std::string node_script = scripts_dir + "/update-node-deps.sh";
  p4.commands.push_back({"Python (uv lock --upgrade), dry run",
                         git_xargs(s, python_repos, true, true, python_script, python_pr)});
  p4.commands.push_back({"Python, live",
                         git_xargs(s, python_repos, false, true, python_script, python_pr), true});
  p4.commands.push_back({"TypeScript (bun update), dry run",
                         git_xargs(s, node_repos, true, true, node_script, node_pr)});
  p4.commands.push_back(
      {"TypeScript, live", git_xargs(s, node_repos, false, true, node_script, node_pr), true});
  out.push_back(std::move(p4));

  Phase p5{"sync", "Phase 5: keeping the callers in sync", "", {}};
  p5.text = fmt::format(
      "After a change to the fleet in covbar.yml: regenerate, publish again in `{}` (Phase 1's "
      "command, with a new branch name), move `{}` once it is merged, then let each repository "
      "take its caller from there.",
      f.central, f.ref);
  const PullRequest sync_pr{
      branch + "-sync", "ci: sync the CI/CD workflow from the central repository",
      "CI/CD: sync the workflow from the central repository",
      fmt::format("Takes this repository's caller workflow from {} at {} (its "
                  "templates/<name>/ folder), where covbar's generated workflows are published. "
                  "Nothing else changes.",
                  f.central, f.ref)};
  const std::string all_repos = "--repos " + word(scripts_dir + "/all-repos.txt");
  const std::string sync_script = scripts_dir + "/sync-workflow-templates.sh";
  p5.commands.push_back(
      {"dry run", git_xargs(s, all_repos, true, true, sync_script, sync_pr)});
  p5.commands.push_back(
      {"live", git_xargs(s, all_repos, false, true, sync_script, sync_pr), true});
  out.push_back(std::move(p5));
  return out;
}

std::string list_file(const config::Config& c, const std::function<bool(const FleetRepo&)>& keep) {
  std::string out;
  for (const auto* repo : with_stack(c)) {
    if (!repo->slug.empty() && keep(*repo)) {
      out += repo->slug + "\n";
    }
  }
  return out;
}


/// Phase 0 as a script: each local checkout connected to its GitHub repository, doing only
/// what is missing. Every step goes through `step`, which runs it only with --live and prints
/// it either way; the checks (`gh repo view`, git reads) run in both modes.
std::string connect_script(const config::Config& c) {
  std::string calls;
  for (const auto& connection : connections(c)) {
    calls += fmt::format("connect {} {} {}\n", word(connection.path), word(connection.slug),
                         word(c.fleet_settings.default_branch));
  }
  if (calls.empty()) {
    calls = "echo 'no repository of the fleet has a local path: nothing to connect'\n";
  }
  return "#!/usr/bin/env bash\n"
         "# Generated by covbar rollout scripts: Phase 0. Connects each local checkout of the\n"
         "# fleet to its GitHub repository and does only what is missing: git init and a first\n"
         "# commit, gh repo create, the origin remote, master renamed to the default branch, the\n"
         "# push, a check that the branch is there. Without --live it prints every step and\n"
         "# changes nothing; with --live it runs them. Safe to run again at any point.\n"
         "set -euo pipefail\n"
         "\n"
         "live=0\n"
         "case ${1:-} in\n"
         "  --live) live=1 ;;\n"
         "  '') ;;\n"
         "  *) echo \"usage: $0 [--live]\" >&2; exit 2 ;;\n"
         "esac\n"
         "\n"
         "# Prints a step; runs it only with --live.\n"
         "step() {\n"
         "  if [[ $live == 1 ]]; then\n"
         "    echo \"run:$(printf ' %q' \"$@\")\"\n"
         "    \"$@\"\n"
         "  else\n"
         "    echo \"would run:$(printf ' %q' \"$@\")\"\n"
         "  fi\n"
         "}\n"
         "\n"
         "# True when the folder $1 is the top of a git work tree (not a folder inside another).\n"
         "is_repository() {\n"
         "  local top real\n"
         "  top=$(git -C \"$1\" rev-parse --show-toplevel 2>/dev/null) || return 1\n"
         "  real=$(cd -- \"$1\" || exit 1; pwd -P)\n"
         "  [[ $top == \"$real\" ]]\n"
         "}\n"
         "\n"
         "# connect PATH OWNER/NAME BRANCH: looks first (read-only), refuses what it cannot fix\n"
         "# safely, then takes the missing steps.\n"
         "connect() {\n"
         "  local path=$1 slug=$2 branch=$3\n"
         "  local url=\"git@github.com:$slug.git\"\n"
         "  echo \"== $slug: $path\"\n"
         "  if [[ ! -d $path ]]; then\n"
         "    echo \"$0: $path does not exist\" >&2\n"
         "    return 1\n"
         "  fi\n"
         "  local fresh=0 origin='' source_ref=refs/heads/$branch rename=0 local_head=''\n"
         "  if is_repository \"$path\"; then\n"
         "    # The remote as configured (remote get-url would apply url.*.insteadOf).\n"
         "    origin=$(git -C \"$path\" config --get remote.origin.url) || origin=''\n"
         "    if ! git -C \"$path\" show-ref --verify --quiet \"$source_ref\"; then\n"
         "      if ! git -C \"$path\" show-ref --verify --quiet refs/heads/master; then\n"
         "        echo \"$0: $path has neither $branch nor master: create $branch, then run this again\" >&2\n"
         "        return 1\n"
         "      fi\n"
         "      rename=1\n"
         "      source_ref=refs/heads/master\n"
         "    fi\n"
         "    local_head=$(git -C \"$path\" rev-parse --verify --quiet \"$source_ref^{commit}\")\n"
         "  else\n"
         "    fresh=1\n"
         "  fi\n"
         "  case $origin in\n"
         "    '' | \"$url\" | \"https://github.com/$slug\" | \"https://github.com/$slug.git\" | \\\n"
         "      \"ssh://git@github.com/$slug.git\") ;;\n"
         "    *)\n"
         "      echo \"$0: $path: origin is $origin, not $slug: set it by hand, then run this again\" >&2\n"
         "      return 1 ;;\n"
         "  esac\n"
         "\n"
         "  if [[ $fresh == 1 ]]; then\n"
         "    step git -C \"$path\" init -b \"$branch\"\n"
         "    step git -C \"$path\" add -A\n"
         "    step git -C \"$path\" commit -m 'Initial commit'\n"
         "  fi\n"
         "  if gh repo view \"$slug\" >/dev/null 2>&1; then\n"
         "    echo \"exists on GitHub: $slug\"\n"
         "  else\n"
         "    step gh repo create \"$slug\" --private\n"
         "  fi\n"
         "  if [[ -z $origin ]]; then\n"
         "    step git -C \"$path\" remote add origin \"$url\"\n"
         "  else\n"
         "    echo \"origin already set: $origin\"\n"
         "  fi\n"
         "  if [[ $rename == 1 ]]; then\n"
         "    step git -C \"$path\" branch -m master \"$branch\"\n"
         "  fi\n"
         "\n"
         "  local remote_head=''\n"
         "  remote_head=$(git -C \"$path\" ls-remote \"$url\" \"refs/heads/$branch\" 2>/dev/null) ||\n"
         "    remote_head=''\n"
         "  remote_head=${remote_head%%$'\\t'*}\n"

         "  if [[ -n $remote_head && $remote_head == \"$local_head\" ]]; then\n"
         "    echo \"up to date on GitHub: $branch\"\n"
         "  else\n"
         "    step git -C \"$path\" push -u origin \"$branch\"\n"
         "  fi\n"
         "  step git -C \"$path\" ls-remote --exit-code --heads origin \"$branch\"\n"
         "}\n"
         "\n" +
         calls;
}
} // namespace

std::string plan_markdown(const config::Config& c, const Settings& s) {
  std::string out = "# Rollout plan\n\n";
  out += fmt::format("Generated by `covbar rollout plan` for {} repositories. Every git-xargs "
                     "command below uses only flags git-xargs {} has.\n",
                     c.fleet->size(), actions::k_git_xargs.version);
  for (const auto& phase : phases(c, s)) {
    out += fmt::format("\n## {}\n\n{}\n", phase.title, phase.text);
    for (const auto& command : phase.commands) {
      out += fmt::format("\n{}:\n\n```sh\n{}\n```\n", command.comment, command.line);
    }
  }
  return out;
}

std::string plan_script(const config::Config& c, const Settings& s) {
  std::string out = "#!/usr/bin/env bash\n"
                    "# Generated by covbar rollout plan: the phased rollout, one phase per run.\n"
                    "# Usage: bash rollout.sh PHASE [--live]; without --live only the dry runs "
                    "run.\n"
                    "set -euo pipefail\n\n";
  const auto all = phases(c, s);
  for (const auto& phase : all) {
    out += fmt::format("# {}\n{}() {{\n", phase.title, phase.id);
    if (phase.commands.empty()) {
      out += "  echo 'nothing to do'\n";
    }
    for (const auto& command : phase.commands) {
      // Commands that change something on GitHub run only with --live.
      const std::string pad = command.changes_github ? "    " : "  ";
      std::string body;
      std::size_t start = 0;
      while (true) {
        const auto nl = command.line.find('\n', start);
        body += pad + command.line.substr(start, nl - start) + "\n";
        if (nl == std::string::npos) {
          break;
        }
        start = nl + 1;
      }
      out += fmt::format("  # {}\n", command.comment);
      out += command.changes_github ? "  if [[ $live == 1 ]]; then\n" + body +
                                          "  else\n    echo 'skipped without --live: " +
                                          command.comment + "'\n  fi\n"
                                    : body;
    }
    out += "}\n\n";
  }
  std::string ids;
  for (const auto& phase : all) {
    ids += (ids.empty() ? "" : "|") + phase.id;
  }
  out += "live=0\n"
         "if [[ ${2:-} == --live ]]; then live=1; fi\n"
         "case ${1:-} in\n";
  out += fmt::format("  {}) \"$1\" ;;\n", ids);
  out += fmt::format("  *) echo \"usage: $0 {{{}}} [--live]\" >&2; exit 2 ;;\n", ids);
  out += "esac\n";
  return out;
}

// The SHA-256 of each git-xargs release binary, as the release's SHA256SUMS gives it.
// ../shared/actions-pins.md, covbar's record of verified pins, says v0.1.16 publishes a
// SHA256SUMS but records none of its sums, so every entry is empty and the installer refuses
// every platform: a sum is written here only once someone has checked it.
const std::array<ReleaseBinary, 4> k_git_xargs_binaries{{
    {"git-xargs_linux_amd64", ""},
    {"git-xargs_linux_arm64", ""},
    {"git-xargs_darwin_amd64", ""},
    {"git-xargs_darwin_arm64", ""},
}};

std::string git_xargs_installer(std::string_view version,
                                std::span<const ReleaseBinary> binaries) {
  std::string cases;
  for (const auto& binary : binaries) {
    cases += fmt::format("  {}) sum={} ;;\n", binary.asset,
                         binary.sha256.empty() ? "''" : std::string(binary.sha256));
  }
  return fmt::format(
      "#!/usr/bin/env bash\n"
      "# Generated by covbar rollout scripts: installs git-xargs {0} from its GitHub release for\n"
      "# this machine (Linux or macOS, amd64 or arm64) into $GIT_XARGS_INSTALL_DIR (default\n"
      "# ~/.local/bin), only when the download's SHA-256 is the one covbar carries for it.\n"
      "set -euo pipefail\n"
      "\n"
      "version={0}\n"
      "kernel=$(uname -s)\n"
      "machine=$(uname -m)\n"
      "case $kernel in\n"
      "  Linux) os=linux ;;\n"
      "  Darwin) os=darwin ;;\n"
      "  *) echo \"$0: git-xargs $version is released for Linux and macOS, not $kernel\" >&2; exit 1 ;;\n"
      "esac\n"
      "case $machine in\n"
      "  x86_64 | amd64) arch=amd64 ;;\n"
      "  arm64 | aarch64) arch=arm64 ;;\n"
      "  *) echo \"$0: git-xargs $version is released for amd64 and arm64, not $machine\" >&2; exit 1 ;;\n"
      "esac\n"
      "asset=git-xargs_${{os}}_${{arch}}\n"
      "# Carried by covbar (src/rollout/rollout.cpp), never fetched from the release it checks.\n"
      "case $asset in\n"
      "{1}"
      "  *) sum='' ;;\n"
      "esac\n"
      "if [[ -z $sum ]]; then\n"
      "  echo \"$0: covbar carries no verified SHA-256 for $asset $version,\" \\\n"
      "    \"so it does not install it.\" >&2\n"
      "  echo \"Check the sum in the release's SHA256SUMS and add it to covbar\" \\\n"
      "    \"(src/rollout/rollout.cpp), or install git-xargs another way (brew install git-xargs).\" >&2\n"
      "  exit 1\n"
      "fi\n"
      "dest=${{GIT_XARGS_INSTALL_DIR:-$HOME/.local/bin}}\n"
      "tmp=$(mktemp -d)\n"
      "trap 'rm -rf -- \"$tmp\"' EXIT\n"
      "curl -fsSL --proto '=https' -o \"$tmp/$asset\" \\\n"
      "  \"https://github.com/gruntwork-io/git-xargs/releases/download/$version/$asset\"\n"
      "if command -v sha256sum >/dev/null; then\n"
      "  got=$(sha256sum \"$tmp/$asset\")\n"
      "else\n"
      "  got=$(shasum -a 256 \"$tmp/$asset\") # macOS\n"
      "fi\n"
      "got=${{got%% *}}\n"
      "if [[ $got != \"$sum\" ]]; then\n"
      "  echo \"$0: $asset: SHA-256 $got, expected $sum: not installed\" >&2\n"
      "  exit 1\n"
      "fi\n"
      "mkdir -p -- \"$dest\"\n"
      "install -m 0755 \"$tmp/$asset\" \"$dest/git-xargs\"\n"
      "echo \"installed git-xargs $version ($asset, SHA-256 $sum) as $dest/git-xargs\"\n",
      version, cases);
}

/// A bash function the scripts call before they write a file of the clone: a symbolic link
/// committed in the repository, in place of the file or of a folder on its way, could point
/// anywhere (a file of the operator's, another clone), so the script refuses to write.
const std::string k_refuse_links =
    "# Exits when $1 (relative to the clone's root), or a folder on the way to it, is a\n"
    "# symbolic link: the repository could point it anywhere.\n"
    "refuse_links() {\n"
    "  local prefix='' part\n"
    "  local -a parts\n"
    "  IFS=/ read -r -a parts <<< \"$1\"\n"
    "  for part in \"${parts[@]}\"; do\n"
    "    prefix=${prefix:+$prefix/}$part\n"
    "    if [[ -L $prefix ]]; then\n"
    "      echo \"$0: $prefix is a symbolic link in this repository:\" \\\n"
    "        \"refusing to write $1 through it\" >&2\n"
    "      exit 1\n"
    "    fi\n"
    "  done\n"
    "}\n"
    "\n";

std::vector<actions::GeneratedFile> scripts(const config::Config& c) {
  if (!c.fleet || c.fleet->empty()) {
    throw core::UsageError("covbar: error: the config has no fleet: add a 'fleet:' mapping");
  }
  std::string cases;
  for (const auto* repo : with_stack(c)) {
    cases += fmt::format("  {}) name={} ;;\n", word(repo_name(*repo)), word(repo->name));
  }
  const std::string install_file =
      k_refuse_links +
      "# Copies $1 over $2 when they differ and stages it; prints what it did.\n"
      "install_file() {\n"
      "  refuse_links \"$2\"\n"
      "  if [[ -f $2 ]] && cmp -s -- \"$1\" \"$2\"; then\n"
      "    echo \"unchanged: $2\"\n"
      "    return\n"
      "  fi\n"
      "  mkdir -p -- \"$(dirname -- \"$2\")\"\n"
      "  cp -- \"$1\" \"$2\"\n"
      "  git add -- \"$2\"\n"
      "  echo \"staged: $2\"\n"
      "}\n"
      "\n";
  const std::string prologue =
      "set -euo pipefail\n"
      "\n"
      "script_dir=$(cd -- \"$(dirname -- \"${BASH_SOURCE[0]}\")\" && pwd)\n"
      "workflows_dir=${COVBAR_WORKFLOWS_DIR:-\"$script_dir/../workflows\"}\n"
      "if [[ ! -d $workflows_dir ]]; then\n"
      "  echo \"$0: no generated workflows in $workflows_dir (set COVBAR_WORKFLOWS_DIR)\" >&2\n"
      "  exit 1\n"
      "fi\n"
      "\n" +
      install_file;
  // Which fleet entry a clone is: git-xargs names the GitHub repository, else the folder.
  const std::string which_repo =
      "repo=${XARGS_REPO_NAME:-$(basename -- \"$(git rev-parse --show-toplevel)\")}\n"
      "case $repo in\n" +
      cases +
      "  *) echo \"$0: '$repo' is not in the fleet\" >&2; exit 1 ;;\n"
      "esac\n"
      "\n";
  // A repository under the ratchet gets its starting state in the rollout pull request,
  // from the figure the fleet's audit measured (Phase 1 writes audit.json beside scripts/).
  std::string ratchet_names;
  for (const auto* repo : with_stack(c)) {
    if (repo->policy == config::Policy::ratchet) {
      ratchet_names += (ratchet_names.empty() ? "" : " | ") + word(repo_name(*repo));
    }
  }
  const std::string start_ratchet =
      ratchet_names.empty()
          ? std::string()
          : "\n"
            "# The ratchet's starting state, from the audit's figure for this repository.\n"
            "case $repo in\n"
            "  " + ratchet_names + ") ;;\n"
            "  *) exit 0 ;;\n"
            "esac\n"
            "state=covbar-ratchet.json\n"
            "refuse_links \"$state\"\n"
            "if [[ -e $state ]]; then\n"
            "  echo \"unchanged: $state (the ratchet has started)\"\n"
            "  exit 0\n"
            "fi\n"
            "audit=${COVBAR_AUDIT_JSON:-\"$script_dir/../audit.json\"}\n"
            "if [[ ! -f $audit ]]; then\n"
            "  echo \"$0: $name is under the ratchet and $audit is missing:\" \\\n"
            "    \"run covbar audit --json first (Phase 1)\" >&2\n"
            "  exit 1\n"
            "fi\n"
            "\"${COVBAR:-covbar}\" ratchet init --config " +
                word(absolute_path(c.path)) +
                " --from-audit \"$audit\" --repo \"$name\" \\\n"
                "  --state \"$state\" --no-step-summary >/dev/null\n"
                "git add -- \"$state\"\n"
                "echo \"staged: $state\"\n";
  std::vector<actions::GeneratedFile> out;
  out.push_back({"connect-repositories.sh", connect_script(c)});
  out.push_back({"install-git-xargs.sh",
                 git_xargs_installer(actions::k_git_xargs.version, k_git_xargs_binaries)});
  out.push_back(
      {"add-ci-cd-workflow.sh",
       "#!/usr/bin/env bash\n"
       "# Generated by covbar rollout scripts. git-xargs runs it at the root of each cloned\n"
       "# repository (XARGS_REPO_NAME names it; outside git-xargs, the folder's name does). It\n"
       "# copies that repository's generated caller workflow into .github/workflows/ and stages\n"
       "# it. A second run changes nothing.\n" +
           prologue + which_repo +
           "found=0\n"
           "for source in \"$workflows_dir/repos/$name/.github/workflows\"/*.yml; do\n"
           "  [[ -e $source ]] || continue\n"
           "  found=1\n"
           "  install_file \"$source\" \".github/workflows/$(basename -- \"$source\")\"\n"
           "done\n"
           "if [[ $found == 0 ]]; then\n"
           "  echo \"$0: no generated workflow for $name in $workflows_dir\" >&2\n"
           "  exit 1\n"
           "fi\n" +
           start_ratchet});
  out.push_back(
      {"publish-central-workflows.sh",
       "#!/usr/bin/env bash\n"
       "# Generated by covbar rollout scripts. Runs at the root of the central repository: copies\n"
       "# the generated reusable workflows into .github/workflows/, each repository's caller into\n"
       "# templates/<name>/ (what sync-workflow-templates.sh fetches) and the setup checklist to\n"
       "# CHECKLIST.md, and stages what changed. A second run changes nothing.\n" +
           prologue +
           "# What `covbar workflows generate` wrote last, not whatever lies in the folder.\n"
           "manifest=$workflows_dir/.covbar-manifest\n"
           "if [[ ! -f $manifest ]]; then\n"
           "  echo \"$0: no $manifest: run covbar workflows generate again\" >&2\n"
           "  exit 1\n"
           "fi\n"
           "names=$'\\n' # the repositories published, one per line\n"
           "reusable=0\n"
           "while IFS= read -r file; do\n"
           "  case $file in\n"
           "    central/.github/workflows/*.yml)\n"
           "      reusable=1\n"
           "      install_file \"$workflows_dir/$file\" \".github/workflows/${file##*/}\" ;;\n"
           "    repos/*/.github/workflows/*.yml)\n"
           "      name=${file#repos/}\n"
           "      name=${name%%/*}\n"
           "      names+=\"$name\"$'\\n'\n"
           "      install_file \"$workflows_dir/$file\" \"templates/$name/${file##*/}\" ;;\n"
           "  esac\n"
           "done < \"$manifest\"\n"
           "if [[ $reusable == 0 ]]; then\n"
           "  echo \"$0: no reusable workflows in $manifest\" >&2\n"
           "  exit 1\n"
           "fi\n"
           "install_file \"$workflows_dir/CHECKLIST.md\" CHECKLIST.md\n"
           "# The templates of repositories no longer in the fleet.\n"
           "refuse_links templates\n"
           "for folder in templates/*/; do\n"
           "  [[ -d $folder ]] || continue\n"
           "  name=${folder#templates/}\n"
           "  name=${name%/}\n"
           "  if [[ $names != *$'\\n'\"$name\"$'\\n'* ]]; then\n"
           "    git rm -r -q --ignore-unmatch -- \"templates/$name\"\n"
           "    rm -rf -- \"templates/$name\"\n"
           "    echo \"removed: templates/$name\"\n"
           "  fi\n"
           "done\n"});
  out.push_back(
      {"sync-workflow-templates.sh",
       "#!/usr/bin/env bash\n"
       "# Generated by covbar rollout scripts. git-xargs runs it in each repository: fetches the\n"
       "# central repository at the ref the callers pin and copies this repository's caller\n"
       "# template (templates/<name>/) into .github/workflows/, staged. A second run changes\n"
       "# nothing. COVBAR_CENTRAL_URL and COVBAR_CENTRAL_REF override where it fetches from.\n"
       "set -euo pipefail\n"
       "\n" +
           install_file + which_repo +
           fmt::format("central_url=${{COVBAR_CENTRAL_URL:-https://github.com/{}.git}}\n"
                       "ref=${{COVBAR_CENTRAL_REF:-{}}}\n",
                       c.fleet_settings.central.empty() ? "OWNER/CENTRAL" : c.fleet_settings.central,
                       c.fleet_settings.ref.empty() ? "main" : c.fleet_settings.ref) +
           "tmp=$(mktemp -d)\n"
           "trap 'rm -rf -- \"$tmp\"' EXIT\n"
           "if [[ -n ${GITHUB_OAUTH_TOKEN:-} && $central_url == https://github.com/* ]]; then\n"
           "  # git-xargs' token, as a header set through the environment: never in the URL or on\n"
           "  # a command line, which ps and logs would show.\n"
           "  basic=$(printf 'x-access-token:%s' \"$GITHUB_OAUTH_TOKEN\" | base64 -w0)\n"
           "  export GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=http.https://github.com/.extraheader\n"
           "  export GIT_CONFIG_VALUE_0=\"AUTHORIZATION: basic $basic\"\n"
           "fi\n"
           "git -c advice.detachedHead=false clone --quiet --depth 1 --branch "
           "\"$ref\" -- \"$central_url\" \"$tmp/central\"\n"
           "\n"
           "found=0\n"
           "for source in \"$tmp/central/templates/$name\"/*.yml; do\n"
           "  [[ -e $source ]] || continue\n"
           "  found=1\n"
           "  install_file \"$source\" \".github/workflows/$(basename -- \"$source\")\"\n"
           "done\n"
           "if [[ $found == 0 ]]; then\n"
           "  echo \"$0: $central_url@$ref has no templates/$name\" >&2\n"
           "  exit 1\n"
           "fi\n"});
  out.push_back({"update-python-deps.sh",
                 "#!/usr/bin/env bash\n"
                 "# Generated by covbar rollout scripts. Upgrades a Python repository's locked\n"
                 "# dependencies with uv and stages the lock file; a repository without\n"
                 "# pyproject.toml is left alone.\n"
                 "set -euo pipefail\n"
                 "\n" +
                     k_refuse_links +
                     "if [[ ! -f pyproject.toml ]]; then\n"
                     "  echo \"no pyproject.toml: nothing to update\"\n"
                     "  exit 0\n"
                     "fi\n"
                     "for file in pyproject.toml uv.lock; do\n"
                     "  refuse_links \"$file\"\n"
                     "done\n"
                     "uv lock --upgrade\n"
                 "git add -- uv.lock\n"});
  out.push_back({"update-node-deps.sh",
                 "#!/usr/bin/env bash\n"
                 "# Generated by covbar rollout scripts. Updates a TypeScript repository's\n"
                 "# dependencies with bun within their ranges and stages package.json and the\n"
                 "# lock file; a repository without package.json is left alone.\n"
                 "set -euo pipefail\n"
                 "\n" +
                     k_refuse_links +
                     "if [[ ! -f package.json ]]; then\n"
                     "  echo \"no package.json: nothing to update\"\n"
                     "  exit 0\n"
                     "fi\n"
                     "for file in package.json bun.lock bun.lockb; do\n"
                     "  refuse_links \"$file\"\n"
                     "done\n"
                     "bun update\n"
                 "for file in package.json bun.lock bun.lockb; do\n"
                 "  if [[ -f $file ]]; then\n"
                 "    git add -- \"$file\"\n"
                 "  fi\n"
                 "done\n"});
  out.push_back({"repos.txt", list_file(c, [](const FleetRepo& r) { return !r.pilot; })});
  out.push_back({"all-repos.txt", list_file(c, [](const FleetRepo&) { return true; })});
  out.push_back({"python-repos.txt", list_file(c, [](const FleetRepo& r) {
                   return *r.stack == Stack::python;
                 })});
  out.push_back({"node-repos.txt", list_file(c, [](const FleetRepo& r) {
                   return *r.stack == Stack::typescript;
                 })});
  return out;
}

} // namespace covbar::rollout
