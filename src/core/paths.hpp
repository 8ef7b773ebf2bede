#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace covbar::core {

/// Lexical normalisation shared by report merging and diff matching: `\` becomes `/`, empty
/// and `.` segments go, `a/..` collapses, a trailing `/` goes. `D:/x` and `/x` stay absolute.
std::string normalize_path(std::string_view path);

/// True for `/x`, `D:/x` and `D:\x` (Windows paths appear in coverlet and gcovr reports).
bool is_absolute_path(std::string_view path);

/// The last segment of a `/`-separated path: `a/b.ts` -> `b.ts`; a bare name is itself.
std::string_view base_name(std::string_view path);

/// The directory part of a `/`-separated path (dirname): `a/b` -> `a`, `/b` -> `/`, and ""
/// for a bare name, which has none (a caller opening the folder uses ".").
std::string directory_of(std::string_view path);

/// True when `suffix` is a proper suffix of `path` in whole segments: `src/a.ts` of
/// `/ci/src/a.ts`, never of `/ci/xsrc/a.ts`.
bool ends_with_segments(std::string_view path, std::string_view suffix);

/// Joins two normalised paths; an absolute `rest` wins.
std::string join_path(std::string_view base, std::string_view rest);

/// One `--path-map FROM=TO` rule: a path equal to FROM or starting with `FROM/` has that
/// prefix replaced by TO. Prefixes compare whole segments, so `/app` never matches `/apple`.
struct PathMapRule {
  std::string from;
  std::string to;
  /// Parses `FROM=TO`; throws UsageError naming the rule when it has no `=` or an empty FROM.
  static PathMapRule parse(std::string_view text);
};

/// Applies the first matching rule, if any.
std::string apply_path_map(const std::vector<PathMapRule>& rules, std::string_view path);

/// The files of one repository, for turning report paths into repo-relative paths.
/// Reports are often written elsewhere than they are read (a CI container's /app, a build
/// folder): a path outside the repository is matched by its longest unambiguous suffix.
class RepoIndex {
public:
  /// Lists the repository's files (`git ls-files`, tracked and untracked-not-ignored; a
  /// plain directory walk when git is absent). `root` must be absolute and normalised.
  static RepoIndex scan(const std::string& root);
  /// For tests: an index over given repo-relative files.
  RepoIndex(std::string root, std::vector<std::string> files);
  // The indexes hold views into the files' strings: moved, never copied.
  RepoIndex(RepoIndex&&) noexcept = default;
  RepoIndex& operator=(RepoIndex&&) noexcept = default;
  RepoIndex(const RepoIndex&) = delete;
  RepoIndex& operator=(const RepoIndex&) = delete;
  ~RepoIndex() = default;

  [[nodiscard]] const std::string& root() const { return m_root; }
  [[nodiscard]] bool contains(std::string_view relative) const;

  /// Outcome of resolving one report path.
  struct Match {
    std::string path;                   ///< repo-relative when found, else the input path
    bool found = false;                 ///< the file exists in the repository
    bool by_suffix = false;             ///< found by a shared suffix, not as written
    std::vector<std::string> ambiguous; ///< candidates when several suffixes tie
  };
  /// Resolves a normalised path: relative paths and paths under the root are looked up
  /// directly; others by longest common suffix of whole segments, unique or ambiguous.
  [[nodiscard]] Match resolve(std::string_view path) const;

private:
  /// One file under one of its suffixes; `next` links the files sharing that suffix.
  struct SuffixEntry {
    std::uint32_t file;
    std::uint32_t next;
  };
  static constexpr std::uint32_t k_end = UINT32_MAX;

  std::string m_root;
  std::vector<std::string> m_files;
  std::unordered_set<std::string_view> m_exact; ///< the files, for contains()
  /// Every whole-segment suffix of every file ("a/b/c.py": "c.py", "b/c.py", "a/b/c.py"),
  /// a view into the file's path, to the first entry of the files that end with it: a
  /// path's longest suffix found here is its longest common suffix with the repository.
  std::unordered_map<std::string_view, std::uint32_t> m_by_suffix;
  std::vector<SuffixEntry> m_entries;
};

/// Files that several reports read outside a repository name two ways (coverage-final.json's
/// `/ci/app/src/a.ts` and lcov.info's `src/a.ts`). Two paths are linked when one is a proper
/// suffix of the other in whole segments and they come from different reports; a group of
/// linked paths is one file when no report names it two ways and one path is the shortest,
/// and that path names it. Any other group is left alone and listed as ambiguous.
struct SuffixMatches {
  std::unordered_map<std::string, std::string> renames; ///< a path -> its group's name
  std::vector<std::vector<std::string>> ambiguous;      ///< groups left alone, each sorted
};
/// `paths_per_report[r]`: the (normalised, unique) paths of report r.
SuffixMatches
match_paths_across_reports(const std::vector<std::vector<std::string>>& paths_per_report);

/// The top of the git work tree containing `dir`, when there is one.
std::optional<std::string> find_repository_root(const std::string& dir);

/// The current working directory, normalised.
std::string current_directory();

} // namespace covbar::core
