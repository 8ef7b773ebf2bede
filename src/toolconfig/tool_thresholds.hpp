#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "src/config/config.hpp"
#include "src/core/percent.hpp"
#include "src/gate/decision.hpp"
#include "src/gate/threshold.hpp"

namespace covbar::toolconfig {

/// The tools whose coverage settings covbar reads (`--thresholds-from`, `covbar init`).
enum class Tool { coveragepy, jest, nyc, bun, codecov };
std::string_view tool_name(Tool tool);

/// How the tool itself compares a figure with a threshold.
enum class Rule {
  exact,           ///< covered / total >= minimum, as covbar compares (bun, Codecov)
  coveragepy,      ///< coverage.py 7 `should_fail_under`: the total rounded to `precision`
                   ///< (Python's round, half to even) is compared; 100 must be exactly 100
  istanbul_floor2, ///< jest, nyc: istanbul's `pct`, floored to two decimals, is compared
};

/// Where a setting was read: `pyproject.toml:14:14` and the key as the tool names it.
struct Origin {
  std::string file;
  std::uint64_t line = 0;
  std::uint64_t column = 0;
  std::string key;
  [[nodiscard]] std::string text() const; ///< `file:line:col (key)`
};

/// One threshold as another tool's configuration states it.
struct ToolThreshold {
  Tool tool = Tool::coveragepy;
  Origin origin;
  /// What it amounts to: a project target is a hard gate, Codecov's patch target a
  /// new-code-only gate, Codecov's `target: auto` a ratchet.
  config::Policy policy = config::Policy::hard_gate;
  gate::Metric metric = gate::Metric::lines;
  std::optional<core::Percent> minimum;       ///< nullopt with `max_uncovered`, or `auto`
  std::optional<std::uint64_t> max_uncovered; ///< jest: a negative value
  core::Percent allowed_drop;                 ///< Codecov's `threshold`
  /// Empty: the whole report. Else the files under this glob, summed or each on its own.
  std::string glob;
  bool per_file = false;
  std::vector<std::string> except; ///< jest `global` with path keys: the files they take
  Rule rule = Rule::exact;
  unsigned precision = 0; ///< coverage.py's [report] precision, for Rule::coveragepy
};

/// Where a test runner writes its reports, and the setting that says so.
struct ReportSetting {
  std::string runner; ///< `coverage.py`, `jest`, `nyc`, `bun`
  std::string path;   ///< repository-relative
  std::string origin; ///< `file:line:col (key)`, or `default` when nothing sets it
};

/// Everything read from one repository's tool configuration.
struct Findings {
  std::vector<ToolThreshold> thresholds;
  std::vector<ReportSetting> reports;
  std::vector<std::string> files_read;
  /// What covbar did not read, and why: a program (jest.config.ts), a Codecov status with
  /// `flags`, an informational status, ... each naming its file and line where known.
  std::vector<std::string> not_read;
};

/// The values `--thresholds-from` takes (`auto` reads every one).
enum class Source { pyproject, coveragerc, jest, nyc, bun, codecov };
std::optional<Source> source_from_name(std::string_view name);
inline constexpr const char* k_source_names =
    "auto, pyproject, coveragerc, jest, nyc, bun, codecov";

/// Reads one source's files under `root`; a malformed file is a located core::InputError, an
/// unknown key is ignored. A source with no file gives empty Findings.
void read_source(Source source, const std::string& root, Findings& findings);
/// Every source (coverage.py's files in its own order: the first with coverage settings).
Findings read_all(const std::string& root);

/// The thresholds of `findings` as gate thresholds, for the command whose policy is `policy`:
/// the whole-report ones and the per-path ones. Each carries its origin.
struct GateThresholds {
  std::vector<gate::Threshold> whole;
  std::vector<gate::PathThreshold> paths;
};
GateThresholds gate_thresholds(const std::vector<ToolThreshold>& thresholds, config::Policy policy);

/// True when the tool's own comparison holds `counter` to `t` as passing (Rule).
bool tool_passes(const ToolThreshold& t, const model::Counter& counter);

/// Holds each result of `decision` that came from one of `thresholds` (same origin and
/// metric) to that tool's own rule as well: it passes only when covbar's exact comparison and
/// the tool's rule both pass it, so neither rounding opens the gate. Returns a note for each
/// result on which the two verdicts differ, saying which rule decided.
std::vector<std::string> apply_tool_rules(gate::Decision& decision,
                                          const std::vector<ToolThreshold>& thresholds);

/// Percent of a decimal text written as the tool writes it: `80`, `79.5`, `"80%"`
/// (`allow_percent_sign`); nullopt when it is not one.
std::optional<core::Percent> parse_decimal(std::string_view text, bool allow_percent_sign);

} // namespace covbar::toolconfig
