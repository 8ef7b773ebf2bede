#include "src/core/error.hpp"

#include <fmt/format.h>

namespace covbar::core {
namespace {

std::string render(const Location& location, const std::string& expected,
                   const std::string& found) {
  std::string text = format_located(location, expected, found);
  if (location.caret_column > 0) {
    // The caret sits under the failing byte; tabs are kept so the caret lines up in a terminal.
    std::string caret;
    const std::uint64_t col = location.caret_column;
    for (std::uint64_t i = 0; i + 1 < col && i < location.line_text.size(); ++i) {
      caret += location.line_text[i] == '\t' ? '\t' : ' ';
    }
    text += fmt::format("\n{}\n{}^", location.line_text, caret);
  }
  return text;
}

} // namespace

std::string format_located(const Location& location, const std::string& expected,
                           const std::string& found) {
  return fmt::format("{}:{}:{}: error: expected {}, found {}", location.source, location.line,
                     location.column, expected, found);
}

InputError::InputError(Location location, std::string expected, std::string found)
    : Error(render(location, expected, found)), m_location(std::move(location)) {}

InputError::InputError(std::string source, std::string message)
    : Error(fmt::format("{}: error: {}", source, message)) {
  m_location.source = std::move(source);
}

std::string describe_found(std::string_view bytes, std::size_t max_chars) {
  if (bytes.empty()) {
    return "end of file";
  }
  std::string out = "'";
  std::size_t shown = 0;
  for (const char c : bytes) {
    if (c == '\n' || c == '\r' || shown == max_chars) {
      break;
    }
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) {
      out += fmt::format("\\x{:02x}", u);
    } else {
      out += c;
    }
    ++shown;
  }
  if (shown == 0) {
    return bytes.front() == '\n' || bytes.front() == '\r' ? "end of line" : "end of file";
  }
  return out + "'";
}

} // namespace covbar::core
