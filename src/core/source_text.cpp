#include "src/core/source_text.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <csignal>
#include <cstdint>
#include <utility>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include "src/core/printable.hpp"

namespace covbar::core {

namespace {

/// The files mapped now, for the SIGBUS handler: fixed slots it can read without locks.
struct MappedInput {
  std::atomic<std::uintptr_t> begin{0}; ///< 0: a free slot; 1: being filled in
  std::atomic<std::size_t> size{0};
  std::atomic<const char*> message{nullptr}; ///< `<path>: error: the file shrank ...\n`
};
std::array<MappedInput, 64> g_mapped{};

std::atomic<std::uint64_t> g_max_input_size{k_default_max_input_size};

/// `4 GiB`, `512 MiB`, `100 kiB` when the size is a whole number of them, else bytes.
std::string size_text(std::uint64_t bytes) {
  for (const auto& [shift, unit] : {std::pair{40U, "TiB"}, std::pair{30U, "GiB"},
                                    std::pair{20U, "MiB"}, std::pair{10U, "KiB"}}) {
    const std::uint64_t one = std::uint64_t{1} << shift;
    if (bytes >= one && bytes % one == 0) {
      return fmt::format("{} {}", bytes / one, unit);
    }
  }
  return fmt::format("{} bytes", bytes);
}

void write_all(int fd, const char* text) {
  std::size_t left = std::strlen(text);
  while (left > 0) {
    const ssize_t n = ::write(fd, text, left);
    if (n <= 0) {
      return;
    }
    text += n;
    left -= static_cast<std::size_t>(n);
  }
}

void on_bus_error(int signal, siginfo_t* info, void* /*context*/) {
  const auto at = reinterpret_cast<std::uintptr_t>(info->si_addr);
  for (const auto& slot : g_mapped) {
    const std::uintptr_t begin = slot.begin.load();
    if (begin > 1 && at >= begin && at - begin < slot.size.load()) {
      if (const char* message = slot.message.load()) {
        write_all(STDERR_FILENO, message);
      }
      ::_exit(2);
    }
  }
  // Not an input's pages: a fault of covbar's own, left to crash as it would have.
  ::signal(signal, SIG_DFL);
  ::raise(signal);
}

} // namespace

struct SourceText::Mapping {
  void* address = nullptr;
  std::size_t size = 0;
  std::string message; ///< what on_bus_error writes for this file
  MappedInput* slot = nullptr;

  Mapping(void* at, std::size_t bytes, const std::string& path)
      : address(at), size(bytes),
        message(fmt::format("{}: error: the file shrank while covbar read it\n", printable(path))) {
    for (auto& candidate : g_mapped) {
      std::uintptr_t free = 0;
      if (candidate.begin.compare_exchange_strong(free, 1)) { // claimed, not yet visible
        candidate.size = size;
        candidate.message = message.c_str();
        candidate.begin = reinterpret_cast<std::uintptr_t>(address);
        slot = &candidate;
        break;
      }
    }
  }
  Mapping(const Mapping&) = delete;
  Mapping& operator=(const Mapping&) = delete;
  ~Mapping() {
    if (slot != nullptr) {
      slot->begin = 0;
    }
    if (address != nullptr) {
      munmap(address, size);
    }
  }
};

void SourceText::exit_on_truncated_input() {
  struct sigaction action {};
  action.sa_sigaction = on_bus_error;
  action.sa_flags = SA_SIGINFO;
  sigemptyset(&action.sa_mask);
  ::sigaction(SIGBUS, &action, nullptr);
}

SourceText::SourceText(std::string name, std::string_view bytes)
    : m_name(std::move(name)), m_bytes(bytes) {}

SourceText SourceText::from_string(std::string name, std::string bytes) {
  auto owned = std::make_unique<std::string>(std::move(bytes));
  SourceText text(std::move(name), std::string_view(*owned));
  text.m_owned = std::move(owned);
  return text;
}

void SourceText::set_max_input_size(std::uint64_t bytes) { g_max_input_size = bytes; }

std::uint64_t SourceText::max_input_size() { return g_max_input_size; }

InputError SourceText::too_large(const std::string& name) {
  return InputError(name, fmt::format("the input is larger than {}, the most covbar reads from "
                                      "one input (--max-input-size raises it)",
                                      size_text(max_input_size())));
}

SourceText SourceText::read_file(const std::string& path) {
  const std::uint64_t limit = max_input_size();
  if (path == "-") {
    std::string all;
    char buffer[1 << 16];
    while (true) {
      const ssize_t n = ::read(STDIN_FILENO, buffer, sizeof buffer);
      if (n == 0) {
        break;
      }
      if (n < 0) {
        if (errno == EINTR) {
          continue;
        }
        throw InputError("<stdin>", fmt::format("cannot read: {}", std::strerror(errno)));
      }
      if (all.size() + static_cast<std::uint64_t>(n) > limit) {
        throw too_large("<stdin>"); // read no further: standard input may never end
      }
      all.append(buffer, static_cast<std::size_t>(n));
    }
    return from_string("<stdin>", std::move(all));
  }
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    throw InputError(path, fmt::format("cannot open: {}", std::strerror(errno)));
  }
  struct stat info {};
  if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
    ::close(fd);
    throw InputError(path, "not a regular file");
  }
  if (static_cast<std::uint64_t>(info.st_size) > limit) {
    ::close(fd);
    throw too_large(path);
  }
  const auto size = static_cast<std::size_t>(info.st_size);
  if (size == 0) {
    ::close(fd);
    return SourceText(path, std::string_view());
  }
  void* address = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  if (address == MAP_FAILED) {
    const int error = errno;
    ::close(fd);
    throw InputError(path, fmt::format("cannot map: {}", std::strerror(error)));
  }
  ::close(fd); // the mapping keeps the file
  ::madvise(address, size, MADV_SEQUENTIAL);
  SourceText text(path, std::string_view(static_cast<const char*>(address), size));
  text.m_mapping = std::make_unique<Mapping>(address, size, path);
  return text;
}

