#include <gtest/gtest.h>

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

} // namespace covbar::core
