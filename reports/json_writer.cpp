#include "reports/json_writer.hpp"

#include <fmt/format.h>

#include "reports/escape.hpp"
#include "src/core/error.hpp"

namespace covbar::reports {

void JsonWriter::before_value() {
  if (m_after_key) {
    m_after_key = false;
    return;
  }
  if (!m_open.empty() && m_open.back() == '{') {
    throw core::InternalError("JsonWriter: a value in an object without its key");
  }
  if (!m_first.empty()) {
    if (!m_first.back()) {
      m_out += ',';
    }
    m_first.back() = false;
  } else if (!m_out.empty()) {
    throw core::InternalError("JsonWriter: a second value at the top level");
  }
  if (m_break) {
    m_out += '\n';
    m_break = false;
  }
}

JsonWriter& JsonWriter::open(char bracket) {
  before_value();
  m_out += bracket;
  m_open.push_back(bracket);
  m_first.push_back(true);
  return *this;
}

JsonWriter& JsonWriter::object() { return open('{'); }

JsonWriter& JsonWriter::array() { return open('['); }

JsonWriter& JsonWriter::end() {
  if (m_open.empty() || m_after_key) {
    throw core::InternalError("JsonWriter: end() without an open object or array");
  }
  m_out += m_open.back() == '{' ? '}' : ']';
  m_open.pop_back();
  m_first.pop_back();
  m_break = false;
  return *this;
}

JsonWriter& JsonWriter::key(std::string_view name) {
  if (m_open.empty() || m_open.back() != '{' || m_after_key) {
    throw core::InternalError("JsonWriter: a key outside an object");
  }
  if (!m_first.back()) {
    m_out += ',';
  }
  m_first.back() = false;
  if (m_break) {
    m_out += '\n';
    m_break = false;
  }
  m_out += json_string(name);
  m_out += ':';
  m_after_key = true;
  return *this;
}

JsonWriter& JsonWriter::string(std::string_view text) {
  before_value();
  m_out += json_string(text);
  return *this;
}

JsonWriter& JsonWriter::number(std::uint64_t value) {
  before_value();
  m_out += fmt::format("{}", value);
  return *this;
}

JsonWriter& JsonWriter::number_text(std::string_view digits) {
  before_value();
  m_out += digits;
  return *this;
}

JsonWriter& JsonWriter::boolean(bool value) {
  before_value();
  m_out += value ? "true" : "false";
  return *this;
}

JsonWriter& JsonWriter::null() {
  before_value();
  m_out += "null";
  return *this;
}

JsonWriter& JsonWriter::line_break() {
  m_break = true;
  return *this;
}

JsonWriter& JsonWriter::header(std::string_view command, std::string_view version) {
  key("covbar").object();
  key("tool").string("covbar");
  key("version").string(version);
  key("schema").number(static_cast<std::uint64_t>(k_json_schema));
  key("command").string(command);
  return end();
}

JsonWriter& JsonWriter::counter(std::uint64_t covered, std::uint64_t total) {
  object();
  key("covered").number(covered);
  key("total").number(total);
  return end();
}

std::string JsonWriter::finish() {
  if (!m_open.empty() || m_after_key || m_out.empty()) {
    throw core::InternalError("JsonWriter: finish() with an unclosed object or array");
  }
  m_out += '\n';
  return std::move(m_out);
}

} // namespace covbar::reports
