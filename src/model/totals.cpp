#include <algorithm>

#include "src/model/coverage.hpp"

#include "src/core/parallel.hpp"

namespace covbar::model {
namespace {

/// Below this many files, per-file work runs on the calling thread.
constexpr std::size_t k_parallel_files = 256;

template <typename Records>
Counter count_hit(const Records& records) {
  Counter c;
  c.total = records.size();
  c.covered = static_cast<std::uint64_t>(
      std::count_if(records.begin(), records.end(), [](const auto& r) { return r.hits > 0; }));
  return c;
}

} // namespace

Totals FileCoverage::totals() const {
  if (summary) {
    return *summary;
  }
  Totals t;
  t.kinds = kinds;
  if (kinds.lines) {
    t.lines = Counter{lines.stats().covered, lines.size()};
  }
  if (kinds.branches) {
    if (!branches.empty()) {
      t.branches = Counter{branches.stats().covered, branches.size()};
    } else {
      t.branches = Counter{lines.stats().branches_covered, lines.stats().branches_total};
    }
  }
  if (kinds.functions) {
    t.functions = functions.empty() && function_counts ? *function_counts : count_hit(functions);
  }
  if (kinds.statements) {
    t.statements = count_hit(statements);
  }
  return t;
}

std::vector<Totals> CoverageReport::file_totals() const {
  std::vector<Totals> out(files.size());
  core::parallel_for(
      files.size(), [&](std::size_t i) { out[i] = files[i].totals(); }, k_parallel_files);
  return out;
}

Totals sum_totals(const std::vector<Totals>& per_file) {
  Totals sum;
  for (const auto& t : per_file) {
    sum.kinds |= t.kinds;
    sum.lines += t.lines;
    sum.branches += t.branches;
    sum.functions += t.functions;
    sum.statements += t.statements;
  }
  return sum;
}

Totals CoverageReport::totals() const { return sum_totals(file_totals()); }

} // namespace covbar::model
