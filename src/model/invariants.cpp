#include "src/model/invariants.hpp"

#include <algorithm>
#include <iterator>
#include <tuple>

#include <fmt/format.h>

#include "src/core/parallel.hpp"
#include "src/model/merge.hpp"

namespace covbar::model {
namespace {

void check_counter(const Counter& c, const std::string& what, std::vector<std::string>& out) {
  if (c.covered > c.total) {
    out.push_back(fmt::format("{}: covered {} exceeds total {}", what, c.covered, c.total));
  }
}

void check_file(const FileCoverage& f, std::vector<std::string>& out) {
  if (f.summary) {
    check_counter(f.summary->lines, f.path + " lines", out);
    check_counter(f.summary->branches, f.path + " branches", out);
    check_counter(f.summary->functions, f.path + " functions", out);
    check_counter(f.summary->statements, f.path + " statements", out);
    return;
  }
  // The line table keeps these facts as records are appended: no decoding here.
  if (f.lines.stats().line_zero) {
    out.push_back(fmt::format("{}: line number 0", f.path));
  }
  if (!f.lines.ascending()) {
    out.push_back(fmt::format("{}: lines not sorted and unique", f.path));
  }
  if (f.lines.stats().overcovered) {
    out.push_back(fmt::format("{}: a line with more branches covered than it has", f.path));
  }
  if (!f.branches.ascending()) {
    out.push_back(fmt::format("{}: branches not sorted and unique", f.path));
  }
  if (f.function_counts) {
    check_counter(*f.function_counts, f.path + " FNF/FNH", out);
  }
  if (!f.kinds.lines && !f.lines.empty()) {
    out.push_back(fmt::format("{}: line records in a file without line data", f.path));
  }
  if (!f.kinds.branches && (!f.branches.empty() || f.totals().branches.total > 0)) {
    // (totals() only runs for the rare file without branch data)
    out.push_back(fmt::format("{}: branch records in a file without branch data", f.path));
  }
  if (!f.kinds.functions && !f.functions.empty()) {
    out.push_back(fmt::format("{}: function records in a file without function data", f.path));
  }
  if (!f.kinds.statements && !f.statements.empty()) {
    out.push_back(fmt::format("{}: statement records in a file without statement data", f.path));
  }
}

} // namespace

std::vector<std::string> check_invariants(const CoverageReport& report) {
  const auto& files = report.files;
  // One parallel pass over blocks of files: each file's own checks and its path's hash.
  constexpr std::size_t k_block = 1024;
  const std::size_t blocks = core::block_count(files.size(), k_block);
  std::vector<std::vector<std::string>> per_block(blocks);
  std::vector<std::uint64_t> hashes(files.size());
  std::vector<char> empty_path(blocks, 0);
  core::parallel_for_blocks(files.size(), k_block,
                            [&](std::size_t b, std::size_t begin, std::size_t end) {
                              for (std::size_t i = begin; i < end; ++i) {
                                empty_path[b] |= files[i].path.empty() ? 1 : 0;
                                hashes[i] = PathIndex::path_hash(files[i].path);
                                check_file(files[i], per_block[b]);
                              }
                            });
  std::vector<std::string> out;
  if (std::find(empty_path.begin(), empty_path.end(), 1) != empty_path.end()) {
    out.emplace_back("a file with an empty path");
  }
  if (const std::size_t repeated = first_repeated_path(files, hashes); repeated < files.size()) {
    out.push_back(fmt::format("{}: listed twice", files[repeated].path));
  }
  for (auto& problems : per_block) {
    out.insert(out.end(), std::make_move_iterator(problems.begin()),
               std::make_move_iterator(problems.end()));
  }
  return out;
}

} // namespace covbar::model