SourceText::SourceText(SourceText&&) noexcept = default;
SourceText& SourceText::operator=(SourceText&&) noexcept = default;
SourceText::~SourceText() = default;

void SourceText::release(std::size_t begin, std::size_t end) const {
  if (!m_mapping || end <= begin) {
    return;
  }
  static const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  const std::size_t first = (begin + page - 1) / page * page;
  const std::size_t last = std::min(end, m_mapping->size) / page * page;
  if (last > first) {
    ::madvise(static_cast<char*>(m_mapping->address) + first, last - first, MADV_DONTNEED);
  }
}

Location SourceText::locate(std::size_t offset) const {
  offset = std::min(offset, m_bytes.size());
  Location location;
  location.source = m_name;
  // std::count and rfind vectorise: an error near the end of a 1 GB report is still quick.
  location.line =
      1 + static_cast<std::uint64_t>(std::count(
              m_bytes.begin(), m_bytes.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
  const std::size_t previous_newline =
      offset == 0 ? std::string_view::npos : m_bytes.rfind('\n', offset - 1);
  const std::size_t line_start =
      previous_newline == std::string_view::npos ? 0 : previous_newline + 1;
  location.column = offset - line_start + 1;
  std::size_t line_end = m_bytes.find('\n', line_start);
  if (line_end == std::string_view::npos) {
    line_end = m_bytes.size();
  }
  if (line_end > line_start && m_bytes[line_end - 1] == '\r') {
    --line_end;
  }
  // Very long lines (minified JSON) are cut around the column so the snippet stays readable;
  // the caret column is then relative to the shown text.
  constexpr std::size_t k_max_snippet = 160;
  const std::string_view line = m_bytes.substr(line_start, line_end - line_start);
  const std::size_t col = static_cast<std::size_t>(location.column - 1);
  if (line.size() > k_max_snippet && col > k_max_snippet / 2) {
    const std::size_t from = col - k_max_snippet / 2;
    location.line_text = "..." + std::string(line.substr(from, k_max_snippet));
    location.caret_column = col - from + 4;
  } else {
    location.line_text = std::string(line.substr(0, std::max(k_max_snippet, col + 1)));
    location.caret_column = location.column;
  }
  // Control bytes (a NUL in a path, say) are escaped where the error is rendered
  // (core/error.cpp), with the caret moved to match.
  return location;
}

InputError SourceText::error_at(std::size_t offset, const std::string& expected,
                                const std::string& found) const {
  return InputError(locate(offset), expected, found);
}

InputError SourceText::error_at(std::size_t offset, const std::string& expected) const {
  const std::size_t at = std::min(offset, m_bytes.size());
  return error_at(offset, expected, describe_found(m_bytes.substr(at)));
}

} // namespace covbar::core
