#include "reports/escape.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "src/core/printable.hpp"
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
      const bool separator =
          u == 0xE2 && b1 == 0x80 && (static_cast<unsigned char>(text[i + 2]) & 0xFEU) == 0xA8U;
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
  for (const char c : core::printable(text, false)) {
    switch (c) {
    case '<':
      out += "&lt;";
      break;
    case '>':
      out += "&gt;";
      break;
    case '&':
      out += "&amp;";
      break;
    case '\\':
    case '|':
    case '`':
    case '*':
    case '_':
    case '[':
    case ']':
    case '!':
    case '~':
      out += '\\';
      out += c;
      break;
    default:
      out += c;
    }
  }
  return out;
}

namespace {

std::string code_span(std::string_view text, bool in_table) {
  std::string body;
  for (const char c : core::printable(text, false)) {
    if (in_table && c == '|') {
      body += '\\';
    }
    body += c;
  }
  if (body.empty()) {
    return body;
  }
  std::size_t longest = 0;
  for (std::size_t i = 0; i < body.size();) {
    const std::size_t end = std::min(body.find_first_not_of('`', i), body.size());
    longest = std::max(longest, end - i);
    i = end == i ? i + 1 : end;
  }
  // CommonMark strips one space from each end when both are there, unless the body is all
  // spaces; a space beside the fence also keeps a backtick of the body off the fence.
  const bool all_spaces = body.find_first_not_of(' ') == std::string::npos;
  const bool pad = !all_spaces && (body.front() == '`' || body.back() == '`' ||
                                   (body.front() == ' ' && body.back() == ' '));
  const std::string fence(longest + 1, '`');
  return pad ? fence + " " + body + " " + fence : fence + body + fence;
}

} // namespace

std::string markdown_code(std::string_view text) { return code_span(text, false); }

std::string markdown_cell_code(std::string_view text) { return code_span(text, true); }

std::string csv_cell(std::string_view text) {
  const bool formula =
      !text.empty() && std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos;
  if (!formula && text.find_first_of(",\"\r\n") == std::string_view::npos) {
    return std::string(text);
  }
  std::string out = formula ? "\"'" : "\"";
  for (const char c : text) {
    out += c;
    if (c == '"') {
      out += '"';
    }
  }
  return out + "\"";
}

std::string workflow_data(std::string_view text) {
  std::string out;
  for (const char c : text) {
    switch (c) {
    case '%':
      out += "%25";
      break;
    case '\r':
      out += "%0D";
      break;
    case '\n':
      out += "%0A";
      break;
    default:
      out += c;
    }
  }
  return out;
}

std::string workflow_property(std::string_view text) {
  std::string out;
  for (const char c : workflow_data(text)) {
    switch (c) {
    case ':':
      out += "%3A";
      break;
    case ',':
      out += "%2C";
      break;
    default:
      out += c;
    }
  }
  return out;
}

} // namespace covbar::reports
