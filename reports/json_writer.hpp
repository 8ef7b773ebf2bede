#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace covbar::reports {

/// The version of the shape of covbar's JSON outputs (`check`, `diff`, `ratchet` and `audit`
/// `--json`), carried in every header. It changes when a key is removed or changes meaning;
/// new keys may appear within a version.
inline constexpr int k_json_schema = 2;

/// The one way covbar writes JSON: values appended in order, commas and colons placed by the
/// writer, every string escaped by json_string. Objects and arrays nest; `end()` closes the
/// innermost. A key is only allowed inside an object, before its value.
class JsonWriter {
public:
  JsonWriter& object();
  JsonWriter& array();
  JsonWriter& end();
  JsonWriter& key(std::string_view name);
  JsonWriter& string(std::string_view text);
  JsonWriter& number(std::uint64_t value);
  /// A number already rendered (diff-cover's float percentages: `75.0`).
  JsonWriter& number_text(std::string_view digits);
  JsonWriter& boolean(bool value);
  JsonWriter& null();
  /// A line break before the next member or element: long lists one entry per line, so a
  /// report diffs and greps line by line.
  JsonWriter& line_break();

  /// The header every JSON output of covbar starts with, as the member `"covbar"`:
  /// {"tool":"covbar","version":VERSION,"schema":k_json_schema,"command":COMMAND}.
  JsonWriter& header(std::string_view command, std::string_view version);

  /// `{"covered":N,"total":N}`.
  JsonWriter& counter(std::uint64_t covered, std::uint64_t total);

  /// The text written, a final newline added; every object and array must be closed.
  std::string finish();

private:
  void before_value();
  JsonWriter& open(char bracket);

  std::string m_out;
  std::vector<char> m_open;  ///< '{' or '[' per open container
  std::vector<bool> m_first; ///< per open container: nothing written in it yet
  bool m_after_key = false;
  bool m_break = false;
};

} // namespace covbar::reports
