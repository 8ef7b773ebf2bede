// jest's coverageThreshold (package.json "jest", jest.config.json) and nyc's check-coverage
// settings (.nycrc, .nycrc.json, .nycrc.yml, .nycrc.yaml, package.json "nyc"), read as JSON or
// YAML through config::YamlInput. jest.config.{js,ts,mjs,cjs} and nyc.config.js are programs:
// covbar never evaluates them, it says where their threshold is written.

#include <filesystem>
#include <map>

#include <fmt/format.h>

#include "src/core/paths.hpp"
#include "src/toolconfig/readers.hpp"

namespace covbar::toolconfig::detail {
namespace {

constexpr gate::Metric k_istanbul_metrics[] = {gate::Metric::lines, gate::Metric::branches,
                                               gate::Metric::functions, gate::Metric::statements};

/// A file of `root` read as JSON/YAML, with its repository-relative name.
struct Document {
  std::string name;
  config::YamlInput in;
};

std::optional<Document> read_document(const std::string& root, const std::string& name) {
  const auto path = existing(root, name);
  if (!path) {
    return std::nullopt;
  }
  return Document{name, config::YamlInput::read_file(*path)};
}

std::string strip_dot_slash(std::string key) {
  while (key.rfind("./", 0) == 0) {
    key.erase(0, 2);
  }
  while (key.size() > 1 && key.back() == '/') {
    key.pop_back();
  }
  return key;
}

/// One group of jest's coverageThreshold (`global`, a path or a glob): a positive value is a
/// minimum percentage, a negative one the most uncovered items allowed (jest-reporters,
/// CoverageReporter._checkThreshold).
void jest_group(const Document& doc, const YAML::Node& group, const std::string& key_path,
                ToolThreshold base, Findings& findings) {
  if (!group.IsMap()) {
    throw doc.in.error(group, "a mapping of lines, branches, functions, statements");
  }
  for (const auto metric : k_istanbul_metrics) {
    const std::string name(gate::metric_name(metric));
    const YAML::Node value = member(group, name);
    if (!present(value)) {
      continue;
    }
    ToolThreshold t = base;
    t.metric = metric;
    t.origin = origin_of(doc.in, doc.name, value, key_path + "." + name);
    const std::string text = value.IsScalar() ? value.Scalar() : std::string();
    if (!text.empty() && text.front() == '-') {
      const auto count = core::Percent::parse(text.substr(1));
      if (!count || count->micro % core::Percent::k_scale != 0) {
        throw doc.in.error(value, "a percentage from 0 to 100, or a negative whole number "
                                  "(the most uncovered items allowed)");
      }
      t.max_uncovered = count->micro / core::Percent::k_scale;
      t.rule = Rule::exact;
    } else {
      if (!text.empty() && !parse_decimal(text, false)) {
        throw doc.in.error(value, "a percentage from 0 to 100, or a negative whole number "
                                  "(the most uncovered items allowed)");
      }
      t.minimum = percent_of(doc.in, value, false);
    }
    findings.thresholds.push_back(std::move(t));
  }
}

void jest_config(const std::string& root, const Document& doc, const YAML::Node& jest,
                 const std::string& prefix, Findings& findings) {
  findings.files_read.push_back(doc.name);
  const YAML::Node dir = member(jest, "coverageDirectory");
  findings.reports.push_back(
      {"jest",
       core::join_path(present(dir) ? strip_dot_slash(doc.in.string(dir)) : "coverage",
                       "coverage-final.json"),
       present(dir) ? origin_of(doc.in, doc.name, dir, prefix + "coverageDirectory").text()
                    : "default"});
  const YAML::Node thresholds = member(jest, "coverageThreshold");
  if (!present(thresholds)) {
    return;
  }
  if (!thresholds.IsMap()) {
    throw doc.in.error(thresholds, "a mapping of global, paths and globs");
  }
  ToolThreshold base;
  base.tool = Tool::jest;
  base.rule = Rule::istanbul_floor2;
  // Path and glob keys take their files out of `global` (jest docs, coverageThreshold).
  std::vector<std::string> taken;
  for (const auto& entry : thresholds) {
    const std::string key = doc.in.string(entry.first);
    if (key == "global") {
      continue;
    }
    ToolThreshold t = base;
    const std::string path = strip_dot_slash(key);
    std::error_code ec;
    const auto full = std::filesystem::path(core::join_path(root, path));
    if (std::filesystem::is_directory(full, ec)) {
      t.glob = path + "/**"; // a folder: its files together
    } else if (std::filesystem::is_regular_file(full, ec)) {
      t.glob = path; // a file
    } else {
      t.glob = path; // a glob: each matching file on its own
      t.per_file = true;
    }
    taken.push_back(t.glob);
    jest_group(doc, entry.second, prefix + "coverageThreshold." + key, t, findings);
  }
  const YAML::Node global = member(thresholds, "global");
  if (present(global)) {
    ToolThreshold t = base;
    if (!taken.empty()) {
      t.glob = "**";
      t.except = taken;
    }
    jest_group(doc, global, prefix + "coverageThreshold.global", t, findings);
  }
}

/// nyc's settings: package.json "nyc" under the rc file, key by key (@istanbuljs/load-nyc-config
/// merges them so); yargs takes `check-coverage` and `checkCoverage` alike.
struct NycKey {
  const Document* doc = nullptr;
  YAML::Node node;
  std::string key;
};

void nyc_take(const Document& doc, const YAML::Node& map, const std::string& prefix,
              std::map<std::string, NycKey>& keys) {
  if (!map.IsMap()) {
    throw doc.in.error(map, "a mapping of nyc's options");
  }
  for (const auto& entry : map) {
    std::string name = doc.in.string(entry.first);
    std::string canonical;
    for (const char c : name) {
      if (c >= 'A' && c <= 'Z') {
        canonical += '-';
        canonical += static_cast<char>(c - 'A' + 'a');
      } else {
        canonical += c;
      }
    }
    keys[canonical] = NycKey{&doc, entry.second, prefix + name};
  }
}

} // namespace

void read_jest(const std::string& root, Findings& findings) {
  if (auto pkg = read_document(root, "package.json")) {
    const YAML::Node jest = member(pkg->in.root(), "jest");
    if (present(jest)) {
      jest_config(root, *pkg, jest, "jest.", findings);
    }
  }
  if (auto doc = read_document(root, "jest.config.json")) {
    jest_config(root, *doc, doc->in.root(), "", findings);
  }
  for (const char* program :
       {"jest.config.js", "jest.config.ts", "jest.config.mjs", "jest.config.cjs"}) {
    if (existing(root, program)) {
      findings.not_read.push_back(program_note(root, program, "coverageThreshold"));
    }
  }
}

void read_nyc(const std::string& root, Findings& findings) {
  std::map<std::string, NycKey> keys;
  std::vector<Document> docs;
  docs.reserve(5);
  if (auto pkg = read_document(root, "package.json")) {
    const YAML::Node nyc = member(pkg->in.root(), "nyc");
    if (present(nyc)) {
      docs.push_back(std::move(*pkg));
      nyc_take(docs.back(), member(docs.back().in.root(), "nyc"), "nyc.", keys);
    }
  }
  for (const char* rc : {".nycrc", ".nycrc.json", ".nycrc.yml", ".nycrc.yaml"}) {
    if (auto doc = read_document(root, rc)) {
      docs.push_back(std::move(*doc));
      if (present(docs.back().in.root())) {
        nyc_take(docs.back(), docs.back().in.root(), "", keys);
      }
      break; // nyc reads the first rc file it finds
    }
  }
  for (const char* program : {".nycrc.js", "nyc.config.js", "nyc.config.cjs", "nyc.config.mjs"}) {
    if (existing(root, program)) {
      findings.not_read.push_back(program_note(root, program, "check-coverage"));
    }
  }
  for (const auto& doc : docs) {
    findings.files_read.push_back(doc.name);
  }
  if (docs.empty()) {
    return;
  }
  const auto at = [&](const std::string& key) -> const NycKey* {
    const auto it = keys.find(key);
    return it == keys.end() ? nullptr : &it->second;
  };
  const NycKey* dir = at("report-dir");
  findings.reports.push_back(
      {"nyc",
       core::join_path(dir ? strip_dot_slash(dir->doc->in.string(dir->node)) : "coverage",
                       "lcov.info"),
       dir ? origin_of(dir->doc->in, dir->doc->name, dir->node, dir->key).text() : "default"});
  const NycKey* check = at("check-coverage");
  const bool checking = check != nullptr && check->doc->in.boolean(check->node);
  const NycKey* per_file = at("per-file");
  const bool each = per_file != nullptr && per_file->doc->in.boolean(per_file->node);
  for (const auto metric : k_istanbul_metrics) {
    const NycKey* value = at(std::string(gate::metric_name(metric)));
    ToolThreshold t;
    t.tool = Tool::nyc;
    t.metric = metric;
    t.rule = Rule::istanbul_floor2;
    if (each) {
      t.glob = "**";
      t.per_file = true;
    }
    if (value != nullptr) {
      t.minimum = percent_of(value->doc->in, value->node, false);
      t.origin = origin_of(value->doc->in, value->doc->name, value->node, value->key);
    } else if (metric == gate::Metric::lines && checking) {
      // nyc's check-coverage defaults: lines 90, the others 0 (nyc 15, lib/commands).
      t.minimum = core::Percent::points(90);
      t.origin = origin_of(check->doc->in, check->doc->name, check->node,
                           check->key + ", lines defaults to 90");
    } else {
      continue;
    }
    if (!checking) {
      findings.not_read.push_back(fmt::format("{}: {} {} is not a gate: check-coverage is not true",
                                              t.origin.text(), gate::metric_name(metric),
                                              t.minimum->to_string()));
      continue;
    }
    findings.thresholds.push_back(std::move(t));
  }
}

} // namespace covbar::toolconfig::detail
