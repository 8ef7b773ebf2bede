#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "src/cli/common_options.hpp"

namespace CLI {
class App;
}

namespace covbar::cli {

/// Options of `covbar check` (one struct per subcommand, CLI11's subcom_in_files example).
struct CheckOptions : CommonOptions {
  std::size_t top = 10;
  bool allow_empty = false;
  std::vector<std::string> path_thresholds;
  std::string badge;        ///< --badge FILE: the SVG badge
  std::string badge_metric; ///< --badge-metric: default the first threshold's metric, else lines
  std::string badge_label;  ///< --badge-label: default "coverage" (lines) or the metric's name
};

/// Registers `check` on `app`, filling `options` when it is parsed.
CLI::App* add_check_command(CLI::App& app, CheckOptions& options);

/// Runs `covbar check`; returns the exit code. Throws core::Error for bad usage or input.
int run_check(const CheckOptions& options, std::ostream& out, std::ostream& err);

} // namespace covbar::cli
