#pragma once

#include <cstdlib>
#include <filesystem>
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "tests/support/helpers.hpp"

namespace covbar::test {

/// tests/golden/<name> in the source tree.
inline std::filesystem::path golden_dir(const std::string& name) {
  return std::filesystem::path(COVBAR_FIXTURES).parent_path() / "tests" / "golden" / name;
}

/// Every regular file under `dir`, as paths relative to it; the manifest of generated files
/// (`.covbar-manifest`) is left out: its own tests check it.
inline std::set<std::string> files_under(const std::filesystem::path& dir) {
  std::set<std::string> out;
  if (!std::filesystem::exists(dir)) {
    return out;
  }
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file() && entry.path().filename() != ".covbar-manifest") {
      out.insert(std::filesystem::relative(entry.path(), dir).string());
    }
  }
  return out;
}

/// Compares every file under `produced` with its golden twin under `golden` (same set of
/// files, same bytes). With COVBAR_UPDATE_GOLDEN=1 in the environment it replaces the golden
/// folder instead, for a reviewed update.
inline void expect_golden_tree(const std::filesystem::path& produced,
                               const std::filesystem::path& golden) {
  if (std::getenv("COVBAR_UPDATE_GOLDEN") != nullptr) {
    std::filesystem::remove_all(golden);
    std::filesystem::create_directories(golden);
    std::filesystem::copy(produced, golden, std::filesystem::copy_options::recursive);
    return;
  }
  const auto want = files_under(golden);
  const auto have = files_under(produced);
  EXPECT_EQ(have, want) << "the generated files differ from " << golden;
  for (const auto& file : have) {
    if (want.contains(file)) {
      EXPECT_EQ(read_text(produced / file), read_text(golden / file)) << file;
    }
  }
}

} // namespace covbar::test
