#include <cstdint>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <unistd.h>

#include "src/core/source_text.hpp"
#include "tests/support/helpers.hpp"

namespace covbar::core {
namespace {

/// Resident kB of the mapping holding `at`, from /proc/self/smaps.
std::size_t resident_kb(const void* at) {
  std::ifstream smaps("/proc/self/smaps");
  const auto address = reinterpret_cast<std::uintptr_t>(at);
  std::string line;
  bool inside = false;
  while (std::getline(smaps, line)) {
    std::uintptr_t begin = 0;
    std::uintptr_t end = 0;
    char dash = 0;
    std::istringstream range(line);
    if (range >> std::hex >> begin >> dash >> end && dash == '-') {
      inside = begin <= address && address < end;
    } else if (inside && line.starts_with("Rss:")) {
      return std::stoul(line.substr(4));
    }
  }
  ADD_FAILURE() << "no mapping holds the text";
  return 0;
}

TEST(SourceText, ReleasedPagesOfAMappedFileLeaveTheResidentSetAndReadBackTheSame) {
  // The LCOV parser reads its parts straight from the mapping and releases each behind it.
  const std::string path = ::testing::TempDir() + "covbar-source-text.txt";
  std::string content;
  while (content.size() < (4U << 20U)) {
    content += "DA:" + std::to_string(content.size()) + ",1\n";
  }
  test::write_text(path, content);
  const auto text = SourceText::read_file(path);
  ASSERT_EQ(text.bytes(), content); // reads every page
  EXPECT_GE(resident_kb(text.bytes().data()), 4000U);
  text.release(0, text.bytes().size());
  EXPECT_LE(resident_kb(text.bytes().data()), 4U); // at most the partly covered last page
  EXPECT_EQ(text.bytes(), content);                // faulted back from the page cache
  // A range off page boundaries (the parts are cut at record ends) reads back the same too.
  text.release(1, 3 * 4096 - 1);
  EXPECT_EQ(text.bytes(), content);
  std::remove(path.c_str());
}

TEST(SourceText, AFileCutShortWhileMappedIsAnErrorNotACrash) {
  // Another process rewriting the report truncates it under covbar's mapping: the pages past
  // its new end raise SIGBUS, which main() turns into a message and exit 2.
  const std::string path = ::testing::TempDir() + "covbar-shrinking.info";
  test::write_text(path, std::string(3 * 4096, 'x'));
  EXPECT_EXIT(
      {
        SourceText::exit_on_truncated_input();
        const auto text = SourceText::read_file(path);
        if (::truncate(path.c_str(), 100) != 0) {
          std::exit(3);
        }
        volatile char past_end = text.bytes()[2 * 4096];
        (void)past_end;
        std::exit(0);
      },
      ::testing::ExitedWithCode(2),
      "covbar-shrinking.info: error: the file shrank while covbar read it");
  std::remove(path.c_str());
}

} // namespace
} // namespace covbar::core
