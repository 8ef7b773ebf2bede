#pragma once

// The behaviour harness of the rollout: throw-away repositories, fresh clones, and the
// git-xargs commands of the printed sheet run as git-xargs runs them.

#include <map>
#include <string>
#include <string_view>
#include <unistd.h>
#include <vector>

#include "src/core/process.hpp"
#include "tests/support/golden.hpp"
#include "tests/support/run_covbar.hpp"
#include "tests/support/shell.hpp"

namespace covbar::test {

namespace fs = std::filesystem;

/// A command's exit status and what it printed (standard error folded in).
struct Ran {
  int status = -1;
  std::string out;
};

inline Ran sh(const std::string& command) {
  const auto r = run_shell(command + " 2>&1");
  return {r.status, r.out};
}

/// The words of a command line as the sheet writes them: bare words, single-quoted ones
/// (with `'\''` for a quote), backslash escapes outside quotes.
inline std::vector<std::string> split_words(std::string_view line) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '\'') {
        quoted = false;
      } else {
        word += c;
      }
    } else if (c == '\'') {
      quoted = true;
      in_word = true;
    } else if (c == '\\' && i + 1 < line.size()) {
      word += line[++i];
      in_word = true;
    } else if (c == ' ' || c == '\n' || c == '\t') {
      if (in_word) {
        words.push_back(word);
      }
      word.clear();
      in_word = false;
    } else {
      word += c;
      in_word = true;
    }
  }
  if (in_word) {
    words.push_back(word);
  }
  return words;
}

/// One git-xargs call of the sheet: its selection, its flags and the command it runs.
struct XargsCall {
  std::string selection;  ///< "--repo", "--repos" or "--github-org"
  std::string repo;       ///< --repo's value
  std::string repos_file; ///< --repos' value
  bool dry_run = false;
  std::map<std::string, std::string> values; ///< every flag that takes a value
  std::vector<std::string> command;          ///< what git-xargs executes in each clone
};

/// Every git-xargs call in a Markdown sheet, parsed from its fenced blocks. git-xargs takes
/// the words after its flags as the command (cobra's positional arguments).
inline std::vector<XargsCall> xargs_calls(const std::string& sheet) {
  static const std::vector<std::string> booleans{"--draft",
                                                 "--dry-run",
                                                 "--no-skip-ci",
                                                 "--skip-pull-requests",
                                                 "--skip-archived-repos",
                                                 "--keep-cloned-repositories"};
  std::vector<XargsCall> calls;
  std::size_t pos = 0;
  while ((pos = sheet.find("git-xargs \\\n", pos)) != std::string::npos) {
    const auto end = sheet.find("\n```", pos);
    std::string text = sheet.substr(pos, end - pos);
    pos = end;
    std::string joined;
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '\\' && i + 1 < text.size() && text[i + 1] == '\n') {
        joined += ' ';
        ++i;
      } else {
        joined += text[i];
      }
    }
    const auto words = split_words(joined);
    XargsCall call;
    std::size_t i = 1;
    while (i < words.size() && words[i].starts_with("--")) {
      const std::string& flag = words[i];
      if (std::find(booleans.begin(), booleans.end(), flag) != booleans.end()) {
        call.dry_run = call.dry_run || flag == "--dry-run";
        ++i;
        continue;
      }
      call.values[flag] = i + 1 < words.size() ? words[i + 1] : "";
      if (flag == "--repo" || flag == "--repos" || flag == "--github-org") {
        call.selection = flag;
      }
      i += 2;
    }
    call.repo = call.values["--repo"];
    call.repos_file = call.values["--repos"];
    call.command.assign(words.begin() + static_cast<std::ptrdiff_t>(i), words.end());
    calls.push_back(std::move(call));
  }
  return calls;
}

