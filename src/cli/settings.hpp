#pragma once

#include <functional>
#include <string_view>
#include <vector>

namespace CLI {
class App;
}

namespace covbar::cli {

/// One row of a command's option table: a flag, the covbar.yml key that sets the same thing
/// (dotted, "ratchet.step"; empty when only the flag does), and what each source does. The
/// flag wins, then the file, then the default the options already hold.
struct Setting {
  std::string_view flag;           ///< an option of the command ("--root"), or its positional
  std::string_view key;            ///< covbar.yml's key, or empty
  std::function<void()> from_flag; ///< the flag was given: read its value
  std::function<void()> from_file; ///< it was not: take the file's value, when it has one
};

/// Applies `table` for the parsed command `cmd`, row by row. Before anything is applied,
/// every row is checked: its flag must be an option of `cmd` and its key one covbar.yml
/// knows (config::is_key), so a misspelt name stops the command at start-up with a
/// core::InternalError rather than letting the file's value win unnoticed.
void resolve_settings(const CLI::App& cmd, const std::vector<Setting>& table);

/// Applies only the file's side of `table` (a command that takes covbar.yml's settings but
/// not their flags), its keys checked as resolve_settings checks them.
void apply_file_settings(const std::vector<Setting>& table);

/// True when `flag` was given on the command line of the parsed subcommand `cmd`; a flag
/// `cmd` does not have is a core::InternalError.
bool flag_given(const CLI::App* cmd, std::string_view flag);

} // namespace covbar::cli
