#pragma once

#include <type_traits>
#include <utility>

namespace covbar::core {

/// Called by main() alone, before its one command, which builds one large model and ends
/// the process when it returns. Two settings, each kept because it measured faster:
/// - the command's model (hundreds of thousands of allocations) is left to the OS, which
///   takes its pages back at once, rather than freed piece by piece (release_at_exit; LLVM's
///   BuryPointer, behind clang's -disable-free);
/// - glibc's malloc is set up for one large model (heaps grown 64 MB at a time, blocks under
///   32 MB from the heaps rather than mapped apart).
/// Tests, which run many commands in one process, never call it, so there everything is
/// freed as usual and malloc keeps its defaults. Under AddressSanitizer (its own malloc, and
/// a leak check that would report the model left behind) it does nothing.
void tune_process();
[[nodiscard]] bool process_tuned();

/// At the end of a command: after tune_process(), moves `object` into a heap copy that is
/// never freed, leaving it empty (a moved-from model frees nothing); otherwise does nothing,
/// and it is freed as usual when it goes out of scope.
template <typename T>
void release_at_exit(T& object) {
  static_assert(!std::is_const_v<T>);
  if (process_tuned()) {
    (void)new T(std::move(object)); // never freed: the process is about to end
  }
}

} // namespace covbar::core
