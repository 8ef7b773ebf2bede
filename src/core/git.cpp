#include "src/core/git.hpp"

#include <fmt/format.h>

#include "src/core/error.hpp"
#include "src/core/process.hpp"
#include "src/core/source_text.hpp"

namespace covbar::core {
namespace {

/// Runs `git -C root ARGS...` with a fixed, config-independent output format. GIT_DIFF_OPTS
/// would override -U0, and GIT_EXTERNAL_DIFF replaces the diff itself: both are unset. Every
/// argument reaches git as it is (no shell).
CommandResult git(const std::string& root, std::vector<std::string> args,
                  std::size_t max_output = SIZE_MAX) {
  std::vector<std::string> argv{"git",
                                "-C",
                                root,
                                "-c",
                                "core.quotepath=true",
                                "-c",
                                "diff.noprefix=false",
                                "-c",
                                "diff.mnemonicprefix=false",
                                "-c",
                                "diff.relative=false"};
  argv.insert(argv.end(), std::make_move_iterator(args.begin()),
              std::make_move_iterator(args.end()));
  return run_process(argv, {{"GIT_DIFF_OPTS", "GIT_EXTERNAL_DIFF"}, max_output});
}

bool ref_exists(const std::string& root, const std::string& ref) {
  return git(root, {"rev-parse", "--verify", "--quiet", "--end-of-options", ref + "^{commit}"})
             .status == 0;
}

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) {
    s.pop_back();
  }
  return s;
}

} // namespace

GitDiff git_diff(const std::string& root, const GitDiffOptions& options) {
  if (options.ignore_staged && !options.ignore_unstaged) {
    throw UsageError("--ignore-staged needs --ignore-unstaged too: unstaged "
                     "changes are numbered against the staged file, so they cannot be kept "
                     "without it");
  }
  std::string compare = options.compare_branch;
  if (compare.empty()) {
    for (const char* candidate : {"origin/main", "main", "master", "origin/master"}) {
      if (ref_exists(root, candidate)) {
        compare = candidate;
        break;
      }
    }
    if (compare.empty()) {
      throw UsageError("no compare branch: none of origin/main, main, master, "
                       "origin/master exists; pass --compare-branch or --diff-file");
    }
  } else if (!ref_exists(root, compare)) {
    throw UsageError(
        fmt::format("--compare-branch: '{}' is not a commit in this clone (fetch it, e.g. "
                    "git fetch origin main, or pass --diff-file)",
                    compare));
  }
  std::string base = compare;
  if (!options.two_dot) {
    const auto merge_base = git(root, {"merge-base", "--end-of-options", compare, "HEAD"});
    if (merge_base.status != 0) {
      throw UsageError(fmt::format(
          "cannot find the merge base of HEAD and {}: the clone is probably "
          "shallow. Fetch more history (git fetch --unshallow, or actions/checkout with "
          "fetch-depth: 0) or pass the diff with --diff-file",
          compare));
    }
    base = trim(merge_base.out);
  }
  // A text diff that neither the repository's attributes (`*.py -diff` or `binary` would
  // print "Binary files differ" and hide every changed line; a `diff=` driver can name a
  // textconv or an external command) nor the user's configuration can change: --text,
  // --no-textconv and --no-ext-diff, then every format setting fixed to git's defaults
  // (diff-cover runs git with them).
  std::vector<std::string> args{"diff",
                                "--text",
                                "--no-textconv",
                                "--no-ext-diff",
                                "--no-color",
                                "--no-color-moved",
                                "--no-relative",
                                "--diff-algorithm=myers",
                                "--indent-heuristic",
                                "--submodule=short",
                                "-M",
                                "-U0",
                                "--inter-hunk-context=0",
                                "--src-prefix=a/",
                                "--dst-prefix=b/"};
  GitDiff out;
  out.root = root;
  const std::string dots = options.two_dot ? ".." : "...";
  if (options.ignore_unstaged && options.ignore_staged) {
    out.range = {"--end-of-options", base, "HEAD"};
    out.description = fmt::format("{}{}HEAD", compare, dots);
  } else if (options.ignore_unstaged) {
    out.range = {"--cached", "--end-of-options", base};
    out.description = fmt::format("{}{}HEAD and staged changes", compare, dots);
  } else {
    out.range = {"--end-of-options", base};
    out.description = fmt::format("{}{}HEAD, staged and unstaged changes", compare, dots);
  }
  args.insert(args.end(), out.range.begin(), out.range.end());
  // A pathspec separator: nothing after the revisions is taken for a path.
  args.emplace_back("--");
  // The diff is an input like any other: held to the same size limit.
  const auto diff = git(root, std::move(args), SourceText::max_input_size());
  if (diff.too_long) {
    throw SourceText::too_large(fmt::format("git diff {}", out.description));
  }
  if (diff.status != 0) {
    throw Error(fmt::format("git diff {} failed in {}", out.description, root));
  }
  out.text = diff.out;
  if (options.include_untracked) {
    out.untracked = split_nul(git(root, {"ls-files", "-z", "--others", "--exclude-standard"}).out);
    out.description += ", untracked files";
  }
  return out;
}

