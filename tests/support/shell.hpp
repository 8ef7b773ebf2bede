#pragma once

#include <string>

#include "src/core/process.hpp"

namespace covbar::test {

/// Runs `command` with /bin/sh -c: the tests' own shell (redirections, pipes, environment
/// settings), started like any other program. covbar itself never runs a shell.
inline core::CommandResult run_shell(const std::string& command) {
  return core::run_process({"/bin/sh", "-c", command});
}

} // namespace covbar::test
