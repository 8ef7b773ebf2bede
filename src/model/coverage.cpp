#include "src/model/coverage.hpp"

#include <algorithm>
#include <atomic>
#include <tuple>

namespace covbar::model {

using core::saturating_add;

namespace {

/// Sorts by `key` and folds equal keys with `fold(kept, duplicate)`.
template <typename T, typename Key, typename Fold>
void sort_and_fold(std::vector<T>& records, Key key, Fold fold) {
  const auto less = [&](const T& a, const T& b) { return key(a) < key(b); };
  // Producers nearly always write records in order: checking costs one pass, sorting many.
  if (!std::is_sorted(records.begin(), records.end(), less)) {
    std::stable_sort(records.begin(), records.end(), less);
  }
  std::size_t out = 0;
  for (std::size_t i = 0; i < records.size(); ++i) {
    if (out > 0 && key(records[out - 1]) == key(records[i])) {
      fold(records[out - 1], records[i]);
    } else {
      if (out != i) {
        records[out] = std::move(records[i]);
      }
      ++out;
    }
  }
  records.resize(out);
}

/// sort_and_fold for a packed table: unpacked, sorted and folded only when its records
/// did not arrive in order (producers nearly always write them in order).
template <typename Table, typename Key, typename Fold>
void sort_and_fold_table(Table& table, Key key, Fold fold) {
  if (!table.ascending()) {
    auto unpacked = table.to_vector();
    sort_and_fold(unpacked, key, fold);
    table.assign(unpacked);
  }
  table.shrink_to_fit();
}

std::atomic<std::uint64_t> g_normalized_records{0};

} // namespace

std::uint64_t normalized_records() { return g_normalized_records.load(std::memory_order_relaxed); }

void FileCoverage::normalize() {
  g_normalized_records.fetch_add(lines.size() + branches.size() + functions.size() +
                                     statements.size(),
                                 std::memory_order_relaxed);
  sort_and_fold_table(
      lines, [](const Line& l) { return l.number; },
      [](Line& kept, const Line& dup) {
        kept.hits = saturating_add(kept.hits, dup.hits);
        // Without branch identities (Cobertura) two records of one line cannot be united
        // arm by arm: keep the better of the two (jenkinsci/coverage-model does the same).
        if (std::tie(dup.branches_covered, dup.branches_total) >
            std::tie(kept.branches_covered, kept.branches_total)) {
          kept.branches_covered = dup.branches_covered;
          kept.branches_total = dup.branches_total;
        }
      });
  sort_and_fold_table(
      branches, [](const Branch& b) { return std::tie(b.line, b.block, b.index); },
      [](Branch& kept, const Branch& dup) { kept.hits = saturating_add(kept.hits, dup.hits); });
  sort_and_fold(
      functions, [](const Function& f) { return std::tie(f.line, f.column, f.name); },
      [](Function& kept, const Function& dup) { kept.hits = saturating_add(kept.hits, dup.hits); });
  const auto by_span = [](const Statement& a, const Statement& b) {
    return std::tie(a.start_line, a.start_column, a.end_line, a.end_column) <
           std::tie(b.start_line, b.start_column, b.end_line, b.end_column);
  };
  if (!std::is_sorted(statements.begin(), statements.end(), by_span)) {
    std::stable_sort(statements.begin(), statements.end(), by_span);
  }
}

std::vector<Counter> FileCoverage::line_branches() const {
  std::vector<Counter> out;
  out.reserve(lines.size());
  auto branch = branches.begin();
  for (const Line& line : lines) {
    Counter c{line.branches_covered, line.branches_total};
    if (!branches.empty()) {
      c = {};
      while (branch != branches.end() && branch->line < line.number) {
        ++branch;
      }
      for (; branch != branches.end() && branch->line == line.number; ++branch) {
        ++c.total;
        c.covered += branch->hits > 0 ? 1 : 0;
      }
    }
    out.push_back(c);
  }
  return out;
}

Counter Totals::combined() const {
  Counter c = kinds.statements ? statements : lines;
  if (kinds.branches) {
    c += branches;
  }
  return c;
}

} // namespace covbar::model