std::unordered_set<std::string> git_binary_files(const GitDiff& diff) {
  // git's own view (no --text): a file is binary when either side has a NUL in its first
  // 8000 bytes, or the repository's attributes say so. Drivers stay off as in git_diff.
  std::vector<std::string> args{
      "diff",       "--numstat",     "-z", "--no-textconv", "--no-ext-diff",
      "--no-color", "--no-relative", "-M"};
  args.insert(args.end(), diff.range.begin(), diff.range.end());
  args.emplace_back("--");
  const auto numstat = git(diff.root, std::move(args), SourceText::max_input_size());
  if (numstat.too_long || numstat.status != 0) {
    throw Error(fmt::format("git diff --numstat {} failed in {}", diff.description, diff.root));
  }
  // Records: "ADDED\tDELETED\tPATH\0", or for a rename or copy "ADDED\tDELETED\t\0OLD\0NEW\0";
  // a binary file's counts are "-".
  std::unordered_set<std::string> binary;
  const std::string_view text = numstat.out;
  std::size_t at = 0;
  const auto field = [&]() -> std::string_view {
    const std::size_t end = text.find('\0', at);
    if (end == std::string_view::npos) {
      throw Error(fmt::format("git diff --numstat {}: output cut short", diff.description));
    }
    const std::string_view out = text.substr(at, end - at);
    at = end + 1;
    return out;
  };
  while (at < text.size()) {
    std::string_view record = field();
    const bool is_binary = record.starts_with("-\t-\t");
    const std::size_t second_tab = record.find('\t', record.find('\t') + 1);
    if (second_tab == std::string_view::npos) {
      throw Error(fmt::format("git diff --numstat {}: unexpected record", diff.description));
    }
    std::string_view path = record.substr(second_tab + 1);
    if (path.empty()) {
      (void)field();  // the old path of a rename or copy
      path = field(); // the new one
    }
    if (is_binary) {
      binary.emplace(path);
    }
  }
  return binary;
}

std::optional<std::string> git_show(const std::string& dir, const std::string& ref,
                                    const std::string& path, const std::string& flag) {
  const auto commit = run_process({"git", "-C", dir, "rev-parse", "--verify", "--quiet",
                                   "--end-of-options", ref + "^{commit}"});
  if (commit.status != 0) {
    throw UsageError(fmt::format("{}: '{}' is not a commit in this clone (fetch "
                                 "it first, e.g. git fetch origin main)",
                                 flag, ref));
  }
  const std::string object = trim(commit.out) + ":" + path;
  if (run_process({"git", "-C", dir, "cat-file", "-e", object}).status != 0) {
    return std::nullopt;
  }
  const auto blob = run_process({"git", "-C", dir, "cat-file", "blob", object});
  if (blob.status != 0) {
    throw Error(fmt::format("git cat-file blob {}:{} failed in {}", ref, path, dir));
  }
  return blob.out;
}

} // namespace covbar::core
