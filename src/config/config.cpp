#include "src/config/config.hpp"

#include <filesystem>

#include <fmt/format.h>

#include "parsers/detect.hpp"
#include "src/config/yaml_input.hpp"
#include "src/core/paths.hpp"

namespace covbar::config {
namespace {

constexpr std::uint64_t k_max_sprint_days = 366;
constexpr std::uint64_t k_max_sprints = 1000;

std::vector<gate::Threshold> thresholds_from(const YamlInput& in, const YAML::Node& node,
                                             std::vector<std::string_view> extra_keys = {},
                                             bool* per_file = nullptr) {
  if (node.IsScalar()) {
    try {
      auto parsed = gate::parse_thresholds(node.Scalar());
      if (parsed.empty()) {
        throw core::UsageError("empty");
      }
      return parsed;
    } catch (const core::UsageError&) {
      throw in.error(node, "a percentage (80) or metric=percentage pairs (lines=80,branches=70)");
    }
  }
  std::vector<std::string_view> keys{"lines", "branches", "functions", "statements", "combined"};
  keys.insert(keys.end(), extra_keys.begin(), extra_keys.end());
  std::vector<gate::Threshold> out;
  in.for_each_key(node, keys, [&](const std::string& key, const YAML::Node& value) {
    if (key == "per-file") {
      *per_file = in.boolean(value);
      return;
    }
    out.push_back({*gate::metric_from_name(key), in.decimal(value, 100)});
  });
  if (out.empty()) {
    throw in.error(node, "at least one metric");
  }
  return out;
}

gate::Metric metric_from(const YamlInput& in, const YAML::Node& node) {
  const auto metric = node.IsScalar() ? gate::metric_from_name(node.Scalar()) : std::nullopt;
  if (!metric) {
    throw in.error(node, "a metric: lines, branches, functions, statements or combined");
  }
  return *metric;
}

unsigned small_integer(const YamlInput& in, const YAML::Node& node, std::uint64_t min,
                       std::uint64_t max) {
  return static_cast<unsigned>(in.integer(node, min, max));
}

void read_ratchet(const YamlInput& in, const YAML::Node& node, RatchetSettings& r) {
  in.for_each_key(node, {"metric", "step", "sprint-days", "target", "slack", "granularity", "state"},
                  [&](const std::string& key, const YAML::Node& value) {
                    if (key == "metric") {
                      r.metric = metric_from(in, value);
                    } else if (key == "step") {
                      r.step = in.decimal(value, 100, true);
                    } else if (key == "sprint-days") {
                      r.sprint_days = small_integer(in, value, 1, k_max_sprint_days);
                    } else if (key == "target") {
                      r.target = in.decimal(value, 100);
                    } else if (key == "slack") {
                      r.slack = in.decimal(value, 100);
                    } else if (key == "granularity") {
                      r.granularity = in.decimal(value, 100, true);
                    } else {
                      r.state = in.string(value);
                    }
                  });
}

void read_audit(const YamlInput& in, const YAML::Node& node, AuditSettings& a) {
  in.for_each_key(node, {"metric", "target", "rate", "max-ratchet-sprints", "top-files"},
                  [&](const std::string& key, const YAML::Node& value) {
                    if (key == "metric") {
                      a.metric = metric_from(in, value);
                    } else if (key == "target") {
                      a.target = in.decimal(value, 100);
                    } else if (key == "rate") {
                      a.rate = in.decimal(value, 1'000'000, true);
                    } else if (key == "max-ratchet-sprints") {
                      a.max_ratchet_sprints = small_integer(in, value, 0, k_max_sprints);
                    } else {
                      a.top_files = small_integer(in, value, 0, 1000);
                    }
                  });
}

/// A name that goes into generated YAML, paths and shell words unquoted-safe: letters,
/// digits and `._-` (and `/` where `slash`).
bool plain_word(std::string_view text, bool slash) {
  if (text.empty()) {
    return false;
  }
  for (const char c : text) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == '-' || (slash && c == '/');
    if (!ok) {
      return false;
    }
  }
  return true;
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

/// One line of text without control characters (a build command, a ref).
std::string one_line(const YamlInput& in, const YAML::Node& node) {
  std::string text = in.string(node);
  for (const char c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      throw in.error(node, "one line of text");
    }
  }
  if (text.empty()) {
    throw in.error(node, "a non-empty value");
  }
  // It is written into a workflow's `with:`, where GitHub would evaluate an expression.
  if (text.find("${{") != std::string::npos) {
    throw in.error(node, "text without a GitHub expression ('${{')");
  }
  return text;
}

std::vector<std::string> versions(const YamlInput& in, const YAML::Node& node) {
  if (!node.IsSequence() || node.size() == 0) {
    throw in.error(node, "a non-empty list of versions");
  }
  std::vector<std::string> out;
  for (const auto& item : node) {
    out.push_back(word(in, item));
  }
  return out;
}

Deploy read_deploy(const YamlInput& in, const YAML::Node& node) {
  Deploy d;
  bool has_target = false;
  in.for_each_key(node,
                  {"target", "cluster", "service", "image", "container", "task-definition",
                   "project", "build-command", "output-directory", "working-directory"},
                  [&](const std::string& key, const YAML::Node& v) {
                    if (key == "target") {
                      const std::string t = in.string(v);
                      has_target = true;
                      if (t == "none") {
                        d.target = Deploy::Target::none;
                      } else if (t == "ecs") {
                        d.target = Deploy::Target::ecs;
                      } else if (t == "cloudflare-pages") {
                        d.target = Deploy::Target::cloudflare_pages;
                      } else if (t == "terragrunt") {
                        d.target = Deploy::Target::terragrunt;
                      } else {
                        throw in.error(v, "a deploy target: ecs, cloudflare-pages, terragrunt or "
                                          "none");
                      }
                    } else if (key == "cluster") {
                      d.cluster = word(in, v);
                    } else if (key == "service") {
                      d.service = word(in, v);
                    } else if (key == "image") {
                      d.image = word(in, v, true);
                    } else if (key == "container") {
                      d.container = word(in, v);
                    } else if (key == "task-definition") {
                      d.task_definition = word(in, v, true);
                    } else if (key == "project") {
                      d.project = word(in, v);
                    } else if (key == "build-command") {
                      d.build_command = one_line(in, v);
                    } else if (key == "output-directory") {
                      d.output_directory = word(in, v, true);
                    } else {
                      d.working_directory = word(in, v, true);
                    }
                  });
  if (!has_target) {
    throw in.error(node, "a mapping with a 'target'");
  }
  const auto require = [&](bool ok, const char* what) {
    if (!ok) {
      throw in.error(node, fmt::format("'{}' for this deploy target", what));
    }
  };
  if (d.target == Deploy::Target::ecs) {
    require(!d.cluster.empty(), "cluster");
    require(!d.service.empty(), "service");
    require(!d.image.empty(), "image");
    require(!d.container.empty(), "container");
  } else if (d.target == Deploy::Target::cloudflare_pages) {
    require(!d.project.empty(), "project");
    require(!d.build_command.empty(), "build-command");
    require(!d.output_directory.empty(), "output-directory");
  }
  return d;
}

FleetRepo read_repo(const YamlInput& in, const YAML::Node& item,
                    const std::vector<FleetRepo>& earlier) {
  FleetRepo repo;
  if (!item.Mark().is_null()) {
    repo.line = static_cast<std::size_t>(item.Mark().line) + 1;
    repo.column = static_cast<std::size_t>(item.Mark().column) + 1;
  }
  in.for_each_key(
      item,
      {"name", "reports", "path", "slug", "stack", "test-runner", "policy", "target", "pilot",
       "deploy"},
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
          const std::string stack = in.string(value);
          if (stack == "python") {
            repo.stack = Stack::python;
          } else if (stack == "typescript") {
            repo.stack = Stack::typescript;
          } else if (stack == "terragrunt") {
            repo.stack = Stack::terragrunt;
          } else {
            throw in.error(value, "a stack: python, typescript or terragrunt");
          }
        } else if (key == "test-runner") {
          repo.test_runner = in.string(value);
          if (repo.test_runner != "pytest" && repo.test_runner != "vitest" &&
              repo.test_runner != "bun") {
            throw in.error(value, "a test runner: pytest, vitest or bun");
          }
        } else if (key == "policy") {
          const auto policy = value.IsScalar() ? policy_from_name(value.Scalar()) : std::nullopt;
          if (!policy) {
            throw in.error(value, "a policy: hard-gate, ratchet or new-code-only");
          }
          repo.policy = *policy;
        } else if (key == "target") {
          repo.target = in.decimal(value, 100);
        } else if (key == "pilot") {
          repo.pilot = in.boolean(value);
        } else {
          repo.deploy = read_deploy(in, value);
        }
      });
  if (repo.name.empty()) {
    throw in.error(item, "a mapping with a 'name'");
  }
  if (repo.stack) {
    const bool python = *repo.stack == Stack::python;
    const bool typescript = *repo.stack == Stack::typescript;
    if (repo.test_runner.empty()) {
      repo.test_runner = python ? "pytest" : (typescript ? "vitest" : "");
    } else if ((python && repo.test_runner != "pytest") ||
               (typescript && repo.test_runner == "pytest") || *repo.stack == Stack::terragrunt) {
      throw in.error(item["test-runner"], fmt::format("a test runner for a {} repository",
                                                      stack_name(*repo.stack)));
    }
    const bool tg_deploy = repo.deploy.target == Deploy::Target::terragrunt;
    if ((*repo.stack == Stack::terragrunt) != tg_deploy) {
      throw in.error(item, "deploy target terragrunt exactly for the terragrunt stack");
    }
  }
  return repo;
}

