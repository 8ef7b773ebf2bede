#include "reports/escape.hpp"

#include <fmt/format.h>

#include "src/core/utf8.hpp"

namespace covbar::reports {

std::string json_string(std::string_view text) {
  std::string out = "\"";
  for (std::size_t i = 0; i < text.size();) {
    const char c = text[i];
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\r') {
      out += "\\r";
    } else if (u < 0x20 || u == 0x7f) {
      out += fmt::format("\\u{:04x}", u);
    } else if (u >= 0x80) {
      const std::size_t n = core::utf8_sequence_length(text, i);
      if (n == 0) {
        out += "\\ufffd";
        ++i;
        continue;
      }
      // U+2028 and U+2029 end a line in JavaScript and some viewers, C1 controls in some
      // terminals: escaped like the C0 controls.
      const auto b1 = static_cast<unsigned char>(text[i + 1]);
      const bool c1 = u == 0xC2 && b1 <= 0x9F;
      const bool separator = u == 0xE2 && b1 == 0x80 &&
                             (static_cast<unsigned char>(text[i + 2]) & 0xFEU) == 0xA8U;
      if (c1) {
        out += fmt::format("\\u{:04x}", b1);
      } else if (separator) {
        out += fmt::format("\\u{:04x}", 0x2000U + static_cast<unsigned char>(text[i + 2]) - 0x80U);
      } else {
        out.append(text.substr(i, n));
      }
      i += n;
      continue;
    } else {
      out += c;
    }
    ++i;
  }
  return out + "\"";
}

std::string markdown_cell(std::string_view text) {
  std::string out;
  for (const char c : text) {
    switch (c) {
    case '|':
      out += "\\|";
      break;
    case '\n':
    case '\r':
      out += ' ';
      break;
    case '<':
      out += "&lt;";
      break;
    case '>':
      out += "&gt;";
      break;
    case '&':
      out += "&amp;";
      break;
    default:
      out += c;
    }
  }
  return out;
}

std::string markdown_code(std::string_view text) {
  // Inside a code span nothing is interpreted, but `|` still splits a table cell on GitHub,
  // so a path with `|` or a backtick is shown as escaped text instead.
  if (text.find_first_of("`|\n\r") != std::string_view::npos) {
    return markdown_cell(text);
  }
  return fmt::format("`{}`", text);
}

std::string workflow_data(std::string_view text) {
  std::string out;
  for (const char c : text) {
    switch (c) {
    case '%': out += "%25"; break;
    case '\r': out += "%0D"; break;
    case '\n': out += "%0A"; break;
    default: out += c;
    }
  }
  return out;
}

std::string workflow_property(std::string_view text) {
  std::string out;
  for (const char c : workflow_data(text)) {
    switch (c) {
    case ':': out += "%3A"; break;
    case ',': out += "%2C"; break;
    default: out += c;
    }
  }
  return out;
}

} // namespace covbar::reports
