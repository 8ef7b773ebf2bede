#include "src/toolconfig/toml_input.hpp"

#include <cmath>

#include <fmt/format.h>

namespace covbar::toolconfig::detail {
namespace {

core::InputError toml_error(const core::SourceText& text, const toml::source_region& where,
                            const std::string& expected, const std::string& found) {
  // toml++ gives line and column; SourceText wants the byte offset.
  const std::string_view bytes = text.bytes();
  std::size_t offset = 0;
  for (std::uint64_t line = 1; line < where.begin.line && offset < bytes.size(); ++line) {
    offset = std::min(bytes.find('\n', offset), bytes.size() - 1) + 1;
  }
  offset = std::min(offset + (where.begin.column > 0 ? where.begin.column - 1 : 0), bytes.size());
  return text.error_at(offset, expected, found);
}

} // namespace

/// pyproject.toml parsed with toml++; a syntax error is located. Shared with bunfig.toml.
toml::table parse_toml(const core::SourceText& text) {
  try {
    return toml::parse(text.bytes(), text.name());
  } catch (const toml::parse_error& e) {
    throw toml_error(text, e.source(), "valid TOML", std::string(e.description()));
  }
}

core::InputError toml_value_error(const core::SourceText& text, const toml::node& node,
                                  const std::string& expected) {
  std::string found;
  if (const auto* s = node.as_string()) {
    found = "'" + s->get() + "'";
  } else if (node.is_table()) {
    found = "a table";
  } else if (node.is_array()) {
    found = "an array";
  } else if (node.is_boolean()) {
    found = "a boolean";
  } else if (const auto* i = node.as_integer()) {
    found = "'" + std::to_string(i->get()) + "'";
  } else if (const auto* f = node.as_floating_point()) {
    found = fmt::format("'{}'", f->get());
  } else {
    found = "a date or time";
  }
  return toml_error(text, node.source(), expected, found);
}

std::optional<std::string> toml_number_text(const toml::node& node) {
  if (const auto* i = node.as_integer()) {
    return i->get() < 0 ? std::nullopt : std::optional(std::to_string(i->get()));
  }
  if (const auto* f = node.as_floating_point()) {
    // The shortest text that reads back as the same double: what the user wrote.
    return f->get() < 0 || !std::isfinite(f->get()) ? std::nullopt
                                                    : std::optional(fmt::format("{}", f->get()));
  }
  return std::nullopt;
}

Origin toml_origin(const std::string& file, const toml::node& node, std::string key) {
  return {file, node.source().begin.line, node.source().begin.column, std::move(key)};
}

} // namespace covbar::toolconfig::detail
