#pragma once

#include <optional>
#include <string>
#include <vector>

#include "src/core/decimal.hpp"
#include "src/core/source_text.hpp"
#include "src/gate/threshold.hpp"

namespace covbar::config {

/// The three ways to 80% the rollout plan offers (Phase 6.2); several can be in force at once,
/// like Codecov's project and patch statuses.
enum class Policy { hard_gate, ratchet, new_code_only };

std::string_view policy_name(Policy policy);
std::optional<Policy> policy_from_name(std::string_view name);

struct RatchetSettings {
  std::optional<gate::Metric> metric;
  std::optional<core::Decimal> step;        ///< points per sprint (default 5)
  std::optional<unsigned> sprint_days;      ///< default 14
  std::optional<core::Decimal> target;      ///< default: the top-level target, else 80
  std::optional<core::Decimal> slack;       ///< points below the best still allowed (default 0)
  std::optional<core::Decimal> granularity; ///< recorded figures move in these steps (0.1)
  std::optional<std::string> state;         ///< state file, relative to covbar.yml
};

struct AuditSettings {
  std::optional<gate::Metric> metric;
  std::optional<core::Decimal> target;
  std::optional<core::Decimal> rate;             ///< lines brought under test per hour
  std::optional<unsigned> max_ratchet_sprints;   ///< longer than this: new-code-only
  std::optional<unsigned> top_files;             ///< files listed per repository
};

/// Where a repository deploys to, with that target's parameters.
struct Deploy {
  enum class Target { none, ecs, cloudflare_pages, terragrunt };
  Target target = Target::none;
  std::string cluster;           ///< ecs
  std::string service;           ///< ecs
  std::string image;             ///< ecs: the ECR repository name
  std::string container;         ///< ecs: the container in the task definition
  std::string task_definition = ".aws/task-definition.json"; ///< ecs
  std::string project;           ///< cloudflare-pages
  std::string build_command;     ///< cloudflare-pages
  std::string output_directory;  ///< cloudflare-pages
  std::string working_directory = "."; ///< terragrunt (and the Pages build)
};

enum class Stack { python, typescript, terragrunt };
std::string_view stack_name(Stack stack);

/// One repository of the fleet (the audit reads `reports`; workflow generation the rest).
struct FleetRepo {
  std::string name;
  std::vector<std::string> reports; ///< relative to covbar.yml
  std::optional<std::string> path;  ///< local checkout, relative to covbar.yml
  std::string slug;                 ///< owner/name on GitHub; empty when not given
  std::optional<Stack> stack;
  std::string test_runner;          ///< pytest; vitest or bun
  Policy policy = Policy::hard_gate;
  std::optional<core::Decimal> target; ///< the coverage target (default: the top level's, 80)
  bool pilot = false;
  Deploy deploy;
  std::size_t line = 0;             ///< where the entry starts in covbar.yml (1-based), for
  std::size_t column = 0;           ///< messages about it after parsing
};

/// Fleet-wide settings for the generated workflows and the rollout.
struct FleetSettings {
  std::string central;              ///< owner/name of the central workflows repository
  std::string ref;                  ///< the ref every caller pins (a tag or a commit SHA)
  std::string runner = "ubuntu-24.04";
  std::vector<std::string> python_versions{"3.12", "3.13"};
  std::vector<std::string> node_versions{"22", "24"};
  std::vector<std::string> environments{"staging", "production"};
  std::string aws_region = "us-east-1";
  std::string covbar_repository;    ///< owner/name covbar is built from in CI
  std::string covbar_ref;           ///< its tag or commit
  std::string branch_name = "ci/covbar-rollout";
  std::string default_branch = "main";
};

/// covbar.yml, every key optional: a command takes a value from its flag first, then from
/// here, then its built-in default. Paths are resolved against the file's directory.
struct Config {
  std::string path; ///< the file read, empty when there is none
  std::string dir;  ///< its directory, for relative paths

  std::optional<std::vector<std::string>> reports;
  std::optional<std::string> format;
  std::optional<std::string> root;
  std::optional<std::vector<std::string>> path_map;
  std::optional<std::vector<std::string>> include;
  std::optional<std::vector<std::string>> exclude;
  std::optional<unsigned> precision;
  std::optional<core::Decimal> target;
  std::optional<std::vector<Policy>> policies;

  std::optional<std::vector<gate::Threshold>> hard_gate_fail_under;
  std::optional<std::vector<gate::PathThreshold>> path_thresholds;

  std::optional<std::vector<gate::Threshold>> new_code_fail_under;
  std::optional<std::string> compare_branch;
  std::optional<std::string> partial_lines;

  RatchetSettings ratchet;
  AuditSettings audit;
  std::optional<std::vector<FleetRepo>> fleet;
  FleetSettings fleet_settings;

  /// A path from the file, made relative to the current directory's view of it.
  [[nodiscard]] std::string resolve(const std::string& relative) const;
  /// True when `policy` is in force; with no `policy:` key, every gate whose threshold is
  /// given is in force.
  [[nodiscard]] bool in_force(Policy policy) const;
};

/// The default file name, looked for at the repository root.
inline constexpr const char* k_config_file = "covbar.yml";

/// Reads and validates a covbar.yml. An unknown key, a wrong type or an out-of-range value
/// throws a core::InputError naming its line and column.
Config load_config(const std::string& path);
/// The same, from `text` already read (a covbar.yml taken from a commit); relative paths are
/// resolved as if the file were at `path`.
Config load_config(core::SourceText text, const std::string& path);

/// The config a command uses: `explicit_path` (--config) when given, else covbar.yml at
/// `root` (--root; when empty, the git work tree around the current directory) when it
/// exists, else an empty Config.
Config find_config(const std::string& explicit_path, const std::string& root);

} // namespace covbar::config
