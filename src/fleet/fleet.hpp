#pragma once

#include <optional>
#include <string>
#include <vector>

#include "src/config/config.hpp"
#include "src/core/percent.hpp"

namespace covbar::fleet {

/// What a repository is built from; each stack has its own workflow.
enum class Stack { python, typescript, terragrunt, terraform_modules };
std::string_view stack_name(Stack stack);

/// How a Python repository installs its dependencies.
enum class Install { uv, pip, poetry };
std::string_view install_name(Install install);

/// mypy blocks the merge, or runs and reports without failing the check (the plan lets it
/// fail at first), or does not run.
enum class Mypy { blocking, non_blocking, off };
std::string_view mypy_name(Mypy mypy);

/// OIDC roles by default; long-lived access keys only as an explicit, warned opt-in.
enum class AwsAuth { oidc, access_keys };

/// How covbar's action installs covbar in the generated jobs: the release archive its
/// action.yml pins, or a build of the action's own source (forks and private mirrors
/// without release archives).
enum class CovbarInstall { release, source };

/// The Terraform modules stack's check besides fmt and validate.
enum class ModulesCheck { tflint, terraform_test };

/// One environment of the fleet, and the folder of the Terragrunt live repository that holds
/// it (`production` may live in `prod`).
struct Environment {
  std::string name;
  std::string folder;
};

/// Where a repository deploys in one environment, with that target's parameters.
struct Target {
  enum class Kind { ecs, cloudflare_pages, cloudflare_workers };
  Kind kind = Kind::ecs;
  std::string cluster;                                       ///< ecs
  std::string service;                                       ///< ecs
  std::string task_definition = ".aws/task-definition.json"; ///< ecs: JSON in the repository
  std::string image;                                         ///< ecs: the ECR repository name
  std::string container;        ///< ecs: the container in the task definition
  std::string project;          ///< cloudflare-pages
  std::string output_directory; ///< cloudflare-pages
  std::string script;           ///< cloudflare-workers: the Worker's name
  std::string build_command;    ///< cloudflare targets (empty: no build step for Workers)
  std::string url;              ///< smoke-tested after the deploy; empty: no smoke test
};
std::string_view target_kind_name(Target::Kind kind);

/// One environment's deploy of a repository.
struct Deploy {
  std::string environment;
  Target target;
};

/// The PostgreSQL service container of the Python test job.
struct Postgres {
  std::string image = "postgres:16";
  std::string user = "test";
  std::string password = "test"; ///< a throwaway password of the job's own container
  std::string database = "test";
};

/// One repository of the fleet (the audit reads `reports`; workflow generation the rest).
struct Repo {
  std::string name;
  std::vector<std::string> reports; ///< relative to covbar.yml
  std::optional<std::string> path;  ///< local checkout, relative to covbar.yml
  std::string slug;                 ///< owner/name on GitHub; empty when not given
  std::optional<Stack> stack;
  std::string test_runner; ///< pytest; vitest or bun
  config::Policy policy = config::Policy::hard_gate;
  std::optional<core::Percent> target; ///< the coverage target (default: the top level's, 80)
  bool pilot = false;
  bool batch = false;        ///< rolled out in the batch after the pilot
  bool needs_remote = false; ///< Phase 0: exists on GitHub, local clone has no remote
  Install install = Install::uv;
  std::string requirements = "requirements.txt"; ///< pip: the requirements file
  std::string test_command;                      ///< empty: the stack's default
  std::string coverage_report;                   ///< empty: the stack's default
  Mypy mypy = Mypy::blocking;
  std::string mypy_targets = ".";
  bool codecov = false;
  /// ratchet: a new best reaches the default branch as a direct commit, not a pull request
  bool ratchet_commit = false;
  bool playwright = false;
  Postgres postgres;
  std::string working_directory = ".";
  std::vector<std::string> python_versions; ///< empty: the fleet's
  std::vector<std::string> node_versions;   ///< empty: the fleet's
  std::vector<std::string> branches;        ///< empty: the fleet's
  std::vector<std::string> test_secrets;    ///< secret names the tests receive as env
  std::vector<std::string> deploy_secrets;  ///< secret names the deploys receive as env
  std::vector<Deploy> deploys;              ///< in the fleet's environment order
  std::vector<std::string> environments;    ///< terragrunt: the environments it applies
  ModulesCheck modules_check = ModulesCheck::tflint;
  std::size_t line = 0;   ///< where the entry starts in covbar.yml (1-based), for
  std::size_t column = 0; ///< messages about it after parsing
};

/// Fleet-wide settings for the generated workflows and the rollout.
struct Settings {
  std::string organisation; ///< the GitHub organisation; empty when not given
  std::string central;      ///< owner/name of the central workflows repository
  std::string ref;          ///< the ref every caller pins (a tag or a commit SHA)
  std::string runner = "ubuntu-24.04";
  std::vector<std::string> python_versions{"3.12", "3.13"};
  std::vector<std::string> node_versions{"22", "24"};
  std::string terraform_version = "1.5.0";
  std::vector<Environment> environments{{"staging", "staging"}, {"production", "production"}};
  std::string aws_region = "us-east-1";
  AwsAuth aws_auth = AwsAuth::oidc;
  std::vector<std::string> branches; ///< branches whose pushes and pull requests run CI
  std::string covbar_repository;     ///< owner/name of covbar's action (its root action.yml)
  std::string covbar_ref;            ///< the full 40-hex commit SHA every job pins it at
  CovbarInstall covbar_install = CovbarInstall::release;
  /// The secret holding a token that can read a private covbar-repository's releases; empty:
  /// no token reaches covbar's action (a public repository needs none).
  std::string covbar_token;
  std::string branch_name = "ci/covbar-rollout";
  std::string default_branch = "main";
  /// The secret holding the bot token that pushes ratchet updates and opens their pull request
  std::string bot_token = "COVBAR_BOT_TOKEN";

  /// The position of environment `name` in `environments`, -1 when it is not one.
  [[nodiscard]] int environment_index(const std::string& name) const;
};

/// covbar.yml's `fleet:` section, read apart from the coverage policy.
struct Fleet {
  std::string path;                            ///< covbar.yml
  std::string dir;                             ///< its directory, for relative paths
  std::optional<core::Percent> default_target; ///< the file's top-level `target`
  Settings settings;
  std::vector<Repo> repos;

  /// A path from the file, made relative to the current directory's view of it.
  [[nodiscard]] std::string resolve(const std::string& relative) const;
  /// The branches a repository's CI runs on.
  [[nodiscard]] const std::vector<std::string>& branches(const Repo& repo) const;
  [[nodiscard]] const Environment* environment(const std::string& name) const;
};

/// Reads the `fleet:` section of `config`'s file (already checked by config::load_config for
/// everything else). An unknown key, a wrong type, an unknown stack, an environment without
/// a deploy target or a secret name that is not an identifier throws a core::InputError
/// naming its line and column. Without a file or a `fleet:` the fleet has no repositories.
Fleet load(const config::Config& config);

/// A secret name GitHub accepts: letters, digits and '_', not starting with a digit or
/// GITHUB_.
bool valid_secret_name(std::string_view name);

} // namespace covbar::fleet