/// A fleet generated and planned the way its operator does it, from a folder with a space in
/// its name (`m_ops`); the sheet, throw-away origins and fresh clones.
class Behaviour : public TempDirTest {
protected:
  void SetUp() override {
    TempDirTest::SetUp();
    m_ops = m_dir / "ops dir";
    fs::create_directories(m_ops);
    const std::string config = (fixtures_dir() / "fleet/covbar.yml").string();
    const fs::path previous = fs::current_path();
    fs::current_path(m_ops);
    const auto w =
        run_covbar({"workflows", "generate", "--config", config, "--out", "fleet-ci/workflows"});
    const auto s =
        run_covbar({"rollout", "scripts", "--config", config, "--out", "fleet-ci/scripts"});
    const auto plan = run_covbar({"rollout", "plan", "--config", config});
    const auto audit = run_covbar(
        {"audit", "--config", config, "--json", "fleet-ci/audit.json", "--no-step-summary"});
    fs::current_path(previous);
    ASSERT_EQ(audit.code, 0) << audit.err;
    ASSERT_EQ(w.code, 0) << w.err;
    ASSERT_EQ(s.code, 0) << s.err;
    ASSERT_EQ(plan.code, 0) << plan.err;
    m_sheet = plan.out;
  }

  /// The sheet's call whose command ends in `script` and selects with `selection`.
  XargsCall call_for(const std::string& script, const std::string& selection, bool dry_run) {
    for (const auto& call : xargs_calls(m_sheet)) {
      if (!call.command.empty() && call.command.back().ends_with("/" + script) &&
          call.selection == selection && call.dry_run == dry_run) {
        return call;
      }
    }
    ADD_FAILURE() << "no " << selection << " call of " << script << " in\n" << m_sheet;
    return {};
  }

  /// A bare repository standing in for github.com/<owner>/<name>, with one commit of `files`
  /// and of the symbolic links `links` (path -> target).
  fs::path make_origin(const std::string& name, const std::map<std::string, std::string>& files,
                       const std::map<std::string, std::string>& links = {}) {
    const fs::path work = m_dir / "work" / name;
    const fs::path bare = m_dir / "origins" / (name + ".git");
    fs::remove_all(work);
    fs::remove_all(bare);
    fs::create_directories(work);
    for (const auto& [path, text] : files) {
      fs::create_directories((work / path).parent_path());
      write_text(work / path, text);
    }
    for (const auto& [path, target] : links) {
      fs::create_directories((work / path).parent_path());
      fs::create_symlink(target, work / path);
    }
    const Ran r =
        sh("cd " + core::shell_quote(work.string()) +
           " && git init -q -b main && git add -A && git " + k_identity +
           " commit -q -m init && git clone -q --bare . " + core::shell_quote(bare.string()));
    EXPECT_EQ(r.status, 0) << r.out;
    return bare;
  }

  /// A fresh clone of `origin`, in a folder of its own (git-xargs clones into a temp dir).
  fs::path fresh_clone(const fs::path& origin) {
    const fs::path clone = m_dir / "clones" / std::to_string(++m_clones) / origin.stem();
    fs::create_directories(clone.parent_path());
    const Ran r = sh("git clone -q " + core::shell_quote(origin.string()) + " " +
                     core::shell_quote(clone.string()));
    EXPECT_EQ(r.status, 0) << r.out;
    return clone;
  }

  /// Runs the call's command the way git-xargs does: executed directly (no shell) with the
  /// clone as working directory and git-xargs' variables in the environment (and COVBAR, the
  /// covbar the operator has on PATH).
  Ran run_as_git_xargs(const XargsCall& call, const fs::path& clone, const std::string& owner,
                       const std::string& name, const std::string& extra_env = "") {
    std::string command = "cd " + core::shell_quote(clone.string()) + " && exec env " +
                          "XARGS_DRY_RUN=" + (call.dry_run ? "true" : "false") +
                          " XARGS_REPO_NAME=" + core::shell_quote(name) +
                          " XARGS_REPO_OWNER=" + core::shell_quote(owner) +
                          " COVBAR=" + core::shell_quote(COVBAR_BINARY) + " " + extra_env;
    for (const auto& word : call.command) {
      command += " " + core::shell_quote(word);
    }
    return sh(command);
  }

  static std::string git_out(const fs::path& repo, const std::string& args) {
    return run_shell("git -C " + core::shell_quote(repo.string()) + " " + args).out;
  }
  static std::string staged(const fs::path& repo) {
    return git_out(repo, "diff --cached --name-only");
  }
  static std::string status(const fs::path& repo) {
    return git_out(repo, "status --porcelain --untracked-files=all");
  }

  static constexpr const char* k_identity = "-c user.name=t -c user.email=t@t.invalid";
  fs::path m_ops;
  std::string m_sheet;
  int m_clones = 0;
};

} // namespace covbar::test
