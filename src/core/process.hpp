#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace covbar::core {

/// `s` as one single-quoted word for /bin/sh.
std::string shell_quote(std::string_view s);

/// What a command printed on standard output, and its exit status (-1 when it did not exit).
struct CommandResult {
  int status = -1;
  std::string out;
  bool too_long = false; ///< the output passed `max_output` bytes: read no further, `out` cut
};

/// Runs `command` through /bin/sh and captures its standard output. Throws core::Error when
/// the command cannot be started. At most `max_output` bytes are read: past them the pipe is
/// closed (the writer ends on SIGPIPE) and `too_long` is set.
CommandResult run_command(const std::string& command, std::size_t max_output = SIZE_MAX);

/// Runs `argv` without a shell (argv[0] looked up on PATH) and captures its standard output;
/// its standard error is discarded. Throws core::Error when it cannot be started.
CommandResult run_argv(const std::vector<std::string>& argv);

/// Splits NUL-separated output (`git ls-files -z`), dropping empty items.
std::vector<std::string> split_nul(std::string_view text);

} // namespace covbar::core
