#pragma once

#include <string>
#include <string_view>

namespace covbar::core {

/// Text that came from an input or the command line (a path, a name, an excerpt), made safe to
/// print on a terminal or a CI log: it stays on one line and cannot pass for covbar's own
/// text. Escaped as visible text: C0 controls and DEL (`\n`, `\r`, `\t`, else `\xNN`), C1
/// controls, U+2028/U+2029 and the bidirectional overrides and isolates (`\uNNNN`), and bytes
/// that are not UTF-8 (`\xNN`). A backslash is left as it is, so Windows paths read as
/// written. When `at_line_start`, a `:` that the text starts with (after spaces) is also
/// written `\x3a`: a GitHub runner obeys any log line that starts with `::` once leading
/// whitespace is trimmed, so only covbar's own annotations may start that way.
std::string printable(std::string_view text, bool at_line_start = true);

/// How many terminal columns `printable` text takes, one per code point (for a caret under
/// an excerpt).
std::size_t printable_width(std::string_view printable_text);

} // namespace covbar::core
