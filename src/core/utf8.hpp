#pragma once

#include <cstddef>
#include <string_view>

namespace covbar::core {

/// Length of the valid UTF-8 sequence starting at s[i] (1 to 4), or 0 when the bytes there
/// are not valid UTF-8 (overlong forms and surrogates included).
std::size_t utf8_sequence_length(std::string_view s, std::size_t i);

/// Offset of the first byte that is not valid UTF-8, or npos.
std::size_t first_invalid_utf8(std::string_view s);

} // namespace covbar::core
