#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace covbar::cli {

/// Options of `covbar diff`, the new-code-only gate.
struct DiffOptions {
  std::vector<std::string> reports;
  std::string diff_file;
  std::string compare_branch;
  std::string range_notation = "...";
  bool ignore_staged = false;
  bool ignore_unstaged = false;
  bool include_untracked = false;
  std::string partial_lines = "covered";
  std::string format;
  std::vector<std::string> path_map;
  std::string root;
  std::string fail_under;
  std::string json;
  std::string markdown;
  bool annotations = false;
  std::size_t max_annotations = 50;
  unsigned precision = 2;
  bool no_step_summary = false;
};

CLI::App* add_diff_command(CLI::App& app, DiffOptions& options);

/// Runs `covbar diff`; returns the exit code. Throws core::Error for bad usage or input.
int run_diff(const DiffOptions& options, std::ostream& out, std::ostream& err);

} // namespace covbar::cli
