#include "src/core/process_tuning.hpp"

#include <atomic>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace covbar::core {
namespace {

std::atomic<bool> g_tuned{false};

} // namespace

void tune_process() {
#if !defined(__SANITIZE_ADDRESS__) // AddressSanitizer brings its own malloc and a leak check
  g_tuned = true;
#if defined(__GLIBC__)
  // glibc grows each worker thread's heap a page range at a time, one mprotect() call each,
  // and serves blocks from 128 kB on with fresh mmap()s, faulted in page by page, until
  // frees raise that threshold. Here the heaps grow 64 MB at a time (address space only:
  // pages are still faulted in when first written) and only blocks of 32 MB or more
  // (HEAP_MAX_SIZE / 2 on 64-bit, the most glibc allows) are mapped apart.
  ::mallopt(M_TOP_PAD, 64 << 20);
  ::mallopt(M_MMAP_THRESHOLD, 32 << 20);
#endif
#endif
}

bool process_tuned() { return g_tuned; }

} // namespace covbar::core
