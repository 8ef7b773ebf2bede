#include "src/cli/fleet_commands.hpp"

#include <filesystem>
#include <ostream>
#include <set>
#include <string_view>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "src/actions/validate.hpp"
#include "src/core/atomic_file.hpp"
#include "src/core/error.hpp"
#include "src/core/printable.hpp"
#include "src/core/source_text.hpp"

namespace covbar::cli {
namespace {

fleet::Fleet fleet_config(const FleetOptions& o) {
  const config::Config config = config::find_config(o.config_path, "");
  if (config.path.empty()) {
    throw core::UsageError("no covbar.yml found: pass --config FILE naming the "
                           "fleet's covbar.yml");
  }
  fleet::Fleet fleet = fleet::load(config);
  if (fleet.repos.empty()) {
    throw core::UsageError(fmt::format("{} has no 'fleet:' with repositories", config.path));
  }
  return fleet;
}

/// The list of files covbar wrote into an output folder, kept in that folder: a later run
/// removes what it wrote before and no longer writes (the workflow of a repository dropped
/// from the fleet), and the publish script reads it rather than whatever lies in the folder.
constexpr const char* k_manifest = ".covbar-manifest";
constexpr std::string_view k_manifest_header =
    "# Files covbar wrote in this folder, one per line; the next run removes those it no "
    "longer writes.\n";

/// The paths a manifest lists; none when there is no manifest yet. A line that is not a
/// plain relative path inside the folder is an InputError: covbar never wrote it.
std::vector<std::string> read_manifest(const std::filesystem::path& manifest) {
  std::vector<std::string> paths;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(manifest, ec)) {
    return paths;
  }
  const auto text = core::SourceText::read_file(manifest.string());
  const std::string_view bytes = text.bytes();
  std::size_t start = 0;
  while (start < bytes.size()) {
    auto end = bytes.find('\n', start);
    if (end == std::string_view::npos) {
      end = bytes.size();
    }
    const std::string_view line = bytes.substr(start, end - start);
    if (!line.empty() && line.front() != '#') {
      const std::filesystem::path path(line);
      bool inside = path.is_relative();
      for (const auto& part : path) {
        inside = inside && part != ".." && part != ".";
      }
      if (!inside) {
        throw text.error_at(start, "a relative path inside the folder", fmt::format("'{}'", line));
      }
      paths.emplace_back(line);
    }
    start = end + 1;
  }
  return paths;
}

/// Writes every file under `dir`, each atomically (executables, `.sh`, get mode 0755); every
/// path is checked first, so a refused one (a directory there, a link) leaves none written.
/// Then removes the files the folder's manifest lists that this run did not write, and the
/// folders they leave empty; then writes the new manifest.
void write_all(const std::string& dir, const std::vector<actions::GeneratedFile>& files,
               std::ostream& out) {
  namespace fs = std::filesystem;
  const fs::path root(dir);
  const auto previous = read_manifest(root / k_manifest);
  std::set<std::string> written;
  for (const auto& file : files) {
    core::check_output_path((root / file.path).string());
  }
  core::check_output_path((root / k_manifest).string());
  for (const auto& file : files) {
    const fs::path path = root / file.path;
    fs::create_directories(path.parent_path());
    core::write_file_atomically(path.string(), file.text,
                                file.path.ends_with(".sh") ? 0755U : 0644U);
    out << "wrote " << core::printable(path.string(), false) << '\n';
    written.insert(fs::path(file.path).lexically_normal().string());
  }
  for (const auto& stale : previous) {
    if (written.contains(fs::path(stale).lexically_normal().string())) {
      continue;
    }
    const fs::path path = root / stale;
    std::error_code ec;
    if (!fs::is_symlink(path, ec) && !fs::is_regular_file(path, ec)) {
      continue; // gone already, or something covbar did not write
    }
    fs::remove(path);
    out << "removed " << core::printable(path.string(), false) << '\n';
    for (fs::path parent = path.parent_path();
         parent != root && parent.string().size() > root.string().size();
         parent = parent.parent_path()) {
      if (!fs::is_empty(parent, ec) || ec) {
        break;
      }
      fs::remove(parent, ec);
    }
  }
  std::string manifest(k_manifest_header);
  for (const auto& path : written) {
    manifest += path + '\n';
  }
  core::write_file_atomically((root / k_manifest).string(), manifest, 0644U);
}

} // namespace

