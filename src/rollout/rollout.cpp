#include "src/rollout/rollout.hpp"

#include <algorithm>
#include <filesystem>
#include <functional>
#include <map>

#include <fmt/format.h>

#include "src/actions/pins.hpp"
#include "src/actions/templates.hpp"
#include "src/core/error.hpp"
#include "src/core/process.hpp"

namespace covbar::rollout {
namespace {

using FleetRepo = fleet::Repo;
using fleet::Stack;

/// A word for the command sheet: left bare when it is plainly safe, single-quoted otherwise.
std::string word(std::string_view text) {
  bool plain = !text.empty();
  for (const char c : text) {
    plain = plain && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '.' || c == '_' || c == '-' || c == '/' || c == ':' || c == '=' ||
                      c == '@' || c == '+' || c == ',');
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
  bool needs_remote = false; ///< covbar.yml says it exists on GitHub: never created
};

/// The fleet's local checkouts with a slug, each once (a checkout listed for several
/// repositories goes to the first of them).
std::vector<Connection> connections(const fleet::Fleet& c) {
  std::vector<Connection> out;
  for (const auto& repo : c.repos) {
    if (!repo.path || repo.slug.empty()) {
      continue;
    }
    const std::string path = absolute_path(c.resolve(*repo.path));
    if (std::none_of(out.begin(), out.end(),
                     [&](const Connection& seen) { return seen.path == path; })) {
      out.push_back({path, repo.slug, repo.needs_remote});
    }
  }
  return out;
}

std::vector<const FleetRepo*> with_stack(const fleet::Fleet& c) {
  std::vector<const FleetRepo*> out;
  for (const auto& repo : c.repos) {
    if (repo.stack) {
      out.push_back(&repo);
    }
  }
  return out;
}

bool has_batch(const fleet::Fleet& c) {
  return std::any_of(c.repos.begin(), c.repos.end(), [](const FleetRepo& r) { return r.batch; });
}

bool is_rest(const FleetRepo& r) { return !r.pilot && !r.batch; }

std::string list_file(const fleet::Fleet& c, const std::function<bool(const FleetRepo&)>& keep);

std::vector<Phase> phases(const fleet::Fleet& c, const Settings& s) {
  const auto& f = c.settings;
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
    std::string marked;
    for (const auto& connection : connections(c)) {
      if (connection.needs_remote) {
        marked += (marked.empty() ? "" : ", ") + connection.slug;
      }
    }
    if (!marked.empty()) {
      p0.text += " Marked `needs-remote: true` in covbar.yml (they exist on GitHub, their "
                 "clones have no remote; the script checks them with `gh repo view`, never "
                 "creates them, and stops if GitHub does not show them): " +
                 marked + ".";
    }
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
  const std::string config_arg = c.path.empty() ? "" : " --config " + word(absolute_path(c.path));
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
    p2.commands.push_back(
        {"dry run: clones, runs the script, pushes nothing",
         git_xargs(s, "--repo " + word(pilot->slug), true, false, add, rollout_pr)});
    p2.commands.push_back(
        {"live", git_xargs(s, "--repo " + word(pilot->slug), false, false, add, rollout_pr), true});
  }
  out.push_back(std::move(p2));

  Phase p3{"batch", "Phase 3: the batch", "", {}};
  const std::string selection = s.github_org.empty() ? "--repos " + word(scripts_dir + "/repos.txt")
                                                     : "--github-org " + word(s.github_org);
  p3.text = std::string(has_batch(c) ? "The batch (`batch: true`)" : "The other repositories") +
            " in one run, as draft pull requests, dry run first. A re-run does not update a pull "
            "request git-xargs already opened on that branch: close or merge it, or use a new "
            "`--branch-name`.";
  p3.commands.push_back({"dry run", git_xargs(s, selection, true, true, add, rollout_pr)});
  p3.commands.push_back({"live", git_xargs(s, selection, false, true, add, rollout_pr), true});
  out.push_back(std::move(p3));

  // With a declared batch (`batch: true`), the repositories in neither the pilot nor the batch
  // (the plan's backend and infrastructure) follow in a run of their own.
  if (has_batch(c) && !list_file(c, is_rest).empty()) {
    Phase rest{"rest", "Phase 3b: the other repositories", "", {}};
    rest.text = "The repositories outside the pilot and the batch, once the batch is merged: "
                "draft pull requests again, dry run first.";
    const std::string others = "--repos " + word(scripts_dir + "/other-repos.txt");
    rest.commands.push_back({"dry run", git_xargs(s, others, true, true, add, rollout_pr)});
    rest.commands.push_back({"live", git_xargs(s, others, false, true, add, rollout_pr), true});
    out.push_back(std::move(rest));
  }

