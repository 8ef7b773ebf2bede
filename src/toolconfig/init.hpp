#pragma once

#include <string>
#include <vector>

#include "src/toolconfig/tool_thresholds.hpp"

namespace covbar::toolconfig {

/// What `covbar init` found in a repository: its stacks and test runners, where they write
/// their reports, every tool's thresholds; and the covbar.yml that amounts to.
struct InitPlan {
  std::vector<std::string> stack; ///< `python (pyproject.toml)`, `jest (package.json)`, ...
  Findings findings;
  std::string covbar_yml; ///< commented; load_config reads it
  std::string summary;    ///< what was found and what was not read, for standard output
};

/// Looks at `root` (never runs anything there) and plans its covbar.yml. A malformed setting
/// file is a located core::InputError.
InitPlan plan_init(const std::string& root);

} // namespace covbar::toolconfig