std::pair<CLI::App*, CLI::App*> add_fleet_commands(CLI::App& app, FleetOptions& o) {
  CLI::App* workflows =
      app.add_subcommand("workflows", "GitHub Actions workflows for the fleet in covbar.yml");
  workflows->require_subcommand(1);
  o.generate_cmd = workflows->add_subcommand(
      "generate", "Write the central repository's reusable workflows, each repository's caller "
                  "workflow and the setup checklist");
  o.generate_cmd->add_option("--config", o.config_path, "The fleet's covbar.yml");
  o.generate_cmd->add_option("--out", o.out, "Folder to write into")->required();

  CLI::App* rollout = app.add_subcommand("rollout", "Roll the workflows out with git-xargs");
  rollout->require_subcommand(1);
  o.plan_cmd = rollout->add_subcommand("plan", "Print the phased command sheet");
  o.plan_cmd->add_option("--config", o.config_path, "The fleet's covbar.yml");
  o.plan_cmd->add_option("--format", o.format, "markdown (default) or shell")
      ->check(CLI::IsMember({"markdown", "shell"}));
  o.plan_cmd->add_option("--out", o.out, "Write the sheet to FILE instead of stdout");
  o.plan_cmd->add_option("--branch-name", o.rollout.branch_name,
                         "Branch git-xargs commits to (default: the fleet's branch-name)");
  o.plan_cmd->add_option("--commit-message", o.rollout.commit_message, "Commit message");
  o.plan_cmd->add_option("--pull-request-title", o.rollout.pr_title, "Pull request title");
  o.plan_cmd->add_option("--pull-request-description", o.rollout.pr_description,
                         "Pull request description");
  o.plan_cmd->add_option("--seconds-between-prs", o.rollout.seconds_between_prs,
                         "Pause between pull requests (default 30)");
  o.plan_cmd->add_option("--max-concurrent-clones", o.rollout.max_concurrent_clones,
                         "Clones at once (default 4)");
  o.plan_cmd->add_option("--github-org", o.rollout.github_org,
                         "Select the batch with --github-org ORG instead of a --repos file");
  o.plan_cmd->add_option("--scripts-dir", o.rollout.scripts_dir,
                         "Where `covbar rollout scripts` wrote (default fleet-ci/scripts)");
  o.plan_cmd->add_option("--workflows-dir", o.rollout.workflows_dir,
                         "Where `covbar workflows generate` wrote (default fleet-ci/workflows)");
  o.scripts_cmd = rollout->add_subcommand(
      "scripts", "Write the scripts git-xargs runs in each repository, and the repository lists");
  o.scripts_cmd->add_option("--config", o.config_path, "The fleet's covbar.yml");
  o.scripts_cmd->add_option("--out", o.out, "Folder to write into")->required();
  return {workflows, rollout};
}

int run_workflows(const FleetOptions& o, std::ostream& out, std::ostream& err) {
  const fleet::Fleet fleet = fleet_config(o);
  const auto files = actions::generate_all(fleet);
  const auto problems = actions::check_callers(files, fleet.settings.central);
  if (!problems.empty()) {
    throw core::InternalError(fmt::format(
        "a generated caller does not match its reusable workflow: {}", problems.front()));
  }
  for (const auto& warning : actions::generation_warnings(fleet)) {
    err << warning << '\n';
  }
  write_all(o.out, files, out);
  return 0;
}

int run_rollout(const FleetOptions& o, std::ostream& out, std::ostream&) {
  const fleet::Fleet config = fleet_config(o);
  if (o.scripts_cmd->parsed()) {
    write_all(o.out, rollout::scripts(config), out);
    return 0;
  }
  const std::string sheet = o.format == "shell" ? rollout::plan_script(config, o.rollout)
                                                : rollout::plan_markdown(config, o.rollout);
  if (o.out.empty()) {
    out << sheet;
  } else {
    core::write_file_atomically(o.out, sheet, o.format == "shell" ? 0755U : 0644U);
    out << "wrote " << core::printable(o.out, false) << '\n';
  }
  return 0;
}

} // namespace covbar::cli
