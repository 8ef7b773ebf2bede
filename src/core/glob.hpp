#pragma once

#include <string_view>

namespace covbar::core {

/// Matches a repo-relative path against a glob the way vitest's and jest's coverage globs
/// (picomatch/micromatch) do for the common forms: `*` any run of characters within one path
/// segment, `?` one character other than `/`, `**` as a whole segment any number of
/// segments (none included), `[abc]` / `[a-z]` / `[!a]` one character of a class. The whole
/// path must match: `*.py` matches `a.py`, not `src/a.py` (write `**/*.py`).
bool glob_match(std::string_view pattern, std::string_view path);

} // namespace covbar::core