  Phase p4{"deps", "Phase 4: dependency updates", "", {}};
  p4.text = "Python repositories as they declare their dependencies (uv.lock, poetry.lock or "
            "requirements files), TypeScript ones with bun; each a draft pull request the new CI "
            "checks. Dry run first: git-xargs clones, runs the update and shows what "
            "it would commit, and pushes nothing.";
  const PullRequest python_pr{
      branch + "-python-deps", "chore: update Python dependencies", "Update Python dependencies",
      "Upgrades the Python dependencies within the ranges the repository declares, in the file "
      "it locks them in (uv.lock by uv lock --upgrade, poetry.lock by poetry update --lock, or "
      "requirements.txt by uv pip compile --upgrade); only that file changes. The CI/CD workflow "
      "runs the tests and the "
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
  p4.commands.push_back({"Python (uv lock, poetry update --lock or uv pip compile), dry run",
                         git_xargs(s, python_repos, true, true, python_script, python_pr)});
  p4.commands.push_back(
      {"Python, live", git_xargs(s, python_repos, false, true, python_script, python_pr), true});
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
  p5.commands.push_back({"dry run", git_xargs(s, all_repos, true, true, sync_script, sync_pr)});
  p5.commands.push_back({"live", git_xargs(s, all_repos, false, true, sync_script, sync_pr), true});
  out.push_back(std::move(p5));
  return out;
}

std::string list_file(const fleet::Fleet& c, const std::function<bool(const FleetRepo&)>& keep) {
  std::string out;
  for (const auto* repo : with_stack(c)) {
    if (!repo->slug.empty() && keep(*repo)) {
      out += repo->slug + "\n";
    }
  }
  return out;
}

/// Phase 0 as a script (the template connect-repositories.sh): each local checkout connected
/// to its GitHub repository, doing only what is missing. Every step goes through `step`, which
/// runs it only with --live and prints it either way; the checks (`gh repo view`, git reads)
/// run in both modes. A repository marked `needs-remote` must exist on GitHub already.
std::string connect_script(const fleet::Fleet& c) {
  std::string calls;
  for (const auto& connection : connections(c)) {
    calls += fmt::format("connect {} {} {}{}\n", word(connection.path), word(connection.slug),
                         word(c.settings.default_branch),
                         connection.needs_remote ? " needs-remote" : "");
  }
  if (calls.empty()) {
    calls = "echo 'no repository of the fleet has a local path: nothing to connect'\n";
  }
  return actions::fill(actions::template_text("connect-repositories.sh"), {{"CALLS", calls}});
}

} // namespace

std::string plan_markdown(const fleet::Fleet& c, const Settings& s) {
  std::string out = "# Rollout plan\n\n";
  out += fmt::format("Generated by `covbar rollout plan` for {} repositories. Every git-xargs "
                     "command below uses only flags git-xargs {} has.\n",
                     c.repos.size(), actions::k_git_xargs.version);
  for (const auto& phase : phases(c, s)) {
    out += fmt::format("\n## {}\n\n{}\n", phase.title, phase.text);
    for (const auto& command : phase.commands) {
      out += fmt::format("\n{}:\n\n```sh\n{}\n```\n", command.comment, command.line);
    }
  }
  return out;
}

std::string plan_script(const fleet::Fleet& c, const Settings& s) {
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
      out += command.changes_github
                 ? "  if [[ $live == 1 ]]; then\n" + body +
                       "  else\n    echo 'skipped without --live: " + command.comment + "'\n  fi\n"
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

std::string git_xargs_installer(std::string_view version, std::span<const ReleaseBinary> binaries) {
  std::string sums;
  for (const auto& binary : binaries) {
    sums += fmt::format("  {}) sum={} ;;\n", binary.asset,
                        binary.sha256.empty() ? "''" : std::string(binary.sha256));
  }
  return actions::fill(actions::template_text("install-git-xargs.sh"),
                       {{"VERSION", std::string(version)}, {"SUMS", sums}});
}

std::vector<actions::GeneratedFile> scripts(const fleet::Fleet& c) {
  if (c.repos.empty()) {
    throw core::UsageError("the config has no fleet: add a 'fleet:' mapping");
  }
  std::string cases;
  for (const auto* repo : with_stack(c)) {
    cases += fmt::format("  {}) name={} ;;\n", word(repo_name(*repo)), word(repo->name));
  }
  // A repository under the ratchet gets its starting state in the rollout pull request,
  // from the figure the fleet's audit measured (Phase 1 writes audit.json beside scripts/).
  std::string ratchet_names;
  for (const auto* repo : with_stack(c)) {
    if (repo->policy == config::Policy::ratchet) {
      ratchet_names += (ratchet_names.empty() ? "" : " | ") + word(repo_name(*repo));
    }
  }
  const std::string start_ratchet =
      ratchet_names.empty() ? std::string()
                            : "\n" + actions::fill(actions::template_text("part-start-ratchet.sh"),
                                                   {{"RATCHET_NAMES", ratchet_names},
                                                    {"CONFIG", word(absolute_path(c.path))}});
  // The scripts are template files (src/actions/templates/*.sh) filled by the one filler.
  const std::map<std::string, std::string> values{
      {"CASES", cases},
      {"CENTRAL", c.settings.central.empty() ? "OWNER/CENTRAL" : c.settings.central},
      {"REF", c.settings.ref.empty() ? "main" : c.settings.ref},
      {"START_RATCHET", start_ratchet},
  };
  std::vector<actions::GeneratedFile> out;
  out.push_back({"connect-repositories.sh", connect_script(c)});
  out.push_back({"install-git-xargs.sh",
                 git_xargs_installer(actions::k_git_xargs.version, k_git_xargs_binaries)});
  for (const char* name :
       {"add-ci-cd-workflow.sh", "publish-central-workflows.sh", "sync-workflow-templates.sh",
        "update-python-deps.sh", "update-node-deps.sh"}) {
    out.push_back({name, actions::fill(actions::template_text(name), values)});
  }
  // The batch: the repositories marked `batch: true`, else every one but the pilot.
  out.push_back({"repos.txt", list_file(c, [&](const FleetRepo& r) {
                   return has_batch(c) ? r.batch : !r.pilot;
                 })});
  if (has_batch(c)) {
    out.push_back({"other-repos.txt", list_file(c, is_rest)});
  }
  out.push_back({"all-repos.txt", list_file(c, [](const FleetRepo&) { return true; })});
  out.push_back({"python-repos.txt",
                 list_file(c, [](const FleetRepo& r) { return *r.stack == Stack::python; })});
  out.push_back({"node-repos.txt",
                 list_file(c, [](const FleetRepo& r) { return *r.stack == Stack::typescript; })});
  return out;
}

} // namespace covbar::rollout
