#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace covbar::core {

/// `s` as one single-quoted word for /bin/sh: for the scripts covbar writes (src/rollout),
/// never for running anything (covbar itself starts programs only with run_process).
std::string shell_quote(std::string_view s);

/// How run_process starts a program.
struct ProcessOptions {
  std::vector<std::string> unset_env; ///< variables removed from the child's environment
  std::size_t max_output = SIZE_MAX;  ///< past this many bytes of stdout: stop, `too_long`
};

/// What a program printed and how it ended.
struct CommandResult {
  int status = -1;       ///< its exit status; -1 when it did not exit (a signal)
  std::string out;       ///< standard output
  std::string err;       ///< standard error (its first 64 KiB)
  bool too_long = false; ///< stdout passed `max_output` bytes: read no further, `out` cut
};

/// Runs `argv` (argv[0] looked up on PATH) with posix_spawn: no shell, so every argument
/// reaches the program as it is. Standard input is /dev/null; standard output and standard
/// error are captured. Past `max_output` bytes of output the pipe is closed (the program ends
/// on SIGPIPE). Throws core::Error when the program cannot be started.
CommandResult run_process(const std::vector<std::string>& argv, const ProcessOptions& options = {});

/// Splits NUL-separated output (`git ls-files -z`), dropping empty items.
std::vector<std::string> split_nul(std::string_view text);

} // namespace covbar::core
