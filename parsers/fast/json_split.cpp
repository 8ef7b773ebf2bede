#include "parsers/fast/json_split.hpp"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <fmt/format.h>

namespace covbar::parsers::fast {
namespace {

bool is_space(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

class Splitter {
public:
  Splitter(const core::SourceText& text, const std::function<bool(std::string_view)>& keep,
           const std::function<void(const JsonMember&)>& found)
      : m_text(text), m_s(text.bytes()), m_keep(keep), m_found(found) {}

  std::vector<JsonMember> run() {
    if (m_s.substr(0, 3) == "\xEF\xBB\xBF") {
      m_i = 3;
    }
    skip_space();
    expect('{', "'{' opening a JSON object");
    std::vector<JsonMember> members;
    skip_space();
    if (peek() == '}') {
      ++m_i;
    } else {
      while (true) {
        skip_space();
        JsonMember member;
        member.begin = m_i;
        if (peek() != '"') {
          throw m_text.error_at(m_i, "a string key");
        }
        skip_string();
        const bool kept = !m_keep || m_keep(m_s.substr(member.begin + 1, m_i - member.begin - 2));
        skip_space();
        expect(':', "':' after an object key");
        skip_space();
        skip_value();
        member.end = m_i;
        if (kept) {
          members.push_back(member);
          if (m_found) {
            m_found(member);
          }
        }
        if (m_i >= m_next_release) {
          m_text.release(0, m_i); // the scan is done with these pages
          m_next_release = m_i + k_release_every;
        }
        skip_space();
        if (peek() == ',') {
          ++m_i;
          continue;
        }
        expect('}', "',' or '}' after an object member");
        break;
      }
    }
    skip_space();
    if (m_i != m_s.size()) {
      throw m_text.error_at(m_i, "end of file after the top-level object");
    }
    return members;
  }

private:
  [[nodiscard]] char peek() const { return m_i < m_s.size() ? m_s[m_i] : '\0'; }

  void skip_space() {
    while (m_i < m_s.size() && is_space(m_s[m_i])) {
      ++m_i;
    }
  }

  void expect(char c, const char* what) {
    if (m_i >= m_s.size() || m_s[m_i] != c) {
      throw m_text.error_at(m_i, what);
    }
    ++m_i;
  }

  void skip_string() {
    const std::size_t start = m_i++;
    while (true) {
      const void* q = std::memchr(m_s.data() + m_i, '"', m_s.size() - m_i);
      if (q == nullptr) {
        throw m_text.error_at(m_s.size(),
                              "'\"' closing the string opened at offset " + std::to_string(start));
      }
      std::size_t at = static_cast<std::size_t>(static_cast<const char*>(q) - m_s.data());
      std::size_t backslashes = 0;
      while (at - backslashes > start && m_s[at - backslashes - 1] == '\\') {
        ++backslashes;
      }
      m_i = at + 1;
      if (backslashes % 2 == 0) {
        return;
      }
    }
  }

  /// Skips one value, tracking nesting only; scalars are checked by simdjson later.
  void skip_value() {
    if (skip_container_fast()) {
      return;
    }
    int depth = 0;
    const std::size_t start = m_i;
    while (m_i < m_s.size()) {
      const char c = m_s[m_i];
      if (c == '"') {
        skip_string();
        if (depth == 0) {
          return;
        }
        continue;
      }
      if (c == '{' || c == '[') {
        if (++depth > k_max_json_depth) {
          throw m_text.error_at(m_i, fmt::format("JSON nested at most {} deep", k_max_json_depth),
                                "deeper nesting");
        }
      } else if (c == '}' || c == ']') {
        if (depth == 0) {
          if (m_i == start) {
            throw m_text.error_at(m_i, "a JSON value");
          }
          return; // end of a scalar value
        }
        --depth;
        if (depth == 0) {
          ++m_i;
          return;
        }
      } else if (depth == 0 && (c == ',' || is_space(c))) {
        if (m_i == start) {
          throw m_text.error_at(m_i, "a JSON value");
        }
        return;
      }
      ++m_i;
    }
    throw m_text.error_at(m_s.size(),
                          depth > 0 ? "the rest of a JSON object or array" : "a JSON value");
  }

  /// An object or array value, skipped 64 bytes at a time: masks of its quotes, brackets
  /// and backslashes (SSE2, x86-64's baseline), the bytes inside strings as the prefix XOR
  /// of the quote mask, then only the brackets outside strings are visited one by one. A
  /// block holding a backslash, or following one, is walked byte by byte. This serial scan
  /// finds the files of a report for the parallel parse, so every byte it saves is saved on
  /// the critical path. Returns false, having moved nothing, when it cannot finish (the
  /// value is cut off or nested too deep): skip_value's byte loop then reports the error.
  bool skip_container_fast() {
#if defined(__SSE2__)
    if (m_i >= m_s.size() || (m_s[m_i] != '{' && m_s[m_i] != '[')) {
      return false;
    }
    const char* const data = m_s.data();
    std::size_t i = m_i;
    int depth = 0;
    bool in_string = false;
    bool escaped = false; // the next byte is escaped by a backslash before it
    const auto scalar = [&](std::size_t from, std::size_t to) -> bool {
      for (std::size_t k = from; k < to; ++k) {
        const char c = data[k];
        if (in_string) {
          if (escaped) {
            escaped = false;
          } else if (c == '\\') {
            escaped = true;
          } else if (c == '"') {
            in_string = false;
          }
        } else if (c == '"') {
          in_string = true;
        } else if (c == '{' || c == '[') {
          if (++depth > k_max_json_depth) {
            return false;
          }
        } else if (c == '}' || c == ']') {
          if (--depth == 0) {
            m_i = k + 1;
            return true;
          }
        }
      }
      return false;
    };
    while (i + 64 <= m_s.size()) {
      std::uint64_t quotes = 0;
      std::uint64_t backslashes = 0;
      std::uint64_t opens = 0;
      std::uint64_t closes = 0;
      for (int part = 0; part < 4; ++part) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + i + 16 * part));
        const auto mask = [&](char c) {
          return static_cast<std::uint64_t>(
                     static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(c)))))
                 << (16 * part);
        };
        quotes |= mask('"');
        backslashes |= mask('\\');
        opens |= mask('{') | mask('[');
        closes |= mask('}') | mask(']');
      }
      if (backslashes != 0 || escaped) {
        if (scalar(i, i + 64)) {
          return true;
        }
        if (depth > k_max_json_depth) {
          return false;
        }
        i += 64;
        continue;
      }
      std::uint64_t inside = quotes; // prefix XOR: bit k set when byte k is within a string
      inside ^= inside << 1U;
      inside ^= inside << 2U;
      inside ^= inside << 4U;
      inside ^= inside << 8U;
      inside ^= inside << 16U;
      inside ^= inside << 32U;
      if (in_string) {
        inside = ~inside;
      }
      in_string = (inside >> 63U) != 0;
      for (std::uint64_t brackets = (opens | closes) & ~inside; brackets != 0;
           brackets &= brackets - 1) {
        const int bit = std::countr_zero(brackets);
        if (((opens >> bit) & 1U) != 0) {
          if (++depth > k_max_json_depth) {
            return false;
          }
        } else if (--depth == 0) {
          m_i = i + static_cast<std::size_t>(bit) + 1;
          return true;
        }
      }
      i += 64;
    }
    return scalar(i, m_s.size());
#else
    return false;
#endif
  }

  static constexpr std::size_t k_release_every = 8U << 20U;
  const core::SourceText& m_text;
  std::string_view m_s;
  const std::function<bool(std::string_view)>& m_keep;
  const std::function<void(const JsonMember&)>& m_found;
  std::size_t m_i = 0;
  std::size_t m_next_release = k_release_every;
};

} // namespace

std::vector<JsonMember>
split_top_level_object(const core::SourceText& text,
                       const std::function<bool(std::string_view)>& keep,
                       const std::function<void(const JsonMember&)>& found) {
  return Splitter(text, keep, found).run();
}

std::vector<std::pair<std::size_t, std::size_t>>
group_members(const std::vector<JsonMember>& members, std::size_t bytes) {
  std::vector<std::pair<std::size_t, std::size_t>> groups;
  std::size_t first = 0;
  std::size_t size = 0;
  for (std::size_t i = 0; i < members.size(); ++i) {
    size += members[i].end - members[i].begin;
    if (size >= bytes) {
      groups.emplace_back(first, i + 1);
      first = i + 1;
      size = 0;
    }
  }
  if (first < members.size()) {
    groups.emplace_back(first, members.size());
  }
  return groups;
}

} // namespace covbar::parsers::fast
