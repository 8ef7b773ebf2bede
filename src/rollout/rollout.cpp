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
    plain = plain && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                      (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-' || c == '/' ||
                      c == ':' || c == '=' || c == '@' || c == '+' || c == ',');
  }
  return plain ? std::string(text) : core::shell_quote(text);
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

std::string git_xargs(const Settings& s, const std::string& selection, bool dry_run, bool draft,
                      const std::string& script, const std::string& branch,
                      const std::string& message, const std::string& title) {
  std::string line = "git-xargs \\\n  " + selection;
  line += " \\\n  --branch-name " + word(branch);
  line += " \\\n  --commit-message " + word(message);
  line += " \\\n  --pull-request-title " + word(title);
  line += " \\\n  --pull-request-description " + word(s.pr_description);
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

/// Phase 0 for one local clone: its GitHub repository made its origin and pushed. A
/// repository marked `needs-remote` exists on GitHub already (only checked with `gh repo
/// view`); any other is created first.
Command connect_remote(const FleetRepo& repo, const std::string& path,
                       const std::string& branch) {
  const std::string first = repo.needs_remote
                                ? fmt::format("gh repo view {} --json name", word(repo.slug))
                                : fmt::format("gh repo create {} --private", word(repo.slug));
  return {fmt::format("{}: {} {} on GitHub, add it as origin, push, verify", repo.name,
                      repo.needs_remote ? "find" : "create", repo.slug),
          fmt::format("{}\n"
                      "git -C {} remote add origin git@github.com:{}.git\n"
                      "git -C {} push -u origin {}\n"
                      "git -C {} ls-remote --heads origin {}",
                      first, word(path), repo.slug, word(path), word(branch), word(path),
                      word(branch)),
          true};
}

std::vector<Phase> phases(const fleet::Fleet& c, const Settings& s,
                          const std::vector<RemoteStatus>& remotes) {
  const auto& f = c.settings;
  const std::string branch = s.branch_name.empty() ? f.branch_name : s.branch_name;
  const std::string add = s.scripts_dir + "/add-ci-cd-workflow.sh";
  std::vector<Phase> out;

  Phase p0{"phase0", "Phase 0: repositories without a GitHub remote", "", {}};
  std::vector<std::string> seen_paths;
  for (const auto& r : remotes) {
    if (std::find(seen_paths.begin(), seen_paths.end(), r.path) != seen_paths.end()) {
      continue; // one checkout listed for several repositories: handled once
    }
    seen_paths.push_back(r.path);
    const FleetRepo* repo = nullptr;
    for (const auto& candidate : c.repos) {
      if (candidate.name == r.name) {
        repo = &candidate;
      }
    }
    if (repo == nullptr || repo->slug.empty()) {
      continue;
    }
    if (!r.is_git) {
      p0.commands.push_back({fmt::format("{}: {} is not a git repository yet", r.name, r.path),
                             fmt::format("git -C {} init -b {} && git -C {} add -A && git -C {} "
                                         "commit -m 'Initial commit'",
                                         word(r.path), word(f.default_branch), word(r.path),
                                         word(r.path))});
    }
    if (!r.is_git || r.origin.find("github.com") == std::string::npos) {
      p0.commands.push_back(connect_remote(*repo, r.path, f.default_branch));
    }
  }
  // Repositories covbar.yml says exist on GitHub without a remote in their local clone, when
  // that clone is not here to look at.
  for (const auto& repo : c.repos) {
    const bool inspected = std::any_of(remotes.begin(), remotes.end(),
                                       [&](const RemoteStatus& r) { return r.name == repo.name; });
    if (repo.needs_remote && !inspected && !repo.slug.empty() && repo.path) {
      p0.commands.push_back(connect_remote(repo, c.resolve(*repo.path), f.default_branch));
    }
  }
  p0.text = p0.commands.empty()
                ? "Every repository with a local path already has a GitHub remote."
                : "Detected from each repository's local `path` (`git remote get-url origin`), "
                  "and from `needs-remote: true` in covbar.yml for a clone not found here. "
                  "git-xargs only works on repositories that exist on GitHub.";
  out.push_back(std::move(p0));

  Phase prep{"prepare", "Phase 1: prepare", "", {}};
  prep.text = fmt::format(
      "git-xargs needs a GitHub token with the `repo` and `workflow` scopes in "
      "`GITHUB_OAUTH_TOKEN` (the `workflow` scope is what lets it push files under "
      "`.github/workflows/`). Install git-xargs {} from its release, checked against the "
      "release's SHA256SUMS. Then generate the workflows and the scripts, and publish the "
      "reusable workflows in `{}` at `{}` before any caller runs.",
      actions::k_git_xargs.version, f.central, f.ref);
  prep.commands.push_back(
      {"install git-xargs, verified",
       fmt::format("base=https://github.com/gruntwork-io/git-xargs/releases/download/{}\n"
                   "curl -fsSLO \"$base/git-xargs_linux_amd64\"\n"
                   "curl -fsSLO \"$base/SHA256SUMS\"\n"
                   "grep -E '  git-xargs_linux_amd64$' SHA256SUMS | sha256sum --check --strict -\n"
                   "install -m 0755 git-xargs_linux_amd64 \"$HOME/.local/bin/git-xargs\"",
                   actions::k_git_xargs.version)});
  prep.commands.push_back({"the token (repo and workflow scopes)",
                           ": \"${GITHUB_OAUTH_TOKEN:?export a token with the repo and workflow "
                           "scopes}\""});
  const std::string config_arg = c.path.empty() ? "" : " --config " + word(c.path);
  prep.commands.push_back(
      {"generate", fmt::format("covbar workflows generate{} --out {}\ncovbar rollout scripts{} "
                               "--out {}",
                               config_arg, word(s.workflows_dir), config_arg,
                               word(s.scripts_dir))});
  prep.commands.push_back(
      {fmt::format("publish the reusable workflows in {} (a pull request there), then tag {}",
                   f.central, f.ref),
       git_xargs(s, "--repo " + word(f.central), false, false,
                 s.scripts_dir + "/publish-central-workflows.sh", branch,
                 "ci: reusable workflows generated by covbar",
                 "CI/CD: reusable workflows (test, deploy, terraform)"),
       true});
  out.push_back(std::move(prep));

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
                           git_xargs(s, "--repo " + word(pilot->slug), true, false, add, branch,
                                     s.commit_message, s.pr_title)});
    p2.commands.push_back({"live",
                           git_xargs(s, "--repo " + word(pilot->slug), false, false, add, branch,
                                     s.commit_message, s.pr_title),
                           true});
  }
  out.push_back(std::move(p2));

  Phase p3{"batch", "Phase 3: the batch", "", {}};
  const std::string selection = s.github_org.empty()
                                    ? "--repos " + word(s.scripts_dir + "/repos.txt")
                                    : "--github-org " + word(s.github_org);
  p3.text = std::string(has_batch(c) ? "The batch (`batch: true`)" : "The other repositories") +
            " in one run, as draft pull requests, dry run first. A re-run does not update a pull "
            "request git-xargs already opened on that branch: close or merge it, or use a new "
            "`--branch-name`.";
  p3.commands.push_back({"dry run", git_xargs(s, selection, true, true, add, branch,
                                              s.commit_message, s.pr_title)});
  p3.commands.push_back(
      {"live", git_xargs(s, selection, false, true, add, branch, s.commit_message, s.pr_title),
       true});
  out.push_back(std::move(p3));

  // With a declared batch (`batch: true`), the repositories in neither the pilot nor the batch
  // (the plan's backend and infrastructure) follow in a run of their own.
  if (has_batch(c) && !list_file(c, is_rest).empty()) {
    Phase rest{"rest", "Phase 3b: the other repositories", "", {}};
    rest.text = "The repositories outside the pilot and the batch, once the batch is merged: "
                "draft pull requests again, dry run first.";
    const std::string others = "--repos " + word(s.scripts_dir + "/other-repos.txt");
    rest.commands.push_back({"dry run", git_xargs(s, others, true, true, add, branch,
                                                  s.commit_message, s.pr_title)});
    rest.commands.push_back(
        {"live", git_xargs(s, others, false, true, add, branch, s.commit_message, s.pr_title),
         true});
    out.push_back(std::move(rest));
  }

  Phase p4{"deps", "Phase 4: dependency updates", "", {}};
  p4.text = "Python repositories as they declare their dependencies (uv.lock, poetry.lock or "
            "requirements files), TypeScript ones with bun; each a draft pull request "
            "the new CI checks.";
  p4.commands.push_back(
      {"Python (uv lock, poetry update --lock or uv pip compile)",
       git_xargs(s, "--repos " + word(s.scripts_dir + "/python-repos.txt"), false, true,
                 s.scripts_dir + "/update-python-deps.sh", branch + "-python-deps",
                 "chore: update Python dependencies",
                 "Update Python dependencies"),
       true});
  p4.commands.push_back(
      {"TypeScript (bun update)",
       git_xargs(s, "--repos " + word(s.scripts_dir + "/node-repos.txt"), false, true,
                 s.scripts_dir + "/update-node-deps.sh", branch + "-node-deps",
                 "chore: update Node dependencies (bun update)", "Update Node dependencies"),
       true});
  out.push_back(std::move(p4));

  Phase p5{"sync", "Phase 5: keeping the callers in sync", "", {}};
  p5.text = fmt::format(
      "After a change to the fleet in covbar.yml: regenerate, publish again in `{}` (Phase 1's "
      "command, with a new branch name), move `{}` once it is merged, then let each repository "
      "take its caller from there.",
      f.central, f.ref);
  p5.commands.push_back(
      {"dry run", git_xargs(s, "--repos " + word(s.scripts_dir + "/all-repos.txt"), true, true,
                            s.scripts_dir + "/sync-workflow-templates.sh", branch + "-sync",
                            "ci: sync the CI/CD workflow from the central repository",
                            "CI/CD: sync the workflow from the central repository")});
  p5.commands.push_back(
      {"live", git_xargs(s, "--repos " + word(s.scripts_dir + "/all-repos.txt"), false, true,
                         s.scripts_dir + "/sync-workflow-templates.sh", branch + "-sync",
                         "ci: sync the CI/CD workflow from the central repository",
                         "CI/CD: sync the workflow from the central repository"),
       true});
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

} // namespace

