#pragma once

#include <string>
#include <vector>

namespace covbar::test {

/// What one in-process `covbar` run printed and returned.
struct Outcome {
  int code = -1;
  std::string out;
  std::string err;
};

/// Runs covbar in process through cli::run, the way main() does; `args` without argv[0].
Outcome run_covbar(std::vector<std::string> args);

} // namespace covbar::test
