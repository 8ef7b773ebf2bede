#pragma once

#include <iosfwd>

namespace covbar::cli {

/// The whole program: parses argv, runs the subcommand, prints, and returns the exit code
/// (0 pass, 1 gate failed, 2 bad usage, bad input or internal error). The only catch in
/// covbar (STYLE §2.5): nothing escapes, and no failure returns 0.
int run(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

} // namespace covbar::cli
