#include "src/core/error.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "src/core/printable.hpp"

namespace covbar::core {
namespace {

std::string render(const Location& location, const std::string& expected,
                   const std::string& found) {
  std::string text = format_located(location, expected, found);
  if (location.caret_column > 0) {
    // The excerpt starts a line of its own, so it is guarded like any text at a line start;
    // the caret sits under the failing byte as the escaped excerpt shows it.
    const std::string_view line = location.line_text;
    const std::size_t before =
        std::min<std::uint64_t>(location.caret_column - 1, line.size());
    const std::string caret(printable_width(printable(line.substr(0, before))), ' ');
    text += fmt::format("\n{}\n{}^", printable(line), caret);
  }
  return text;
}

} // namespace

std::string format_located(const Location& location, const std::string& expected,
                           const std::string& found) {
  return fmt::format("{}:{}:{}: error: expected {}, found {}", printable(location.source),
                     location.line, location.column, printable(expected, false),
                     printable(found, false));
}

InputError::InputError(Location location, std::string expected, std::string found)
    : Error(render(location, expected, found)), m_location(std::move(location)) {}

InputError::InputError(std::string source, std::string message)
    : Error(fmt::format("{}: error: {}", printable(source), printable(message, false))) {
  m_location.source = std::move(source);
}

std::string describe_found(std::string_view bytes, std::size_t max_chars) {
  if (bytes.empty()) {
    return "end of file";
  }
  const std::size_t end = std::min(bytes.find_first_of("\n\r"), max_chars);
  if (end == 0) {
    return bytes.front() == '\n' || bytes.front() == '\r' ? "end of line" : "end of file";
  }
  // Appended rather than `"'" + std::string&&`, which GCC 12 at -O2/-O3 flags with a false
  // -Wrestrict (its bug 105329) and -Werror turns into a failed release build.
  std::string out = "'";
  out += printable(bytes.substr(0, end), false);
  out += '\'';
  return out;
}

} // namespace covbar::core
