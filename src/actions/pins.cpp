#include "src/actions/pins.hpp"

#include <fmt/format.h>

#include "src/core/error.hpp"

namespace covbar::actions {

const std::vector<Pin>& pins() {
  // From ../shared/actions-pins.md (snapshots 2026-03 to 2026-08). cloudflare/pages-action is
  // deprecated there and deliberately absent: Pages deploys go through wrangler-action.
  // Inputs: every input of the tag's action.yml as listed there (required ones first).
  static const std::vector<Pin> table{
      {"actions/checkout", "v7.0.1", "3d3c42e5aac5ba805825da76410c181273ba90b1", "",
       "repository token ssh-strict ssh-user persist-credentials clean "
       "sparse-checkout-cone-mode fetch-depth fetch-tags show-progress lfs submodules "
       "set-safe-directory allow-unsafe-pr-checkout ref ssh-key ssh-known-hosts path "
       "filter sparse-checkout github-server-url"},
      {"actions/setup-python", "v7.0.0", "5fda3b95a4ea91299a34e894583c3862153e4b97", "",
       "check-latest token update-environment allow-prereleases freethreaded "
       "python-version python-version-file cache architecture cache-dependency-path "
       "pip-version"},
      {"actions/setup-node", "v7.0.0", "820762786026740c76f36085b0efc47a31fe5020", "",
       "check-latest token package-manager-cache node-version node-version-file "
       "architecture registry-url scope cache cache-dependency-path mirror mirror-token"},
      {"actions/upload-artifact", "v7.0.0", "bbbca2ddaa5d8feaa63e36b76fdaad77386f024f", "path",
       "path name if-no-files-found compression-level overwrite include-hidden-files "
       "archive retention-days"},
      {"actions/download-artifact", "v8.0.1", "3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c", "",
       "merge-multiple repository run-id skip-decompress digest-mismatch name "
       "artifact-ids path pattern github-token"},
      {"actions/cache", "v5.0.5", "27d5ce7f107fe9357f9df03efb73ab90386fccae", "path key",
       "path key enableCrossOsArchive fail-on-cache-miss lookup-only save-always "
       "restore-keys upload-chunk-size"},
      {"astral-sh/setup-uv", "v10.0.1", "20cfd1bf945f4377ade1205e4dbc17946fc9a30d", "",
       "version version-file activate-environment venv-path no-project "
       "working-directory github-token enable-cache cache-dependency-glob restore-cache "
       "save-cache cache-local-path prune-cache cache-python ignore-nothing-to-cache "
       "ignore-empty-workdir download-from-astral-mirror add-problem-matchers quiet "
       "resolution-strategy python-version checksum cache-suffix tool-dir tool-bin-dir "
       "manifest-file"},
      {"oven-sh/setup-bun", "v2.2.0", "0c5077e51419868618aeaa5fe8019c62421857d6", "",
       "no-cache token bun-version bun-version-file bun-download-url registries "
       "registry-url scope"},
      {"aws-actions/configure-aws-credentials", "v6.2.3",
       "e6de054238d6b7531b4efff3b6587d9aade6a06c", "aws-region",
       "aws-region audience aws-profile overwrite-aws-profile role-to-assume "
       "aws-access-key-id aws-secret-access-key aws-session-token "
       "web-identity-token-file role-chaining http-proxy no-proxy mask-aws-account-id "
       "role-duration-seconds role-external-id role-session-name "
       "role-skip-session-tagging transitive-tag-keys inline-session-policy "
       "managed-session-policies output-credentials output-env-credentials "
       "unset-current-credentials disable-retry retry-max-attempts "
       "special-characters-workaround use-existing-credentials allowed-account-ids "
       "force-skip-oidc action-timeout-s custom-tags sts-endpoint"},
      {"aws-actions/amazon-ecr-login", "v2.1.7", "03f1aad4c6c7ffd436567f42f9384779290529bd", "",
       "mask-password registry-type skip-logout http-proxy registries"},
      {"aws-actions/amazon-ecs-deploy-task-definition", "v2.6.3",
       "c465972ecbd160473f22e683363b422a5412a3de", "task-definition",
       "task-definition desired-count service cluster wait-for-service-stability "
       "wait-for-minutes wait-max-delay-seconds codedeploy-appspec "
       "codedeploy-application codedeploy-deployment-group "
       "codedeploy-deployment-description codedeploy-deployment-config "
       "force-new-deployment service-managed-ebs-volume-name service-managed-ebs-volume "
       "run-task run-task-container-overrides run-task-security-groups run-task-subnets "
       "run-task-assign-public-IP run-task-capacity-provider-strategy "
       "run-task-launch-type run-task-started-by run-task-tags "
       "run-task-managed-ebs-volume-name run-task-managed-ebs-volume "
       "wait-for-task-stopped enable-ecs-managed-tags propagate-tags "
       "keep-null-value-keys max-retries"},
      {"aws-actions/amazon-ecs-render-task-definition", "v1.9.0",
       "138c24f321fdbdf7edee4a685519d253cae2cdea", "container-name image",
       "container-name image task-definition task-definition-arn task-definition-family "
       "task-definition-revision environment-variables log-configuration-log-driver "
       "log-configuration-options docker-labels command task-role-arn "
       "execution-role-arn env-files secrets"},
      {"cloudflare/wrangler-action", "v4.0.0", "ebbaa1584979971c8614a24965b4405ff95890e0", "",
       "quiet apiToken accountId environment workingDirectory wranglerVersion secrets "
       "preCommands postCommands command vars packageManager gitHubToken"},
      {"hashicorp/setup-terraform", "v4.0.1", "dfe3c3f87815947d99a8997f908cb6525fc44e9e", "",
       "cli_config_credentials_hostname terraform_version terraform_wrapper "
       "cli_config_credentials_token"},
      {"codecov/codecov-action", "v5.5.2", "671740ac38dd9b0130fbe1cec585b89eea48d3de", "",
       "disable_file_fixes disable_search disable_safe_directory disable_telem dry_run "
       "fail_ci_if_error git_service gcov_executable handle_no_reports_found "
       "recurse_submodules run_command skip_validation use_legacy_upload_endpoint "
       "use_oidc use_pypi verbose version base_sha binary codecov_yml_path "
       "commit_parent directory env_vars exclude files flags force gcov_args "
       "gcov_ignore gcov_include job_code name network_filter network_prefix os "
       "override_branch override_build override_build_url override_commit override_pr "
       "plugins report_code report_type root_dir slug swift_project token url "
       "working-directory"},
      {"terraform-linters/setup-tflint", "v6.3.0", "6e1e0642c0289bd619021bf6b34e3c08ed1e005a", "",
       "tflint_version github_token tflint_wrapper cache tflint_config_path plugin_dir "
       "tflint_version_file checksums"},
      // covbar's own release workflow (.github/workflows/release.yml).
      {"actions/attest-build-provenance", "v4.1.0", "a2bbfa25375fe432b6a289bc6b6cd05ecd0c4c32", "",
       "push-to-registry create-storage-record show-summary github-token subject-path "
       "subject-digest subject-name subject-checksums predicate-type predicate "
       "predicate-path"},
  };
  return table;
}

const Pin* find_pin(std::string_view action) {
  for (const auto& pin : pins()) {
    if (pin.action == action) {
      return &pin;
    }
  }
  return nullptr;
}

std::vector<std::string_view> words_of(std::string_view list) {
  std::vector<std::string_view> out;
  std::size_t pos = 0;
  while (pos < list.size()) {
    const auto space = list.find(' ', pos);
    const auto end = space == std::string_view::npos ? list.size() : space;
    if (end > pos) {
      out.push_back(list.substr(pos, end - pos));
    }
    pos = end + 1;
  }
  return out;
}

std::string uses(std::string_view action) {
  for (const auto& pin : pins()) {
    if (pin.action == action) {
      return fmt::format("{}@{} # {}", pin.action, pin.sha, pin.version);
    }
  }
  throw core::InternalError(fmt::format("no pinned SHA for action {}", action));
}

} // namespace covbar::actions
