#pragma once

#include <string>
#include <vector>

#include "src/actions/workflows.hpp"

namespace covbar::actions {

/// actionlint cannot see a reusable workflow in another repository, so covbar checks its
/// callers itself: every job calling `<central>/.github/workflows/NAME.yml@REF` passes only
/// inputs and secrets NAME.yml declares, and every required one. Reads the generated text
/// (yaml-cpp), so it checks what is written, not what was meant. Returns the problems.
std::vector<std::string> check_callers(const std::vector<GeneratedFile>& files,
                                       const std::string& central);

} // namespace covbar::actions
