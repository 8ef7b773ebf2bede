#include "reports/diff_reports.hpp"

#include <fmt/format.h>

#include "reports/check_result.hpp"
#include "reports/escape.hpp"
#include "reports/json_writer.hpp"
#include "src/core/printable.hpp"

namespace covbar::reports {
namespace {

/// Consecutive runs of sorted line numbers.
std::vector<std::pair<std::uint32_t, std::uint32_t>> runs(const std::vector<std::uint32_t>& lines) {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> out;
  for (const auto n : lines) {
    if (!out.empty() && out.back().second + 1 == n) {
      out.back().second = n;
    } else {
      out.emplace_back(n, n);
    }
  }
  return out;
}

void write_lines(JsonWriter& out, const std::vector<std::uint32_t>& lines) {
  out.array();
  for (const auto n : lines) {
    out.number(n);
  }
  out.end();
}

/// diff-cover's per-file figure, a float: 100 - uncovered / measured * 100.
std::string diff_cover_percent(const gate::FileDiffCoverage& f) {
  const auto measured = f.covered.size() + f.uncovered.size();
  const double pct =
      100.0 - static_cast<double>(f.uncovered.size()) / static_cast<double>(measured) * 100.0;
  std::string s = fmt::format("{}", pct);
  return s.find_first_of(".e") == std::string::npos ? s + ".0" : s;
}

std::string verdict_line(const DiffResult& r) {
  if (!r.decision.evaluated) {
    return "";
  }
  std::string out;
  for (const auto& m : r.decision.results) {
    out += fmt::format(
        "  {} changed {} {} (minimum {}%){}\n", m.passed ? "ok  " : "FAIL",
        gate::metric_name(m.threshold.metric), percent_text(m.counter, r.precision),
        m.threshold.target.to_string(),
        m.threshold.origin.empty() ? "" : "  [from " + core::printable(m.threshold.origin) + "]");
  }
  return out + (r.decision.passed ? "PASS: changed-line coverage meets every threshold\n"
                                  : "FAIL: changed-line coverage is below a threshold\n");
}

} // namespace

std::string render_diff_text(const DiffResult& r) {
  const auto& c = r.coverage;
  std::string out = fmt::format("covbar diff: {}\n\n", core::printable(r.diff_name));
  for (const auto& f : c.files) {
    if (!f.measured) {
      out += fmt::format("  {}: {} changed line{}, not measured (no report knows this file)\n",
                         core::printable(f.path), f.changed, f.changed == 1 ? "" : "s");
      continue;
    }
    const model::Counter lines{f.covered.size(), f.covered.size() + f.uncovered.size()};
    if (lines.total == 0) {
      out +=
          fmt::format("  {}: {} changed, none instrumented\n", core::printable(f.path), f.changed);
      continue;
    }
    out += fmt::format("  {}: {} / {} changed lines covered ({})", core::printable(f.path),
                       lines.covered, lines.total, percent_text(lines, r.precision));
    out += f.uncovered.empty() ? "\n"
                               : fmt::format(", uncovered: {}\n", gate::line_ranges(f.uncovered));
  }
  if (c.lines.total == 0) {
    out += "\nNo changed line is instrumented by the coverage reports: nothing to hold to a "
           "threshold, so the gate passes.\n";
  } else {
    out += fmt::format("\nChanged lines: {} / {} covered ({})\n", c.lines.covered, c.lines.total,
                       percent_text(c.lines, r.precision));
  }
  if (c.has_branches && c.branches.total > 0) {
    out += fmt::format("Changed branches: {} / {} covered ({})\n", c.branches.covered,
                       c.branches.total, percent_text(c.branches, r.precision));
  }
  if (c.not_instrumented > 0) {
    out += fmt::format("Changed lines no report instruments (comments, blank lines, parts of "
                       "multi-line statements): {}\n",
                       c.not_instrumented);
  }
  if (c.not_measured > 0) {
    out += fmt::format("Changed lines in files no report knows: {}\n", c.not_measured);
  }
  const std::string verdict = verdict_line(r);
  return verdict.empty() ? out : out + "\n" + verdict;
}

std::string render_diff_json(const DiffResult& r, std::string_view version) {
  const auto& c = r.coverage;
  JsonWriter out;
  // diff-cover's keys first, as diff-cover writes them, so its readers read covbar's report.
  out.object().key("report_name").string(r.report_name).key("diff_name").string(r.diff_name);
  out.key("src_stats").object();
  for (const auto& f : c.files) {
    if (!f.measured || f.covered.size() + f.uncovered.size() == 0) {
      continue; // diff-cover lists only files with measured lines
    }
    out.key(f.path).object().key("percent_covered").number_text(diff_cover_percent(f));
    write_lines(out.key("violation_lines"), f.uncovered);
    write_lines(out.key("covered_lines"), f.covered);
    out.end();
  }
  // diff-cover: int(covered / total * 100), and 100 when nothing is measured.
  const std::uint64_t truncated = c.lines.total == 0 ? 100 : c.lines.covered * 100 / c.lines.total;
  out.end().key("total_num_lines").number(c.lines.total);
  out.key("total_num_violations").number(c.lines.total - c.lines.covered);
  out.key("total_percent_covered").number(truncated);
  out.key("num_changed_lines").number(c.changed);
  // covbar's own: the header, exact counts, what no report measured, the gate.
  out.line_break().header("diff", version);
  out.line_break().key("lines").counter(c.lines.covered, c.lines.total);
  if (c.has_branches) {
    out.key("branches").counter(c.branches.covered, c.branches.total);
  }
  out.key("not_instrumented_lines").number(c.not_instrumented);
  out.key("not_measured").array();
  for (const auto& f : c.files) {
    if (!f.measured) {
      out.object().key("path").string(f.path).key("changed_lines").number(f.changed).end();
    }
  }
  out.end().key("gate").object();
  out.key("evaluated").boolean(r.decision.evaluated).key("passed").boolean(r.decision.passed);
  out.key("thresholds").array();
  for (const auto& m : r.decision.results) {
    out.object().key("metric").string(gate::metric_name(m.threshold.metric));
    out.key("minimum").string(m.threshold.target.to_string());
    out.key("covered").number(m.counter.covered).key("total").number(m.counter.total);
    out.key("passed").boolean(m.passed);
    if (!m.threshold.origin.empty()) {
      out.key("from").string(m.threshold.origin);
    }
    out.end();
  }
  out.end().end().end();
  return out.finish();
}

std::string render_diff_markdown(const DiffResult& r) {
  const auto& c = r.coverage;
  std::string out = "## Changed-line coverage";
  if (r.decision.evaluated) {
    out += r.decision.passed ? ": passed" : ": failed";
  }
  out += fmt::format("\n\nDiff: {}\n\n", markdown_code(r.diff_name));
  if (c.lines.total == 0) {
    out += "No changed line is instrumented by the coverage reports.\n";
  } else {
    out += fmt::format("**{}** of changed lines covered ({} of {})",
                       percent_text(c.lines, r.precision), c.lines.covered, c.lines.total);
    if (c.has_branches && c.branches.total > 0) {
      out += fmt::format("; branches {} ({} of {})", percent_text(c.branches, r.precision),
                         c.branches.covered, c.branches.total);
    }
    out += "\n";
  }
  for (const auto& m : r.decision.results) {
    out += fmt::format("\n- {} changed {}: {} (minimum {}%)", m.passed ? "✅" : "❌",
                       gate::metric_name(m.threshold.metric), percent_text(m.counter, r.precision),
                       m.threshold.target.to_string());
  }
  if (!c.files.empty()) {
    out += "\n\n<details><summary>Files</summary>\n\n| File | Covered | Changed lines | Uncovered "
           "lines |\n"
           "|---|---:|---:|---|\n";
    for (const auto& f : c.files) {
      const model::Counter lines{f.covered.size(), f.covered.size() + f.uncovered.size()};
      out += fmt::format("| {} | {} | {} | {} |\n", markdown_cell_code(f.path),
                         f.measured ? percent_text(lines, r.precision) : "not measured", f.changed,
                         markdown_cell(gate::line_ranges(f.uncovered)));
    }
    out += "\n</details>\n";
  }
  if (c.not_instrumented > 0) {
    out += fmt::format("\n{} changed lines are not instrumented (comments, blank lines, parts of "
                       "multi-line statements).\n",
                       c.not_instrumented);
  }
  return out;
}

std::string render_annotations(const DiffResult& r, std::size_t max) {
  std::string out;
  std::size_t emitted = 0;
  std::size_t skipped = 0;
  for (const auto& f : r.coverage.files) {
    for (const auto& [first, last] : runs(f.uncovered)) {
      if (emitted == max) {
        ++skipped;
        continue;
      }
      const std::string message =
          first == last ? fmt::format("Changed line {} is not covered by tests", first)
                        : fmt::format("Changed lines {}-{} are not covered by tests", first, last);
      out += fmt::format("::warning file={},line={},endLine={},title={}::{}\n",
                         workflow_property(f.path), first, last,
                         workflow_property("covbar: uncovered change"), workflow_data(message));
      ++emitted;
    }
  }
  if (skipped > 0) {
    out += fmt::format("::notice title=covbar::{}\n",
                       workflow_data(fmt::format(
                           "{} more uncovered ranges not annotated (limit {})", skipped, max)));
  }
  return out;
}

} // namespace covbar::reports
