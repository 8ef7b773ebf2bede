#include "reports/check_result.hpp"

#include <algorithm>

#include "src/core/parallel.hpp"
#include "src/core/percent.hpp"

namespace covbar::reports {

namespace {

/// Whether `a` is listed before `b`: more uncovered lines first, ties by path.
bool ranks_before(const FileRank& a, const FileRank& b) {
  const auto ua = a.lines.total - a.lines.covered;
  const auto ub = b.lines.total - b.lines.covered;
  return ua != ub ? ua > ub : a.file->path < b.file->path;
}

/// The `top` first of the ranks offered to it, in a heap whose front is the last of them.
class TopRanks {
public:
  explicit TopRanks(std::size_t top) : m_top(top) {}

  void offer(const FileRank& rank) {
    if (m_heap.size() < m_top) {
      m_heap.push_back(rank);
      std::push_heap(m_heap.begin(), m_heap.end(), ranks_before);
    } else if (m_top > 0 && ranks_before(rank, m_heap.front())) {
      std::pop_heap(m_heap.begin(), m_heap.end(), ranks_before);
      m_heap.back() = rank;
      std::push_heap(m_heap.begin(), m_heap.end(), ranks_before);
    }
  }
  [[nodiscard]] const std::vector<FileRank>& kept() const { return m_heap; }
  /// The ranks kept, in listing order.
  std::vector<FileRank> take_sorted() {
    std::sort_heap(m_heap.begin(), m_heap.end(), ranks_before);
    return std::move(m_heap);
  }

private:
  std::size_t m_top;
  std::vector<FileRank> m_heap;
};

} // namespace

std::vector<FileRank> most_uncovered(const CheckResult& result) {
  const auto& files = result.report->files;
  // Blocks of files in parallel, each keeping its own `top`, then the blocks' merged: a
  // report of 200,000 files all tied on uncovered lines compares as many paths, which no
  // longer happen on one core, and no list of every file with uncovered lines is built.
  constexpr std::size_t k_block = 4096;
  std::vector<TopRanks> per_block(core::block_count(files.size(), k_block), TopRanks(result.top));
  core::parallel_for_blocks(
      files.size(), k_block, [&](std::size_t b, std::size_t begin, std::size_t end) {
        for (std::size_t i = begin; i < end; ++i) {
          const auto& totals = result.file_totals[i];
          // Summary-only files (coverage-summary.json) still have line totals.
          if (totals.kinds.lines && totals.lines.covered < totals.lines.total) {
            per_block[b].offer({&files[i], totals.lines});
          }
        }
      });
  TopRanks all(result.top);
  for (const auto& block : per_block) {
    for (const auto& rank : block.kept()) {
      all.offer(rank);
    }
  }
  return all.take_sorted();
}

std::string percent_text(const model::Counter& counter, unsigned precision) {
  if (counter.total == 0) {
    return "n/a";
  }
  return core::floor_percent(counter.covered, counter.total, precision) + "%";
}

std::vector<std::pair<gate::Metric, model::Counter>> present_metrics(const model::Totals& totals) {
  std::vector<std::pair<gate::Metric, model::Counter>> out;
  for (const auto metric : {gate::Metric::lines, gate::Metric::statements, gate::Metric::branches,
                            gate::Metric::functions, gate::Metric::combined}) {
    if (const auto counter = gate::metric_counter(totals, metric)) {
      out.emplace_back(metric, *counter);
    }
  }
  return out;
}

} // namespace covbar::reports
