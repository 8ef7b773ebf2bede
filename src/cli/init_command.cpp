#include "src/cli/init_command.hpp"

#include <filesystem>
#include <ostream>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "src/config/config.hpp"
#include "src/core/atomic_file.hpp"
#include "src/core/error.hpp"
#include "src/core/paths.hpp"
#include "src/core/printable.hpp"
#include "src/toolconfig/init.hpp"

namespace covbar::cli {

CLI::App* add_init_command(CLI::App& app, InitOptions& options) {
  CLI::App* cmd = app.add_subcommand(
      "init", "Write covbar.yml from the repository's own settings: its test runners, where "
              "they write reports, the thresholds of coverage.py, jest, nyc, bun and Codecov");
  cmd->add_option("--root", options.root,
                  "The repository (default: the git work tree of the current directory)");
  cmd->add_flag("--force", options.force, "Replace an existing covbar.yml");
  return cmd;
}

int run_init(const InitOptions& options, std::ostream& out, std::ostream& err) {
  (void)err;
  const std::string root =
      !options.root.empty() ? options.root
                            : core::find_repository_root(core::current_directory()).value_or(".");
  std::error_code ec;
  if (!std::filesystem::is_directory(root, ec)) {
    throw core::UsageError(fmt::format("--root: '{}' is not a directory", root));
  }
  const std::string path = core::join_path(root, config::k_config_file);
  if (!options.force &&
      std::filesystem::symlink_status(path, ec).type() != std::filesystem::file_type::not_found) {
    throw core::UsageError(
        fmt::format("{} exists: covbar init does not replace it (pass --force to)", path));
  }
  const toolconfig::InitPlan plan = toolconfig::plan_init(root);
  // What is written must read back: covbar.yml's own reader is the judge.
  (void)config::load_config(core::SourceText::from_string(path, plan.covbar_yml), path);
  core::write_file_atomically(path, plan.covbar_yml);
  out << "covbar init: wrote " << core::printable(path, false) << '\n' << plan.summary;
  out.flush();
  return 0;
}

} // namespace covbar::cli
