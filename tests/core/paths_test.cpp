#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "src/core/error.hpp"
#include "src/core/paths.hpp"

namespace covbar::core {

TEST(Paths, Normalize) {
  EXPECT_EQ(normalize_path("a\\b\\..\\c//./d/"), "a/c/d");
  EXPECT_EQ(normalize_path("/x/../../y"), "/y");
  EXPECT_EQ(normalize_path("D:\\Build\\x.cs"), "D:/Build/x.cs");
  EXPECT_EQ(normalize_path("../up/x"), "../up/x");
  EXPECT_TRUE(is_absolute_path("C:/x"));
  EXPECT_FALSE(is_absolute_path("src/x"));
}

TEST(Paths, BaseNameAndDirectory) {
  EXPECT_EQ(base_name("src/app/main.py"), "main.py");
  EXPECT_EQ(base_name("/main.py"), "main.py");
  EXPECT_EQ(base_name("main.py"), "main.py");
  EXPECT_EQ(base_name("src/"), "");
  EXPECT_EQ(directory_of("src/app/main.py"), "src/app");
  EXPECT_EQ(directory_of("/work/state.json"), "/work");
  EXPECT_EQ(directory_of("/state.json"), "/");
  EXPECT_EQ(directory_of("./covbar.yml"), ".");
  EXPECT_EQ(directory_of("covbar.yml"), ""); // a bare name has no directory part
}

TEST(Paths, SuffixesCompareWholeSegments) {
  EXPECT_TRUE(ends_with_segments("/ci/src/a.ts", "src/a.ts"));
  EXPECT_TRUE(ends_with_segments("/ci/src/a.ts", "a.ts"));
  EXPECT_TRUE(ends_with_segments("/ci/src/a.ts", "ci/src/a.ts"));
  EXPECT_FALSE(ends_with_segments("/ci/xsrc/a.ts", "src/a.ts")); // not at a `/`
  EXPECT_FALSE(ends_with_segments("src/a.ts", "src/a.ts"));      // proper suffixes only
  EXPECT_FALSE(ends_with_segments("a.ts", "src/a.ts"));
  EXPECT_FALSE(ends_with_segments("src/a.ts", ""));
}

TEST(Paths, PathMapMatchesWholeSegments) {
  const std::vector<PathMapRule> rules{PathMapRule::parse("/app=."),
                                       PathMapRule::parse("/ci/src=lib")};
  EXPECT_EQ(apply_path_map(rules, "/app/calc/ops.py"), "calc/ops.py");
  EXPECT_EQ(apply_path_map(rules, "/apple/x.py"), "/apple/x.py");
  EXPECT_EQ(apply_path_map(rules, "/ci/src/a.c"), "lib/a.c");
  EXPECT_THROW(PathMapRule::parse("no-equals"), UsageError);
}

TEST(Paths, RepoIndexResolvesRootPrefixAndSuffixes) {
  const RepoIndex index("/work/repo", {"src/app/main.py", "src/app/util.py", "tests/util.py",
                                       "a/x/same.ts", "b/x/same.ts"});
  auto m = index.resolve("/work/repo/src/app/main.py");
  EXPECT_TRUE(m.found);
  EXPECT_EQ(m.path, "src/app/main.py");
  m = index.resolve("/home/runner/work/repo/repo/src/app/util.py"); // another machine
  EXPECT_TRUE(m.found);
  EXPECT_EQ(m.path, "src/app/util.py");
  m = index.resolve("app/main.py"); // coverage.py relative_files from src/
  EXPECT_TRUE(m.found);
  EXPECT_EQ(m.path, "src/app/main.py");
  m = index.resolve("/elsewhere/x/same.ts");
  EXPECT_FALSE(m.found);
  EXPECT_EQ(m.ambiguous, (std::vector<std::string>{"a/x/same.ts", "b/x/same.ts"}));
  m = index.resolve("/work/repo/generated/new.py");
  EXPECT_FALSE(m.found);
  EXPECT_EQ(m.path, "generated/new.py") << "repo-relative even when absent";
}

/// The longest common suffix of whole segments, by comparing the path with every file: the
/// definition RepoIndex::resolve must meet.
RepoIndex::Match resolve_by_brute_force(const std::vector<std::string>& files,
                                        const std::string& path) {
  RepoIndex::Match match;
  match.path = path;
  if (std::find(files.begin(), files.end(), path) != files.end()) {
    match.found = true;
    return match;
  }
  const auto shared = [](std::string_view a, std::string_view b) {
    std::size_t n = 0;
    while (!a.empty() && !b.empty() && base_name(a) == base_name(b)) {
      const std::size_t cut = base_name(a).size() + 1;
      a.remove_suffix(std::min(a.size(), cut));
      b.remove_suffix(std::min(b.size(), cut));
      ++n;
    }
    return n;
  };
  std::size_t best = 0;
  std::vector<std::string> best_files;
  for (const auto& file : files) {
    const std::size_t n = shared(path, file);
    if (n > best) {
      best = n;
      best_files = {file};
    } else if (n == best && n > 0) {
      best_files.push_back(file);
    }
  }
  if (best_files.size() == 1) {
    match.path = best_files.front();
    match.found = true;
    match.by_suffix = true;
  } else if (best_files.size() > 1) {
    std::sort(best_files.begin(), best_files.end());
    match.ambiguous = best_files;
  }
  return match;
}

TEST(Paths, RepoIndexFindsTheLongestCommonSuffixOfEveryFile) {
  // Random trees of few names, so files share base names and folders at every depth.
  std::mt19937 random(11);
  const std::vector<std::string> names{"a", "b", "src", "ops.py", "index.ts", "x"};
  const auto random_path = [&](std::size_t depth) {
    std::string path;
    for (std::size_t d = 0; d < depth; ++d) {
      path += (d == 0 ? "" : "/") + names[random() % names.size()];
    }
    return path;
  };
  for (int round = 0; round < 300; ++round) {
    std::vector<std::string> files;
    for (std::size_t i = random() % 40; i > 0; --i) {
      const std::string file = random_path(1 + random() % 4);
      if (std::find(files.begin(), files.end(), file) == files.end()) {
        files.push_back(file);
      }
    }
    const RepoIndex index("/repo", files);
    for (int probe = 0; probe < 30; ++probe) {
      const std::string path = (random() % 3 == 0 ? "/ci/" : "") + random_path(1 + random() % 5);
      const auto want = resolve_by_brute_force(files, path);
      const auto got = index.resolve(path);
      ASSERT_EQ(got.found, want.found) << path;
      ASSERT_EQ(got.path, want.path) << path;
      ASSERT_EQ(got.by_suffix, want.by_suffix) << path;
      ASSERT_EQ(got.ambiguous, want.ambiguous) << path;
      ASSERT_EQ(index.contains(path), std::find(files.begin(), files.end(), path) != files.end());
    }
  }
}

} // namespace covbar::core