std::vector<RemoteStatus> inspect_remotes(const fleet::Fleet& c) {
  std::vector<RemoteStatus> out;
  for (const auto& repo : c.repos) {
    if (!repo.path) {
      continue;
    }
    RemoteStatus r;
    r.name = repo.name;
    r.path = c.resolve(*repo.path);
    std::error_code ec;
    if (!std::filesystem::is_directory(r.path, ec)) {
      continue; // no local clone here to look at (Phase 0 then goes by needs-remote)
    }
    const auto top = core::run_command(fmt::format(
        "git -C {} rev-parse --show-toplevel 2>/dev/null", core::shell_quote(r.path)));
    r.is_git = top.status == 0 && std::filesystem::equivalent(
                                      std::string(top.out.substr(0, top.out.find('\n'))),
                                      r.path, ec);
    if (r.is_git) {
      const auto origin = core::run_command(fmt::format(
          "git -C {} remote get-url origin 2>/dev/null", core::shell_quote(r.path)));
      if (origin.status == 0) {
        r.origin = origin.out.substr(0, origin.out.find('\n'));
      }
    }
    out.push_back(std::move(r));
  }
  return out;
}

std::string plan_markdown(const fleet::Fleet& c, const Settings& s,
                          const std::vector<RemoteStatus>& remotes) {
  std::string out = "# Rollout plan\n\n";
  out += fmt::format("Generated by `covbar rollout plan` for {} repositories. Every git-xargs "
                     "command below uses only flags git-xargs {} has.\n",
                     c.repos.size(), actions::k_git_xargs.version);
  for (const auto& phase : phases(c, s, remotes)) {
    out += fmt::format("\n## {}\n\n{}\n", phase.title, phase.text);
    for (const auto& command : phase.commands) {
      out += fmt::format("\n{}:\n\n```sh\n{}\n```\n", command.comment, command.line);
    }
  }
  return out;
}

