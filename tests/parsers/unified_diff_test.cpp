// The unified-diff parser: inline cases per construct (ninja style), then every diff of
// ../shared/conformance/diff.

#include <fmt/format.h>

#include "parsers/unified_diff.hpp"
#include "tests/support/helpers.hpp"

namespace covbar::test {
namespace {

using Status = model::ChangedFile::Status;

model::ChangedLines diff(std::string text) {
  const auto source = core::SourceText::from_string("test.diff", std::move(text));
  return parsers::parse_unified_diff(source);
}

/// "path status [lines]" per file, for whole-result comparisons.
std::string dump(const model::ChangedLines& d) {
  static const char* names[] = {"modified", "added", "deleted", "renamed", "copied"};
  std::string out;
  for (const auto& f : d.files) {
    out += fmt::format("{} {}{}{} [{}]\n", f.path, names[static_cast<int>(f.status)],
                       f.old_path != f.path ? " from " + f.old_path : "", f.binary ? " binary" : "",
                       fmt::join(f.added_lines, ","));
  }
  return out;
}

TEST(UnifiedDiff, ModifiedFileCountsOnlyAddedLines) {
  EXPECT_EQ(dump(diff("diff --git a/src/x.py b/src/x.py\n"
                      "index 1111111..2222222 100644\n"
                      "--- a/src/x.py\n"
                      "+++ b/src/x.py\n"
                      "@@ -1,4 +1,5 @@\n"
                      " keep\n"
                      "-old\n"
                      "+new\n"
                      "+newer\n"
                      " keep\n"
                      "@@ -20,2 +21,2 @@ def f():\n"
                      "-a\n"
                      "+b\n"
                      " c\n")),
            "src/x.py modified [2,3,21]\n");
}

TEST(UnifiedDiff, NewDeletedAndBinaryFiles) {
  EXPECT_EQ(
      dump(diff("diff --git a/new.txt b/new.txt\nnew file mode 100644\nindex 0000000..e69de29\n"
                "--- /dev/null\n+++ b/new.txt\n@@ -0,0 +1,2 @@\n+one\n+two\n"
                "diff --git a/gone.txt b/gone.txt\ndeleted file mode 100644\n"
                "--- a/gone.txt\n+++ /dev/null\n@@ -1 +0,0 @@\n-bye\n"
                "diff --git a/img.png b/img.png\nnew file mode 100644\n"
                "Binary files /dev/null and b/img.png differ\n")),
      "new.txt added [1,2]\ngone.txt deleted []\nimg.png added binary []\n");
}

TEST(UnifiedDiff, RenamesCopiesAndModeChanges) {
  EXPECT_EQ(dump(diff("diff --git a/old name.c b/new name.c\nsimilarity index 90%\n"
                      "rename from old name.c\nrename to new name.c\n"
                      "--- a/old name.c\n+++ b/new name.c\n@@ -3 +3 @@\n-x\n+y\n"
                      "diff --git a/a.c b/b.c\nsimilarity index 100%\ncopy from a.c\ncopy to b.c\n"
                      "diff --git a/run.sh b/run.sh\nold mode 100644\nnew mode 100755\n")),
            "new name.c renamed from old name.c [3]\nb.c copied from a.c []\nrun.sh modified []\n");
}

TEST(UnifiedDiff, QuotedPathsWithTabsAndUtf8Escapes) {
  EXPECT_EQ(dump(diff("diff --git \"a/caf\\303\\251\\tx.py\" \"b/caf\\303\\251\\tx.py\"\n"
                      "--- \"a/caf\\303\\251\\tx.py\"\n+++ \"b/caf\\303\\251\\tx.py\"\n"
                      "@@ -1 +1 @@\n-a\n+b\n")),
            "caf\xc3\xa9\tx.py modified [1]\n");
}

TEST(UnifiedDiff, CrlfNoNewlineMarkerAndNoPrefix) {
  EXPECT_EQ(dump(diff("diff --git x.txt x.txt\r\n--- x.txt\r\n+++ x.txt\r\n@@ -1 +1,2 @@\r\n"
                      "-a\r\n\\ No newline at end of file\r\n+a\r\n+b\r\n"
                      "\\ No newline at end of file\r\n")),
            "x.txt modified [1,2]\n");
}

TEST(UnifiedDiff, CustomPrefixesAndPlainDiffU) {
  EXPECT_EQ(dump(diff("diff --git src:/lib/a.c dst:/lib/a.c\n--- src:/lib/a.c\n+++ dst:/lib/a.c\n"
                      "@@ -1 +1 @@\n-a\n+b\n")),
            "lib/a.c modified [1]\n");
  EXPECT_EQ(dump(diff("--- old/a.c\t2024-01-01 10:00:00.000000000 +0100\n"
                      "+++ new/a.c\t2024-01-02 10:00:00.000000000 +0100\n"
                      "@@ -1,2 +1,2 @@\n a\n-b\n+c\n"
                      "--- old/b.c\t2024-01-01\n+++ new/b.c\t2024-01-01\n@@ -5 +5,2 @@\n x\n+y\n")),
            "a.c modified [2]\nb.c modified [6]\n");
}

TEST(UnifiedDiff, FormatPatchMailAndJunkBetweenFiles) {
  EXPECT_EQ(dump(diff("From 123 Mon Sep 17 00:00:00 2001\nSubject: [PATCH] x\n\n"
                      "+ not a diff line, part of the message\n---\n a.c | 1 +\n\n"
                      "diff --git a/a.c b/a.c\n--- a/a.c\n+++ b/a.c\n@@ -1 +1,2 @@\n a\n+b\n"
                      "-- \n2.39.5\n")),
            "a.c modified [2]\n");
}

TEST(UnifiedDiff, LinesStartingWithDashesInsideAHunk) {
  EXPECT_EQ(dump(diff("diff --git a/a b/a\n--- a/a\n+++ b/a\n@@ -1,2 +1,2 @@\n"
                      "--- removed line starting with --\n+++ added line starting with ++\n"
                      " ctx\n")),
            "a modified [1]\n");
}

/// The whole message of the error a diff gets, or "no error".
std::string diff_error(std::string text) {
  try {
    diff(std::move(text));
  } catch (const core::InputError& e) {
    return e.what();
  }
  return "no error";
}

TEST(UnifiedDiff, CombinedDiffIsRefusedWithALocation) {
  EXPECT_EQ(
      diff_error("diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\ndiff --cc m.c\n"),
      "test.diff:7:1: error: expected a two-way unified diff (combined diffs of "
      "merges are not supported: diff against one parent), found 'diff --cc m.c'\n"
      "diff --cc m.c\n^");
}

TEST(UnifiedDiff, HunkWithoutFileHeaderIsRefused) {
  EXPECT_EQ(diff_error("@@ -1 +1 @@\n-a\n+b\n"),
            "test.diff:1:1: error: expected a file header ('diff --git' or '---' and "
            "'+++') before the first hunk, found '@@ -1 +1 @@'\n@@ -1 +1 @@\n^");
}

// ---- conformance ----

std::string corpus_text(const std::string& name) {
  std::string text = read_text(conformance_dir() / "diff" / name);
  if (name.starts_with("git__t4013")) {
    // git's expectation files: a '$ git ...' line first and a lone '$' last.
    text.erase(0, text.find('\n') + 1);
    const auto last = text.rfind("\n$");
    if (last != std::string::npos) {
      text.erase(last + 1);
    }
  }
  return text;
}

TEST(UnifiedDiffConformance, EveryDiffParsesOrIsRefusedWithALocation) {
  namespace fs = std::filesystem;
  COVBAR_SKIP_WITHOUT_CORPUS("diff");
  std::size_t parsed = 0;
  std::size_t refused = 0;
  for (const auto& entry : fs::directory_iterator(conformance_dir() / "diff")) {
    const auto name = entry.path().filename().string();
    if (name.starts_with("diffcover__expected__")) {
      continue;
    }
    SCOPED_TRACE(name);
    try {
      const auto d = diff(corpus_text(name));
      for (const auto& f : d.files) {
        EXPECT_FALSE(f.path.empty());
        EXPECT_TRUE(std::is_sorted(f.added_lines.begin(), f.added_lines.end()));
        EXPECT_TRUE(f.added_lines.empty() || f.added_lines.front() >= 1);
      }
      ++parsed;
    } catch (const core::InputError& e) {
      EXPECT_TRUE(e.has_position()) << e.what();
      // Only two kinds are refused: combined diffs, and bare hunks with no file to belong to
      // (go-diff's and GitPython's hunk-level fixtures).
      const std::string message = e.what();
      EXPECT_TRUE(message.find("combined diffs") != std::string::npos ||
                  message.find("before the first hunk") != std::string::npos)
          << message;
      ++refused;
    }
  }
  EXPECT_GT(parsed, 120U);
  EXPECT_EQ(refused, 15U);
}

TEST(UnifiedDiffConformance, PeersExpectations) {
  COVBAR_SKIP_WITHOUT_CORPUS("diff");
  // python-unidiff: 3 files, file1 removed, file2 modified, file3 added.
  EXPECT_EQ(dump(diff(corpus_text("python-unidiff__git_no_prefix.diff"))).substr(0, 6), "file1 ");
  const auto no_prefix = diff(corpus_text("python-unidiff__git_no_prefix.diff"));
  ASSERT_EQ(no_prefix.files.size(), 3U);
  EXPECT_EQ(no_prefix.files[0].status, Status::deleted);
  EXPECT_EQ(no_prefix.files[1].status, Status::modified);
  EXPECT_EQ(no_prefix.files[2].status, Status::added);
  // python-unidiff: path 'dst://foo bar/baz' with custom prefixes src:// and dst://.
  const auto prefixed = diff(corpus_text("python-unidiff__git_filenames_with_spaces_prefix.diff"));
  ASSERT_FALSE(prefixed.files.empty());
  EXPECT_EQ(prefixed.files[0].path, "foo bar/baz");
  // go-diff: copies to C-quoted names with \n, \" and octal UTF-8.
  const auto funny = diff(corpus_text("go-diff__complicated_filenames.diff"));
  std::vector<std::string> paths;
  for (const auto& f : funny.files) {
    paths.push_back(f.path);
  }
  EXPECT_NE(std::find(paths.begin(), paths.end(), "new, complicated\nfilen\xc3\xb8me"),
            paths.end());
  EXPECT_NE(std::find(paths.begin(), paths.end(), "new \"complicated\" filename"), paths.end());
  // diff-cover: git_diff_changed counts only line 1; git_diff_add 10 added lines.
  EXPECT_EQ(dump(diff(corpus_text("diffcover__git_diff_changed.txt"))).find("[1]") !=
                std::string::npos,
            true);
  const auto add = diff(corpus_text("diffcover__git_diff_add.txt"));
  ASSERT_EQ(add.files.size(), 1U);
  EXPECT_EQ(add.files[0].added_lines.size(), 10U);
}

} // namespace
} // namespace covbar::test
