#include "parsers/fast/istanbul_final.hpp"

#include <iterator>

#include "parsers/fast/json_split.hpp"
#include "parsers/istanbul_json.hpp"
#include "src/core/pipeline.hpp"
#include "src/model/merge.hpp"

namespace covbar::parsers::fast {
namespace {

namespace od = simdjson::ondemand;

/// Members are parsed in groups of about this size. simdjson's parser holds about 5 bytes
/// per byte of the largest document it has seen (its structural index), one parser per
/// worker: groups stay small so those buffers stay a small part of peak memory.
constexpr std::size_t k_group_bytes = 1U << 20U;

/// The files of a group of members, parsed as one simdjson document. `bare_values`: the
/// group is one file's value rather than members (the one-file shape).
std::vector<model::FileCoverage> parse_group(const core::SourceText& text,
                                             const std::vector<JsonMember>& members,
                                             bool bare_values) {
  std::vector<model::FileCoverage> files;
  const JsonChunk chunk(text.bytes(), members, 0, members.size(), bare_values);
  text.release(members.front().begin, members.back().end);
  const JsonReader json(text, chunk);
  // One parser per worker, reused: its buffers are allocated (and faulted in) once.
  thread_local od::parser parser;
  od::document doc;
  json.check_iterate(parser.iterate(chunk.data(), chunk.json().size(), chunk.capacity()).get(doc));
  od::object top;
  json.check(doc.get_object().get(top), doc, "a JSON object");
  for (auto field_result : top) {
    od::field field;
    json.check(std::move(field_result).get(field), doc, "an object member");
    const std::string_view key = json.key(field);
    od::value value = field.value();
    files.push_back(read_file_coverage(json, doc, key, value));
  }
  return files;
}

} // namespace

model::CoverageReport parse_istanbul_final(const core::SourceText& text, const FileFilter& wanted) {
  model::CoverageReport report;
  report.origins.push_back({text.name(), "istanbul-final", ""});
  if (one_file_shape(text.bytes())) {
    // One file's value: nothing to cut. The split still checks the structure, so its errors
    // are those of a map of files.
    (void)split_top_level_object(text);
    const std::size_t open = text.bytes().find('{');
    const std::size_t close = text.bytes().rfind('}');
    report.files = parse_group(text, {JsonMember{open, close + 1}}, true);
    return report;
  }
  // The split hands over groups of members as it finds them. Keys are looked at during the
  // split, while their bytes are at hand: the filter drops unwanted files there.
  const auto keep = [&](std::string_view raw_key) { return wanted_key(raw_key, wanted); };
  const auto split = [&](const std::function<void(std::vector<JsonMember>)>& emit) {
    std::vector<JsonMember> group;
    std::size_t group_bytes = 0;
    const auto found = [&](const JsonMember& member) {
      group.push_back(member);
      group_bytes += member.end - member.begin;
      if (group_bytes >= k_group_bytes) {
        emit(std::move(group));
        group = {};
        group_bytes = 0;
      }
    };
    (void)split_top_level_object(text,
                                 wanted ? std::function<bool(std::string_view)>(keep)
                                        : std::function<bool(std::string_view)>(),
                                 found);
    if (!group.empty()) {
      emit(std::move(group));
    }
  };
  const auto parse = [&](const std::vector<JsonMember>& group, std::size_t) {
    return parse_group(text, group, false);
  };
  const auto join = [&](std::vector<model::FileCoverage>&& files, std::size_t) {
    std::move(files.begin(), files.end(), std::back_inserter(report.files));
  };
  core::split_parse_join<std::vector<JsonMember>, std::vector<model::FileCoverage>>(
      split, parse, join, text.bytes().size() > k_group_bytes);
  model::fold_duplicate_files(report);
  return report;
}

} // namespace covbar::parsers::fast
