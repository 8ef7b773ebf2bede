// Codecov's codecov.yml `coverage.status`: `project` (the whole report: a hard gate, or with
// `target: auto` a ratchet against the base commit) and `patch` (the changed lines: covbar
// diff). A status is `default` or a named one; `threshold` is the drop from the target still
// allowed. Codecov's figure is lines: hits / (hits + partials + misses).

#include <fmt/format.h>

#include "src/toolconfig/readers.hpp"

namespace covbar::toolconfig::detail {
namespace {

bool is_off(const YAML::Node& node) {
  return node.IsScalar() && (node.Scalar() == "off" || node.Scalar() == "false" ||
                             node.Scalar() == "no" || node.Scalar() == "False");
}

bool is_on(const YAML::Node& node) {
  return node.IsScalar() && (node.Scalar() == "on" || node.Scalar() == "true" ||
                             node.Scalar() == "yes" || node.Scalar() == "True");
}

void status(const config::YamlInput& in, const std::string& file, const YAML::Node& node,
            const std::string& key, bool patch, Findings& findings) {
  ToolThreshold t;
  t.tool = Tool::codecov;
  t.metric = gate::Metric::lines;
  t.policy = patch ? config::Policy::new_code_only : config::Policy::hard_gate;
  t.origin = origin_of(in, file, node, key);
  if (is_off(node)) {
    return;
  }
  if (!is_on(node) && !node.IsMap() && !node.IsNull()) {
    throw in.error(node, "a status: a mapping of target, threshold, ..., or on/off");
  }
  const YAML::Node target = member(node, "target");
  const YAML::Node threshold = member(node, "threshold");
  const YAML::Node informational = member(node, "informational");
  if (informational.IsDefined() && is_on(informational)) {
    findings.not_read.push_back(
        fmt::format("{}: informational, it never fails a commit: not a gate", t.origin.text()));
    return;
  }
  for (const char* scoped : {"flags", "paths"}) {
    const YAML::Node scope = member(node, scoped);
    if (scope.IsDefined() && !scope.IsNull()) {
      // A gate covbar cannot hold as Codecov does must not pass silently.
      throw in.error(scope, fmt::format("no '{}' in a status covbar holds (write its globs as "
                                        "hard-gate paths in covbar.yml)",
                                        scoped));
    }
  }
  if (threshold.IsDefined() && !threshold.IsNull()) {
    t.allowed_drop = percent_of(in, threshold, true);
  }
  if (target.IsDefined() && !target.IsNull() && !(target.IsScalar() && target.Scalar() == "auto")) {
    t.origin = origin_of(in, file, target, key + ".target");
    const core::Percent minimum = percent_of(in, target, true);
    t.minimum = minimum - t.allowed_drop;
    if (t.allowed_drop.micro != 0) {
      t.origin.key +=
          fmt::format(" {}% less threshold {}%", minimum.to_string(), t.allowed_drop.to_string());
    }
  } else {
    // `auto` (also the default): no better than the base commit, less `threshold`.
    if (!patch) {
      t.policy = config::Policy::ratchet;
    }
    if (target.IsDefined()) {
      t.origin = origin_of(in, file, target, key + ".target auto");
    } else {
      t.origin.key += " (target auto by default)";
    }
  }
  findings.thresholds.push_back(std::move(t));
}

void statuses(const config::YamlInput& in, const std::string& file, const YAML::Node& node,
              const std::string& key, bool patch, Findings& findings) {
  if (!node.IsDefined() || node.IsNull() || is_off(node)) {
    return;
  }
  if (is_on(node)) {
    status(in, file, node, key, patch, findings);
    return;
  }
  if (!node.IsMap()) {
    throw in.error(node, "statuses: a mapping of names (default, ...) to settings, or on/off");
  }
  for (const auto& entry : node) {
    const std::string name = in.string(entry.first);
    status(in, file, entry.second, key + "." + name, patch, findings);
  }
}

} // namespace

void read_codecov(const std::string& root, Findings& findings) {
  // Codecov looks for its file in these places, in this order (docs: codecov-yaml).
  for (const char* name :
       {"codecov.yml", ".codecov.yml", "codecov.yaml", ".codecov.yaml", ".github/codecov.yml",
        ".github/.codecov.yml", ".github/codecov.yaml", "dev/codecov.yml", ".config/codecov.yml"}) {
    const auto path = existing(root, name);
    if (!path) {
      continue;
    }
    const config::YamlInput in = config::YamlInput::read_file(*path);
    findings.files_read.emplace_back(name);
    const YAML::Node status_node = member(member(in.root(), "coverage"), "status");
    statuses(in, name, member(status_node, "project"), "coverage.status.project", false, findings);
    statuses(in, name, member(status_node, "patch"), "coverage.status.patch", true, findings);
    return;
  }
}

} // namespace covbar::toolconfig::detail
