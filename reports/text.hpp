#pragma once

#include <string>

#include "reports/check_result.hpp"

namespace covbar::reports {

/// The terminal summary of `covbar check`: totals, the gate's verdict per threshold, and the
/// files with the most uncovered lines.
std::string render_check_text(const CheckResult& result);

} // namespace covbar::reports
