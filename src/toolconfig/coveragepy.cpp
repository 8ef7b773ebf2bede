// coverage.py's settings (coverage 7.x, coverage/config.py): [report] fail_under and
// precision, [xml] output, [run] branch, from .coveragerc ([report] or [coverage:report]),
// setup.cfg and tox.ini ([coverage:report]) or pyproject.toml ([tool.coverage.report]).

#include <fmt/format.h>

#include "src/core/paths.hpp"
#include "src/toolconfig/ini_file.hpp"
#include "src/toolconfig/readers.hpp"
#include "src/toolconfig/toml_input.hpp"

namespace covbar::toolconfig::detail {
namespace {

/// The settings coverage.py would use, each with where it was read.
struct Settings {
  std::optional<core::Percent> fail_under;
  Origin fail_under_at;
  unsigned precision = 0;
  std::optional<std::string> xml_output;
  Origin xml_output_at;
};

void add(const Settings& s, Findings& findings) {
  if (s.fail_under) {
    ToolThreshold t;
    t.tool = Tool::coveragepy;
    t.origin = s.fail_under_at;
    t.policy = config::Policy::hard_gate;
    t.metric = gate::Metric::combined; // coverage.py's TOTAL: statements and branches
    t.minimum = s.fail_under;
    t.rule = Rule::coveragepy;
    t.precision = s.precision;
    findings.thresholds.push_back(std::move(t));
  }
  findings.reports.push_back({"coverage.py (coverage xml, pytest --cov-report=xml)",
                              s.xml_output.value_or("coverage.xml"),
                              s.xml_output ? s.xml_output_at.text() : "default"});
}

/// One INI file; false when coverage.py would not use it (setup.cfg or tox.ini without a
/// [coverage:*] section).
bool read_ini(const std::string& root, const std::string& name, bool our_file, Findings& findings) {
  const auto path = existing(root, name);
  if (!path) {
    return false;
  }
  const IniFile ini(core::SourceText::read_file(*path));
  // .coveragerc takes [report] and [coverage:report]; the shared files only the prefixed one.
  std::vector<std::string> prefixes{"coverage:"};
  if (our_file) {
    prefixes.emplace_back("");
  }
  bool any = our_file;
  for (const auto& section : ini.sections()) {
    any = any || section.name.rfind("coverage:", 0) == 0;
  }
  if (!any) {
    return false;
  }
  findings.files_read.push_back(name);
  const auto find = [&](const std::string& section,
                        const std::string& key) -> std::pair<const IniFile::Value*, std::string> {
    for (const auto& prefix : prefixes) {
      if (const auto* v = ini.value(prefix + section, key)) {
        return {v, "[" + prefix + section + "] " + key};
      }
    }
    return {nullptr, {}};
  };
  Settings s;
  if (const auto [v, key] = find("report", "fail_under"); v != nullptr) {
    s.fail_under = parse_decimal(v->text, false);
    if (!s.fail_under) {
      throw ini.error(*v, "a number from 0 to 100 (covbar does not expand environment "
                          "variables)");
    }
    s.fail_under_at = {name, v->line, v->column, key};
  }
  if (const auto [v, key] = find("report", "precision"); v != nullptr) {
    if (v->text.size() != 1 || v->text[0] < '0' || v->text[0] > '6') {
      throw ini.error(*v, "a whole number from 0 to 6");
    }
    s.precision = static_cast<unsigned>(v->text[0] - '0');
  }
  if (const auto [v, key] = find("xml", "output"); v != nullptr) {
    s.xml_output = v->text;
    s.xml_output_at = {name, v->line, v->column, key};
  }
  add(s, findings);
  return true;
}

} // namespace

void read_coveragepy(Source source, const std::string& root, Findings& findings) {
  if (source == Source::coveragerc) {
    // coverage.py's own order: the first file with its settings is the one it uses.
    (void)(read_ini(root, ".coveragerc", true, findings) ||
           read_ini(root, "setup.cfg", false, findings) ||
           read_ini(root, "tox.ini", false, findings));
    return;
  }
  const auto path = existing(root, "pyproject.toml");
  if (!path) {
    return;
  }
  const core::SourceText text = core::SourceText::read_file(*path);
  const toml::table doc = parse_toml(text);
  const toml::node_view coverage = doc["tool"]["coverage"];
  if (!coverage) {
    return;
  }
  findings.files_read.emplace_back("pyproject.toml");
  Settings s;
  if (const toml::node* v = coverage["report"]["fail_under"].node()) {
    const auto number = toml_number_text(*v);
    s.fail_under = number ? parse_decimal(*number, false) : std::nullopt;
    if (!s.fail_under) {
      throw toml_value_error(text, *v,
                             "a number from 0 to 100 (covbar does not expand environment "
                             "variables)");
    }
    s.fail_under_at = toml_origin("pyproject.toml", *v, "[tool.coverage.report] fail_under");
  }
  if (const toml::node* v = coverage["report"]["precision"].node()) {
    const auto* i = v->as_integer();
    if (i == nullptr || i->get() < 0 || i->get() > 6) {
      throw toml_value_error(text, *v, "a whole number from 0 to 6");
    }
    s.precision = static_cast<unsigned>(i->get());
  }
  if (const toml::node* v = coverage["xml"]["output"].node()) {
    const auto* str = v->as_string();
    if (str == nullptr) {
      throw toml_value_error(text, *v, "a file name");
    }
    s.xml_output = str->get();
    s.xml_output_at = toml_origin("pyproject.toml", *v, "[tool.coverage.xml] output");
  }
  add(s, findings);
}

} // namespace covbar::toolconfig::detail
