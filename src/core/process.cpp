#include "src/core/process.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include "src/core/error.hpp"

namespace covbar::core {
namespace {

constexpr std::size_t k_max_stderr = 64 * 1024;

/// A pipe whose ends close themselves; both ends close-on-exec (the child gets dup2'd copies).
struct Pipe {
  std::array<int, 2> fds{-1, -1};
  Pipe() = default;
  Pipe(const Pipe&) = delete;
  Pipe& operator=(const Pipe&) = delete;
  ~Pipe() {
    close_read();
    close_write();
  }
  void close_read() {
    if (fds[0] >= 0) {
      ::close(fds[0]);
      fds[0] = -1;
    }
  }
  void close_write() {
    if (fds[1] >= 0) {
      ::close(fds[1]);
      fds[1] = -1;
    }
  }
};

/// The parent's environment without the variables named in `unset`.
std::vector<char*> child_environment(const std::vector<std::string>& unset) {
  std::vector<char*> env;
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string_view entry(*e);
    const auto name = entry.substr(0, entry.find('='));
    if (std::find(unset.begin(), unset.end(), name) == unset.end()) {
      env.push_back(*e);
    }
  }
  env.push_back(nullptr);
  return env;
}

} // namespace

std::string shell_quote(std::string_view s) {
  std::string out = "'";
  for (const char c : s) {
    out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  }
  return out + "'";
}

CommandResult run_process(const std::vector<std::string>& argv, const ProcessOptions& options) {
  if (argv.empty()) {
    throw InternalError("run_process without a program");
  }
  Pipe out_pipe;
  Pipe err_pipe;
  if (::pipe2(out_pipe.fds.data(), O_CLOEXEC) != 0 ||
      ::pipe2(err_pipe.fds.data(), O_CLOEXEC) != 0) {
    throw Error("cannot run " + argv.front() + ": no pipe");
  }
  posix_spawn_file_actions_t actions;
  ::posix_spawn_file_actions_init(&actions);
  ::posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  ::posix_spawn_file_actions_adddup2(&actions, out_pipe.fds[1], STDOUT_FILENO);
  ::posix_spawn_file_actions_adddup2(&actions, err_pipe.fds[1], STDERR_FILENO);
  std::vector<char*> args;
  args.reserve(argv.size() + 1);
  for (const auto& arg : argv) {
    args.push_back(const_cast<char*>(arg.c_str())); // posix_spawn's signature; not written
  }
  args.push_back(nullptr);
  auto env = child_environment(options.unset_env);
  pid_t pid = 0;
  const int spawned =
      ::posix_spawnp(&pid, argv.front().c_str(), &actions, nullptr, args.data(), env.data());
  ::posix_spawn_file_actions_destroy(&actions);
  out_pipe.close_write();
  err_pipe.close_write();
  if (spawned != 0) {
    throw Error("cannot run " + argv.front() + ": " + std::strerror(spawned));
  }

  // Both pipes are read together: a program that fills one while covbar waits on the other
  // would otherwise never finish.
  CommandResult result;
  std::array<char, 65536> buffer{};
  while (out_pipe.fds[0] >= 0 || err_pipe.fds[0] >= 0) {
    std::array<pollfd, 2> polled{pollfd{out_pipe.fds[0], POLLIN, 0},
                                 pollfd{err_pipe.fds[0], POLLIN, 0}};
    if (::poll(polled.data(), polled.size(), -1) < 0) {
      if (errno == EINTR) {
        continue;
      }
      break;
    }
    for (std::size_t i = 0; i < polled.size(); ++i) {
      if (polled[i].fd < 0 || polled[i].revents == 0) {
        continue;
      }
      Pipe& pipe = i == 0 ? out_pipe : err_pipe;
      const ssize_t n = ::read(pipe.fds[0], buffer.data(), buffer.size());
      if (n < 0 && errno == EINTR) {
        continue;
      }
      if (n <= 0) {
        pipe.close_read();
        continue;
      }
      const auto size = static_cast<std::size_t>(n);
      if (i == 0) {
        if (result.out.size() + size > options.max_output) {
          result.too_long = true;
          pipe.close_read(); // the writer ends on SIGPIPE
          continue;
        }
        result.out.append(buffer.data(), size);
      } else if (result.err.size() < k_max_stderr) {
        result.err.append(buffer.data(), std::min(size, k_max_stderr - result.err.size()));
      }
    }
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

std::vector<std::string> split_nul(std::string_view text) {
  std::vector<std::string> items;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\0', start);
    if (end == std::string_view::npos) {
      end = text.size();
    }
    if (end > start) {
      items.emplace_back(text.substr(start, end - start));
    }
    start = end + 1;
  }
  return items;
}

} // namespace covbar::core
