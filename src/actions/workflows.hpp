#pragma once

#include <string>
#include <vector>

#include "src/config/config.hpp"

namespace covbar::actions {

/// One generated file: its path under the output folder and its bytes.
struct GeneratedFile {
  std::string path;
  std::string text;
};

/// The reusable workflows of the central repository (`central/.github/workflows/*.yml`).
std::vector<GeneratedFile> reusable_workflows(const config::FleetSettings& fleet);

/// One repository's caller workflow: `repos/<name>/.github/workflows/ci-cd.yml`, or
/// `terragrunt.yml` for infrastructure.
GeneratedFile caller_workflow(const config::FleetSettings& fleet, const config::FleetRepo& repo,
                              const config::Config& config);

/// The Markdown checklist of secrets, variables and environment protection rules.
GeneratedFile setup_checklist(const config::FleetSettings& fleet,
                              const std::vector<config::FleetRepo>& repos);

/// Everything `covbar workflows generate` writes, in a stable order. Throws core::UsageError
/// when the fleet lacks what generation needs (central repository, ref, covbar's source).
std::vector<GeneratedFile> generate_all(const config::Config& config);

/// A double-quoted YAML scalar holding `text` exactly.
std::string yaml_quote(std::string_view text);

} // namespace covbar::actions
