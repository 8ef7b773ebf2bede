#include "parsers/istanbul_summary.hpp"

#include <unordered_map>

#include <fmt/format.h>

#include "parsers/fast/json_split.hpp"
#include "parsers/istanbul_json.hpp"
#include "src/core/parallel.hpp"
#include "src/core/paths.hpp"

namespace covbar::parsers {
namespace {

namespace od = simdjson::ondemand;
constexpr std::size_t k_chunk_bytes = 8U << 20U;

model::Counter read_counter(const JsonReader& json, od::document& doc, od::value& value) {
  model::Counter c;
  od::object obj = json.object(value, "a summary counter");
  const char* at = json.where(value);
  for (auto field_result : obj) {
    od::field field;
    json.check(std::move(field_result).get(field), doc, "a counter member");
    const std::string_view name = json.key(field);
    od::value v = field.value();
    if (name == "total") {
      c.total = json.count(v, "a total");
    } else if (name == "covered") {
      c.covered = json.count(v, "a covered count");
    }
  }
  if (c.covered > c.total) {
    json.fail_at(at, "a counter with covered no larger than total");
  }
  return c;
}

model::Totals read_totals(const JsonReader& json, od::document& doc, od::value& value) {
  model::Totals t;
  od::object obj = json.object(value, "a file summary");
  for (auto field_result : obj) {
    od::field field;
    json.check(std::move(field_result).get(field), doc, "a summary member");
    const std::string_view name = json.key(field);
    od::value v = field.value();
    if (name == "lines") {
      t.lines = read_counter(json, doc, v);
      t.kinds.lines = true;
    } else if (name == "statements") {
      t.statements = read_counter(json, doc, v);
      t.kinds.statements = true;
    } else if (name == "functions") {
      t.functions = read_counter(json, doc, v);
      t.kinds.functions = true;
    } else if (name == "branches") {
      t.branches = read_counter(json, doc, v);
      t.kinds.branches = true;
    }
    // branchesTrue (reportLogic) is not a figure any gate uses.
  }
  return t;
}

} // namespace

model::CoverageReport parse_istanbul_summary(const core::SourceText& text) {
  const auto members = fast::split_top_level_object(text);
  const auto groups = fast::group_members(members, k_chunk_bytes);
  std::vector<std::vector<model::FileCoverage>> results(groups.size());
  std::vector<std::optional<model::Totals>> declared(groups.size());
  std::vector<std::vector<std::size_t>> offsets(groups.size()); ///< each file's key, for errors
  core::parallel_for(groups.size(), [&](std::size_t g) {
    const JsonChunk chunk(text.bytes(), members, groups[g].first, groups[g].second);
    text.release(members[groups[g].first].begin, members[groups[g].second - 1].end);
    const JsonReader json(text, chunk);
    od::parser parser;
    od::document doc;
    json.check_iterate(
        parser.iterate(chunk.data(), chunk.json().size(), chunk.capacity()).get(doc));
    od::object top;
    json.check(doc.get_object().get(top), doc, "a JSON object");
    std::size_t member = groups[g].first;
    for (auto field_result : top) {
      od::field field;
      json.check(std::move(field_result).get(field), doc, "an object member");
      const std::string key(json.key(field));
      od::value value = field.value();
      model::Totals totals = read_totals(json, doc, value);
      const std::size_t at = members[member++].begin;
      if (key == "total") {
        declared[g] = totals;
        continue;
      }
      offsets[g].push_back(at);
      model::FileCoverage file;
      file.path = core::normalize_path(key);
      file.kinds = totals.kinds;
      file.summary = std::make_shared<const model::Totals>(totals);
      results[g].push_back(std::move(file));
    }
  });
  model::CoverageReport report;
  report.origins.push_back({text.name(), "istanbul-summary", ""});
  std::unordered_map<std::string, std::size_t> seen;
  for (std::size_t g = 0; g < groups.size(); ++g) {
    if (declared[g]) {
      report.declared.lines = declared[g]->lines;
      report.declared.branches = declared[g]->branches;
    }
    for (std::size_t i = 0; i < results[g].size(); ++i) {
      // Totals of one file cannot be united with another entry's: a second entry for a
      // path is refused where it stands (found by fuzzing).
      if (!seen.emplace(results[g][i].path, offsets[g][i]).second) {
        throw text.error_at(offsets[g][i], "each file once",
                            fmt::format("a second entry for {}", results[g][i].path));
      }
      report.files.push_back(std::move(results[g][i]));
    }
  }
  return report;
}

} // namespace covbar::parsers
