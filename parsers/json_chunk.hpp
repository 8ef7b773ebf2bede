#pragma once

#include <cstddef>
#include <string_view>
#include <utility>
#include <vector>

namespace covbar::parsers {

/// Maximum nesting depth accepted in istanbul JSON (simdjson's default is 1024 too).
inline constexpr int k_max_json_depth = 1024;

/// One member of a JSON object: the bytes from its key's opening quote to the end of its
/// value.
struct JsonMember {
  std::size_t begin = 0;
  std::size_t end = 0;
};

/// JSON bytes copied into one padded buffer, ready for simdjson, with the map from buffer
/// offsets back to input offsets: a whole document, or a group of members of its top-level
/// object as `{m1,m2,...}`.
class JsonChunk {
public:
  /// The whole input (after a UTF-8 byte order mark, which simdjson does not skip).
  explicit JsonChunk(std::string_view input);
  /// Members [first, last) of `members`. `bare_values`: the spans are values, not members;
  /// each gets the key "" (one file's coverage as the top-level object).
  JsonChunk(std::string_view input, const std::vector<JsonMember>& members, std::size_t first,
            std::size_t last, bool bare_values = false);
  [[nodiscard]] std::string_view json() const { return {m_buffer.data(), m_size}; }
  [[nodiscard]] std::size_t capacity() const { return m_buffer.size(); }
  [[nodiscard]] const char* data() const { return m_buffer.data(); }
  /// The input offset of a byte of json().
  [[nodiscard]] std::size_t input_offset(std::size_t offset) const;

private:
  std::vector<char> m_buffer;
  std::size_t m_size = 0;
  std::vector<std::pair<std::size_t, std::size_t>> m_origins;
};

} // namespace covbar::parsers