std::string plan_script(const fleet::Fleet& c, const Settings& s,
                        const std::vector<RemoteStatus>& remotes) {
  std::string out = "#!/usr/bin/env bash\n"
                    "# Generated by covbar rollout plan: the phased rollout, one phase per run.\n"
                    "# Usage: bash rollout.sh PHASE [--live]; without --live only the dry runs "
                    "run.\n"
                    "set -euo pipefail\n\n";
  const auto all = phases(c, s, remotes);
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

std::vector<actions::GeneratedFile> scripts(const fleet::Fleet& c) {
  if (c.repos.empty()) {
    throw core::UsageError("covbar: error: the config has no fleet: add a 'fleet:' mapping");
  }
  std::string cases;
  for (const auto* repo : with_stack(c)) {
    cases += fmt::format("  {}) name={} ;;\n", word(repo_name(*repo)), word(repo->name));
  }
  // The scripts are template files (src/actions/templates/*.sh) filled by the one filler.
  const std::map<std::string, std::string> values{
      {"CASES", cases},
      {"CENTRAL", c.settings.central.empty() ? "OWNER/CENTRAL" : c.settings.central},
      {"REF", c.settings.ref.empty() ? "main" : c.settings.ref},
  };
  std::vector<actions::GeneratedFile> out;
  for (const char* name : {"add-ci-cd-workflow.sh", "publish-central-workflows.sh",
                           "sync-workflow-templates.sh", "update-python-deps.sh",
                           "update-node-deps.sh"}) {
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
  out.push_back({"python-repos.txt", list_file(c, [](const FleetRepo& r) {
                   return *r.stack == Stack::python;
                 })});
  out.push_back({"node-repos.txt", list_file(c, [](const FleetRepo& r) {
                   return *r.stack == Stack::typescript;
                 })});
  return out;
}

} // namespace covbar::rollout
