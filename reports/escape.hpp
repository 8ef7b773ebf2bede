#pragma once

#include <string>
#include <string_view>

namespace covbar::reports {

/// A JSON string literal, quotes included; control characters (C0, C1, U+2028, U+2029) as
/// \uXXXX, and bytes that are not valid UTF-8 as U+FFFD so the output always parses.
std::string json_string(std::string_view text);

/// covbar's own words in Markdown, in a table cell or a paragraph: control characters escaped
/// (core::printable), `|` and the emphasis, link and code punctuation backslash-escaped,
/// `<`, `>` and `&` as entities (GitHub renders inline HTML). Text from an input goes in a
/// code span instead (markdown_code): GitHub links bare URLs and @mentions in any text,
/// escaped or not, but never inside code.
std::string markdown_cell(std::string_view text);

/// Text from an input (a path, a repository name, a problem) as a Markdown code span, where
/// nothing is live: a fence one backtick longer than the longest run in the text, a space
/// inside each fence when the text starts or ends with a backtick or a space (CommonMark),
/// control characters escaped (core::printable). Outside a table; empty text gives "".
std::string markdown_code(std::string_view text);

/// markdown_code for a table cell: `|` also escaped, which GitHub's tables require even
/// inside a code span (it shows as `|`).
std::string markdown_cell_code(std::string_view text);

/// A CSV cell of text that came from an input (a repository name, a problem): quoted per
/// RFC 4180 when it holds `,`, `"`, CR or LF; and when it starts with `=`, `+`, `-`, `@`,
/// tab or CR, which a spreadsheet would run as a formula, prefixed with `'` and quoted
/// (OWASP, CSV injection). Numbers covbar computes itself are written as they are.
std::string csv_cell(std::string_view text);

/// The message part of a GitHub workflow command: `%`, CR and LF percent-encoded
/// (actions/toolkit's escapeData).
std::string workflow_data(std::string_view text);

/// A property value of a workflow command (file=, title=): as workflow_data, plus `:` and
/// `,` (actions/toolkit's escapeProperty).
std::string workflow_property(std::string_view text);

} // namespace covbar::reports
