#pragma once

// TOML through toml++ (Debian's libtomlplusplus-dev) for the readers of pyproject.toml and
// bunfig.toml: parse and value errors located like every other input error.

#include <optional>
#include <string>

#include <toml++/toml.h>

#include "src/core/error.hpp"
#include "src/core/source_text.hpp"
#include "src/toolconfig/tool_thresholds.hpp"

namespace covbar::toolconfig::detail {

/// Parses `text`; a syntax error is a core::InputError at its line and column.
toml::table parse_toml(const core::SourceText& text);
/// A located error about `node`: expected `expected`, found what it holds.
core::InputError toml_value_error(const core::SourceText& text, const toml::node& node,
                                  const std::string& expected);
/// A non-negative integer or float as decimal text (`80`, `79.5`), else nullopt.
std::optional<std::string> toml_number_text(const toml::node& node);
/// Where `node` sits in `file` (repository-relative), with the tool's key.
Origin toml_origin(const std::string& file, const toml::node& node, std::string key);

} // namespace covbar::toolconfig::detail
