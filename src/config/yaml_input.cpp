#include "src/config/yaml_input.hpp"

#include <algorithm>
#include <charconv>
#include <unordered_set>

#include <fmt/format.h>

#include "src/core/date.hpp"
#include "src/core/printable.hpp"

namespace covbar::config {
namespace {

std::string known_list(const std::vector<std::string_view>& known) {
  std::string out;
  for (const auto& k : known) {
    out += out.empty() ? "" : ", ";
    out += k;
  }
  return out;
}

} // namespace

std::string describe_node(const YAML::Node& node) {
  switch (node.Type()) {
  case YAML::NodeType::Null:
    return "nothing";
  case YAML::NodeType::Sequence:
    return "a list";
  case YAML::NodeType::Map:
    return "a mapping";
  case YAML::NodeType::Scalar:
    return core::describe_found(node.Scalar(), 40);
  case YAML::NodeType::Undefined:
    break;
  }
  return "nothing";
}

YamlInput::YamlInput(core::SourceText text) : YamlInput(std::move(text), 0, std::string::npos) {}

YamlInput::YamlInput(core::SourceText text, std::size_t begin, std::size_t end)
    : m_text(std::move(text)), m_begin(std::min(begin, m_text.bytes().size())),
      m_end(std::clamp(end, m_begin, m_text.bytes().size())) {
  try {
    // yaml-cpp wants a string; a config is small, so one copy is fine.
    m_root = YAML::Load(std::string(m_text.bytes().substr(m_begin, m_end - m_begin)));
  } catch (const YAML::ParserException& e) {
    throw error(e.mark, "valid YAML", e.msg);
  }
}

YamlInput YamlInput::read_file(const std::string& path) {
  return YamlInput(core::SourceText::read_file(path));
}

core::InputError YamlInput::error(const YAML::Mark& mark, const std::string& expected,
                                  const std::string& found) const {
  if (mark.is_null() || mark.pos < 0) {
    return m_text.error_at(m_end, expected, found);
  }
  return m_text.error_at(std::min(m_begin + static_cast<std::size_t>(mark.pos), m_end), expected,
                         found);
}

core::InputError YamlInput::error(const YAML::Node& node, const std::string& expected) const {
  return error(node.Mark(), expected, describe_node(node));
}

namespace {

/// Refuses a scalar holding a control character, a line or paragraph separator, a
/// bidirectional override or bytes that are not UTF-8 (what core::printable escapes).
void refuse_controls(const YamlInput& in, const YAML::Node& node) {
  // covbar.yml's values reach generated workflows and shell scripts, some in `#` comments: a
  // newline there would start a command of its own.
  const std::string& text = node.Scalar();
  if (core::printable(text, false) != text) {
    throw in.error(node.Mark(), "text without control characters or line breaks",
                   "'" + core::printable(text.substr(0, 60), false) + "'");
  }
}

} // namespace

std::string YamlInput::string(const YAML::Node& node) const {
  if (!node.IsScalar()) {
    throw error(node, "a string");
  }
  refuse_controls(*this, node);
  return node.Scalar();
}

bool YamlInput::boolean(const YAML::Node& node) const {
  if (node.IsScalar()) {
    if (node.Scalar() == "true") {
      return true;
    }
    if (node.Scalar() == "false") {
      return false;
    }
  }
  throw error(node, "true or false");
}

std::uint64_t YamlInput::integer(const YAML::Node& node, std::uint64_t min,
                                 std::uint64_t max) const {
  const std::string expected = fmt::format("a whole number from {} to {}", min, max);
  if (!node.IsScalar()) {
    throw error(node, expected);
  }
  const std::string& s = node.Scalar();
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size() || value < min || value > max) {
    throw error(node, expected);
  }
  return value;
}

core::Percent YamlInput::decimal(const YAML::Node& node, std::uint64_t max, bool positive) const {
  const std::string expected = fmt::format("a number {} {} to {} (at most six decimals)",
                                           positive ? "above" : "from", 0, max);
  if (!node.IsScalar()) {
    throw error(node, expected);
  }
  const auto value = core::Percent::parse(node.Scalar());
  if (!value || !value->at_most(max) || (positive && value->micro == 0)) {
    throw error(node, expected);
  }
  return *value;
}

std::vector<std::string> YamlInput::strings(const YAML::Node& node) const {
  if (node.IsScalar()) {
    return {string(node)};
  }
  if (!node.IsSequence()) {
    throw error(node, "a string or a list of strings");
  }
  std::vector<std::string> out;
  for (const auto& item : node) {
    if (!item.IsScalar()) {
      throw error(item, "a string");
    }
    refuse_controls(*this, item);
    out.push_back(item.Scalar());
  }
  return out;
}

std::string YamlInput::date(const YAML::Node& node) const {
  if (!node.IsScalar() || !core::Date::parse(node.Scalar())) {
    throw error(node, "a date YYYY-MM-DD");
  }
  return node.Scalar();
}

void YamlInput::for_each_key(
    const YAML::Node& map, const std::vector<std::string_view>& known,
    const std::function<void(const std::string&, const YAML::Node&)>& visit) const {
  if (!map.IsMap()) {
    throw error(map, "a mapping of " + known_list(known));
  }
  std::unordered_set<std::string> seen;
  for (const auto& entry : map) {
    const YAML::Node& key = entry.first;
    if (!key.IsScalar()) {
      throw error(key, "a key");
    }
    const std::string& name = key.Scalar();
    bool is_known = false;
    for (const auto& k : known) {
      is_known = is_known || k == name;
    }
    if (!is_known) {
      throw error(key.Mark(), "one of " + known_list(known), fmt::format("unknown key '{}'", name));
    }
    if (!seen.insert(name).second) {
      throw error(key.Mark(), "each key once", fmt::format("'{}' again", name));
    }
    visit(name, entry.second);
  }
}

} // namespace covbar::config
