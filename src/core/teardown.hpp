#pragma once

#include <type_traits>
#include <utility>

namespace covbar::core {

/// Called by main(): the process ends as soon as its command returns. A command's largest
/// data (the model of a 1 GB report holds hundreds of thousands of allocations) then need
/// not be freed piece by piece at the end; the OS takes its pages back at once. This is
/// LLVM's BuryPointer, behind clang's -disable-free. Tests, which run many commands in one
/// process, never call it, so there everything is freed as usual.
void skip_teardown();
[[nodiscard]] bool teardown_skipped();

/// Called by main(): sets malloc up for a process that builds one large model and ends.
/// glibc grows each worker thread's heap a page range at a time, one mprotect() call each
/// (13,568 calls while reading a 1 GB LCOV report), and serves allocations from 128 kB on
/// with fresh mmap()s, faulted in page by page, until frees raise that threshold. Here the
/// heaps grow 64 MB at a time (address space only: pages are still faulted in when first
/// written) and only blocks of 32 MB or more (glibc's largest threshold) are mapped apart.
/// Returns false when malloc refuses a setting, or is not glibc's (AddressSanitizer's).
bool tune_allocator();

/// Keeps `object` reachable (LeakSanitizer reports only unreachable memory) and never frees
/// it. Returns false when the graveyard is full; the caller then frees as usual.
bool bury(void* object);

/// At the end of a command: after skip_teardown(), moves `object` into a heap copy that is
/// never freed, leaving it empty (a moved-from model frees nothing); otherwise does nothing,
/// and it is freed as usual when it goes out of scope.
template <typename T>
void release_at_exit(T& object) {
  static_assert(!std::is_const_v<T>);
  if (!teardown_skipped()) {
    return;
  }
  T* kept = new T(std::move(object));
  if (!bury(kept)) {
    delete kept;
  }
}

} // namespace covbar::core
