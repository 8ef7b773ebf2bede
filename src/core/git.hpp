#pragma once

#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

namespace covbar::core {

/// Which changes make up "the diff" when covbar asks git (diff-cover's options, same names).
struct GitDiffOptions {
  std::string compare_branch; ///< empty: origin/main, then main, master, origin/master
  bool two_dot = false;       ///< compare..HEAD instead of merge-base...HEAD
  bool ignore_staged = false;
  bool ignore_unstaged = false;
  bool include_untracked = false;
};

/// A diff as git produced it, ready for the unified-diff parser.
struct GitDiff {
  std::string text;                   ///< `git diff -U0` output (prefixes fixed to a/ and b/)
  std::string description;            ///< e.g. "origin/main...HEAD, staged and unstaged changes"
  std::vector<std::string> untracked; ///< with include_untracked: new files git does not track
  std::string root;                   ///< where it ran
  std::vector<std::string> range;     ///< the revision arguments, for git_binary_files
};

/// Runs git in `root`. Throws core::UsageError when the compare branch is unknown or the
/// merge base is missing (a shallow CI clone: the message says to fetch more history or pass
/// --diff-file), core::Error when git itself fails.
GitDiff git_diff(const std::string& root, const GitDiffOptions& options);

/// The new-side paths that git's own diff of `diff`'s range shows as "Binary files differ":
/// a NUL in the first 8000 bytes of either side, or the repository's attributes. git_diff
/// reads every file as text (attributes must not hide a measured file's changed lines);
/// diff-cover, on a plain `git diff`, counts no changed line in these files.
std::unordered_set<std::string> git_binary_files(const GitDiff& diff);

/// The bytes of `path` in commit `ref` (`git cat-file blob REF:PATH`, run in `dir`; a path
/// starting with "./" is relative to `dir`), or nullopt when that commit has no such file.
/// Throws core::UsageError naming `flag` when `ref` is not a commit in this clone.
std::optional<std::string> git_show(const std::string& dir, const std::string& ref,
                                    const std::string& path, const std::string& flag);

} // namespace covbar::core
