// The fleet module: covbar.yml's `fleet:` read into its own types, apart from the coverage
// policy; every key of the plan's schema read, and every bad value refused at its line and
// column.

#include <fstream>

#include "src/config/config.hpp"
#include "src/fleet/fleet.hpp"
#include "tests/support/helpers.hpp"

namespace covbar::test {
namespace {

class Fleet : public TempDirTest {
protected:
  fleet::Fleet load(const std::string& text) {
    const auto path = (m_dir / "covbar.yml").string();
    std::ofstream(path) << text;
    return fleet::load(config::load_config(path));
  }
  /// The first line of the error, from `covbar.yml:`.
  std::string error_of(const std::string& text) {
    try {
      (void)load(text);
    } catch (const core::InputError& e) {
      std::string message = e.what();
      message = message.substr(message.find("covbar.yml:"));
      return message.substr(0, message.find('\n'));
    }
    return "no error";
  }
};

constexpr const char* k_settings =
    "fleet:\n"
    "  organisation: kiwi\n"
    "  environments: [dev, staging, {name: production, folder: prod}]\n"
    "  repositories:\n";

TEST_F(Fleet, ReadsThePlansSchema) {
  const auto f = load(std::string("target: 75\n") + k_settings +
                      R"(    - name: api
      slug: kiwi/api
      stack: python
      branches: [main, develop]
      install: pip
      requirements: requirements/ci.txt
      test-command: pytest backend/tests --cov=backend --cov-report=xml
      mypy: non-blocking
      codecov: true
      postgres: {image: "postgres:15-alpine", user: lw, password: pw, database: lw_test}
      secrets: {test: [ANTHROPIC_API_KEY, NOTION_API_KEY], deploy: [SENTRY_DSN]}
      deploy:
        production: {target: ecs, cluster: prod-c, service: prod-s, image: api, container: api, url: "https://api.example.com/health"}
        dev: {target: ecs, cluster: dev-c, service: dev-s, image: api, container: api}
    - name: edge
      stack: typescript
      playwright: true
      deploy:
        dev: {target: cloudflare-workers, script: edge-dev}
    - name: modules
      stack: terraform-modules
      modules-check: terraform-test
    - name: live
      stack: terragrunt
      environments: [dev, production]
)");
  EXPECT_EQ(f.default_target->to_string(), "75");
  EXPECT_EQ(f.settings.terraform_version, "1.5.0");
  ASSERT_EQ(f.settings.environments.size(), 3U);
  EXPECT_EQ(f.environment("production")->folder, "prod");
  EXPECT_EQ(f.environment("dev")->folder, "dev");
  ASSERT_EQ(f.repos.size(), 4U);
  const auto& api = f.repos[0];
  EXPECT_EQ(api.install, fleet::Install::pip);
  EXPECT_EQ(api.requirements, "requirements/ci.txt");
  EXPECT_EQ(api.test_command, "pytest backend/tests --cov=backend --cov-report=xml");
  EXPECT_EQ(api.mypy, fleet::Mypy::non_blocking);
  EXPECT_TRUE(api.codecov);
  EXPECT_EQ(api.postgres.image, "postgres:15-alpine");
  EXPECT_EQ(api.postgres.password, "pw");
  EXPECT_EQ(api.test_secrets, (std::vector<std::string>{"ANTHROPIC_API_KEY", "NOTION_API_KEY"}));
  EXPECT_EQ(api.deploy_secrets, (std::vector<std::string>{"SENTRY_DSN"}));
  EXPECT_EQ(f.branches(api), (std::vector<std::string>{"main", "develop"}));
  // In the fleet's environment order, each with its own cluster and service.
  ASSERT_EQ(api.deploys.size(), 2U);
  EXPECT_EQ(api.deploys[0].environment, "dev");
  EXPECT_EQ(api.deploys[0].target.cluster, "dev-c");
  EXPECT_EQ(api.deploys[1].environment, "production");
  EXPECT_EQ(api.deploys[1].target.service, "prod-s");
  EXPECT_EQ(api.deploys[1].target.url, "https://api.example.com/health");
  EXPECT_EQ(api.environments, (std::vector<std::string>{"dev", "production"}));
  EXPECT_EQ(f.repos[1].deploys[0].target.kind, fleet::Target::Kind::cloudflare_workers);
  EXPECT_TRUE(f.repos[1].playwright);
  EXPECT_EQ(f.branches(f.repos[1]), (std::vector<std::string>{"main"}));
  EXPECT_EQ(*f.repos[2].stack, fleet::Stack::terraform_modules);
  EXPECT_EQ(f.repos[2].modules_check, fleet::ModulesCheck::terraform_test);
  EXPECT_EQ(f.repos[3].environments, (std::vector<std::string>{"dev", "production"}));
}

TEST_F(Fleet, CoverageCommandsDoNotReadIt) {
  // A broken fleet does not stop `covbar check` from reading its policy.
  const auto path = (m_dir / "covbar.yml").string();
  std::ofstream(path) << "target: 80\nfleet:\n  - name: a\n    stack: cobol\n";
  EXPECT_EQ(config::load_config(path).target->to_string(), "80");
  EXPECT_THROW((void)fleet::load(config::load_config(path)), core::InputError);
}

TEST_F(Fleet, BadValuesAreLocated) {
  const std::string s = k_settings;
  EXPECT_EQ(error_of(s + "    - name: a\n      stack: cobol\n"),
            "covbar.yml:6:14: error: expected a stack: python, typescript, terragrunt or "
            "terraform-modules, found 'cobol'");
  EXPECT_EQ(error_of(s +
                     "    - name: a\n      stack: python\n      environments: [dev, production]\n"
                     "      deploy:\n        dev: {target: ecs, cluster: c, service: s, image: i, "
                     "container: c}\n"),
            "covbar.yml:7:27: error: expected a deploy target for environment 'production' in "
            "'deploy', found environment 'production' without one");
  EXPECT_EQ(error_of(s + "    - name: a\n      secrets: {test: [ANTHROPIC_API_KEY, 1PASSWORD]}\n"),
            "covbar.yml:6:43: error: expected a secret name (letters, digits and '_', not "
            "starting with a digit or GITHUB_), found '1PASSWORD'");
  EXPECT_EQ(error_of(s + "    - name: a\n      secrets: {deploy: [\"A-B\"]}\n"),
            "covbar.yml:6:26: error: expected a secret name (letters, digits and '_', not "
            "starting with a digit or GITHUB_), found 'A-B'");
  EXPECT_EQ(error_of(s + "    - name: a\n      secrets: {test: [GITHUB_TOKEN]}\n"),
            "covbar.yml:6:24: error: expected a secret name (letters, digits and '_', not "
            "starting with a digit or GITHUB_), found 'GITHUB_TOKEN'");
  EXPECT_EQ(error_of(s + "    - name: a\n      deploy:\n        qa: {target: ecs}\n"),
            "covbar.yml:7:9: error: expected an environment of the fleet (dev, staging or "
            "production), found 'qa'");
  EXPECT_EQ(error_of(s + "    - name: a\n      deploy:\n        dev: {target: lambda}\n"),
            "covbar.yml:7:23: error: expected a deploy target: ecs, cloudflare-pages or "
            "cloudflare-workers, found 'lambda'");
  EXPECT_EQ(
      error_of(s + "    - name: a\n      deploy:\n        dev: {target: cloudflare-workers}\n"),
      "covbar.yml:7:14: error: expected 'script' for the cloudflare-workers target, found "
      "a mapping");
  EXPECT_EQ(error_of(s + "    - name: a\n      stack: typescript\n      deploy:\n        dev: "
                         "{target: ecs, cluster: c, service: s, image: i, container: c}\n"),
            "covbar.yml:8:14: error: expected a deploy target for a typescript repository "
            "(cloudflare-pages or cloudflare-workers), found 'ecs'");
  EXPECT_EQ(error_of(s + "    - name: a\n      policy: ratchet\n      ratchet-update: push\n"),
            "covbar.yml:7:23: error: expected a ratchet update mode: pull-request or commit, "
            "found 'push'");
  EXPECT_EQ(error_of(s + "    - name: a\n      ratchet-update: commit\n"),
            "covbar.yml:6:23: error: expected 'ratchet-update' only for a repository whose "
            "policy is ratchet, found 'commit'");
  EXPECT_EQ(error_of(s + "    - name: a\n      install: conda\n"),
            "covbar.yml:6:16: error: expected an install mode: uv, pip or poetry, found 'conda'");
  EXPECT_EQ(error_of(s + "    - name: a\n      mypy: sometimes\n"),
            "covbar.yml:6:13: error: expected a mypy mode: blocking, non-blocking or off, found "
            "'sometimes'");
  EXPECT_EQ(error_of(s + "    - name: a\n      deploy:\n        dev: {target: cloudflare-workers, "
                         "script: w, url: \"http://x\"}\n"),
            "covbar.yml:7:59: error: expected an https:// URL, found 'http://x'");
  EXPECT_EQ(error_of("fleet:\n  aws-auth: keys\n"),
            "covbar.yml:2:13: error: expected an AWS authentication: oidc or access-keys, found "
            "'keys'");
  EXPECT_EQ(error_of(s + "    - name: a\n      slug: other/a\n"),
            "covbar.yml:5:7: error: expected a repository of the organisation 'kiwi', found slug "
            "'other/a'");
  EXPECT_EQ(error_of(s + "    - name: a\n      postgres: {image: \"postgres:16 --privileged\"}\n"),
            "covbar.yml:6:25: error: expected a container image (name:tag), found 'postgres:16 "
            "--privileged'");
}

TEST_F(Fleet, SecretNames) {
  EXPECT_TRUE(fleet::valid_secret_name("ANTHROPIC_API_KEY"));
  EXPECT_TRUE(fleet::valid_secret_name("_x1"));
  EXPECT_FALSE(fleet::valid_secret_name(""));
  EXPECT_FALSE(fleet::valid_secret_name("9A"));
  EXPECT_FALSE(fleet::valid_secret_name("A B"));
  EXPECT_FALSE(fleet::valid_secret_name("github_token"));
  EXPECT_FALSE(fleet::valid_secret_name("${{ secrets.X }}"));
}

} // namespace
} // namespace covbar::test
