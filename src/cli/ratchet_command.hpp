#pragma once

#include <iosfwd>
#include <string>

#include "src/cli/common_options.hpp"

namespace CLI {
class App;
}

namespace covbar::cli {

/// Options of `covbar ratchet init|check|update|plan`.
struct RatchetOptions : CommonOptions {
  std::string today;
  std::string start;
  std::string metric;
  std::string step;
  unsigned sprint_days = 0;
  std::string target;
  std::string slack;
  std::string granularity;
  std::string state;
  std::string svg;
  std::string state_from_ref; ///< check: the state as this commit has it
  std::string from_audit;     ///< init: start from this `covbar audit --json` file's figure
  std::string audit_repo;     ///< init: the audit row to start from
  bool force = false;
};

/// The four ratchet subcommands and their options, one struct each.
struct RatchetCommands {
  RatchetOptions init;
  RatchetOptions check;
  RatchetOptions update;
  RatchetOptions plan;
  CLI::App* init_cmd = nullptr;
  CLI::App* check_cmd = nullptr;
  CLI::App* update_cmd = nullptr;
  CLI::App* plan_cmd = nullptr;
};

CLI::App* add_ratchet_command(CLI::App& app, RatchetCommands& commands);

/// Runs whichever ratchet subcommand was parsed; returns the exit code.
int run_ratchet(const RatchetCommands& commands, std::ostream& out, std::ostream& err);

} // namespace covbar::cli
