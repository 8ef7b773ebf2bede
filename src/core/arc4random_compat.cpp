// Linked only into the release build (COVBAR_STATIC), to keep covbar runnable on glibc 2.35.
//
// libstdc++.a's std::random_device (random.o, which libstdc++'s own cow-string-inst.o pulls in;
// covbar never creates a random_device) calls arc4random, a function glibc added in 2.36. Linked
// statically, that call would make the executable need the symbol version GLIBC_2.36, which
// Ubuntu 22.04 (glibc 2.35, the oldest GitHub runner image) does not have. This definition
// satisfies the reference inside the executable instead, from getrandom (glibc 2.25).
#include <cerrno>
#include <cstdint>
#include <cstdlib>

#include <sys/random.h>

extern "C" std::uint32_t arc4random() noexcept {
  std::uint32_t value = 0;
  while (true) {
    const ssize_t got = getrandom(&value, sizeof value, 0);
    if (got == static_cast<ssize_t>(sizeof value)) {
      return value;
    }
    if (got < 0 && errno != EINTR) {
      std::abort(); // no randomness at all; arc4random itself cannot fail either
    }
  }
}
