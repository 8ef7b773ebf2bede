#include "src/core/teardown.hpp"

#include <array>
#include <atomic>
#include <cstddef>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace covbar::core {
namespace {

std::atomic<bool> g_skip_teardown{false};
// Plain pointers in static storage: a root LeakSanitizer scans, destroyed by no one.
std::array<std::atomic<void*>, 16> g_graveyard{};
std::atomic<std::size_t> g_buried{0};

} // namespace

void skip_teardown() { g_skip_teardown = true; }

bool tune_allocator() {
#if defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__) // AddressSanitizer brings its own malloc
  constexpr int k_top_pad = 64 << 20;
  constexpr int k_mmap_threshold = 32 << 20; // HEAP_MAX_SIZE / 2 on 64-bit, the most allowed
  return ::mallopt(M_TOP_PAD, k_top_pad) == 1 && ::mallopt(M_MMAP_THRESHOLD, k_mmap_threshold) == 1;
#else
  return false;
#endif
}

bool teardown_skipped() { return g_skip_teardown; }

bool bury(void* object) {
  const std::size_t slot = g_buried++;
  if (slot >= g_graveyard.size()) {
    return false;
  }
  g_graveyard[slot] = object;
  return true;
}

} // namespace covbar::core
