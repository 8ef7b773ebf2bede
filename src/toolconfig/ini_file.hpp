#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "src/core/error.hpp"
#include "src/core/source_text.hpp"

namespace covbar::toolconfig {

/// An INI file as Python's configparser reads it for coverage.py (.coveragerc, setup.cfg,
/// tox.ini), every value with its position. Boost.PropertyTree's INI reader is not used: it
/// refuses an indented continuation line ("'=' character not found in line"), and coverage.py's
/// `exclude_lines =` followed by indented patterns is in nearly every real .coveragerc.
class IniFile {
public:
  struct Value {
    std::string text;         ///< stripped; continuation lines joined with '\n'
    std::uint64_t line = 0;   ///< 1-based line of the value's first character
    std::uint64_t column = 0; ///< 1-based byte column
    std::size_t offset = 0;   ///< byte offset of the value (of the key when the value is empty)
  };
  struct Section {
    std::string name;
    std::vector<std::pair<std::string, Value>> options; ///< keys lower-cased, in file order
  };

  /// Parses as configparser does with its defaults (strict, `=` or `:`, `#` and `;` full-line
  /// comments, no inline comments, indented continuation lines); a line it would refuse is a
  /// located core::InputError.
  explicit IniFile(core::SourceText text);

  /// The section named `name`, or nullptr.
  [[nodiscard]] const Section* section(const std::string& name) const;
  /// The value of `key` (lower-case) in section `name`, if both are there.
  [[nodiscard]] const Value* value(const std::string& name, const std::string& key) const;
  [[nodiscard]] const std::vector<Section>& sections() const { return m_sections; }
  [[nodiscard]] const std::string& name() const { return m_text.name(); }

  /// A located error about `value`.
  [[nodiscard]] core::InputError error(const Value& value, const std::string& expected) const;

private:
  core::SourceText m_text;
  std::vector<Section> m_sections;
};

} // namespace covbar::toolconfig
