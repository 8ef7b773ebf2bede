#pragma once

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <initializer_list>
#include <string>
#include <string_view>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "parsers/detect.hpp"
#include "src/core/error.hpp"
#include "src/core/source_text.hpp"
#include "src/model/coverage.hpp"
#include "src/model/invariants.hpp"
#include "tests/support/model_dump.hpp"

namespace covbar::test {

inline std::filesystem::path fixtures_dir() { return COVBAR_FIXTURES; }
inline std::filesystem::path conformance_dir() { return COVBAR_CONFORMANCE; }

/// Skips the calling test when ../shared/conformance/<subdir> is not beside the checkout (a
/// fresh clone). A macro, since GTEST_SKIP only returns from the function it is written in.
#define COVBAR_SKIP_WITHOUT_CORPUS(subdir)                                                         \
  if (!std::filesystem::is_directory(::covbar::test::conformance_dir() / (subdir)))                \
  GTEST_SKIP() << "no conformance corpus at " << (::covbar::test::conformance_dir() / (subdir))

/// Every report under fixtures/ and ../shared/conformance/<conformance_subdir> (when that
/// folder is present) whose extension is one of `extensions`.
inline std::vector<std::filesystem::path>
real_reports(std::string_view conformance_subdir,
             std::initializer_list<std::string_view> extensions) {
  std::vector<std::filesystem::path> reports;
  for (const auto& root : {fixtures_dir(), conformance_dir() / conformance_subdir}) {
    if (!std::filesystem::exists(root)) {
      continue; // ../shared/conformance is optional
    }
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
      const std::string ext = entry.path().extension().string();
      if (std::find(extensions.begin(), extensions.end(), ext) != extensions.end()) {
        reports.push_back(entry.path());
      }
    }
  }
  return reports;
}

/// Parses inline text as `name` and checks the model's invariants (bloaty's
/// CheckConsistency after every parse).
inline model::CoverageReport parse_text(std::string_view name, std::string text,
                                        std::optional<parsers::Format> format = std::nullopt) {
  const auto source = core::SourceText::from_string(std::string(name), std::move(text));
  auto report = parsers::parse_report(source, format);
  const auto problems = model::check_invariants(report);
  EXPECT_TRUE(problems.empty()) << name << ": " << (problems.empty() ? "" : problems.front());
  return report;
}

inline model::CoverageReport parse_file(const std::filesystem::path& path) {
  const auto source = core::SourceText::read_file(path.string());
  auto report = parsers::parse_report(source, std::nullopt);
  const auto problems = model::check_invariants(report);
  EXPECT_TRUE(problems.empty()) << path << ": " << (problems.empty() ? "" : problems.front());
  return report;
}

/// The whole message of the InputError that parsing `text` throws, or "no error".
inline std::string parse_error(std::string_view name, std::string text,
                               std::optional<parsers::Format> format = std::nullopt) {
  try {
    const auto source = core::SourceText::from_string(std::string(name), std::move(text));
    (void)parsers::parse_report(source, format);
  } catch (const core::InputError& e) {
    return e.what();
  }
  return "no error";
}

/// Writes `text` to `path`, replacing it (std::FILE, as read_text).
inline void write_text(const std::filesystem::path& path, std::string_view text) {
  std::FILE* out = std::fopen(path.c_str(), "wb");
  ASSERT_NE(out, nullptr) << path;
  std::fwrite(text.data(), 1, text.size(), out);
  std::fclose(out);
}

/// A whole file's text (std::FILE rather than stream iterators, which GCC 12 flags with
/// false -Wnull-dereference warnings).
inline std::string read_text(const std::filesystem::path& path) {
  std::string text;
  if (FILE* f = std::fopen(path.c_str(), "rb")) {
    char buffer[65536];
    std::size_t n = 0;
    while ((n = std::fread(buffer, 1, sizeof buffer, f)) > 0) {
      text.append(buffer, n);
    }
    std::fclose(f);
  }
  return text;
}

/// A fresh temporary folder per test, named after it; removed afterwards (ccache's unittest
/// runs each test in a fresh directory). GITHUB_STEP_SUMMARY is cleared for the test.
class TempDirTest : public ::testing::Test {
protected:
  void SetUp() override {
    // The pid keeps two test runs at once (several work trees on one machine) apart.
    m_dir =
        std::filesystem::temp_directory_path() /
        ("covbar-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) +
         "-" + std::to_string(::getpid()));
    std::filesystem::remove_all(m_dir);
    std::filesystem::create_directories(m_dir);
    ::unsetenv("GITHUB_STEP_SUMMARY");
  }
  void TearDown() override { std::filesystem::remove_all(m_dir); }
  std::filesystem::path m_dir;
};

/// Starts the real covbar binary with `args`, its output sent to `log` (appended), with
/// `env_name=env_value` added to its environment when given; returns the child's pid.
inline pid_t spawn_covbar(const std::vector<std::string>& args, const std::string& log,
                          const char* env_name = nullptr, const char* env_value = nullptr) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    if (env_name != nullptr) {
      ::setenv(env_name, env_value, 1);
    }
    const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd >= 0) {
      ::dup2(fd, 1);
      ::dup2(fd, 2);
    }
    std::vector<std::string> full{COVBAR_BINARY};
    full.insert(full.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : full) {
      argv.push_back(a.data());
    }
    argv.push_back(nullptr);
    ::execv(COVBAR_BINARY, argv.data());
    ::_exit(127);
  }
  return pid;
}

/// Waits for a child and returns its raw wait status.
inline int wait_for(pid_t pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return status;
}

inline std::string counter(const model::Counter& c) {
  return std::to_string(c.covered) + "/" + std::to_string(c.total);
}

} // namespace covbar::test
