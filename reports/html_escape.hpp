#pragma once

#include <string>
#include <string_view>

namespace covbar::reports {

/// Text safe in HTML content and in a quoted attribute value: `&`, `<`, `>`, `"` and `'` as
/// character references, and control characters other than tab as U+FFFD (a NUL or a stray
/// escape byte in a source file must not reach the page as is).
std::string html_escape(std::string_view text);

/// JSON text safe inside `<script type="application/json">`: every `<` written as `\u003c`,
/// so no `</script>` or `<!--` in a path or a name can end the element. (A `<` can only
/// occur inside a JSON string, where the escape reads back as the same character.)
std::string script_json(std::string_view json);

} // namespace covbar::reports
