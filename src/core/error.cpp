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
    const std::size_t before = std::min<std::uint64_t>(location.caret_column - 1, line.size());
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
    : Error(std::string()), m_location(std::move(location)), m_expected(std::move(expected)),
      m_found(std::move(found)) {}

InputError::InputError(std::string source, std::string message)
    : Error(std::string()), m_message(std::move(message)) {
  m_location.source = std::move(source);
}

const char* InputError::what() const noexcept {
  if (m_rendered.empty()) {
    try {
      m_rendered = has_position() || !m_expected.empty()
                       ? render(m_location, m_expected, m_found)
                       : fmt::format("{}: error: {}", printable(m_location.source),
                                     printable(m_message, false));
    } catch (...) {
      return "error: out of memory while describing an input error";
    }
  }
  return m_rendered.c_str();
}

std::string describe_found(std::string_view bytes, std::size_t max_chars) {
  if (bytes.empty()) {
    return "end of file";
  }
  const std::size_t end = std::min(bytes.find_first_of("\n\r"), max_chars);
  if (end == 0) {
    return bytes.front() == '\n' || bytes.front() == '\r' ? "end of line" : "end of file";
  }
  return fmt::format("'{}'", printable(bytes.substr(0, end), false));
}

} // namespace covbar::core
