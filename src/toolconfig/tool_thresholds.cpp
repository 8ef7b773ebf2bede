#include "src/toolconfig/tool_thresholds.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "src/core/error.hpp"
#include "src/core/int128.hpp"
#include "src/core/paths.hpp"
#include "src/toolconfig/readers.hpp"

namespace covbar::toolconfig {

std::string_view tool_name(Tool tool) {
  switch (tool) {
  case Tool::coveragepy:
    return "coverage.py";
  case Tool::jest:
    return "jest";
  case Tool::nyc:
    return "nyc";
  case Tool::bun:
    return "bun";
  case Tool::codecov:
    return "Codecov";
  }
  return "?";
}

std::string Origin::text() const {
  std::string out = file;
  if (line != 0) {
    out += fmt::format(":{}:{}", line, column);
  }
  return key.empty() ? out : out + " (" + key + ")";
}

std::optional<Source> source_from_name(std::string_view name) {
  constexpr std::pair<std::string_view, Source> k_names[] = {{"pyproject", Source::pyproject},
                                                             {"coveragerc", Source::coveragerc},
                                                             {"jest", Source::jest},
                                                             {"nyc", Source::nyc},
                                                             {"bun", Source::bun},
                                                             {"codecov", Source::codecov}};
  for (const auto& [n, s] : k_names) {
    if (n == name) {
      return s;
    }
  }
  return std::nullopt;
}

std::optional<core::Percent> parse_decimal(std::string_view text, bool allow_percent_sign) {
  if (allow_percent_sign && !text.empty() && text.back() == '%') {
    text.remove_suffix(1);
  }
  const auto value = core::Percent::parse(text);
  if (!value || !value->at_most(100)) {
    return std::nullopt;
  }
  return value;
}

void read_source(Source source, const std::string& root, Findings& findings) {
  switch (source) {
  case Source::pyproject:
  case Source::coveragerc:
    detail::read_coveragepy(source, root, findings);
    return;
  case Source::jest:
    detail::read_jest(root, findings);
    return;
  case Source::nyc:
    detail::read_nyc(root, findings);
    return;
  case Source::bun:
    detail::read_bun(root, findings);
    return;
  case Source::codecov:
    detail::read_codecov(root, findings);
    return;
  }
}

Findings read_all(const std::string& root) {
  Findings findings;
  // coverage.py reads the first of .coveragerc, setup.cfg, tox.ini, pyproject.toml that has
  // its settings (coverage/config.py, config_files_to_try): the INI ones, then pyproject.
  const std::size_t before = findings.files_read.size();
  detail::read_coveragepy(Source::coveragerc, root, findings);
  if (findings.files_read.size() == before) {
    detail::read_coveragepy(Source::pyproject, root, findings);
  }
  detail::read_jest(root, findings);
  detail::read_nyc(root, findings);
  detail::read_bun(root, findings);
  detail::read_codecov(root, findings);
  return findings;
}

GateThresholds gate_thresholds(const std::vector<ToolThreshold>& thresholds,
                               config::Policy policy) {
  GateThresholds out;
  for (const auto& t : thresholds) {
    // Codecov's `target: auto` on the project is a ratchet `covbar check` is asked to hold.
    const bool ours = t.policy == policy ||
                      (policy == config::Policy::hard_gate && t.policy == config::Policy::ratchet);
    if (!ours) {
      continue;
    }
    if (!t.minimum && !t.max_uncovered) {
      throw core::UsageError(fmt::format(
          "{}: target auto compares with the base commit's coverage, which {} cannot know: "
          "use a ratchet (covbar init writes one; covbar ratchet check), or give --fail-under",
          t.origin.text(),
          policy == config::Policy::new_code_only ? "covbar diff" : "covbar check"));
    }
    gate::Threshold threshold{t.metric, t.minimum.value_or(core::Percent{}), t.max_uncovered,
                              t.origin.text()};
    if (t.glob.empty()) {
      out.whole.push_back(std::move(threshold));
      continue;
    }
    gate::PathThreshold path;
    path.glob = t.glob;
    path.per_file = t.per_file;
    path.except = t.except;
    if (!t.except.empty()) {
      path.label = "files no other key matches";
    }
    // One row per scope: the thresholds of one key share a PathThreshold.
    auto same = std::find_if(out.paths.begin(), out.paths.end(), [&](const auto& p) {
      return p.glob == path.glob && p.per_file == path.per_file && p.except == path.except;
    });
    if (same == out.paths.end()) {
      out.paths.push_back(std::move(path));
      same = out.paths.end() - 1;
    }
    same->thresholds.push_back(std::move(threshold));
  }
  return out;
}

namespace {

/// coverage.py 7.x: results.py's pc_covered, 100.0 * covered / total as a double, and
/// should_fail_under's round(total, precision). printf's %.*f rounds the double's exact value
/// half to even, as Python's round does.
std::string coveragepy_rounded(const model::Counter& counter, unsigned precision) {
  const double pc = counter.total == 0 ? 100.0
                                       : 100.0 * static_cast<double>(counter.covered) /
                                             static_cast<double>(counter.total);
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", static_cast<int>(precision), pc);
  return text;
}

/// The figure the tool compares, as it would print it.
std::string tool_figure(const ToolThreshold& t, const model::Counter& counter) {
  if (t.rule == Rule::coveragepy) {
    return coveragepy_rounded(counter, t.precision);
  }
  return core::floor_percent(counter.covered, counter.total, 2);
}

std::string rule_text(const ToolThreshold& t) {
  switch (t.rule) {
  case Rule::coveragepy:
    return fmt::format("coverage.py rounds the total to {} decimal{} before comparing", t.precision,
                       t.precision == 1 ? "" : "s");
  case Rule::istanbul_floor2:
    return fmt::format("{} compares istanbul's percentage, floored to hundredths",
                       tool_name(t.tool));
  case Rule::exact:
    break;
  }
  return fmt::format("{} compares the exact figure", tool_name(t.tool));
}

} // namespace

bool tool_passes(const ToolThreshold& t, const model::Counter& counter) {
  if (t.max_uncovered) {
    return counter.total - counter.covered <= *t.max_uncovered;
  }
  const core::Percent minimum = t.minimum.value_or(core::Percent{});
  if (counter.total == 0) {
    return true; // every one of these tools counts 0 of 0 as 100%
  }
  switch (t.rule) {
  case Rule::exact:
    return minimum.met_by(counter);
  case Rule::coveragepy: {
    // should_fail_under: fail_under 100 needs exactly 100.0, else round(total, precision) <
    // fail_under fails.
    if (minimum == core::Percent::points(100)) {
      return counter.covered == counter.total;
    }
    const auto rounded = core::Percent::parse(coveragepy_rounded(counter, t.precision));
    return rounded && *rounded >= minimum;
  }
  case Rule::istanbul_floor2: {
    // istanbul-lib-coverage's percent(): Math.floor(100000 * covered / total / 10) / 100,
    // i.e. floored to hundredths of a point, compared with `<` by jest and nyc.
    const core::u128 hundredths = static_cast<core::u128>(counter.covered) * 10'000 / counter.total;
    return hundredths * 10'000 >= minimum.micro;
  }
  }
  return false;
}

std::vector<std::string> apply_tool_rules(gate::Decision& decision,
                                          const std::vector<ToolThreshold>& thresholds) {
  std::vector<std::string> notes;
  for (auto& result : decision.results) {
    const auto t = std::find_if(thresholds.begin(), thresholds.end(), [&](const auto& candidate) {
      return candidate.origin.text() == result.threshold.origin &&
             candidate.metric == result.threshold.metric;
    });
    if (t == thresholds.end()) {
      continue;
    }
    const bool tool_verdict = tool_passes(*t, result.counter);
    if (tool_verdict == result.passed) {
      continue;
    }
    const std::string where = result.scope.empty() ? "" : " (" + result.scope + ")";
    notes.push_back(fmt::format(
        "{} {}%{} against {} ({}): {} ({}), so {} alone would {}; covbar {} the exact figure; "
        "both must pass, so this threshold fails",
        gate::metric_name(result.threshold.metric),
        core::floor_percent(result.counter.covered, result.counter.total, 2), where,
        gate::minimum_text(result.threshold), result.threshold.origin, rule_text(*t),
        tool_figure(*t, result.counter), tool_name(t->tool), tool_verdict ? "pass" : "fail",
        result.passed ? "passes" : "fails"));
    if (result.passed) {
      result.passed = false;
      decision.passed = false;
    }
  }
  return notes;
}

namespace detail {

std::optional<std::string> existing(const std::string& root, const std::string& name) {
  const std::string path = core::join_path(root, name);
  std::error_code ec;
  if (std::filesystem::is_regular_file(path, ec)) {
    return path;
  }
  return std::nullopt;
}

YAML::Node member(const YAML::Node& map, const std::string& key) {
  if (!map.IsMap()) {
    return YAML::Node(YAML::NodeType::Undefined);
  }
  for (const auto& entry : map) {
    if (entry.first.IsScalar() && entry.first.Scalar() == key) {
      return entry.second;
    }
  }
  return YAML::Node(YAML::NodeType::Undefined);
}

Origin origin_of(const config::YamlInput& in, const std::string& file, const YAML::Node& node,
                 std::string key) {
  (void)in;
  const YAML::Mark mark = node.Mark();
  Origin origin{file, 0, 0, std::move(key)};
  if (!mark.is_null() && mark.line >= 0) {
    origin.line = static_cast<std::uint64_t>(mark.line) + 1;
    origin.column = static_cast<std::uint64_t>(mark.column) + 1;
  }
  return origin;
}

std::string program_mention(const std::string& root, const std::string& file,
                            const std::string& needle) {
  std::ifstream in(core::join_path(root, file));
  std::string line;
  for (std::uint64_t number = 1; std::getline(in, line); ++number) {
    if (line.find(needle) != std::string::npos) {
      return fmt::format("{}:{}", file, number);
    }
  }
  return file;
}

std::string program_note(const std::string& root, const std::string& file,
                         const std::string& needle) {
  const std::string at = program_mention(root, file, needle);
  return at == file
             ? fmt::format("{}: a program (covbar does not run it); a text search finds "
                           "no {} in it",
                           file, needle)
             : fmt::format("{}: a program (covbar does not run it); {} at {}", file, needle, at);
}

core::Percent percent_of(const config::YamlInput& in, const YAML::Node& node,
                         bool allow_percent_sign) {
  const auto value =
      node.IsScalar() ? parse_decimal(node.Scalar(), allow_percent_sign) : std::nullopt;
  if (!value) {
    throw in.error(node, allow_percent_sign ? "a percentage from 0 to 100 (80 or 80%)"
                                            : "a percentage from 0 to 100");
  }
  return *value;
}

} // namespace detail
} // namespace covbar::toolconfig
