#include "src/config/config.hpp"

#include <algorithm>
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

// covbar.yml's keys, section by section: what the reader accepts, and what the commands'
// option tables are checked against (is_key).
const std::vector<std::string_view> k_top_keys{"version",  "reports", "format",    "root",
                                               "path-map", "include", "exclude",   "precision",
                                               "target",   "policy",  "hard-gate", "new-code-only",
                                               "ratchet",  "audit",   "fleet"};
const std::vector<std::string_view> k_hard_gate_keys{"fail-under", "paths"};
const std::vector<std::string_view> k_new_code_keys{"fail-under", "compare-branch",
                                                    "partial-lines"};
const std::vector<std::string_view> k_ratchet_keys{"metric", "step",        "sprint-days", "target",
                                                   "slack",  "granularity", "state"};
const std::vector<std::string_view> k_audit_keys{"metric", "target", "rate", "max-ratchet-sprints",
                                                 "top-files"};

void read_ratchet(const YamlInput& in, const YAML::Node& node, RatchetSettings& r) {
  in.for_each_key(node, k_ratchet_keys, [&](const std::string& key, const YAML::Node& value) {
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
  in.for_each_key(node, k_audit_keys, [&](const std::string& key, const YAML::Node& value) {
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

bool is_key(std::string_view dotted) {
  const auto dot = dotted.find('.');
  const auto has = [](const std::vector<std::string_view>& keys, std::string_view key) {
    return std::find(keys.begin(), keys.end(), key) != keys.end();
  };
  if (dot == std::string_view::npos) {
    return has(k_top_keys, dotted);
  }
  const std::string_view section = dotted.substr(0, dot);
  const std::string_view key = dotted.substr(dot + 1);
  return (section == "hard-gate" && has(k_hard_gate_keys, key)) ||
         (section == "new-code-only" && has(k_new_code_keys, key)) ||
         (section == "ratchet" && has(k_ratchet_keys, key)) ||
         (section == "audit" && has(k_audit_keys, key));
}

Config load_config(const std::string& path) {
  return load_config(core::SourceText::read_file(path), path);
}

Config load_config(core::SourceText text, const std::string& path) {
  const YamlInput in(std::move(text));
  Config config;
  config.path = path;
  config.dir = core::directory_of(path);
  const YAML::Node& root = in.root();
  if (root.IsNull()) {
    return config; // an empty file: every default
  }
  in.for_each_key(root, k_top_keys, [&](const std::string& key, const YAML::Node& value) {
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
      in.for_each_key(value, k_hard_gate_keys, [&](const std::string& k, const YAML::Node& v) {
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
          pt.thresholds = thresholds_from(in, entry.second, {"per-file"}, &pt.per_file);
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
      in.for_each_key(value, k_new_code_keys, [&](const std::string& k, const YAML::Node& v) {
        if (k == "fail-under") {
          config.new_code_fail_under = thresholds_from(in, v);
          for (const auto& t : *config.new_code_fail_under) {
            if (t.metric != gate::Metric::lines && t.metric != gate::Metric::branches) {
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
    }
    // `fleet:` belongs to the fleet module (src/fleet), which reads it on its own.
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
