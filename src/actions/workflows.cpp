#include "src/actions/workflows.hpp"

#include <algorithm>
#include <functional>
#include <map>

#include <fmt/format.h>

#include "ratchet/state.hpp"
#include "src/actions/pins.hpp"
#include "src/actions/templates.hpp"
#include "src/core/error.hpp"

namespace covbar::actions {
namespace {

using fleet::Fleet;
using fleet::Repo;
using fleet::Stack;
using fleet::Target;

std::string json_list(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) {
    out += fmt::format("{}\"{}\"", i == 0 ? "" : ", ", items[i]);
  }
  return out + "]";
}

std::string reusable_path(const Fleet& f, std::string_view name) {
  return fmt::format("{}/.github/workflows/{}.yml@{}", f.settings.central, name, f.settings.ref);
}

bool is_production(const std::string& environment) { return environment == "production"; }

/// `templ` filled with `value` as @@V@@, or nothing when `value` is empty: an optional line.
std::string optional_line(std::string_view templ, const std::string& value) {
  return value.empty() ? std::string() : fill(templ, {{"V", value}});
}

/// One `key: value` line of a caller job's `with:`.
std::string input(const std::string& key, const std::string& value) {
  return fill("      @@KEY@@: @@V@@\n", {{"KEY", key}, {"V", value}});
}

/// `NAME: ${{ secrets.NAME }}` lines, indented `indent` spaces.
std::string secret_refs(const std::vector<std::string>& names, std::size_t indent) {
  std::string out;
  for (const auto& name : names) {
    out += std::string(indent, ' ') + fill("@@NAME@@: ${{ secrets.@@NAME@@ }}\n", {{"NAME", name}});
  }
  return out;
}

std::string secret_lines(const std::vector<std::string>& names) { return secret_refs(names, 6); }

/// The job condition deploying to `environment`: production from `v*` tags, the others from
/// pushes to the default branch; any of them by hand (workflow_dispatch).
std::string deploy_condition(const Fleet& f, const std::string& environment) {
  const std::string manual =
      fill("(github.event_name == 'workflow_dispatch' && inputs.environment == '@@V@@')",
           {{"V", environment}});
  if (is_production(environment)) {
    return "(github.event_name == 'push' && startsWith(github.ref, 'refs/tags/v')) || " + manual;
  }
  return fill("(github.event_name == 'push' && github.ref == 'refs/heads/@@V@@') || ",
              {{"V", f.settings.default_branch}}) +
         manual;
}

/// One job of a caller workflow: the reusable workflow it calls and what it passes.
struct CallerJob {
  std::string id;
  std::string needs;
  std::string condition;
  std::string workflow; ///< the reusable workflow's name
  bool id_token = false;
  std::string with;    ///< input() lines
  std::string secrets; ///< secret_lines(), empty: none
  /// The test workflow's comment job edits the pull request's coverage comment; a called
  /// workflow's jobs get at most what the calling job grants.
  bool pull_requests = false;
};

std::string render(const Fleet& f, const CallerJob& job) {
  return fill(template_text("caller-job.yml"),
              {{"JOB", job.id},
               {"NEEDS", optional_line("    needs: @@V@@\n", job.needs)},
               {"IF", optional_line("    if: @@V@@\n", job.condition)},
               {"CALLS", reusable_path(f, job.workflow)},
               {"ID_TOKEN", std::string(job.id_token ? "      id-token: write\n" : "") +
                                (job.pull_requests ? "      pull-requests: write\n" : "")},
               {"WITH", job.with},
               {"SECRETS", job.secrets.empty() ? "" : "    secrets:\n" + job.secrets}});
}

std::string words_joined(const std::vector<std::string>& names, const char* separator) {
  std::string out;
  for (const auto& name : names) {
    out += (out.empty() ? "" : separator) + name;
  }
  return out;
}

/// A caller workflow: the header, `on:` (with a workflow_dispatch choosing among `manual`
/// when there is any), permissions, concurrency and `jobs`.
std::string caller_text(const Fleet& f, const Repo& repo, const std::string& title,
                        const std::vector<std::string>& manual, bool tags,
                        const std::string& jobs) {
  return fill(template_text("caller.yml"),
              {{"REPO", repo.slug.empty() ? repo.name : repo.name + " (" + repo.slug + ")"},
               {"TITLE", title},
               {"BRANCHES", words_joined(f.branches(repo), ", ")},
               {"TAGS", tags ? "    tags: [\"v*\"]\n" : ""},
               {"DISPATCH", manual.empty() ? std::string()
                                           : fill(template_text("caller-dispatch.yml"),
                                                  {{"OPTIONS", words_joined(manual, ", ")}})},
               {"JOBS", jobs}});
}

std::string target_text(const Fleet& f, const Repo& repo) {
  if (repo.target) {
    return repo.target->to_string();
  }
  return f.default_target ? f.default_target->to_string() : "80";
}

const std::vector<std::string>& python_versions(const Fleet& f, const Repo& repo) {
  return repo.python_versions.empty() ? f.settings.python_versions : repo.python_versions;
}

const std::vector<std::string>& node_versions(const Fleet& f, const Repo& repo) {
  return repo.node_versions.empty() ? f.settings.node_versions : repo.node_versions;
}

/// A JSON list of strings, quoted for YAML in single quotes (the values are plain words).
std::string json_input(const std::vector<std::string>& items) {
  return "'" + json_list(items) + "'";
}

/// covbar's own action (the root action.yml of `covbar-repository`) at the fleet's commit:
/// a `uses:` can hold no expression, so each reusable workflow names it literally.
std::string covbar_uses(const Fleet& f) {
  return f.settings.covbar_repository + "@" + f.settings.covbar_ref;
}

/// The `with:` lines of the step that installs covbar (its `command` defaults to install
/// only): `from-source` for a build of the action's source, the token from the secret
/// `secret` when the fleet names one (a private repository's releases), else none.
std::string covbar_with(const Fleet& f, const std::string& secret) {
  if (f.settings.covbar_install == fleet::CovbarInstall::source) {
    return "        with:\n          from-source: \"true\"\n";
  }
  if (!f.settings.covbar_token.empty()) {
    return fill("        with:\n          token: ${{ secrets.@@NAME@@ }}\n", {{"NAME", secret}});
  }
  return {};
}

/// The name a reusable workflow receives the covbar token under; callers pass the fleet's
/// secret as this one.
constexpr const char* k_covbar_token = "COVBAR_TOKEN";

std::string test_job(const Fleet& f, const Repo& repo) {
  const bool python = *repo.stack == Stack::python;
  CallerJob job{"test", "", "", python ? "test-python" : "test-typescript", false, "", "", true};
  if (python) {
    job.with += input("python-versions", json_input(python_versions(f, repo)));
    job.with += input("install", std::string(fleet::install_name(repo.install)));
    if (repo.install == fleet::Install::pip) {
      job.with += input("requirements", repo.requirements);
    }
    job.with += input("mypy", std::string(fleet::mypy_name(repo.mypy)));
    job.with += input("mypy-targets", yaml_quote(repo.mypy_targets));
    job.with += input("postgres-image", repo.postgres.image);
    job.with += input("postgres-user", repo.postgres.user);
    job.with += input("postgres-password", repo.postgres.password);
    job.with += input("postgres-db", repo.postgres.database);
  } else {
    job.with += input("node-versions", json_input(node_versions(f, repo)));
    job.with += input("test-runner", repo.test_runner);
    if (repo.playwright) {
      job.with += input("playwright", "true");
    }
  }
  if (!repo.test_command.empty()) {
    job.with += input("test-command", yaml_quote(repo.test_command));
  }
  if (!repo.coverage_report.empty()) {
    job.with += input("coverage-report", repo.coverage_report);
  }
  if (repo.codecov) {
    job.with += input("codecov", "true");
  }
  job.with += input("coverage-policy", std::string(config::policy_name(repo.policy)));
  job.with += input("coverage-target", yaml_quote(target_text(f, repo)));
  if (repo.working_directory != ".") {
    job.with += input("working-directory", repo.working_directory);
  }
  job.with += input("runner", f.settings.runner);
  std::vector<std::string> secrets = repo.test_secrets;
  if (repo.codecov) {
    secrets.emplace_back("CODECOV_TOKEN");
  }
  job.secrets = secret_lines(secrets);
  if (!f.settings.covbar_token.empty()) {
    job.secrets += fill("      @@AS@@: ${{ secrets.@@NAME@@ }}\n",
                        {{"AS", k_covbar_token}, {"NAME", f.settings.covbar_token}});
  }
  if (repo.policy == config::Policy::ratchet) {
    if (repo.ratchet_commit) {
      job.with += input("ratchet-update", "commit");
    }
    job.secrets +=
        fill("      COVBAR_BOT_TOKEN: ${{ secrets.@@NAME@@ }}\n", {{"NAME", f.settings.bot_token}});
  }
  return render(f, job);
}

bool access_keys(const Fleet& f) { return f.settings.aws_auth == fleet::AwsAuth::access_keys; }

std::string aws_secrets(const Fleet& f, const std::string& role) {
  return secret_lines(access_keys(f)
                          ? std::vector<std::string>{"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"}
                          : std::vector<std::string>{role});
}

std::string aws_with(const Fleet& f) {
  return input("aws-region", f.settings.aws_region) +
         (access_keys(f) ? input("use-access-keys", "true") : std::string());
}

std::string deploy_job(const Fleet& f, const Repo& repo, const fleet::Deploy& deploy) {
  const Target& t = deploy.target;
  CallerJob job{"deploy-" + deploy.environment,
                "test",
                deploy_condition(f, deploy.environment),
                "",
                false,
                input("environment", deploy.environment),
                ""};
  if (t.kind == Target::Kind::ecs) {
    job.workflow = "deploy-ecs";
    job.id_token = true;
    job.with += input("ecr-repository", t.image) + input("ecs-cluster", t.cluster) +
                input("ecs-service", t.service) + input("container-name", t.container) +
                input("task-definition", t.task_definition);
    if (!t.url.empty()) {
      job.with += input("smoke-url", t.url);
    }
    if (!repo.deploy_secrets.empty()) {
      job.with += input("build-secrets", yaml_quote(words_joined(repo.deploy_secrets, " ")));
    }
    job.with += aws_with(f) + input("runner", f.settings.runner);
    job.secrets = aws_secrets(f, "AWS_DEPLOY_ROLE_ARN") + secret_lines(repo.deploy_secrets);
    return render(f, job);
  }
  const bool pages = t.kind == Target::Kind::cloudflare_pages;
  job.workflow = "deploy-cloudflare";
  job.with += input("kind", pages ? "pages" : "workers");
  if (pages) {
    job.with += input("project", t.project) + input("output-directory", t.output_directory) +
                input("pages-branch", is_production(deploy.environment) ? f.settings.default_branch
                                                                        : deploy.environment);
  } else {
    job.with += input("script", t.script);
    if (!repo.deploy_secrets.empty()) {
      job.with += input("worker-secrets", yaml_quote(words_joined(repo.deploy_secrets, "\n")));
    }
  }
  if (!t.build_command.empty()) {
    job.with += input("build-command", yaml_quote(t.build_command));
  }
  if (!t.url.empty()) {
    job.with += input("smoke-url", t.url);
  }
  if (repo.working_directory != ".") {
    job.with += input("working-directory", repo.working_directory);
  }
  job.with += input("runner", f.settings.runner);
  job.secrets = secret_lines({"CLOUDFLARE_API_TOKEN", "CLOUDFLARE_ACCOUNT_ID"}) +
                secret_lines(repo.deploy_secrets);
  return render(f, job);
}

/// The environment folders of a Terragrunt live repository, in the fleet's order.
std::vector<std::string> folders(const Fleet& f, const Repo& repo) {
  std::vector<std::string> out;
  for (const auto& name : repo.environments) {
    out.push_back(f.environment(name)->folder);
  }
  return out;
}

std::string terragrunt_jobs(const Fleet& f, const Repo& repo) {
  const std::string terraform = yaml_quote(f.settings.terraform_version);
  CallerJob plan{"plan", "", "github.event_name == 'pull_request'", "terraform", true, "", ""};
  plan.with = input("mode", "plan") + input("folders", json_input(folders(f, repo))) +
              input("working-directory", repo.working_directory) +
              input("terraform-version", terraform) + aws_with(f) +
              input("runner", f.settings.runner);
  plan.secrets = aws_secrets(f, "AWS_PLAN_ROLE_ARN") + secret_lines({"CLOUDFLARE_API_TOKEN"});
  std::string jobs = render(f, plan);
  for (const auto& environment : repo.environments) {
    CallerJob apply{
        "apply-" + environment, "", deploy_condition(f, environment), "terraform", true, "", ""};
    apply.with = input("mode", "apply") + input("environment", environment) +
                 input("folder", f.environment(environment)->folder) +
                 input("working-directory", repo.working_directory) +
                 input("terraform-version", terraform) + aws_with(f) +
                 input("runner", f.settings.runner);
    apply.secrets =
        aws_secrets(f, "AWS_TERRAFORM_ROLE_ARN") + secret_lines({"CLOUDFLARE_API_TOKEN"});
    jobs += render(f, apply);
  }
  return jobs;
}

std::string modules_job(const Fleet& f, const Repo& repo) {
  CallerJob job{"terraform", "", "", "terraform-modules", false, "", ""};
  job.with = input("check", repo.modules_check == fleet::ModulesCheck::tflint ? "tflint"
                                                                              : "terraform-test") +
             input("terraform-version", yaml_quote(f.settings.terraform_version)) +
             input("working-directory", repo.working_directory) +
             input("runner", f.settings.runner);
  return render(f, job);
}

/// The secret names of `member` over the repositories `keep` selects, each once, sorted.
std::vector<std::string> secret_union(const Fleet& f, const std::function<bool(const Repo&)>& keep,
                                      std::vector<std::string> Repo::*member) {
  std::vector<std::string> out;
  for (const auto& repo : f.repos) {
    if (repo.stack && keep(repo)) {
      for (const auto& name : repo.*member) {
        if (std::find(out.begin(), out.end(), name) == out.end()) {
          out.push_back(name);
        }
      }
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string secret_declarations(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& name : names) {
    out += fmt::format("      {}:\n        required: false\n", name);
  }
  return out;
}

std::string secret_env(const std::vector<std::string>& names) { return secret_refs(names, 10); }

bool has_kind(const Repo& repo, Target::Kind kind) {
  return std::any_of(repo.deploys.begin(), repo.deploys.end(),
                     [&](const fleet::Deploy& d) { return d.target.kind == kind; });
}

std::string aws_trust(const Fleet& f, const std::string& subject) {
  return fmt::format("`repo:{}/NAME:{}`",
                     f.settings.organisation.empty() ? "OWNER" : f.settings.organisation, subject);
}

} // namespace

std::string yaml_quote(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    switch (c) {
    case '"':
      out += "\\\"";
      break;
    case '\\':
      out += "\\\\";
      break;
    case '\n':
      out += "\\n";
      break;
    case '\t':
      out += "\\t";
      break;
    default:
      if (static_cast<unsigned char>(c) < 0x20) {
        out += fmt::format("\\x{:02x}", static_cast<unsigned char>(c));
      } else {
        out += c;
      }
    }
  }
  return out + "\"";
}

std::vector<GeneratedFile> reusable_workflows(const Fleet& f) {
  const auto python = [](const Repo& r) { return *r.stack == Stack::python; };
  const auto typescript = [](const Repo& r) { return *r.stack == Stack::typescript; };
  const auto ecs = [](const Repo& r) { return has_kind(r, Target::Kind::ecs); };
  const auto cloudflare = [](const Repo& r) {
    return has_kind(r, Target::Kind::cloudflare_pages) ||
           has_kind(r, Target::Kind::cloudflare_workers);
  };
  std::map<std::string, std::string> values{
      {"RUNNER", f.settings.runner},
      {"PYTHON_VERSIONS", json_list(f.settings.python_versions)},
      {"NODE_VERSIONS", json_list(f.settings.node_versions)},
      {"TERRAGRUNT_VERSION", std::string(k_terragrunt.version)},
      {"TERRAFORM_VERSION", fmt::format("\"{}\"", f.settings.terraform_version)},
      {"TFLINT_VERSION", std::string(k_tflint.version)},
      {"COVBAR_USES", covbar_uses(f)},
      {"COVBAR_WITH", covbar_with(f, k_covbar_token)},
      {"COVBAR_TOKEN_SECRET",
       f.settings.covbar_token.empty()
           ? std::string()
           : fmt::format("      {}:\n        description: Reads the releases of covbar's "
                         "repository (a private one)\n        required: false\n",
                         k_covbar_token)},
  };
  const auto with_secrets = [&](const std::vector<std::string>& test,
                                const std::vector<std::string>& deploy) {
    auto v = values;
    v["TEST_SECRETS"] = secret_declarations(test);
    v["TEST_SECRETS_ENV"] = secret_env(test);
    v["DEPLOY_SECRETS"] = secret_declarations(deploy);
    v["DEPLOY_SECRETS_ENV"] = secret_env(deploy);
    v["WORKER_ENV"] = deploy.empty() ? std::string() : "        env:\n" + secret_env(deploy);
    return v;
  };
  const auto test_secrets = &Repo::test_secrets;
  const auto deploy_secrets = &Repo::deploy_secrets;
  std::vector<GeneratedFile> out;
  const auto add = [&](const char* name, const std::map<std::string, std::string>& v) {
    out.push_back(
        {fmt::format("central/.github/workflows/{}", name), fill(template_text(name), v)});
  };
  add("test-python.yml", with_secrets(secret_union(f, python, test_secrets), {}));
  add("test-typescript.yml", with_secrets(secret_union(f, typescript, test_secrets), {}));
  add("deploy-ecs.yml", with_secrets({}, secret_union(f, ecs, deploy_secrets)));
  add("deploy-cloudflare.yml", with_secrets({}, secret_union(f, cloudflare, deploy_secrets)));
  add("terraform.yml", values);
  add("terraform-modules.yml", values);
  // The scheduled audit runs in the central repository itself: the repositories come from
  // the fleet, not from inputs.
  std::string audited;
  for (const auto& repo : f.repos) {
    if (repo.stack && (python(repo) || typescript(repo)) && !repo.slug.empty()) {
      // A ratchet repository's state is covbar-ratchet.json at its root (beside covbar.yml,
      // which covbar finds at the repository's root), where its rollout and its ratchet job
      // write it; "-" for the others.
      const std::string state =
          repo.policy == config::Policy::ratchet ? ratchet::k_state_file : "-";
      audited += fmt::format("{}{}={}=ci-cd.yml={}", audited.empty() ? "" : " ", repo.name,
                             repo.slug, state);
    }
  }
  auto audit = values;
  audit["BOT_TOKEN"] = f.settings.bot_token;
  audit["COVBAR_WITH"] = covbar_with(f, f.settings.covbar_token);
  audit["AUDIT_REPOSITORIES"] = audited;
  audit["DEFAULT_BRANCH"] = f.settings.default_branch;
  add("coverage-audit.yml", audit);
  return out;
}

GeneratedFile caller_workflow(const Fleet& f, const Repo& repo) {
  const std::string dir = fmt::format("repos/{}/.github/workflows/", repo.name);
  switch (*repo.stack) {
  case Stack::terragrunt:
    return {dir + "terragrunt.yml",
            caller_text(f, repo, "Terragrunt", repo.environments, true, terragrunt_jobs(f, repo))};
  case Stack::terraform_modules:
    return {dir + "terraform.yml",
            caller_text(f, repo, "Terraform modules", {}, false, modules_job(f, repo))};
  case Stack::python:
  case Stack::typescript:
    break;
  }
  std::string jobs = test_job(f, repo);
  for (const auto& deploy : repo.deploys) {
    jobs += deploy_job(f, repo, deploy);
  }
  return {dir + "ci-cd.yml",
          caller_text(f, repo, "CI/CD", repo.environments, !repo.deploys.empty(), jobs)};
}

std::vector<std::string> required_checks(const Fleet& f, const Repo& repo) {
  std::vector<std::string> out;
  switch (*repo.stack) {
  case Stack::python:
    for (const auto& v : python_versions(f, repo)) {
      out.push_back(fmt::format("test / test (Python {})", v));
    }
    break;
  case Stack::typescript:
    for (const auto& v : node_versions(f, repo)) {
      out.push_back(fmt::format("test / test (Node {})", v));
    }
    break;
  case Stack::terragrunt:
    for (const auto& folder : folders(f, repo)) {
      out.push_back(fmt::format("plan / plan ({})", folder));
    }
    break;
  case Stack::terraform_modules:
    out.emplace_back("terraform / check");
    break;
  }
  return out;
}

GeneratedFile setup_checklist(const Fleet& f) {
  const auto& s = f.settings;
  const bool keys = s.aws_auth == fleet::AwsAuth::access_keys;
  std::string out = "# CI/CD setup checklist\n\n";
  out += fmt::format(
      "Generated by `covbar workflows generate`. The central repository `{}` holds the reusable "
      "workflows under `.github/workflows/`; every caller pins `@{}`. Tag that ref there before "
      "the first caller runs.\n\n",
      s.central, s.ref);
  out += "## Secrets and variables, per workflow\n\n"
         "| Workflow | Secrets | Notes |\n|---|---|---|\n"
         "| test-python | the repository's test secrets; `CODECOV_TOKEN` with `codecov: true` | "
         "installs covbar with covbar's action (see below) |\n"
         "| test-typescript | as test-python | as test-python |\n"
         "| deploy-ecs | `AWS_DEPLOY_ROLE_ARN` (environment secret) | rolls back to the previous "
         "task definition when the deploy or the smoke test fails |\n"
         "| deploy-cloudflare | `CLOUDFLARE_API_TOKEN` (Pages or Workers: Edit), "
         "`CLOUDFLARE_ACCOUNT_ID` | rolls back to the previous deployment when the deploy or the "
         "smoke test fails |\n"
         "| terraform | `AWS_PLAN_ROLE_ARN` (repository secret, read-only), "
         "`AWS_TERRAFORM_ROLE_ARN` (environment secret), `CLOUDFLARE_API_TOKEN` | Terraform " +
         s.terraform_version + ", Terragrunt " + std::string(k_terragrunt.version) +
         " checked against the release's SHA256SUMS |\n"
         "| terraform-modules | none | fmt, validate, then tflint " +
         std::string(k_tflint.version) + " or `terraform test`; never an apply |\n\n";
  out += fmt::format(
      "## covbar's action\n\n"
      "Every job that runs covbar installs it with one step, `uses: {}@{}`: covbar's "
      "`action.yml` at that commit{}. Set `covbar-ref` to the commit a covbar release names "
      "(its release notes give the `uses:` line): only a release commit's `action.yml` pins "
      "the archives' SHA-256. A private or internal `{}` must allow access from the fleet's "
      "repositories (its Settings, Actions, General, Access){}\n\n",
      s.covbar_repository, s.covbar_ref,
      s.covbar_install == fleet::CovbarInstall::source
          ? ", building covbar from the action's own source (`covbar-install: source`: "
            "apt-get and CMake on a cache miss: minutes, not seconds)"
          : ", which downloads the release archive that commit pins, checks its SHA-256, "
            "caches it and puts covbar on PATH",
      s.covbar_repository,
      s.covbar_install == fleet::CovbarInstall::source
          ? "; the build reads only the action's own files, so no token is needed."
      : s.covbar_token.empty()
          ? "; no token reaches the action, so the archive must be downloadable without one "
            "(a public repository), else set `covbar-token` or `covbar-install: source`."
          : fmt::format(", and the secret `{}` must hold a token that can read its releases "
                        "(contents: read on that repository only), set in every repository "
                        "with tests and in the central repository (the audit): the jobs pass "
                        "it to the action's `token` input.",
                        s.covbar_token));
  if (keys) {
    out += "**AWS access keys (`aws-auth: access-keys`).** The workflows authenticate with the "
           "long-lived keys `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY`, and every AWS job "
           "prints a warning saying so. Keys that leak stay valid until someone rotates them; "
           "move to OIDC (`aws-auth: oidc`, the default) with the roles below.\n\n";
  }
  out += "## AWS roles (OIDC)\n\n"
         "Every role trusts GitHub's OIDC provider (`token.actions.githubusercontent.com`, "
         "audience `sts.amazonaws.com`) for one subject only:\n\n";
  out += fmt::format("- `AWS_DEPLOY_ROLE_ARN` and `AWS_TERRAFORM_ROLE_ARN`: one role per "
                     "environment, stored as that **environment's** secret, trusted for {} "
                     "only.\n",
                     aws_trust(f, "environment:ENVIRONMENT"));
  out += fmt::format(
      "- `AWS_PLAN_ROLE_ARN`: the pull-request plan runs without an environment, so it gets its "
      "own **read-only** role (ReadOnlyAccess plus read access to the state bucket and lock "
      "table; the plan runs with `-lock=false`), stored as a repository secret and trusted for "
      "{} only. An environment role never trusts pull requests.\n\n",
      aws_trust(f, "pull_request"));
  out += "The plan role's trust policy:\n\n```json\n"
         "{\n"
         "  \"Version\": \"2012-10-17\",\n"
         "  \"Statement\": [{\n"
         "    \"Effect\": \"Allow\",\n"
         "    \"Principal\": {\"Federated\": "
         "\"arn:aws:iam::ACCOUNT_ID:oidc-provider/token.actions.githubusercontent.com\"},\n"
         "    \"Action\": \"sts:AssumeRoleWithWebIdentity\",\n"
         "    \"Condition\": {\"StringEquals\": {\n"
         "      \"token.actions.githubusercontent.com:aud\": \"sts.amazonaws.com\",\n";
  out += fmt::format(
      "      \"token.actions.githubusercontent.com:sub\": \"repo:{}/NAME:pull_request\"\n",
      s.organisation.empty() ? "OWNER" : s.organisation);
  out += "    }}\n"
         "  }]\n"
         "}\n```\n\n";
  out += "## Environments, in every repository that deploys\n\n";
  for (const auto& environment : s.environments) {
    if (is_production(environment.name)) {
      out += fmt::format(
          "- `{}`: required reviewers (at least one, not the person who pushed the tag), "
          "prevent self-review, a wait timer (for example 5 minutes), and deployment branches "
          "and tags limited to **selected tags** `v*`. The workflows also refuse a production "
          "deploy that does not come from a tag, manual ones included.\n",
          environment.name);
    } else {
      out += fmt::format("- `{}`: deployment branches limited to `{}`.\n", environment.name,
                         s.default_branch);
    }
  }
  out += "\nDeploys run on a push to the default branch (production: on a `v*` tag), or by "
         "hand from the Actions tab (`workflow_dispatch`, choosing the environment). One deploy "
         "runs at a time per service, project or Worker (`concurrency`); a failed deploy or "
         "smoke test rolls back.\n";
  out += "\n## Per repository\n\n| Repository | Workflow | Secrets to set | Coverage policy | "
         "Required checks |\n|---|---|---|---|---|\n";
  for (const auto& repo : f.repos) {
    if (!repo.stack) {
      continue;
    }
    std::vector<std::string> secrets;
    std::string workflow = "ci-cd.yml";
    for (const auto& name : repo.test_secrets) {
      secrets.push_back(fmt::format("`{}` (tests)", name));
    }
    if (repo.codecov) {
      secrets.emplace_back("`CODECOV_TOKEN`");
    }
    const bool tests = *repo.stack == Stack::python || *repo.stack == Stack::typescript;
    if (tests && !s.covbar_token.empty()) {
      secrets.push_back(fmt::format("`{}` (covbar's releases)", s.covbar_token));
    }
    if (has_kind(repo, Target::Kind::ecs)) {
      secrets.emplace_back(keys ? "`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`"
                                : "`AWS_DEPLOY_ROLE_ARN` (per environment)");
    }
    if (has_kind(repo, Target::Kind::cloudflare_pages) ||
        has_kind(repo, Target::Kind::cloudflare_workers)) {
      secrets.emplace_back("`CLOUDFLARE_API_TOKEN`, `CLOUDFLARE_ACCOUNT_ID`");
    }
    for (const auto& name : repo.deploy_secrets) {
      secrets.push_back(fmt::format("`{}` (deploys)", name));
    }
    std::string policy(config::policy_name(repo.policy));
    if (tests && repo.policy == config::Policy::ratchet) {
      secrets.push_back(fmt::format("`{}` (ratchet updates)", s.bot_token));
      policy += repo.ratchet_commit ? " (new bests committed)" : " (new bests by pull request)";
    }
    if (*repo.stack == Stack::terragrunt) {
      workflow = "terragrunt.yml";
      secrets.emplace_back(keys ? "`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`"
                                : "`AWS_PLAN_ROLE_ARN`, `AWS_TERRAFORM_ROLE_ARN` (per "
                                  "environment)");
      secrets.emplace_back("`CLOUDFLARE_API_TOKEN`");
      policy = "n/a";
    } else if (*repo.stack == Stack::terraform_modules) {
      workflow = "terraform.yml";
      policy = "n/a";
    }
    std::string checks;
    for (const auto& check : required_checks(f, repo)) {
      checks += (checks.empty() ? "" : ", ") + fmt::format("`{}`", check);
    }
    out += fmt::format("| {}{} | {} | {} | {} | {} |\n", repo.slug.empty() ? repo.name : repo.slug,
                       repo.pilot ? " (pilot)" : "", workflow,
                       secrets.empty() ? "none" : words_joined(secrets, ", "), policy, checks);
  }
  out += fmt::format(
      "\nA repository under the `ratchet` policy needs its starting point once: run `covbar "
      "ratchet init REPORT` on its default branch and commit `covbar-ratchet.json` (see "
      "covbar's README); its CI then holds each pull request to the sprint's bar, read from the "
      "base branch. After each push to the default branch the `ratchet update` job records a "
      "new best and proposes it as a pull request from the branch `covbar/ratchet-update` (or "
      "commits it, with `ratchet-update: commit`), pushed with the `{}` secret: a token of a "
      "bot account (or a GitHub App) with contents and pull-requests write access to the "
      "repository. Pull requests opened with the workflow's own token would not run CI.\n",
      s.bot_token);
  out += "\nBranch protection on each branch CI runs on: require pull requests and the checks "
         "in the table's last column, by those exact names (GitHub names a reusable workflow's "
         "check `CALLER JOB / JOB (MATRIX VALUES)`; a required `test` alone never reports). "
         "Actions are pinned to full commit SHAs; let Dependabot or Renovate propose "
         "updates.\n";
  return {"CHECKLIST.md", out};
}

std::vector<std::string> generation_warnings(const Fleet& f) {
  std::vector<std::string> out;
  if (f.settings.aws_auth == fleet::AwsAuth::access_keys) {
    out.push_back(fmt::format(
        "covbar: warning: {}: aws-auth: access-keys: the AWS jobs use long-lived access keys; "
        "OIDC roles (aws-auth: oidc) are the safe default",
        f.path.empty() ? std::string("covbar.yml") : f.path));
  }
  return out;
}

std::vector<GeneratedFile> generate_all(const Fleet& f) {
  const auto& s = f.settings;
  const std::string where = f.path.empty() ? std::string("covbar.yml") : f.path;
  if (f.repos.empty()) {
    throw core::UsageError(
        fmt::format("{} has no fleet: add a 'fleet:' mapping with 'repositories:'", where));
  }
  for (const auto* required : {&s.central, &s.ref, &s.covbar_repository, &s.covbar_ref}) {
    if (required->empty()) {
      throw core::UsageError(
          fmt::format("{}: the fleet needs 'central', 'ref', 'covbar-repository' and "
                      "'covbar-ref' to generate workflows",
                      where));
    }
  }
  for (const auto& repo : f.repos) {
    if (!repo.stack) {
      throw core::InputError(core::Location{where, repo.line, repo.column, {}, 0},
                             "a 'stack' (python, typescript, terragrunt or terraform-modules) "
                             "to generate workflows",
                             fmt::format("repository '{}' without one", repo.name));
    }
  }
  std::vector<GeneratedFile> files = reusable_workflows(f);
  for (const auto& repo : f.repos) {
    files.push_back(caller_workflow(f, repo));
  }
  files.push_back(setup_checklist(f));
  return files;
}

} // namespace covbar::actions