std::vector<FleetRepo> read_repos(const YamlInput& in, const YAML::Node& node) {
  if (!node.IsSequence()) {
    throw in.error(node, "a list of repositories");
  }
  std::vector<FleetRepo> fleet;
  const FleetRepo* pilot = nullptr;
  for (const auto& item : node) {
    fleet.push_back(read_repo(in, item, fleet));
    if (fleet.back().pilot) {
      if (pilot != nullptr) {
        throw in.error(item["pilot"], "one pilot repository in the fleet");
      }
      pilot = &fleet.back();
    }
  }
  return fleet;
}

/// `fleet:` is either the list of repositories or a mapping of fleet-wide settings with the
/// list under `repositories:`.
void read_fleet(const YamlInput& in, const YAML::Node& node, Config& config) {
  if (node.IsSequence()) {
    config.fleet = read_repos(in, node);
    return;
  }
  FleetSettings& f = config.fleet_settings;
  in.for_each_key(node,
                  {"central", "ref", "runner", "python-versions", "node-versions", "environments",
                   "aws-region", "covbar-repository", "covbar-ref", "branch-name",
                   "default-branch", "repositories"},
                  [&](const std::string& key, const YAML::Node& v) {
                    if (key == "central") {
                      f.central = slug(in, v);
                    } else if (key == "ref") {
                      f.ref = word(in, v, true);
                    } else if (key == "runner") {
                      f.runner = word(in, v);
                    } else if (key == "python-versions") {
                      f.python_versions = versions(in, v);
                    } else if (key == "node-versions") {
                      f.node_versions = versions(in, v);
                    } else if (key == "environments") {
                      f.environments = versions(in, v);
                    } else if (key == "aws-region") {
                      f.aws_region = word(in, v);
                    } else if (key == "covbar-repository") {
                      f.covbar_repository = slug(in, v);
                    } else if (key == "covbar-ref") {
                      f.covbar_ref = word(in, v, true);
                    } else if (key == "branch-name") {
                      f.branch_name = word(in, v, true);
                    } else if (key == "default-branch") {
                      f.default_branch = word(in, v, true);
                    } else {
                      config.fleet = read_repos(in, v);
                    }
                  });
}

} // namespace

