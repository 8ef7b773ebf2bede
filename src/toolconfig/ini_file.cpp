#include "src/toolconfig/ini_file.hpp"

#include <fmt/format.h>

namespace covbar::toolconfig {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

std::string_view strip(std::string_view s) {
  while (!s.empty() && is_space(s.front())) {
    s.remove_prefix(1);
  }
  while (!s.empty() && is_space(s.back())) {
    s.remove_suffix(1);
  }
  return s;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return out;
}

} // namespace

IniFile::IniFile(core::SourceText text) : m_text(std::move(text)) {
  const std::string_view bytes = m_text.bytes();
  std::size_t at = 0;
  std::uint64_t line_no = 0;
  // The option the next, more indented line continues (configparser's `cur_indent_level`).
  Value* open_value = nullptr;
  std::size_t open_indent = 0;
  while (at < bytes.size()) {
    const std::size_t end = std::min(bytes.find('\n', at), bytes.size());
    const std::string_view line = bytes.substr(at, end - at);
    const std::size_t start = at;
    at = end + 1;
    ++line_no;
    const std::string_view stripped = strip(line);
    std::size_t indent = 0;
    while (indent < line.size() && is_space(line[indent])) {
      ++indent;
    }
    if (stripped.empty() || stripped.front() == '#' || stripped.front() == ';') {
      continue; // configparser keeps blank lines inside a value; none of ours reads them
    }
    if (open_value != nullptr && indent > open_indent) {
      open_value->text += open_value->text.empty() ? "" : "\n";
      open_value->text += stripped;
      continue;
    }
    open_value = nullptr;
    if (stripped.front() == '[') {
      if (stripped.back() != ']' || stripped.size() < 3) {
        throw m_text.error_at(start + indent, "a section header [name]");
      }
      const std::string name(stripped.substr(1, stripped.size() - 2));
      if (section(name) != nullptr) {
        throw m_text.error_at(start + indent, "each section once", fmt::format("[{}] again", name));
      }
      m_sections.push_back({name, {}});
      continue;
    }
    if (m_sections.empty()) {
      throw m_text.error_at(start + indent, "a section header [name] before the first option");
    }
    const std::size_t delimiter = line.find_first_of("=:");
    if (delimiter == std::string_view::npos) {
      throw m_text.error_at(start + indent, "key = value, or an indented continuation line");
    }
    const std::string key = lower(strip(line.substr(0, delimiter)));
    if (key.empty()) {
      throw m_text.error_at(start + indent, "a key before '='");
    }
    Section& current = m_sections.back();
    for (const auto& [k, v] : current.options) {
      if (k == key) {
        throw m_text.error_at(start + indent, "each key once in a section",
                              fmt::format("'{}' again in [{}]", key, current.name));
      }
    }
    std::size_t value_at = delimiter + 1;
    while (value_at < line.size() && is_space(line[value_at])) {
      ++value_at;
    }
    Value value;
    value.text = std::string(strip(line.substr(delimiter + 1)));
    value.line = line_no;
    value.column = (value.text.empty() ? indent : value_at) + 1;
    value.offset = start + (value.text.empty() ? indent : value_at);
    current.options.emplace_back(key, std::move(value));
    open_value = &current.options.back().second;
    open_indent = indent;
  }
}

const IniFile::Section* IniFile::section(const std::string& name) const {
  for (const auto& s : m_sections) {
    if (s.name == name) {
      return &s;
    }
  }
  return nullptr;
}

const IniFile::Value* IniFile::value(const std::string& name, const std::string& key) const {
  const Section* s = section(name);
  if (s == nullptr) {
    return nullptr;
  }
  for (const auto& [k, v] : s->options) {
    if (k == key) {
      return &v;
    }
  }
  return nullptr;
}

core::InputError IniFile::error(const Value& value, const std::string& expected) const {
  return m_text.error_at(value.offset, expected,
                         fmt::format("'{}'", value.text.substr(0, value.text.find('\n'))));
}

} // namespace covbar::toolconfig
