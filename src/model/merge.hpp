#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "src/model/coverage.hpp"

namespace covbar::model {

/// Merges several reports into one (the plan's Python 3.11 + 3.12 matrix, sharded jobs).
/// Per file and line, hits add, so a line covered anywhere is covered. Identified branches
/// (LCOV, istanbul) add per identity: an arm taken anywhere is taken. Cobertura records only
/// per-line counts, so a line keeps the better of its records (the most arms covered); this
/// never over-reports, and `coverage combine` before `coverage xml` gives the exact union.
/// Functions pair by (line, name), what every format has; istanbul's column tells apart two of
/// one line and name, a report without columns pairs with them in column order. istanbul
/// statements add per source span.
/// A coverage-summary.json file cannot merge with another record of the same path
/// (summaries have no lines): that throws core::InputError.
/// Each report's own paths are unique already (parsers and path resolution leave them so):
/// a single report is returned as it is.
CoverageReport merge_reports(std::vector<CoverageReport> reports);

/// Merges `from` into `into` (same path).
void merge_file(FileCoverage& into, FileCoverage&& from);

/// Merges every record of `others` into `into` (same path) at once: the cost is that of
/// sorting their records together, however many records there are (one file listed in
/// 100,000 LCOV records of a tracefile is not 100,000 merges of a growing file).
void merge_files(FileCoverage& into, std::vector<FileCoverage>&& others);

/// Files' paths, added one at a time, that tells whether an earlier file had the same path.
/// It keeps each path's hash and the index of its file, never a copy of the path, in one
/// flat open-addressing table: it runs on every report (a 1 GB LCOV report has 215,000
/// files), usually to find nothing, and compares two paths only when their hashes agree.
class PathIndex {
public:
  /// Files are added in order from files[0]; `files` may grow between calls. `expected`:
  /// about how many will be added (the table grows past it).
  explicit PathIndex(const std::vector<FileCoverage>& files, std::size_t expected = 0);
  /// Adds the next file, files[size()], whose path has `hash` (path_hash). Returns false,
  /// adding nothing, when a file added before has the same path.
  bool add(std::uint64_t hash);
  [[nodiscard]] std::size_t size() const { return m_hashes.size(); }
  /// Room for `expected` paths in all, so that adding them never grows the table.
  void reserve(std::size_t expected);
  [[nodiscard]] static std::uint64_t path_hash(std::string_view path);

private:
  void rehash(std::size_t capacity);

  const std::vector<FileCoverage>& m_files;
  std::vector<std::uint32_t> m_slots;  ///< index + 1 of the file there; 0: empty
  std::vector<std::uint64_t> m_hashes; ///< of the files added, in order
};

/// The index of the first file whose path an earlier file already has, or files.size() when
/// every path is unique (the paths are hashed in parallel, then added to a PathIndex).
std::size_t first_repeated_path(const std::vector<FileCoverage>& files);
/// The same, with each path's hash (PathIndex::path_hash) given, in file order.
std::size_t first_repeated_path(const std::vector<FileCoverage>& files,
                                const std::vector<std::uint64_t>& hashes);

/// Folds files that share a path (one file split over several <class> elements or LCOV
/// records, or two report paths that resolved to one repository file), keeping first-seen
/// order.
void fold_duplicate_files(CoverageReport& report);

} // namespace covbar::model
