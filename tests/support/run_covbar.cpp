#include "tests/support/run_covbar.hpp"

#include <sstream>

#include "src/cli/run.hpp"

namespace covbar::test {

Outcome run_covbar(std::vector<std::string> args) {
  args.insert(args.begin(), "covbar");
  std::vector<const char*> argv;
  argv.reserve(args.size());
  for (const auto& a : args) {
    argv.push_back(a.c_str());
  }
  std::ostringstream out;
  std::ostringstream err;
  Outcome o;
  o.code = cli::run(static_cast<int>(argv.size()), argv.data(), out, err);
  o.out = out.str();
  o.err = err.str();
  return o;
}

} // namespace covbar::test
