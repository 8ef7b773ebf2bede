#pragma once

#include <string>
#include <string_view>

namespace covbar::reports {

/// A JSON string literal, quotes included; control characters (C0, C1, U+2028, U+2029) as
/// \uXXXX, and bytes that are not valid UTF-8 as U+FFFD so the output always parses.
std::string json_string(std::string_view text);

/// Text safe inside a Markdown table cell: `|` escaped, newlines folded, HTML-significant
/// characters as entities (GitHub renders inline HTML in comments).
std::string markdown_cell(std::string_view text);

/// A path shown as inline code in Markdown, backticks in it handled.
std::string markdown_code(std::string_view text);

/// The message part of a GitHub workflow command: `%`, CR and LF percent-encoded
/// (actions/toolkit's escapeData).
std::string workflow_data(std::string_view text);

/// A property value of a workflow command (file=, title=): as workflow_data, plus `:` and
/// `,` (actions/toolkit's escapeProperty).
std::string workflow_property(std::string_view text);

} // namespace covbar::reports
