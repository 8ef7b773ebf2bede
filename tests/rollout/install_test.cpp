// The git-xargs installer of Phase 1, run as the sheet prints it, with `uname` and `curl`
// replaced by scripts on PATH (no network in tests): the platform it picks, the download it
// asks for, and the SHA-256 check that decides whether anything is installed.

#include "src/rollout/rollout.hpp"
#include "tests/rollout/behaviour.hpp"

namespace covbar::test {
namespace {

class Installer : public Behaviour {
protected:
  void SetUp() override {
    Behaviour::SetUp();
    fs::create_directories(m_dir / "bin");
    write_text(m_dir / "bin/uname", "#!/bin/sh\n"
                                    "case $1 in -s) echo \"$FAKE_KERNEL\" ;; "
                                    "-m) echo \"$FAKE_MACHINE\" ;; *) exit 9 ;; esac\n");
    // Records its arguments and "downloads" $FAKE_ASSET to the file after -o.
    write_text(m_dir / "bin/curl", "#!/bin/sh\n"
                                   "printf '%s\\n' \"$*\" >> \"$CURL_LOG\"\n"
                                   "while [ $# -gt 0 ]; do\n"
                                   "  if [ \"$1\" = -o ]; then cp \"$FAKE_ASSET\" \"$2\"; fi\n"
                                   "  shift\n"
                                   "done\n");
    fs::permissions(m_dir / "bin/uname", fs::perms::owner_all);
    fs::permissions(m_dir / "bin/curl", fs::perms::owner_all);
    write_text(m_dir / "asset", "#!/bin/sh\necho git-xargs stand-in\n");
  }

  /// Runs `command` as a machine reporting `kernel` and `machine`.
  Ran install(const std::vector<std::string>& command, const std::string& kernel,
              const std::string& machine) {
    std::string line = "cd " + core::shell_quote(m_ops.string()) +
                       " && exec env PATH=" + core::shell_quote((m_dir / "bin").string()) +
                       ":\"$PATH\"" + " FAKE_KERNEL=" + kernel + " FAKE_MACHINE=" + machine +
                       " FAKE_ASSET=" + core::shell_quote((m_dir / "asset").string()) +
                       " CURL_LOG=" + core::shell_quote((m_dir / "curl.log").string()) +
                       " GIT_XARGS_INSTALL_DIR=" + core::shell_quote((m_dir / "dest").string());
    for (const auto& word : command) {
      line += " " + core::shell_quote(word);
    }
    return sh(line);
  }

  std::string sha256(const fs::path& file) {
    const std::string out = sh("sha256sum " + core::shell_quote(file.string())).out;
    return out.substr(0, out.find(' '));
  }
};

TEST_F(Installer, ThePrintedInstallerRefusesAPlatformWithoutACarriedSum) {
  // The command as Phase 1 prints it.
  const auto at = m_sheet.find("install-git-xargs.sh");
  ASSERT_NE(at, std::string::npos) << m_sheet;
  const auto start = m_sheet.rfind('\n', at) + 1;
  std::vector<std::string> command;
  for (auto word : split_words(m_sheet.substr(start, m_sheet.find('\n', at) - start))) {
    if (word.ends_with("/install-git-xargs.sh;")) {
      word.pop_back();
    }
    if (word.ends_with("/install-git-xargs.sh")) {
      command.push_back(word);
    }
  }
  ASSERT_EQ(command.size(), 1U) << m_sheet.substr(start, 200);
  const std::vector<std::pair<std::string, std::string>> machines{
      {"Linux", "x86_64"}, {"Linux", "aarch64"}, {"Darwin", "x86_64"}, {"Darwin", "arm64"}};
  ASSERT_EQ(rollout::k_git_xargs_binaries.size(), machines.size());
  for (std::size_t i = 0; i < machines.size(); ++i) {
    const auto& binary = rollout::k_git_xargs_binaries[i];
    if (!binary.sha256.empty()) {
      continue; // a carried sum: checked by the next test's logic, not downloadable here
    }
    const Ran r = install(command, machines[i].first, machines[i].second);
    EXPECT_EQ(r.status, 1) << r.out;
    EXPECT_NE(r.out.find("covbar carries no verified SHA-256 for " + std::string(binary.asset) +
                         " v0.1.16, so it does not install it"),
              std::string::npos)
        << r.out;
    EXPECT_FALSE(fs::exists(m_dir / "curl.log")) << "nothing is downloaded";
    EXPECT_FALSE(fs::exists(m_dir / "dest"));
  }
}

TEST_F(Installer, InstallsOnlyADownloadWhoseSumIsTheCarriedOne) {
  const std::string sum = sha256(m_dir / "asset");
  const std::array<rollout::ReleaseBinary, 2> table{{
      {"git-xargs_linux_amd64", sum},
      {"git-xargs_darwin_arm64", sum},
  }};
  const fs::path script = m_dir / "install-git-xargs.sh";
  write_text(script, rollout::git_xargs_installer("v0.1.16", table));
  fs::permissions(script, fs::perms::owner_all);

  const Ran linux = install({script.string()}, "Linux", "x86_64");
  EXPECT_EQ(linux.status, 0) << linux.out;
  const std::string download = read_text(m_dir / "curl.log");
  EXPECT_TRUE(download.starts_with("-fsSL --proto =https -o ")) << download;
  EXPECT_TRUE(download.ends_with(" https://github.com/gruntwork-io/git-xargs/releases/download/"
                                 "v0.1.16/git-xargs_linux_amd64\n"))
      << download;
  EXPECT_EQ(read_text(m_dir / "dest/git-xargs"), read_text(m_dir / "asset"));
  EXPECT_EQ(::access((m_dir / "dest/git-xargs").c_str(), X_OK), 0);
  fs::remove_all(m_dir / "dest");
  fs::remove(m_dir / "curl.log");

  const Ran mac = install({script.string()}, "Darwin", "arm64");
  EXPECT_EQ(mac.status, 0) << mac.out;
  EXPECT_NE(read_text(m_dir / "curl.log").find("/download/v0.1.16/git-xargs_darwin_arm64\n"),
            std::string::npos);
  fs::remove_all(m_dir / "dest");

  // A download that is not the binary the sum names: refused, nothing installed.
  write_text(m_dir / "asset", "#!/bin/sh\necho something else\n");
  const Ran tampered = install({script.string()}, "Linux", "x86_64");
  EXPECT_EQ(tampered.status, 1) << tampered.out;
  EXPECT_NE(tampered.out.find("git-xargs_linux_amd64: SHA-256 " + sha256(m_dir / "asset") +
                              ", expected " + sum + ": not installed"),
            std::string::npos)
      << tampered.out;
  EXPECT_FALSE(fs::exists(m_dir / "dest/git-xargs"));

  // A platform the table has no sum for, and one git-xargs is not released for.
  const Ran arm_linux = install({script.string()}, "Linux", "aarch64");
  EXPECT_EQ(arm_linux.status, 1) << arm_linux.out;
  EXPECT_NE(arm_linux.out.find("no verified SHA-256 for git-xargs_linux_arm64"), std::string::npos);
  const Ran windows = install({script.string()}, "MINGW64_NT-10.0", "x86_64");
  EXPECT_EQ(windows.status, 1) << windows.out;
  EXPECT_NE(windows.out.find("released for Linux and macOS, not MINGW64_NT-10.0"),
            std::string::npos);
  EXPECT_FALSE(fs::exists(m_dir / "dest/git-xargs"));
}

} // namespace
} // namespace covbar::test
