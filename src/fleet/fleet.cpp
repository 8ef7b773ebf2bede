#include "src/fleet/fleet.hpp"

#include <algorithm>
#include <cctype>
#include <optional>
#include <utility>

#include <fmt/format.h>

#include "src/config/yaml_input.hpp"
#include "src/core/error.hpp"
#include "src/core/paths.hpp"

namespace covbar::fleet {
namespace {

using config::YamlInput;

/// A name that goes into generated YAML, paths and shell words unquoted-safe: letters,
/// digits and `._-` (and `/` where `slash`).
bool plain_word(std::string_view text, bool slash) {
  if (text.empty()) {
    return false;
  }
  return std::all_of(text.begin(), text.end(), [&](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-' || (slash && c == '/');
  });
}

std::string word(const YamlInput& in, const YAML::Node& node, bool slash = false) {
  std::string text = in.string(node);
  if (!plain_word(text, slash) || text.find("..") != std::string::npos) {
    throw in.error(node, slash ? "letters, digits, '.', '_', '-' and '/' only"
                               : "letters, digits, '.', '_' and '-' only");
  }
  return text;
}

std::string slug(const YamlInput& in, const YAML::Node& node) {
  std::string text = in.string(node);
  const auto slash = text.find('/');
  if (slash == std::string::npos || text.find('/', slash + 1) != std::string::npos ||
      !plain_word(text.substr(0, slash), false) || !plain_word(text.substr(slash + 1), false)) {
    throw in.error(node, "a GitHub repository as owner/name");
  }
  return text;
}

/// A full commit SHA (40 lowercase hex digits): what a `uses:` line pins an action to. A tag
/// or a branch can be moved to other code after the review; a commit cannot.
std::string commit_sha(const YamlInput& in, const YAML::Node& node) {
  std::string text = in.string(node);
  const bool ok = text.size() == 40 && std::all_of(text.begin(), text.end(), [](char c) {
                    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
                  });
  if (!ok) {
    // The length is said when it is wrong: a 41-digit value cut to fit would look right.
    std::string found = core::describe_found(text, 64);
    if (text.size() != 40) {
      found += fmt::format(" ({} characters)", text.size());
    }
    throw in.error(node.Mark(),
                   "a full commit SHA (40 lowercase hex digits), the commit of covbar's "
                   "release that the generated jobs pin its action to",
                   found);
  }
  return text;
}

/// One non-empty line of text (a build or test command); in.string refuses control
/// characters.
std::string one_line(const YamlInput& in, const YAML::Node& node) {
  std::string text = in.string(node);
  if (text.empty()) {
    throw in.error(node, "a non-empty value");
  }
  // It is written into a workflow's `with:`, where GitHub would evaluate an expression.
  if (text.find("${{") != std::string::npos) {
    throw in.error(node, "text without a GitHub expression ('${{')");
  }
  return text;
}

/// An https URL for the smoke test: no spaces, quotes or expressions.
std::string url(const YamlInput& in, const YAML::Node& node) {
  std::string text = in.string(node);
  const bool ok = text.starts_with("https://") && text.size() > 8 &&
                  std::all_of(text.begin(), text.end(), [](char c) {
                    return c > 0x20 && c < 0x7f && c != '"' && c != '\'' && c != '`' && c != '\\' &&
                           c != '$' && c != '{' && c != '}';
                  });
  if (!ok) {
    throw in.error(node, "an https:// URL");
  }
  return text;
}

std::vector<std::string> words(const YamlInput& in, const YAML::Node& node, bool slash = false) {
  if (!node.IsSequence() || node.size() == 0) {
    throw in.error(node, "a non-empty list");
  }
  std::vector<std::string> out;
  for (const auto& item : node) {
    out.push_back(word(in, item, slash));
  }
  return out;
}

std::string secret_name(const YamlInput& in, const YAML::Node& node) {
  if (!node.IsScalar() || !valid_secret_name(node.Scalar())) {
    throw in.error(node, "a secret name (letters, digits and '_', not starting with a digit "
                         "or GITHUB_)");
  }
  return node.Scalar();
}

std::vector<std::string> secret_names(const YamlInput& in, const YAML::Node& node) {
  if (!node.IsSequence()) {
    throw in.error(node, "a list of secret names");
  }
  std::vector<std::string> out;
  for (const auto& item : node) {
    const std::string name = secret_name(in, item);
    if (std::find(out.begin(), out.end(), name) != out.end()) {
      throw in.error(item.Mark(), "each secret once", fmt::format("'{}' again", name));
    }
    out.push_back(name);
  }
  return out;
}

template <class Enum>
Enum choice(const YamlInput& in, const YAML::Node& node,
            const std::vector<std::pair<std::string_view, Enum>>& options,
            const std::string& what) {
  if (node.IsScalar()) {
    for (const auto& [name, value] : options) {
      if (node.Scalar() == name) {
        return value;
      }
    }
  }
  std::string list;
  for (std::size_t i = 0; i < options.size(); ++i) {
    list += i == 0 ? "" : (i + 1 == options.size() ? " or " : ", ");
    list += options[i].first;
  }
  throw in.error(node, fmt::format("{}: {}", what, list));
}

Target read_target(const YamlInput& in, const YAML::Node& node) {
  Target t;
  bool has_kind = false;
  in.for_each_key(node,
                  {"target", "cluster", "service", "task-definition", "image", "container",
                   "project", "output-directory", "script", "build-command", "url"},
                  [&](const std::string& key, const YAML::Node& v) {
                    if (key == "target") {
                      has_kind = true;
                      t.kind = choice<Target::Kind>(
                          in, v,
                          {{"ecs", Target::Kind::ecs},
                           {"cloudflare-pages", Target::Kind::cloudflare_pages},
                           {"cloudflare-workers", Target::Kind::cloudflare_workers}},
                          "a deploy target");
                    } else if (key == "cluster") {
                      t.cluster = word(in, v);
                    } else if (key == "service") {
                      t.service = word(in, v);
                    } else if (key == "task-definition") {
                      t.task_definition = word(in, v, true);
                    } else if (key == "image") {
                      t.image = word(in, v, true);
                    } else if (key == "container") {
                      t.container = word(in, v);
                    } else if (key == "project") {
                      t.project = word(in, v);
                    } else if (key == "output-directory") {
                      t.output_directory = word(in, v, true);
                    } else if (key == "script") {
                      t.script = word(in, v);
                    } else if (key == "build-command") {
                      t.build_command = one_line(in, v);
                    } else {
                      t.url = url(in, v);
                    }
                  });
  if (!has_kind) {
    throw in.error(node, "a mapping with a 'target' (ecs, cloudflare-pages or "
                         "cloudflare-workers)");
  }
  const auto require = [&](bool ok, const char* what) {
    if (!ok) {
      throw in.error(node, fmt::format("'{}' for the {} target", what, target_kind_name(t.kind)));
    }
  };
  switch (t.kind) {
  case Target::Kind::ecs:
    require(!t.cluster.empty(), "cluster");
    require(!t.service.empty(), "service");
    require(!t.image.empty(), "image");
    require(!t.container.empty(), "container");
    break;
  case Target::Kind::cloudflare_pages:
    require(!t.project.empty(), "project");
    require(!t.build_command.empty(), "build-command");
    require(!t.output_directory.empty(), "output-directory");
    break;
  case Target::Kind::cloudflare_workers:
    require(!t.script.empty(), "script");
    break;
  }
  return t;
}

std::string environment_list(const Settings& s) {
  std::string out;
  for (std::size_t i = 0; i < s.environments.size(); ++i) {
    out += i == 0 ? "" : (i + 1 == s.environments.size() ? " or " : ", ");
    out += s.environments[i].name;
  }
  return out;
}

std::vector<Deploy> read_deploys(const YamlInput& in, const YAML::Node& node, const Settings& s) {
  if (!node.IsMap()) {
    throw in.error(node, "a mapping of environments to deploy targets");
  }
  std::vector<Deploy> out;
  for (const auto& entry : node) {
    const std::string env = entry.first.IsScalar() ? entry.first.Scalar() : std::string();
    const bool known = std::any_of(s.environments.begin(), s.environments.end(),
                                   [&](const Environment& e) { return e.name == env; });
    if (!known) {
      throw in.error(entry.first.Mark(),
                     fmt::format("an environment of the fleet ({})", environment_list(s)),
                     config::describe_node(entry.first));
    }
    if (std::any_of(out.begin(), out.end(),
                    [&](const Deploy& d) { return d.environment == env; })) {
      throw in.error(entry.first.Mark(), "each environment once", fmt::format("'{}' again", env));
    }
    out.push_back({env, read_target(in, entry.second)});
  }
  // The fleet's order: dev before staging before production.
  std::vector<Deploy> ordered;
  for (const auto& e : s.environments) {
    for (const auto& d : out) {
      if (d.environment == e.name) {
        ordered.push_back(d);
      }
    }
  }
  return ordered;
}

/// A container image reference: registry/name:tag or @sha256:digest.
std::string image(const YamlInput& in, const YAML::Node& node) {
  std::string text = in.string(node);
  const bool ok = !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-' || c == '/' || c == ':' || c == '@';
  });
  if (!ok) {
    throw in.error(node, "a container image (name:tag)");
  }
  return text;
}

