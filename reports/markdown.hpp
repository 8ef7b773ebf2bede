#pragma once

#include <string>

#include "reports/check_result.hpp"

namespace covbar::reports {

/// `covbar check --markdown` and the GitHub job summary: verdict, totals table, thresholds,
/// and the files with the most uncovered lines in a collapsible section.
std::string render_check_markdown(const CheckResult& result);

} // namespace covbar::reports
