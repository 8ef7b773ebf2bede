#pragma once

#include <string>

#include "reports/check_result.hpp"

namespace covbar::reports {

/// `covbar check --json`: a stable contract for scripts (documented in README):
/// {"covbar":HEADER, "reports":[{"path","format"}], "totals":{METRICS},
///  "files":[{"path", METRICS}], "gate":{"evaluated","passed","thresholds":[...]}}
/// where METRICS holds "lines", "branches", "functions", "statements" (and, in totals,
/// "combined") as {"covered":N,"total":N}, each left out when the format has no such data,
/// and HEADER is JsonWriter::header's.
std::string render_check_json(const CheckResult& result, std::string_view version);

} // namespace covbar::reports
