#include "src/core/printable.hpp"

#include <fmt/format.h>

#include "src/core/utf8.hpp"

namespace covbar::core {
namespace {

/// The code point of the valid UTF-8 sequence of `n` bytes at s[i].
char32_t decode(std::string_view s, std::size_t i, std::size_t n) {
  const auto byte = [&](std::size_t k) {
    return static_cast<char32_t>(static_cast<unsigned char>(s[i + k]));
  };
  if (n == 2) {
    return ((byte(0) & 0x1FU) << 6U) | (byte(1) & 0x3FU);
  }
  if (n == 3) {
    return ((byte(0) & 0x0FU) << 12U) | ((byte(1) & 0x3FU) << 6U) | (byte(2) & 0x3FU);
  }
  return ((byte(0) & 0x07U) << 18U) | ((byte(1) & 0x3FU) << 12U) | ((byte(2) & 0x3FU) << 6U) |
         (byte(3) & 0x3FU);
}

/// Code points above ASCII that move text to another line or reorder what a reader sees.
bool hidden_control(char32_t cp) {
  return (cp >= 0x80 && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029 ||
         (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

/// Spaces that .NET's String.TrimStart removes (the GitHub runner trims a log line with it
/// before looking for `::`), other than the controls, which are escaped anyway.
bool unicode_space(char32_t cp) {
  return cp == 0x20 || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) ||
         cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

} // namespace

std::string printable(std::string_view text, bool at_line_start) {
  std::string out;
  out.reserve(text.size());
  bool leading = at_line_start; // only spaces so far
  for (std::size_t i = 0; i < text.size();) {
    const auto u = static_cast<unsigned char>(text[i]);
    if (u < 0x80) {
      if (u == '\n') {
        out += "\\n";
      } else if (u == '\r') {
        out += "\\r";
      } else if (u == '\t') {
        out += "\\t";
      } else if (u < 0x20 || u == 0x7f) {
        out += fmt::format("\\x{:02x}", u);
      } else if (leading && u == ':') {
        out += "\\x3a";
      } else {
        out += static_cast<char>(u);
      }
      leading = leading && u == ' ';
      ++i;
      continue;
    }
    const std::size_t n = utf8_sequence_length(text, i);
    if (n == 0) {
      out += fmt::format("\\x{:02x}", u);
      leading = false;
      ++i;
      continue;
    }
    const char32_t cp = decode(text, i, n);
    if (hidden_control(cp)) {
      out += fmt::format("\\u{:04x}", static_cast<std::uint32_t>(cp));
    } else {
      out.append(text.substr(i, n));
    }
    leading = leading && unicode_space(cp);
    i += n;
  }
  return out;
}

std::size_t printable_width(std::string_view printable_text) {
  std::size_t width = 0;
  for (const char c : printable_text) {
    width += (static_cast<unsigned char>(c) & 0xC0U) != 0x80U ? 1 : 0;
  }
  return width;
}

} // namespace covbar::core
