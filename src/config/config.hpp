#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "src/core/percent.hpp"
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
  std::optional<core::Percent> step;        ///< points per sprint (default 5)
  std::optional<unsigned> sprint_days;      ///< default 14
  std::optional<core::Percent> target;      ///< default: the top-level target, else 80
  std::optional<core::Percent> slack;       ///< points below the best still allowed (default 0)
  std::optional<core::Percent> granularity; ///< recorded figures move in these steps (0.1)
  std::optional<std::string> state;         ///< state file, relative to covbar.yml
};

struct AuditSettings {
  std::optional<gate::Metric> metric;
  std::optional<core::Percent> target;
  std::optional<core::Percent> rate;           ///< lines brought under test per hour
  std::optional<unsigned> max_ratchet_sprints; ///< longer than this: new-code-only
  std::optional<unsigned> top_files;           ///< files listed per repository
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
  std::optional<core::Percent> target;
  std::optional<std::vector<Policy>> policies;

  std::optional<std::vector<gate::Threshold>> hard_gate_fail_under;
  std::optional<std::vector<gate::PathThreshold>> path_thresholds;

  std::optional<std::vector<gate::Threshold>> new_code_fail_under;
  std::optional<std::string> compare_branch;
  std::optional<std::string> partial_lines;

  RatchetSettings ratchet;
  AuditSettings audit;

  /// A path from the file, made relative to the current directory's view of it.
  [[nodiscard]] std::string resolve(const std::string& relative) const;
  /// True when `policy` is in force; with no `policy:` key, every gate whose threshold is
  /// given is in force.
  [[nodiscard]] bool in_force(Policy policy) const;
};

/// The default file name, looked for at the repository root.
inline constexpr const char* k_config_file = "covbar.yml";

/// True when `dotted` ("root", "ratchet.step") is a key covbar.yml may hold: the keys the
/// reader accepts, for checking the commands' option tables against them.
bool is_key(std::string_view dotted);

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
