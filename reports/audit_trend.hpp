#pragma once

#include <string>

#include "reports/audit_table.hpp"

namespace covbar::reports {

/// The Markdown section under the audit table: one row per repository (its schedule, its
/// latest figure, what the schedule required that day, on track or not), then each
/// repository's recorded figures by date against its schedule. Empty without a trend.
std::string render_trend_markdown(const AuditResult& result);

/// The fleet page's section: per repository its schedule and status in words, its chart
/// inline (the same drawing as render_trend_svg) and the figures as a table (the chart's
/// text alternative), linking to its last report when given. Empty without a trend.
std::string render_trend_html(const AuditResult& result);

/// A repository's last-report link as the pages write it: a URL or a path starting with '/',
/// './' or '../' as it is; another relative path behind "./", so it never reads as a scheme.
std::string report_href(const std::string& link);

/// Every repository's chart in one SVG, one under the other. Deterministic.
std::string render_trend_svg(const AuditResult& result);

} // namespace covbar::reports
