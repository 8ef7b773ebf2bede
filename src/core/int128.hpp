#pragma once

namespace covbar::core {

/// 128-bit unsigned arithmetic for exact ratio comparisons (covered × 10^k against
/// target × total) that can exceed 64 bits. A GCC/Clang extension, named once here.
__extension__ using u128 = unsigned __int128;

} // namespace covbar::core
