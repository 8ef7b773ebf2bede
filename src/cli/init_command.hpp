#pragma once

#include <iosfwd>
#include <string>

namespace CLI {
class App;
}

namespace covbar::cli {

/// Options of `covbar init`.
struct InitOptions {
  std::string root; ///< the repository (default: the git work tree, else the current folder)
  bool force = false;
};

CLI::App* add_init_command(CLI::App& app, InitOptions& options);

/// Writes covbar.yml at the root from the settings found there (toolconfig::plan_init) and
/// prints what was found and what was not read. An existing covbar.yml is kept unless
/// --force: a core::UsageError, exit 2.
int run_init(const InitOptions& options, std::ostream& out, std::ostream& err);

} // namespace covbar::cli