Postgres read_postgres(const YamlInput& in, const YAML::Node& node) {
  Postgres p;
  in.for_each_key(node, {"image", "user", "password", "database"},
                  [&](const std::string& key, const YAML::Node& v) {
                    if (key == "image") {
                      p.image = image(in, v);
                    } else if (key == "user") {
                      p.user = word(in, v);
                    } else if (key == "password") {
                      p.password = word(in, v);
                    } else {
                      p.database = word(in, v);
                    }
                  });
  return p;
}

Repo read_repo(const YamlInput& in, const YAML::Node& item, const std::vector<Repo>& earlier,
               const Settings& s) {
  Repo repo;
  if (!item.Mark().is_null()) {
    repo.line = static_cast<std::size_t>(item.Mark().line) + 1;
    repo.column = static_cast<std::size_t>(item.Mark().column) + 1;
  }
  const YAML::Node* environments_node = nullptr;
  YAML::Node environments_value;
  YAML::Node deploy_value;
  std::optional<YAML::Node> ratchet_update_value;
  in.for_each_key(
      item,
      {"name",
       "reports",
       "path",
       "slug",
       "stack",
       "test-runner",
       "policy",
       "target",
       "pilot",
       "batch",
       "needs-remote",
       "install",
       "requirements",
       "test-command",
       "coverage-report",
       "mypy",
       "mypy-targets",
       "codecov",
       "playwright",
       "postgres",
       "working-directory",
       "python-versions",
       "node-versions",
       "branches",
       "secrets",
       "environments",
       "deploy",
       "modules-check",
       "ratchet-update"},
      [&](const std::string& key, const YAML::Node& value) {
        if (key == "name") {
          repo.name = word(in, value);
          for (const auto& other : earlier) {
            if (other.name == repo.name) {
              throw in.error(value.Mark(), "each repository once",
                             fmt::format("'{}' again", repo.name));
            }
          }
        } else if (key == "reports") {
          repo.reports = in.strings(value);
        } else if (key == "path") {
          repo.path = in.string(value);
        } else if (key == "slug") {
          repo.slug = slug(in, value);
        } else if (key == "stack") {
          repo.stack = choice<Stack>(in, value,
                                     {{"python", Stack::python},
                                      {"typescript", Stack::typescript},
                                      {"terragrunt", Stack::terragrunt},
                                      {"terraform-modules", Stack::terraform_modules}},
                                     "a stack");
        } else if (key == "test-runner") {
          repo.test_runner = in.string(value);
          if (repo.test_runner != "pytest" && repo.test_runner != "vitest" &&
              repo.test_runner != "bun") {
            throw in.error(value, "a test runner: pytest, vitest or bun");
          }
        } else if (key == "policy") {
          const auto policy =
              value.IsScalar() ? config::policy_from_name(value.Scalar()) : std::nullopt;
          if (!policy) {
            throw in.error(value, "a policy: hard-gate, ratchet or new-code-only");
          }
          repo.policy = *policy;
        } else if (key == "target") {
          repo.target = in.decimal(value, 100);
        } else if (key == "pilot") {
          repo.pilot = in.boolean(value);
        } else if (key == "batch") {
          repo.batch = in.boolean(value);
        } else if (key == "needs-remote") {
          repo.needs_remote = in.boolean(value);
        } else if (key == "install") {
          repo.install = choice<Install>(
              in, value, {{"uv", Install::uv}, {"pip", Install::pip}, {"poetry", Install::poetry}},
              "an install mode");
        } else if (key == "requirements") {
          repo.requirements = word(in, value, true);
        } else if (key == "test-command") {
          repo.test_command = one_line(in, value);
        } else if (key == "coverage-report") {
          repo.coverage_report = word(in, value, true);
        } else if (key == "mypy") {
          repo.mypy = choice<Mypy>(in, value,
                                   {{"blocking", Mypy::blocking},
                                    {"non-blocking", Mypy::non_blocking},
                                    {"off", Mypy::off}},
                                   "a mypy mode");
        } else if (key == "mypy-targets") {
          repo.mypy_targets = one_line(in, value);
        } else if (key == "codecov") {
          repo.codecov = in.boolean(value);
        } else if (key == "ratchet-update") {
          repo.ratchet_commit = choice<bool>(in, value, {{"pull-request", false}, {"commit", true}},
                                             "a ratchet update mode");
          ratchet_update_value = value;
        } else if (key == "playwright") {
          repo.playwright = in.boolean(value);
        } else if (key == "postgres") {
          repo.postgres = read_postgres(in, value);
        } else if (key == "working-directory") {
          repo.working_directory = word(in, value, true);
        } else if (key == "python-versions") {
          repo.python_versions = words(in, value);
        } else if (key == "node-versions") {
          repo.node_versions = words(in, value);
        } else if (key == "branches") {
          repo.branches = words(in, value, true);
        } else if (key == "secrets") {
          in.for_each_key(
              value, {"test", "deploy"}, [&](const std::string& k, const YAML::Node& v) {
                (k == "test" ? repo.test_secrets : repo.deploy_secrets) = secret_names(in, v);
              });
        } else if (key == "environments") {
          environments_value = value;
          environments_node = &environments_value;
        } else if (key == "deploy") {
          deploy_value = value;
          repo.deploys = read_deploys(in, value, s);
        } else {
          repo.modules_check = choice<ModulesCheck>(
              in, value,
              {{"tflint", ModulesCheck::tflint}, {"terraform-test", ModulesCheck::terraform_test}},
              "a modules check");
        }
      });
  if (repo.name.empty()) {
    throw in.error(item, "a mapping with a 'name'");
  }
  // The environments a repository deploys to: each needs a target in `deploy:` (or, for the
  // Terragrunt live stack, a folder of the fleet).
  if (environments_node != nullptr) {
    const YAML::Node& envs = *environments_node;
    if (!envs.IsSequence() || envs.size() == 0) {
      throw in.error(envs, "a non-empty list of environments");
    }
    for (const auto& e : envs) {
      const std::string name = in.string(e);
      if (s.environment_index(name) < 0) {
        throw in.error(e, fmt::format("an environment of the fleet ({})", environment_list(s)));
      }
      const bool terragrunt = repo.stack == Stack::terragrunt;
      const bool has_target = std::any_of(repo.deploys.begin(), repo.deploys.end(),
                                          [&](const Deploy& d) { return d.environment == name; });
      if (!terragrunt && !has_target) {
        throw in.error(e.Mark(),
                       fmt::format("a deploy target for environment '{}' in 'deploy'", name),
                       fmt::format("environment '{}' without one", name));
      }
      repo.environments.push_back(name);
    }
    for (const auto& d : repo.deploys) {
      if (std::find(repo.environments.begin(), repo.environments.end(), d.environment) ==
          repo.environments.end()) {
        throw in.error(std::as_const(deploy_value)[d.environment].Mark(),
                       "a deploy target only for the repository's 'environments'",
                       fmt::format("'{}'", d.environment));
      }
    }
  } else if (repo.stack == Stack::terragrunt) {
    for (const auto& e : s.environments) {
      repo.environments.push_back(e.name);
    }
  } else {
    for (const auto& d : repo.deploys) {
      repo.environments.push_back(d.environment);
    }
  }
  if (ratchet_update_value && repo.policy != config::Policy::ratchet) {
    throw in.error(*ratchet_update_value, "'ratchet-update' only for a repository whose policy "
                                          "is ratchet");
  }
  if (repo.stack) {
    const Stack stack = *repo.stack;
    const bool python = stack == Stack::python;
    const bool typescript = stack == Stack::typescript;
    if (repo.test_runner.empty()) {
      repo.test_runner = python ? "pytest" : (typescript ? "vitest" : "");
    } else if ((python && repo.test_runner != "pytest") ||
               (typescript && repo.test_runner == "pytest") || (!python && !typescript)) {
      throw in.error(item["test-runner"],
                     fmt::format("a test runner for a {} repository", stack_name(stack)));
    }
    if ((stack == Stack::terragrunt || stack == Stack::terraform_modules) &&
        !repo.deploys.empty()) {
      throw in.error(deploy_value, fmt::format("no 'deploy' for a {} repository (it applies "
                                               "its environment folders)",
                                               stack_name(stack)));
    }
    for (const auto& d : repo.deploys) {
      const bool ecs = d.target.kind == Target::Kind::ecs;
      if ((python && !ecs) || (typescript && ecs)) {
        throw in.error(std::as_const(deploy_value)[d.environment].Mark(),
                       fmt::format("a deploy target for a {} repository ({})", stack_name(stack),
                                   python ? "ecs" : "cloudflare-pages or cloudflare-workers"),
                       fmt::format("'{}'", target_kind_name(d.target.kind)));
      }
    }
  }
  return repo;
}

