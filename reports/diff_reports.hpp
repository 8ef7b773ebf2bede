#pragma once

#include <string>
#include <string_view>

#include "src/gate/changed_lines_gate.hpp"
#include "src/gate/decision.hpp"

namespace covbar::reports {

/// Everything `covbar diff` prints, computed once.
struct DiffResult {
  gate::DiffCoverage coverage;
  gate::Decision decision;
  std::string diff_name;   ///< what was compared ("origin/main...HEAD, ...", or the diff file)
  std::string report_name; ///< the reports, comma-separated
  unsigned precision = 2;
};

/// Terminal: per file, changed instrumented lines, covered, uncovered ranges; totals; verdict.
std::string render_diff_text(const DiffResult& result);

/// A drop-in for diff-cover's JSON report: its keys for what they share (report_name,
/// diff_name, src_stats.<path>.{percent_covered, violation_lines, covered_lines},
/// total_num_lines, total_num_violations, total_percent_covered as diff-cover's truncated
/// integer, num_changed_lines), plus a "covbar" object with exact counts, branches, files
/// not measured and lines not instrumented, and the gate.
std::string render_diff_json(const DiffResult& result, std::string_view version);

/// PR comment / job summary: verdict, totals, a collapsible per-file table.
std::string render_diff_markdown(const DiffResult& result);

/// GitHub workflow commands, one `::warning` per uncovered range, at most `max` of them and
/// then one notice counting the rest.
std::string render_annotations(const DiffResult& result, std::size_t max);

} // namespace covbar::reports
