#pragma once

#include <map>
#include <string>
#include <vector>

#include "src/audit/audit.hpp"
#include "src/audit/history.hpp"

namespace covbar::reports {

/// The audit of a fleet, read by the Markdown, JSON and CSV renderers.
struct AuditResult {
  audit::Rules rules;
  std::vector<audit::Row> rows;
  unsigned precision = 2;
  /// Each repository's figures in the fleet's history against its schedule (in the rows'
  /// order); empty when no history was read.
  std::vector<audit::Trend> trends;
  /// Each repository's last report (a URL or a relative path), by name; the pages link it.
  std::map<std::string, std::string> links;
  /// Where the trend's SVG is written, named in the Markdown; empty: nowhere.
  std::string trend_chart;
};

/// The plan's table: Repository | Current coverage | Gap to 80% | Lines to cover | Estimated
/// test-writing effort | Recommended strategy, then the fleet's total, the formula and rules,
/// and the files with the most uncovered lines per repository.
std::string render_audit_markdown(const AuditResult& result);
std::string render_audit_json(const AuditResult& result, const std::string& version);
/// The fleet page (covbar audit --html): the table as HTML, a bar per repository, each name
/// linking to its report(s) as given (relative paths stay relative to the page's folder's
/// parent, as an artifact keeps them), every text escaped.
std::string render_audit_html(const AuditResult& result);
/// RFC 4180 CSV, one row per repository and a last row for the fleet.
std::string render_audit_csv(const AuditResult& result);

/// One line of the fleet's coverage history (JSON Lines): the day, the metric, the target and
/// each repository's covered and total (or its problem), ending in a newline.
std::string render_audit_history_line(const AuditResult& result);

/// `history` (a history file's text) with `line` appended; a last line of the same day is
/// replaced, so running the audit twice on one day keeps one line for it.
std::string append_history_line(std::string history, const std::string& line,
                                const core::Date& day);

/// `covered / total` below `target`, in points, rounded up at `decimals` (so a printed
/// current figure plus its printed gap is never above the target).
std::string gap_points(const model::Counter& counter, core::Percent target, unsigned decimals);

} // namespace covbar::reports
