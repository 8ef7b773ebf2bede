#pragma once

#include <iosfwd>
#include <string>

#include "src/rollout/rollout.hpp"

namespace CLI {
class App;
}

namespace covbar::cli {

/// Options of `covbar workflows generate` and `covbar rollout plan|scripts`.
struct FleetOptions {
  std::string config_path;
  std::string out;
  std::string format = "markdown";
  rollout::Settings rollout;
  CLI::App* generate_cmd = nullptr;
  CLI::App* plan_cmd = nullptr;
  CLI::App* scripts_cmd = nullptr;
};

/// Registers `workflows` and `rollout`; returns them (workflows, rollout).
std::pair<CLI::App*, CLI::App*> add_fleet_commands(CLI::App& app, FleetOptions& options);

int run_workflows(const FleetOptions& options, std::ostream& out, std::ostream& err);
int run_rollout(const FleetOptions& options, std::ostream& out, std::ostream& err);

} // namespace covbar::cli
