#include <algorithm>

#include "src/model/coverage.hpp"

namespace covbar::model {
namespace {

template <typename T> Counter count_hit(const std::vector<T>& records) {
  Counter c;
  c.total = records.size();
  c.covered = static_cast<std::uint64_t>(
      std::count_if(records.begin(), records.end(), [](const T& r) { return r.hits > 0; }));
  return c;
}

void add_kinds(Kinds& into, const Kinds& from) {
  into.lines |= from.lines;
  into.branches |= from.branches;
  into.functions |= from.functions;
  into.statements |= from.statements;
}

} // namespace

Totals FileCoverage::totals() const {
  if (summary) {
    return *summary;
  }
  Totals t;
  t.kinds = kinds;
  if (kinds.lines) {
    t.lines = count_hit(lines);
  }
  if (kinds.branches) {
    if (!branches.empty()) {
      t.branches = count_hit(branches);
    } else {
      for (const auto& line : lines) {
        t.branches.covered += line.branches_covered;
        t.branches.total += line.branches_total;
      }
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

Totals CoverageReport::totals() const {
  Totals sum;
  for (const auto& file : files) {
    const Totals t = file.totals();
    add_kinds(sum.kinds, t.kinds);
    sum.lines += t.lines;
    sum.branches += t.branches;
    sum.functions += t.functions;
    sum.statements += t.statements;
  }
  return sum;
}

} // namespace covbar::model
