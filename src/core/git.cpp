#include "src/core/git.hpp"

#include <array>
#include <cstdio>
#include <memory>
#include <sys/wait.h>

#include <fmt/format.h>

#include "src/core/error.hpp"

namespace covbar::core {
namespace {

std::string quote(std::string_view s) {
  std::string out = "'";
  for (const char c : s) {
    out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  }
  return out + "'";
}

struct Result {
  int status = -1;
  std::string out;
};

/// Runs `git -C root ARGS` with a fixed, config-independent output format.
Result git(const std::string& root, const std::string& args) {
  const std::string command =
      fmt::format("git -C {} -c core.quotepath=true -c diff.noprefix=false "
                  "-c diff.mnemonicprefix=false {} 2>/dev/null",
                  quote(root), args);
  Result result;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) {
    throw Error("covbar: error: cannot run git");
  }
  std::array<char, 65536> buffer{};
  std::size_t n = 0;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) {
    result.out.append(buffer.data(), n);
  }
  const int status = ::pclose(pipe);
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

bool ref_exists(const std::string& root, const std::string& ref) {
  return git(root, fmt::format("rev-parse --verify --quiet {}", quote(ref + "^{commit}"))).status == 0;
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
    throw UsageError("covbar: error: --ignore-staged needs --ignore-unstaged too: unstaged "
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
      throw UsageError("covbar: error: no compare branch: none of origin/main, main, master, "
                       "origin/master exists; pass --compare-branch or --diff-file");
    }
  } else if (!ref_exists(root, compare)) {
    throw UsageError(fmt::format(
        "covbar: error: --compare-branch: '{}' is not a commit in this clone (fetch it, e.g. "
        "git fetch origin main, or pass --diff-file)",
        compare));
  }
  std::string base = compare;
  if (!options.two_dot) {
    const auto merge_base = git(root, fmt::format("merge-base {} HEAD", quote(compare)));
    if (merge_base.status != 0) {
      throw UsageError(fmt::format(
          "covbar: error: cannot find the merge base of HEAD and {}: the clone is probably "
          "shallow. Fetch more history (git fetch --unshallow, or actions/checkout with "
          "fetch-depth: 0) or pass the diff with --diff-file",
          compare));
    }
    base = trim(merge_base.out);
  }
  const std::string common = "diff --no-color --no-ext-diff --no-textconv -M -U0 "
                             "--src-prefix=a/ --dst-prefix=b/";
  GitDiff out;
  std::string range;
  if (options.ignore_unstaged && options.ignore_staged) {
    range = fmt::format("{} HEAD", quote(base));
    out.description = fmt::format("{}{}HEAD", compare, options.two_dot ? ".." : "...");
  } else if (options.ignore_unstaged) {
    range = fmt::format("--cached {}", quote(base));
    out.description = fmt::format("{}{}HEAD and staged changes", compare, options.two_dot ? ".." : "...");
  } else {
    range = quote(base);
    out.description = fmt::format("{}{}HEAD, staged and unstaged changes", compare,
                                  options.two_dot ? ".." : "...");
  }
  const auto diff = git(root, fmt::format("{} {}", common, range));
  if (diff.status != 0) {
    throw Error(fmt::format("covbar: error: git diff {} failed in {}", range, root));
  }
  out.text = diff.out;
  if (options.include_untracked) {
    const auto listing = git(root, "ls-files -z --others --exclude-standard");
    std::size_t start = 0;
    while (start < listing.out.size()) {
      auto end = listing.out.find('\0', start);
      if (end == std::string::npos) {
        end = listing.out.size();
      }
      if (end > start) {
        out.untracked.push_back(listing.out.substr(start, end - start));
      }
      start = end + 1;
    }
    out.description += ", untracked files";
  }
  return out;
}

} // namespace covbar::core
