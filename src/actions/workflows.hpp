#pragma once

#include <string>
#include <vector>

#include "src/fleet/fleet.hpp"

namespace covbar::actions {

/// One generated file: its path under the output folder and its bytes.
struct GeneratedFile {
  std::string path;
  std::string text;
};

/// The reusable workflows of the central repository (`central/.github/workflows/*.yml`).
std::vector<GeneratedFile> reusable_workflows(const fleet::Fleet& fleet);

/// One repository's caller workflow: `repos/<name>/.github/workflows/ci-cd.yml`,
/// `terragrunt.yml` for the Terragrunt live stack, `terraform.yml` for Terraform modules.
GeneratedFile caller_workflow(const fleet::Fleet& fleet, const fleet::Repo& repo);

/// The check names GitHub shows for a repository's generated workflow, the ones branch
/// protection must require: `CALLER JOB / JOB (MATRIX VALUES)`, e.g.
/// `test / test (Python 3.12)`.
std::vector<std::string> required_checks(const fleet::Fleet& fleet, const fleet::Repo& repo);

/// Warnings about the fleet's choices (long-lived AWS keys), for stderr.
std::vector<std::string> generation_warnings(const fleet::Fleet& fleet);

/// The Markdown checklist of secrets, variables and environment protection rules.
GeneratedFile setup_checklist(const fleet::Fleet& fleet);

/// Everything `covbar workflows generate` writes, in a stable order. Throws core::UsageError
/// when the fleet lacks what generation needs (central repository, ref, covbar's source).
std::vector<GeneratedFile> generate_all(const fleet::Fleet& fleet);

/// A double-quoted YAML scalar holding `text` exactly.
std::string yaml_quote(std::string_view text);

} // namespace covbar::actions
