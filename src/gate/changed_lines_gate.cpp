#include "src/gate/changed_lines_gate.hpp"

#include <algorithm>
#include <unordered_map>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "src/core/error.hpp"
#include "src/core/paths.hpp"

namespace covbar::gate {
namespace {

/// The report file for a diff path: exact, else the unique suffix match either way round.
const model::FileCoverage* find_file(const model::CoverageReport& report,
                                     const std::unordered_map<std::string, std::size_t>& index,
                                     const std::string& path) {
  if (const auto it = index.find(path); it != index.end()) {
    return &report.files[it->second];
  }
  std::vector<const model::FileCoverage*> candidates;
  for (const auto& file : report.files) {
    if (core::ends_with_segments(file.path, path) || core::ends_with_segments(path, file.path)) {
      candidates.push_back(&file);
    }
  }
  if (candidates.size() > 1) {
    std::vector<std::string_view> list;
    for (const auto* c : candidates) {
      list.push_back(c->path);
    }
    // One line, as every error covbar prints: input text never starts a line of the log.
    throw core::InputError(path, fmt::format("changed file matches several files of the "
                                             "coverage reports ('{}'); add --path-map FROM=TO "
                                             "to choose",
                                             fmt::join(list, "', '")));
  }
  return candidates.empty() ? nullptr : candidates.front();
}

} // namespace

DiffCoverage measure_changed_lines(const model::ChangedLines& diff,
                                   const model::CoverageReport& report, PartialLines partial) {
  std::unordered_map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < report.files.size(); ++i) {
    if (report.files[i].summary) {
      throw core::InputError(report.files[i].path,
                             "coverage-summary.json has totals only, no line records: covbar "
                             "diff needs coverage-final.json, LCOV or Cobertura");
    }
    index.emplace(report.files[i].path, i);
  }
  DiffCoverage out;
  out.has_branches = std::any_of(report.files.begin(), report.files.end(),
                                 [](const model::FileCoverage& f) { return f.kinds.branches; });
  for (const auto& changed : diff.files) {
    if (changed.status == model::ChangedFile::Status::deleted || changed.binary) {
      continue;
    }
    FileDiffCoverage f;
    f.path = changed.path;
    f.changed = changed.added_lines.size();
    out.changed += f.changed;
    const model::FileCoverage* file = find_file(report, index, changed.path);
    f.measured = file != nullptr;
    if (file == nullptr) {
      out.not_measured += f.changed;
      if (f.changed > 0) {
        out.files.push_back(std::move(f));
      }
      continue;
    }
    // Both lists are sorted: walk them together.
    const std::vector<model::Counter> line_branches = file->line_branches();
    auto line = file->lines.begin();
    std::size_t at = 0;
    for (const std::uint32_t number : changed.added_lines) {
      while (line != file->lines.end() && line->number < number) {
        ++line;
        ++at;
      }
      if (line == file->lines.end() || line->number != number) {
        ++f.not_instrumented;
        continue;
      }
      const model::Counter& branches = line_branches[at];
      const bool partial_miss =
          partial == PartialLines::missed && branches.covered < branches.total;
      (line->hits > 0 && !partial_miss ? f.covered : f.uncovered).push_back(number);
      f.branches += branches;
    }
    out.lines.covered += f.covered.size();
    out.lines.total += f.covered.size() + f.uncovered.size();
    out.branches += f.branches;
    out.not_instrumented += f.not_instrumented;
    if (f.changed > 0) {
      out.files.push_back(std::move(f));
    }
  }
  return out;
}

std::string line_ranges(const std::vector<std::uint32_t>& lines) {
  std::string out;
  for (std::size_t i = 0; i < lines.size();) {
    std::size_t j = i;
    while (j + 1 < lines.size() && lines[j + 1] == lines[j] + 1) {
      ++j;
    }
    out += fmt::format("{}{}", out.empty() ? "" : ", ",
                       i == j ? fmt::format("{}", lines[i])
                              : fmt::format("{}-{}", lines[i], lines[j]));
    i = j + 1;
  }
  return out;
}

} // namespace covbar::gate