std::vector<Repo> read_repos(const YamlInput& in, const YAML::Node& node, const Settings& s) {
  if (!node.IsSequence()) {
    throw in.error(node, "a list of repositories");
  }
  std::vector<Repo> repos;
  bool pilot = false;
  for (const auto& item : node) {
    repos.push_back(read_repo(in, item, repos, s));
    if (repos.back().pilot && repos.back().batch) {
      throw in.error(item["batch"], "the pilot outside the batch");
    }
    if (repos.back().pilot) {
      if (pilot) {
        throw in.error(item["pilot"], "one pilot repository in the fleet");
      }
      pilot = true;
    }
  }
  return repos;
}

std::vector<Environment> read_environments(const YamlInput& in, const YAML::Node& node) {
  if (!node.IsSequence() || node.size() == 0) {
    throw in.error(node, "a non-empty list of environments");
  }
  std::vector<Environment> out;
  for (const auto& item : node) {
    Environment e;
    if (item.IsScalar()) {
      e.name = word(in, item);
    } else {
      in.for_each_key(item, {"name", "folder"}, [&](const std::string& key, const YAML::Node& v) {
        (key == "name" ? e.name : e.folder) = word(in, v, key == "folder");
      });
      if (e.name.empty()) {
        throw in.error(item, "a mapping with a 'name'");
      }
    }
    if (e.folder.empty()) {
      e.folder = e.name;
    }
    for (const auto& other : out) {
      if (other.name == e.name) {
        throw in.error(item.Mark(), "each environment once", fmt::format("'{}' again", e.name));
      }
    }
    out.push_back(std::move(e));
  }
  return out;
}

