// bun's bunfig.toml [test]: coverageThreshold (a fraction 0..1, or a table of lines,
// functions, statements), coverageDir and coverageReporter. bun holds each file to the
// threshold on its own, not the "All files" row (bun docs, guides/test/coverage-threshold).

#include <fmt/format.h>

#include "src/core/paths.hpp"
#include "src/toolconfig/readers.hpp"
#include "src/toolconfig/toml_input.hpp"

namespace covbar::toolconfig::detail {
namespace {

/// A fraction 0..1 as a percentage (0.9 is 90%), at most four decimals so that the
/// percentage has at most six.
std::optional<core::Percent> fraction(const toml::node& node) {
  const auto text = toml_number_text(node);
  const auto value = text ? core::Percent::parse(*text) : std::nullopt;
  if (!value || !value->at_most(1) || value->micro % 100 != 0) {
    return std::nullopt;
  }
  return core::Percent{value->micro * 100};
}

} // namespace

void read_bun(const std::string& root, Findings& findings) {
  const auto path = existing(root, "bunfig.toml");
  if (!path) {
    return;
  }
  const core::SourceText text = core::SourceText::read_file(*path);
  const toml::table doc = parse_toml(text);
  findings.files_read.emplace_back("bunfig.toml");
  const toml::node_view test = doc["test"];
  std::string dir = "coverage";
  std::string dir_origin = "default";
  if (const toml::node* v = test["coverageDir"].node()) {
    const auto* s = v->as_string();
    if (s == nullptr) {
      throw toml_value_error(text, *v, "a folder name");
    }
    dir = s->get();
    while (dir.rfind("./", 0) == 0) {
      dir.erase(0, 2);
    }
    dir_origin = toml_origin("bunfig.toml", *v, "[test] coverageDir").text();
  }
  findings.reports.push_back({"bun", core::join_path(dir, "lcov.info"), dir_origin});
  const toml::node* threshold = test["coverageThreshold"].node();
  if (threshold == nullptr) {
    return;
  }
  const std::string expected = "a fraction from 0 to 1 (0.9 is 90%, at most four decimals), or "
                               "a table of lines, functions, statements";
  const auto add = [&](gate::Metric metric, const toml::node& node, std::string key) {
    const auto value = fraction(node);
    if (!value) {
      throw toml_value_error(text, node, expected);
    }
    ToolThreshold t;
    t.tool = Tool::bun;
    t.origin = toml_origin("bunfig.toml", node, std::move(key));
    t.metric = metric;
    t.minimum = value;
    t.glob = "**";
    t.per_file = true;
    findings.thresholds.push_back(std::move(t));
  };
  if (const auto* table = threshold->as_table()) {
    for (const auto metric :
         {gate::Metric::lines, gate::Metric::functions, gate::Metric::statements}) {
      const std::string name(gate::metric_name(metric));
      if (const toml::node* v = table->get(name)) {
        add(metric, *v, "[test] coverageThreshold." + name);
      }
    }
    return;
  }
  // A number holds lines and functions, the two figures bun measures and prints.
  add(gate::Metric::lines, *threshold, "[test] coverageThreshold");
  add(gate::Metric::functions, *threshold, "[test] coverageThreshold");
}

} // namespace covbar::toolconfig::detail
