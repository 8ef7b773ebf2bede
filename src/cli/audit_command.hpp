#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "src/cli/common_options.hpp"

namespace CLI {
class App;
}

namespace covbar::cli {

/// Options of `covbar audit`, the fleet's coverage audit table.
struct AuditOptions {
  std::vector<std::string> pairs; ///< name=REPORT
  std::string config_path;
  std::string markdown;
  std::string json;
  std::string csv;
  std::string html;                        ///< --html DIR: the fleet page
  std::string history;                     ///< --append-history FILE
  std::vector<std::string> ratchet_states; ///< --ratchet-state NAME=FILE
  std::vector<std::string> report_links;   ///< --report-link NAME=URL
  std::string trend_svg;                   ///< --trend-svg FILE
  std::string metric;
  std::string target;
  std::string rate;
  unsigned max_ratchet_sprints = 0;
  unsigned top_files = 0;
  std::string step;
  unsigned sprint_days = 0;
  std::string today;
  unsigned precision = 2;
  bool no_step_summary = false;
  const CLI::App* command = nullptr;
};

CLI::App* add_audit_command(CLI::App& app, AuditOptions& options);

/// Runs `covbar audit`; returns 0 once the table is written, even when some repositories had
/// no readable report (their rows say why); 2 for bad usage.
int run_audit(const AuditOptions& options, std::ostream& out, std::ostream& err);

} // namespace covbar::cli
