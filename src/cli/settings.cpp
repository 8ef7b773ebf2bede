#include "src/cli/settings.hpp"

#include <string>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "src/config/config.hpp"
#include "src/core/error.hpp"

namespace covbar::cli {
namespace {

const CLI::Option& option_of(const CLI::App& cmd, std::string_view flag) {
  const CLI::Option* option = cmd.get_option_no_throw(std::string(flag));
  if (option == nullptr) {
    throw core::InternalError(
        fmt::format("covbar {} has no option '{}'", cmd.get_name(), std::string(flag)));
  }
  return *option;
}

void check_key(const CLI::App* cmd, const Setting& row) {
  if (!row.key.empty() && !config::is_key(row.key)) {
    throw core::InternalError(fmt::format("covbar {}: {} is set by '{}', which covbar.yml "
                                          "does not have",
                                          cmd != nullptr ? cmd->get_name() : std::string("command"),
                                          row.flag, row.key));
  }
}

} // namespace

bool flag_given(const CLI::App* cmd, std::string_view flag) {
  if (cmd == nullptr) {
    throw core::InternalError(fmt::format("'{}' asked of a command not parsed", flag));
  }
  return option_of(*cmd, flag).count() > 0;
}

void resolve_settings(const CLI::App& cmd, const std::vector<Setting>& table) {
  for (const auto& row : table) {
    (void)option_of(cmd, row.flag);
    check_key(&cmd, row);
  }
  for (const auto& row : table) {
    if (option_of(cmd, row.flag).count() > 0) {
      if (row.from_flag) {
        row.from_flag();
      }
    } else if (row.from_file) {
      row.from_file();
    }
  }
}

} // namespace covbar::cli

namespace covbar::cli {

void apply_file_settings(const std::vector<Setting>& table) {
  for (const auto& row : table) {
    check_key(nullptr, row);
  }
  for (const auto& row : table) {
    if (row.from_file) {
      row.from_file();
    }
  }
}

} // namespace covbar::cli
