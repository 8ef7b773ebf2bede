#include "src/actions/validate.hpp"

#include <map>
#include <set>
#include <utility>

#include <fmt/format.h>

#include <yaml-cpp/yaml.h>

namespace covbar::actions {
namespace {

struct Interface {
  std::map<std::string, bool> inputs;  ///< name → required without a default
  std::map<std::string, bool> secrets; ///< name → required
};

Interface interface_of(const YAML::Node& root) {
  Interface out;
  const YAML::Node call = root["on"]["workflow_call"];
  for (const auto& entry : call["inputs"]) {
    const YAML::Node& spec = entry.second;
    const bool required = spec["required"] && spec["required"].as<std::string>() == "true";
    out.inputs[entry.first.as<std::string>()] = required && !spec["default"];
  }
  for (const auto& entry : call["secrets"]) {
    const YAML::Node& spec = entry.second;
    out.secrets[entry.first.as<std::string>()] =
        spec["required"] && spec["required"].as<std::string>() == "true";
  }
  return out;
}

void check_section(const std::string& where, const char* kind, const YAML::Node& given,
                   const std::map<std::string, bool>& declared,
                   std::vector<std::string>& problems) {
  std::set<std::string> passed;
  for (const auto& entry : given) {
    const std::string name = entry.first.as<std::string>();
    passed.insert(name);
    if (!declared.contains(name)) {
      problems.push_back(fmt::format("{}: passes {} '{}', which the workflow does not declare",
                                     where, kind, name));
    }
  }
  for (const auto& [name, required] : declared) {
    if (required && !passed.contains(name)) {
      problems.push_back(fmt::format("{}: misses required {} '{}'", where, kind, name));
    }
  }
}

} // namespace

std::vector<std::string> check_callers(const std::vector<GeneratedFile>& files,
                                       const std::string& central) {
  std::vector<std::string> problems;
  std::map<std::string, Interface> reusable;
  constexpr std::string_view prefix = "central/.github/workflows/";
  for (const auto& file : files) {
    if (!file.path.starts_with(prefix)) {
      continue;
    }
    const YAML::Node root = YAML::Load(file.text);
    // Only reusable workflows have an interface; the scheduled audit is called by nobody.
    if (std::as_const(root)["on"]["workflow_call"]) {
      reusable[file.path.substr(prefix.size())] = interface_of(root);
    }
  }
  const std::string uses_prefix = central + "/.github/workflows/";
  for (const auto& file : files) {
    if (file.path.starts_with(prefix) || !file.path.ends_with(".yml")) {
      continue;
    }
    const YAML::Node root = YAML::Load(file.text);
    for (const auto& job : root["jobs"]) {
      const std::string where = fmt::format("{} job '{}'", file.path, job.first.as<std::string>());
      const YAML::Node uses = job.second["uses"];
      if (!uses) {
        continue;
      }
      const std::string target = uses.as<std::string>();
      const auto at = target.find('@');
      if (!target.starts_with(uses_prefix) || at == std::string::npos) {
        problems.push_back(
            fmt::format("{}: calls '{}', not a workflow of {}", where, target, central));
        continue;
      }
      const std::string name = target.substr(uses_prefix.size(), at - uses_prefix.size());
      const auto it = reusable.find(name);
      if (it == reusable.end()) {
        problems.push_back(fmt::format("{}: calls {}, which is not generated", where, name));
        continue;
      }
      check_section(where, "input", job.second["with"], it->second.inputs, problems);
      check_section(where, "secret", job.second["secrets"], it->second.secrets, problems);
    }
  }
  return problems;
}

} // namespace covbar::actions
