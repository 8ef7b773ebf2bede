#include "parsers/json_chunk.hpp"

#include <algorithm>
#include <cstring>

namespace covbar::parsers {
namespace {

constexpr std::size_t k_padding = 64; // SIMDJSON_PADDING, without including simdjson here

} // namespace

JsonChunk::JsonChunk(std::string_view input) {
  const std::size_t start = input.starts_with("\xEF\xBB\xBF") ? 3 : 0;
  m_size = input.size() - start;
  m_buffer.resize(m_size + k_padding);
  if (m_size > 0) { // an empty input's data() may be null, which memcpy must not get
    std::memcpy(m_buffer.data(), input.data() + start, m_size);
  }
  m_origins.emplace_back(0, start);
}

JsonChunk::JsonChunk(std::string_view input, const std::vector<JsonMember>& members,
                     std::size_t first, std::size_t last, bool bare_values) {
  constexpr std::string_view k_empty_key = "\"\":";
  std::size_t size = 2;
  for (std::size_t i = first; i < last; ++i) {
    size += members[i].end - members[i].begin + 1 + (bare_values ? k_empty_key.size() : 0);
  }
  m_buffer.resize(size + k_padding);
  std::size_t at = 0;
  m_buffer[at++] = '{';
  for (std::size_t i = first; i < last; ++i) {
    if (i > first) {
      m_buffer[at++] = ',';
    }
    if (bare_values) {
      std::memcpy(m_buffer.data() + at, k_empty_key.data(), k_empty_key.size());
      at += k_empty_key.size();
    }
    m_origins.emplace_back(at, members[i].begin);
    const std::size_t n = members[i].end - members[i].begin;
    std::memcpy(m_buffer.data() + at, input.data() + members[i].begin, n);
    at += n;
  }
  m_buffer[at++] = '}';
  m_size = at;
}

std::size_t JsonChunk::input_offset(std::size_t offset) const {
  auto it = std::upper_bound(m_origins.begin(), m_origins.end(), offset,
                             [](std::size_t v, const auto& o) { return v < o.first; });
  if (it == m_origins.begin()) {
    return m_origins.empty() ? 0 : m_origins.front().second;
  }
  --it;
  return it->second + (offset - it->first);
}

} // namespace covbar::parsers
