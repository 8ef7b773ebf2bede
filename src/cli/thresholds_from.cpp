#include <algorithm>

#include <fmt/format.h>

#include "src/cli/common_options.hpp"
#include "src/core/error.hpp"
#include "src/core/paths.hpp"

namespace covbar::cli {

void CommonOptions::apply_thresholds_from(config::Policy gate_policy) {
  const std::string dir =
      !root.empty() ? root : core::find_repository_root(core::current_directory()).value_or(".");
  toolconfig::Findings findings;
  if (thresholds_from == "auto") {
    findings = toolconfig::read_all(dir);
  } else if (const auto source = toolconfig::source_from_name(thresholds_from)) {
    toolconfig::read_source(*source, dir, findings);
  } else {
    throw core::UsageError(fmt::format("--thresholds-from: expected {}, found '{}'",
                                       toolconfig::k_source_names, thresholds_from));
  }
  if (findings.files_read.empty()) {
    throw core::UsageError(fmt::format(
        "--thresholds-from {}: no settings of that tool under {} (README: where covbar reads "
        "each tool's thresholds)",
        thresholds_from, dir));
  }
  const auto from_tool = toolconfig::gate_thresholds(findings.thresholds, gate_policy);
  const std::string command_name =
      gate_policy == config::Policy::new_code_only ? "covbar diff" : "covbar check";
  if (from_tool.whole.empty() && from_tool.paths.empty()) {
    std::string found;
    for (const auto& t : findings.thresholds) {
      found +=
          fmt::format("; {} is a {} threshold", t.origin.text(), config::policy_name(t.policy));
    }
    for (const auto& note : findings.not_read) {
      found += "; " + note;
    }
    std::string files;
    for (const auto& f : findings.files_read) {
      files += (files.empty() ? "" : ", ") + f;
    }
    throw core::UsageError(fmt::format("--thresholds-from {}: {} holds no threshold {} applies{}",
                                       thresholds_from, files, command_name, found));
  }
  // The flag wins metric by metric; covbar.yml's thresholds give way to the tool's.
  std::vector<gate::Threshold> merged;
  if (given("--fail-under")) {
    merged = thresholds;
    for (auto& t : merged) {
      t.origin = "--fail-under";
    }
  }
  for (const auto& t : from_tool.whole) {
    const bool named = std::any_of(merged.begin(), merged.end(),
                                   [&](const gate::Threshold& m) { return m.metric == t.metric; });
    if (!named) {
      merged.push_back(t);
    }
  }
  thresholds = std::move(merged);
  tool_paths = from_tool.paths;
  tool_thresholds = std::move(findings.thresholds);
  for (auto& note : findings.not_read) {
    notes.push_back(std::move(note));
  }
}

} // namespace covbar::cli
