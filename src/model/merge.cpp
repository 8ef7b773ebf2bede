#include "src/model/merge.hpp"

#include <algorithm>
#include <string_view>
#include <tuple>
#include <unordered_map>

#include <fmt/format.h>

#include "src/core/checked.hpp"
#include "src/core/error.hpp"
#include "src/core/parallel.hpp"

namespace covbar::model {
namespace {

auto span(const Statement& s) {
  return std::tie(s.start_line, s.start_column, s.end_line, s.end_column);
}

/// Unites the statements of several records of one file as merging them two at a time
/// would (istanbul pairs equal spans one to one): for each span, as many statements as the
/// record with the most of it, the k-th of them summing every record's k-th. Done at once,
/// sorted by (span, k), so many records of one file cost O(n log n) in all, not O(n) each.
std::vector<Statement> merge_statements(std::vector<std::vector<Statement>>& records) {
  struct Ranked {
    Statement statement;
    std::uint32_t rank; ///< among the equal spans of its record
  };
  std::vector<Ranked> all;
  for (auto& record : records) {
    const auto by_span = [](const Statement& a, const Statement& b) { return span(a) < span(b); };
    if (!std::is_sorted(record.begin(), record.end(), by_span)) {
      std::stable_sort(record.begin(), record.end(), by_span);
    }
    for (std::size_t i = 0; i < record.size(); ++i) {
      const bool repeat = i > 0 && span(record[i - 1]) == span(record[i]);
      all.push_back({record[i], repeat ? all.back().rank + 1 : 0});
    }
  }
  const auto key = [](const Ranked& r) {
    return std::tuple_cat(span(r.statement), std::tie(r.rank));
  };
  std::stable_sort(all.begin(), all.end(),
                   [&](const Ranked& a, const Ranked& b) { return key(a) < key(b); });
  std::vector<Statement> out;
  out.reserve(all.size());
  for (std::size_t i = 0; i < all.size(); ++i) {
    if (i > 0 && key(all[i - 1]) == key(all[i])) {
      out.back().hits = core::saturating_add(out.back().hits, all[i].statement.hits);
    } else {
      out.push_back(all[i].statement);
    }
  }
  return out;
}

/// Unites the functions of several records of one file. istanbul knows a function by its
/// declaration (line and column); LCOV and Cobertura only by line and name (column 0). So
/// functions pair by what every format has, (line, name). Within one (line, name), each
/// column a record knows is one function, uniting every record's function there; a record's
/// k-th function without a column joins the k-th of those in column order, or past them the
/// k-th columnless one. Sorted once, however many records.
std::vector<Function> merge_functions(std::vector<std::vector<Function>>& records) {
  struct Ranked {
    Function function;
    std::uint32_t rank; ///< columnless: its place among its record's of one (line, name)
  };
  std::vector<Ranked> all;
  for (auto& record : records) {
    const auto first = all.size();
    for (auto& f : record) {
      all.push_back({std::move(f), 0});
    }
    const auto place = [](const Ranked& r) { return std::tie(r.function.line, r.function.name); };
    std::stable_sort(all.begin() + static_cast<std::ptrdiff_t>(first), all.end(),
                     [&](const Ranked& a, const Ranked& b) {
                       return std::tie(a.function.line, a.function.name, a.function.column) <
                              std::tie(b.function.line, b.function.name, b.function.column);
                     });
    for (std::size_t i = first + 1; i < all.size(); ++i) {
      if (all[i].function.column == 0 && place(all[i - 1]) == place(all[i])) {
        all[i].rank = all[i - 1].rank + 1; // columnless ones sort first: 0, 1, 2, ...
      }
    }
  }
  const auto by_place = [](const Ranked& a, const Ranked& b) {
    return std::tie(a.function.line, a.function.name, a.function.column, a.rank) <
           std::tie(b.function.line, b.function.name, b.function.column, b.rank);
  };
  std::sort(all.begin(), all.end(), by_place);
  std::vector<Function> out;
  out.reserve(all.size());
  for (std::size_t begin = 0; begin < all.size();) {
    std::size_t end = begin;
    while (end < all.size() && all[end].function.line == all[begin].function.line &&
           all[end].function.name == all[begin].function.name) {
      ++end;
    }
    // [begin, end) is one (line, name): columnless ones first (by rank), then by column.
    std::size_t known = end;
    for (std::size_t i = begin; i < end; ++i) {
      if (all[i].function.column != 0) {
        known = i;
        break;
      }
    }
    const std::size_t first_out = out.size();
    for (std::size_t i = known; i < end; ++i) {
      if (i > known && all[i].function.column == all[i - 1].function.column) {
        out.back().hits = core::saturating_add(out.back().hits, all[i].function.hits);
      } else {
        out.push_back(std::move(all[i].function));
      }
    }
    const std::size_t columns = out.size() - first_out;
    std::size_t extra = out.size(); // the first columnless function past the known columns
    for (std::size_t i = begin; i < known; ++i) {
      const std::size_t k = all[i].rank;
      if (k < columns) {
        auto& kept = out[first_out + k];
        kept.hits = core::saturating_add(kept.hits, all[i].function.hits);
      } else if (extra + (k - columns) < out.size()) {
        auto& kept = out[extra + (k - columns)];
        kept.hits = core::saturating_add(kept.hits, all[i].function.hits);
      } else {
        out.push_back(std::move(all[i].function));
      }
    }
    begin = end;
  }
  return out;
}

template <typename T>
void append(std::vector<T>& into, std::vector<T>&& from) {
  into.insert(into.end(), std::make_move_iterator(from.begin()),
              std::make_move_iterator(from.end()));
}

} // namespace

void merge_files(FileCoverage& into, std::vector<FileCoverage>&& others) {
  if (others.empty()) {
    return;
  }
  std::vector<std::vector<Statement>> statements;
  statements.push_back(std::move(into.statements));
  std::vector<std::vector<Function>> functions;
  functions.push_back(std::move(into.functions));
  for (auto& from : others) {
    if (into.summary || from.summary) {
      throw core::InputError(
          into.path, "cannot merge a coverage-summary.json entry with another report of the same "
                     "file: summaries have no line records to unite");
    }
    into.kinds |= from.kinds;
    if (from.function_counts &&
        (!into.function_counts || from.function_counts->covered > into.function_counts->covered)) {
      // Counts without records cannot be united function by function: keep the better.
      into.function_counts = from.function_counts;
    }
    into.lines.append(from.lines);
    into.branches.append(from.branches);
    functions.push_back(std::move(from.functions));
    statements.push_back(std::move(from.statements));
  }
  // Every record's records appended first, then sorted and folded once: linear in the
  // records (n log n when out of order), however many times the file is listed.
  into.statements = merge_statements(statements);
  into.functions = merge_functions(functions);
  into.normalize();
}

void merge_file(FileCoverage& into, FileCoverage&& from) {
  std::vector<FileCoverage> others;
  others.push_back(std::move(from));
  merge_files(into, std::move(others));
}

PathIndex::PathIndex(const std::vector<FileCoverage>& files, std::size_t expected)
    : m_files(files) {
  m_slots.assign(16, 0);
  reserve(expected);
}

void PathIndex::reserve(std::size_t expected) {
  std::size_t capacity = m_slots.size();
  while (capacity < 2 * expected) {
    capacity *= 2;
  }
  if (capacity != m_slots.size()) {
    rehash(capacity);
  }
  m_hashes.reserve(expected);
}

std::uint64_t PathIndex::path_hash(std::string_view path) {
  return std::hash<std::string_view>()(path);
}

void PathIndex::rehash(std::size_t capacity) {
  m_slots.assign(capacity, 0);
  for (std::size_t i = 0; i < m_hashes.size(); ++i) {
    std::size_t slot = m_hashes[i] & (capacity - 1);
    while (m_slots[slot] != 0) {
      slot = (slot + 1) & (capacity - 1);
    }
    m_slots[slot] = static_cast<std::uint32_t>(i + 1);
  }
}

bool PathIndex::add(std::uint64_t hash) {
  const std::size_t i = m_hashes.size();
  if (2 * (i + 1) > m_slots.size()) {
    rehash(2 * m_slots.size());
  }
  const std::size_t mask = m_slots.size() - 1;
  std::size_t slot = hash & mask;
  while (m_slots[slot] != 0) {
    const std::size_t other = m_slots[slot] - 1;
    if (m_hashes[other] == hash && m_files[other].path == m_files[i].path) {
      return false;
    }
    slot = (slot + 1) & mask;
  }
  m_slots[slot] = static_cast<std::uint32_t>(i + 1);
  m_hashes.push_back(hash);
  return true;
}

std::size_t first_repeated_path(const std::vector<FileCoverage>& files) {
  std::vector<std::uint64_t> hashes(files.size());
  constexpr std::size_t k_parallel_files = 4096; // fewer: not worth starting threads
  core::parallel_for(
      files.size(), [&](std::size_t i) { hashes[i] = PathIndex::path_hash(files[i].path); },
      k_parallel_files);
  return first_repeated_path(files, hashes);
}

std::size_t first_repeated_path(const std::vector<FileCoverage>& files,
                                const std::vector<std::uint64_t>& hashes) {
  PathIndex index(files, files.size());
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (!index.add(hashes[i])) {
      return i;
    }
  }
  return files.size();
}

