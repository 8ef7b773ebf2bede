#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "src/core/error.hpp"
#include "src/core/percent.hpp"
#include "src/core/source_text.hpp"

namespace covbar::config {

/// One YAML document read with every node's position kept, so each complaint about it names
/// `file:line:col` (ccache's config reader adds `path:line:` the same way). Used for
/// covbar.yml and for the ratchet state file (JSON is YAML's flow style).
class YamlInput {
public:
  /// Parses `text`; a YAML syntax error is an InputError at its position.
  explicit YamlInput(core::SourceText text);
  /// Parses bytes [begin, end) of `text` alone (a line of a JSON Lines file); errors still
  /// name positions in the whole text.
  YamlInput(core::SourceText text, std::size_t begin, std::size_t end);
  static YamlInput read_file(const std::string& path);

  [[nodiscard]] const YAML::Node& root() const { return m_root; }
  [[nodiscard]] const std::string& name() const { return m_text.name(); }

  /// `name:line:col: error: expected <expected>, found <what the node holds>`.
  [[nodiscard]] core::InputError error(const YAML::Node& node, const std::string& expected) const;
  [[nodiscard]] core::InputError error(const YAML::Mark& mark, const std::string& expected,
                                       const std::string& found) const;

  /// Typed readers: each throws a located InputError when the node is not what it says.
  [[nodiscard]] std::string string(const YAML::Node& node) const;
  [[nodiscard]] bool boolean(const YAML::Node& node) const;
  /// An integer in [min, max].
  [[nodiscard]] std::uint64_t integer(const YAML::Node& node, std::uint64_t min,
                                      std::uint64_t max) const;
  /// A decimal (at most six places) in [0, max]; `positive` refuses 0.
  [[nodiscard]] core::Percent decimal(const YAML::Node& node, std::uint64_t max,
                                      bool positive = false) const;
  /// A string, or a sequence of strings (`reports: coverage.xml` and `reports: [a, b]`).
  [[nodiscard]] std::vector<std::string> strings(const YAML::Node& node) const;
  /// A calendar date written YYYY-MM-DD.
  [[nodiscard]] std::string date(const YAML::Node& node) const;

  /// Visits each key of a mapping in order, refusing a non-mapping, a non-string key, a
  /// repeated key and a key outside `known` (whose list the error prints).
  void for_each_key(
      const YAML::Node& map, const std::vector<std::string_view>& known,
      const std::function<void(const std::string& key, const YAML::Node& value)>& visit) const;

private:
  core::SourceText m_text;
  std::size_t m_begin = 0; ///< where the parsed document starts in m_text
  std::size_t m_end = 0;   ///< and where it ends
  YAML::Node m_root;
};

/// What a YAML node holds, for the `found` part of a message: `'abc'`, `a mapping`, ...
std::string describe_node(const YAML::Node& node);

} // namespace covbar::config
