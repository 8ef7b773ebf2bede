#include "src/model/merge.hpp"

#include <algorithm>
#include <tuple>
#include <string_view>
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

/// Pairs equal spans one to one (istanbul merges statements by location), keeping those
/// only one side has. Both inputs are sorted.
std::vector<Statement> merge_statements(std::vector<Statement>&& a, std::vector<Statement>&& b) {
  std::vector<Statement> out;
  out.reserve(std::max(a.size(), b.size()));
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < a.size() || j < b.size()) {
    if (j == b.size() || (i < a.size() && span(a[i]) < span(b[j]))) {
      out.push_back(a[i++]);
    } else if (i == a.size() || span(b[j]) < span(a[i])) {
      out.push_back(b[j++]);
    } else {
      Statement s = a[i++];
      s.hits = core::saturating_add(s.hits, b[j].hits);
      ++j;
      out.push_back(s);
    }
  }
  return out;
}

/// Functions of one file from two reports. istanbul knows a function by its declaration
/// (line and column); LCOV and Cobertura only by its line and name (column 0). So records
/// pair by what every format has, (line, name): within one (line, name), equal columns pair
/// first, then the rest pair in column order where one of the two has no column. What does
/// not pair is kept. Linear after the sorts, whatever the input.
std::vector<Function> merge_functions(std::vector<Function>&& a, std::vector<Function>&& b) {
  const auto key = [](const Function& f) { return std::tie(f.line, f.name, f.column); };
  const auto by_key = [&](const Function& x, const Function& y) { return key(x) < key(y); };
  std::sort(a.begin(), a.end(), by_key);
  std::sort(b.begin(), b.end(), by_key);
  const auto same_place = [](const Function& x, const Function& y) {
    return x.line == y.line && x.name == y.name;
  };
  const auto unite = [](Function& kept, const Function& other) {
    kept.hits = core::saturating_add(kept.hits, other.hits);
    kept.column = std::max(kept.column, other.column);
  };
  std::vector<Function> out;
  out.reserve(std::max(a.size(), b.size()));
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < a.size() || j < b.size()) {
    if (j == b.size() || (i < a.size() && !same_place(a[i], b[j]) && by_key(a[i], b[j]))) {
      out.push_back(std::move(a[i++]));
      continue;
    }
    if (i == a.size() || !same_place(a[i], b[j])) {
      out.push_back(std::move(b[j++]));
      continue;
    }
    // One (line, name) on both sides: [i, ie) of a and [j, je) of b, each in column order.
    std::size_t ie = i;
    while (ie < a.size() && same_place(a[ie], a[i])) {
      ++ie;
    }
    std::size_t je = j;
    while (je < b.size() && same_place(b[je], b[j])) {
      ++je;
    }
    std::vector<bool> a_paired(ie - i, false);
    std::vector<bool> b_paired(je - j, false);
    for (std::size_t x = i, y = j; x < ie && y < je;) {
      if (a[x].column == 0 || a[x].column < b[y].column) {
        ++x;
      } else if (b[y].column == 0 || b[y].column < a[x].column) {
        ++y;
      } else {
        unite(a[x], b[y]);
        a_paired[x - i] = true;
        b_paired[y - j] = true;
        ++x;
        ++y;
      }
    }
    for (std::size_t x = i, y = j;; ++x, ++y) {
      while (x < ie && a_paired[x - i]) {
        ++x;
      }
      while (y < je && b_paired[y - j]) {
        ++y;
      }
      if (x == ie || y == je) {
        break;
      }
      if (a[x].column == 0 || b[y].column == 0) {
        unite(a[x], b[y]);
        b_paired[y - j] = true;
      }
    }
    for (; i < ie; ++i) {
      out.push_back(std::move(a[i]));
    }
    for (std::size_t y = 0; y < b_paired.size(); ++y) {
      if (!b_paired[y]) {
        out.push_back(std::move(b[j + y]));
      }
    }
    j = je;
  }
  return out;
}

template <typename T> void append(std::vector<T>& into, std::vector<T>&& from) {
  into.insert(into.end(), std::make_move_iterator(from.begin()),
              std::make_move_iterator(from.end()));
}

} // namespace

void merge_file(FileCoverage& into, FileCoverage&& from) {
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
  into.functions = merge_functions(std::move(into.functions), std::move(from.functions));
  from.normalize(); // sorts from.statements
  into.statements = merge_statements(std::move(into.statements), std::move(from.statements));
  into.normalize();
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
  out.reserve(report.files.size());
  for (auto& file : report.files) {
    const auto [it, inserted] = index.try_emplace(file.path, out.size());
    if (inserted) {
      out.push_back(std::move(file));
    } else {
      merge_file(out[it->second], std::move(file));
    }
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
