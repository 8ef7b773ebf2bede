#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "src/cli/common_options.hpp"

namespace CLI {
class App;
}

namespace covbar::cli {

/// Options of `covbar diff`, the new-code-only gate.
struct DiffOptions : CommonOptions {
  std::string diff_file;
  std::string compare_branch;
  std::string range_notation = "...";
  bool ignore_staged = false;
  bool ignore_unstaged = false;
  bool include_untracked = false;
  std::string partial_lines = "covered";
  bool allow_empty = false;
  bool annotations = false;
  std::size_t max_annotations = 50;
};

CLI::App* add_diff_command(CLI::App& app, DiffOptions& options);

/// Runs `covbar diff`; returns the exit code. Throws core::Error for bad usage or input.
int run_diff(const DiffOptions& options, std::ostream& out, std::ostream& err);

} // namespace covbar::cli
