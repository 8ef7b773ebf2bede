#include "src/core/utf8.hpp"

namespace covbar::core {

std::size_t utf8_sequence_length(std::string_view s, std::size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) {
    return 1;
  }
  std::size_t n = 0;
  unsigned char min_second = 0x80;
  unsigned char max_second = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    min_second = c == 0xE0 ? 0xA0 : 0x80; // no overlong forms
    max_second = c == 0xED ? 0x9F : 0xBF; // no surrogates
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    min_second = c == 0xF0 ? 0x90 : 0x80;
    max_second = c == 0xF4 ? 0x8F : 0xBF;
  } else {
    return 0;
  }
  if (i + n > s.size()) {
    return 0;
  }
  const auto second = static_cast<unsigned char>(s[i + 1]);
  if (second < min_second || second > max_second) {
    return 0;
  }
  for (std::size_t k = 2; k < n; ++k) {
    if ((static_cast<unsigned char>(s[i + k]) & 0xC0U) != 0x80U) {
      return 0;
    }
  }
  return n;
}

std::size_t first_invalid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t n = utf8_sequence_length(s, i);
    if (n == 0) {
      return i;
    }
    i += n;
  }
  return std::string_view::npos;
}

} // namespace covbar::core