void read_fleet(const YamlInput& in, const YAML::Node& node, Fleet& fleet) {
  if (node.IsSequence()) {
    fleet.repos = read_repos(in, node, fleet.settings);
    return;
  }
  Settings& f = fleet.settings;
  // The repositories refer to the environments: read them once every setting is known.
  YAML::Node repositories;
  std::optional<YAML::Mark> token; // where covbar-token is, when it is given
  in.for_each_key(node,
                  {"organisation", "central", "ref", "runner", "python-versions", "node-versions",
                   "terraform-version", "environments", "aws-region", "aws-auth", "branches",
                   "covbar-repository", "covbar-ref", "covbar-install", "covbar-token",
                   "branch-name", "default-branch", "bot-token", "repositories"},
                  [&](const std::string& key, const YAML::Node& v) {
                    if (key == "organisation") {
                      f.organisation = word(in, v);
                    } else if (key == "central") {
                      f.central = slug(in, v);
                    } else if (key == "ref") {
                      f.ref = word(in, v, true);
                    } else if (key == "runner") {
                      f.runner = word(in, v);
                    } else if (key == "python-versions") {
                      f.python_versions = words(in, v);
                    } else if (key == "node-versions") {
                      f.node_versions = words(in, v);
                    } else if (key == "terraform-version") {
                      f.terraform_version = word(in, v);
                    } else if (key == "environments") {
                      f.environments = read_environments(in, v);
                    } else if (key == "aws-region") {
                      f.aws_region = word(in, v);
                    } else if (key == "aws-auth") {
                      f.aws_auth = choice<AwsAuth>(
                          in, v, {{"oidc", AwsAuth::oidc}, {"access-keys", AwsAuth::access_keys}},
                          "an AWS authentication");
                    } else if (key == "branches") {
                      f.branches = words(in, v, true);
                    } else if (key == "covbar-repository") {
                      f.covbar_repository = slug(in, v);
                    } else if (key == "covbar-ref") {
                      f.covbar_ref = commit_sha(in, v);
                    } else if (key == "covbar-install") {
                      f.covbar_install = choice<CovbarInstall>(
                          in, v,
                          {{"release", CovbarInstall::release}, {"source", CovbarInstall::source}},
                          "how covbar's action installs covbar");
                    } else if (key == "covbar-token") {
                      f.covbar_token = secret_name(in, v);
                      token = v.Mark();
                    } else if (key == "branch-name") {
                      f.branch_name = word(in, v, true);
                    } else if (key == "default-branch") {
                      f.default_branch = word(in, v, true);
                    } else if (key == "bot-token") {
                      f.bot_token = secret_name(in, v);
                    } else {
                      repositories = v;
                    }
                  });
  if (token && f.covbar_install == CovbarInstall::source) {
    // A build from the action's source downloads nothing: a token there would be a secret
    // handed to a step that has no use for it.
    throw in.error(*token,
                   "no 'covbar-token' with 'covbar-install: source' (a build from source "
                   "downloads nothing)",
                   "'" + f.covbar_token + "'");
  }
  if (repositories) {
    fleet.repos = read_repos(in, repositories, f);
  }
  if (!f.organisation.empty()) {
    for (const auto& repo : fleet.repos) {
      if (!repo.slug.empty() && !repo.slug.starts_with(f.organisation + "/")) {
        throw core::InputError(core::Location{fleet.path, repo.line, repo.column, {}, 0},
                               fmt::format("a repository of the organisation '{}'", f.organisation),
                               fmt::format("slug '{}'", repo.slug));
      }
    }
  }
}

} // namespace