std::string_view policy_name(Policy policy) {
  switch (policy) {
  case Policy::hard_gate:
    return "hard-gate";
  case Policy::ratchet:
    return "ratchet";
  case Policy::new_code_only:
    return "new-code-only";
  }
  return "hard-gate";
}

std::string_view stack_name(Stack stack) {
  switch (stack) {
  case Stack::python:
    return "python";
  case Stack::typescript:
    return "typescript";
  case Stack::terragrunt:
    return "terragrunt";
  }
  return "python";
}

std::optional<Policy> policy_from_name(std::string_view name) {
  for (const auto p : {Policy::hard_gate, Policy::ratchet, Policy::new_code_only}) {
    if (policy_name(p) == name) {
      return p;
    }
  }
  return std::nullopt;
}

std::string Config::resolve(const std::string& relative) const {
  if (dir.empty() || relative == "-" || core::is_absolute_path(relative)) {
    return relative;
  }
  return core::join_path(dir, relative);
}

bool Config::in_force(Policy policy) const {
  if (!policies) {
    return true;
  }
  for (const auto p : *policies) {
    if (p == policy) {
      return true;
    }
  }
  return false;
}

Config load_config(const std::string& path) {
  return load_config(core::SourceText::read_file(path), path);
}

Config load_config(core::SourceText text, const std::string& path) {
  const YamlInput in(std::move(text));
  Config config;
  config.path = path;
  const auto slash = path.rfind('/');
  config.dir = slash == std::string::npos ? "" : path.substr(0, slash);
  if (config.dir.empty() && slash == 0) {
    config.dir = "/";
  }
  const YAML::Node& root = in.root();
  if (root.IsNull()) {
    return config; // an empty file: every default
  }
  in.for_each_key(
      root,
      {"version", "reports", "format", "root", "path-map", "include", "exclude", "precision",
       "target", "policy", "hard-gate", "new-code-only", "ratchet", "audit", "fleet"},
      [&](const std::string& key, const YAML::Node& value) {
        if (key == "version") {
          (void)in.integer(value, 1, 1);
        } else if (key == "reports") {
          config.reports = in.strings(value);
        } else if (key == "format") {
          const std::string name = in.string(value);
          if (!parsers::format_from_name(name)) {
            throw in.error(value, "a format: cobertura, lcov, istanbul or istanbul-summary");
          }
          config.format = name;
        } else if (key == "root") {
          config.root = in.string(value);
        } else if (key == "path-map") {
          config.path_map = in.strings(value);
          for (const auto& rule : *config.path_map) {
            if (rule.find('=') == std::string::npos || rule.front() == '=') {
              throw in.error(value, "FROM=TO path-map rules");
            }
          }
        } else if (key == "include") {
          config.include = in.strings(value);
        } else if (key == "exclude") {
          config.exclude = in.strings(value);
        } else if (key == "precision") {
          config.precision = small_integer(in, value, 0, 6);
        } else if (key == "target") {
          config.target = in.decimal(value, 100);
        } else if (key == "policy") {
          std::vector<Policy> policies;
          const YAML::Node list = value;
          const auto names = in.strings(list);
          for (std::size_t i = 0; i < names.size(); ++i) {
            const auto policy = policy_from_name(names[i]);
            if (!policy) {
              throw in.error(list.IsSequence() ? list[i] : list,
                             "a policy: hard-gate, ratchet or new-code-only");
            }
            policies.push_back(*policy);
          }
          config.policies = std::move(policies);
        } else if (key == "hard-gate") {
          in.for_each_key(value, {"fail-under", "paths"},
                          [&](const std::string& k, const YAML::Node& v) {
                            if (k == "fail-under") {
                              config.hard_gate_fail_under = thresholds_from(in, v);
                              return;
                            }
                            std::vector<gate::PathThreshold> paths;
                            if (!v.IsMap()) {
                              throw in.error(v, "a mapping of globs to thresholds");
                            }
                            for (const auto& entry : v) {
                              gate::PathThreshold pt;
                              pt.glob = in.string(entry.first);
                              pt.thresholds =
                                  thresholds_from(in, entry.second, {"per-file"}, &pt.per_file);
                              for (const auto& other : paths) {
                                if (other.glob == pt.glob) {
                                  throw in.error(entry.first.Mark(), "each glob once",
                                                 fmt::format("'{}' again", pt.glob));
                                }
                              }
                              paths.push_back(std::move(pt));
                            }
                            config.path_thresholds = std::move(paths);
                          });
        } else if (key == "new-code-only") {
          in.for_each_key(value, {"fail-under", "compare-branch", "partial-lines"},
                          [&](const std::string& k, const YAML::Node& v) {
                            if (k == "fail-under") {
                              config.new_code_fail_under = thresholds_from(in, v);
                              for (const auto& t : *config.new_code_fail_under) {
                                if (t.metric != gate::Metric::lines &&
                                    t.metric != gate::Metric::branches) {
                                  throw in.error(v, "lines and branches thresholds only");
                                }
                              }
                            } else if (k == "compare-branch") {
                              config.compare_branch = in.string(v);
                            } else {
                              const std::string mode = in.string(v);
                              if (mode != "covered" && mode != "missed") {
                                throw in.error(v, "covered or missed");
                              }
                              config.partial_lines = mode;
                            }
                          });
        } else if (key == "ratchet") {
          read_ratchet(in, value, config.ratchet);
        } else if (key == "audit") {
          read_audit(in, value, config.audit);
        } else {
          read_fleet(in, value, config);
        }
      });
  return config;
}

Config find_config(const std::string& explicit_path, const std::string& root) {
  if (!explicit_path.empty()) {
    return load_config(explicit_path);
  }
  const std::optional<std::string> dir =
      root.empty() ? core::find_repository_root(core::current_directory()) : root;
  if (dir) {
    const std::string candidate = core::join_path(*dir, k_config_file);
    std::error_code ec;
    if (std::filesystem::is_regular_file(candidate, ec)) {
      return load_config(candidate);
    }
  }
  return {};
}

} // namespace covbar::config
