#include "src/core/teardown.hpp"

#include <array>
#include <atomic>
#include <cstddef>

namespace covbar::core {
namespace {

std::atomic<bool> g_skip_teardown{false};
// Plain pointers in static storage: a root LeakSanitizer scans, destroyed by no one.
std::array<std::atomic<void*>, 16> g_graveyard{};
std::atomic<std::size_t> g_buried{0};

} // namespace

void skip_teardown() { g_skip_teardown = true; }

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