std::string_view stack_name(Stack stack) {
  switch (stack) {
  case Stack::python:
    return "python";
  case Stack::typescript:
    return "typescript";
  case Stack::terragrunt:
    return "terragrunt";
  case Stack::terraform_modules:
    return "terraform-modules";
  }
  return "python";
}

std::string_view install_name(Install install) {
  switch (install) {
  case Install::uv:
    return "uv";
  case Install::pip:
    return "pip";
  case Install::poetry:
    return "poetry";
  }
  return "uv";
}

std::string_view mypy_name(Mypy mypy) {
  switch (mypy) {
  case Mypy::blocking:
    return "blocking";
  case Mypy::non_blocking:
    return "non-blocking";
  case Mypy::off:
    return "off";
  }
  return "blocking";
}

std::string_view target_kind_name(Target::Kind kind) {
  switch (kind) {
  case Target::Kind::ecs:
    return "ecs";
  case Target::Kind::cloudflare_pages:
    return "cloudflare-pages";
  case Target::Kind::cloudflare_workers:
    return "cloudflare-workers";
  }
  return "ecs";
}

bool valid_secret_name(std::string_view name) {
  if (name.empty() || (name[0] >= '0' && name[0] <= '9')) {
    return false;
  }
  std::string upper(name);
  std::transform(upper.begin(), upper.end(), upper.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  if (upper.starts_with("GITHUB_")) {
    return false;
  }
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
}

int Settings::environment_index(const std::string& name) const {
  for (std::size_t i = 0; i < environments.size(); ++i) {
    if (environments[i].name == name) {
      return static_cast<int>(i);
    }
  }
  return -1;
}

std::string Fleet::resolve(const std::string& relative) const {
  if (dir.empty() || relative == "-" || core::is_absolute_path(relative)) {
    return relative;
  }
  return core::join_path(dir, relative);
}

const std::vector<std::string>& Fleet::branches(const Repo& repo) const {
  return repo.branches.empty() ? settings.branches : repo.branches;
}

const Environment* Fleet::environment(const std::string& name) const {
  const int i = settings.environment_index(name);
  return i < 0 ? nullptr : &settings.environments[static_cast<std::size_t>(i)];
}

Fleet load(const config::Config& config) {
  Fleet fleet;
  fleet.path = config.path;
  fleet.dir = config.dir;
  fleet.default_target = config.target;
  if (config.path.empty()) {
    return fleet;
  }
  const YamlInput in = YamlInput::read_file(config.path);
  if (in.root().IsMap() && in.root()["fleet"]) {
    read_fleet(in, in.root()["fleet"], fleet);
  }
  if (fleet.settings.branches.empty()) {
    fleet.settings.branches = {fleet.settings.default_branch};
  }
  return fleet;
}

} // namespace covbar::fleet