void fold_duplicate_files(CoverageReport& report) {
  // Nearly always every path is already unique: find that out without moving any file.
  if (first_repeated_path(report.files) == report.files.size()) {
    return;
  }
  std::unordered_map<std::string, std::size_t> index;
  std::vector<FileCoverage> out;
  std::vector<std::vector<FileCoverage>> repeats; // per file of out: its later records
  out.reserve(report.files.size());
  for (auto& file : report.files) {
    const auto [it, inserted] = index.try_emplace(file.path, out.size());
    if (inserted) {
      out.push_back(std::move(file));
    } else {
      repeats.resize(out.size());
      repeats[it->second].push_back(std::move(file));
    }
  }
  for (std::size_t i = 0; i < repeats.size(); ++i) {
    merge_files(out[i], std::move(repeats[i]));
  }
  report.files = std::move(out);
}

CoverageReport merge_reports(std::vector<CoverageReport> reports) {
  if (reports.size() == 1) {
    return std::move(reports.front()); // the usual case: nothing to move, nothing to fold
  }
  CoverageReport merged;
  for (auto& report : reports) {
    append(merged.origins, std::move(report.origins));
    append(merged.files, std::move(report.files));
    append(merged.warnings, std::move(report.warnings));
    append(merged.source_roots, std::move(report.source_roots));
  }
  fold_duplicate_files(merged);
  return merged;
}

} // namespace covbar::model
