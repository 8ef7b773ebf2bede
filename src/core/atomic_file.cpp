#include "src/core/atomic_file.hpp"

#include <cerrno>
#include <climits>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <sys/stat.h>
#include <system_error>
#include <unistd.h>
#include <vector>

#include <fmt/format.h>

#include "src/core/error.hpp"
#include "src/core/paths.hpp"
#include "src/core/printable.hpp"

namespace covbar::core {
namespace {

Error io_error(const std::string& what, const std::string& path) {
  return Error(fmt::format("cannot {} {}: {}", what, printable(path, false), std::strerror(errno)));
}

/// Where an output goes once its symbolic links are followed.
struct OutputTarget {
  enum class Kind { replace, stream, descriptor } kind = Kind::replace;
  std::string path; ///< the file to replace or open (the last link's target)
  int fd = -1;      ///< Kind::descriptor: covbar's own descriptor
};

/// N when `path` is /dev/fd/N, /proc/self/fd/N or /proc/<covbar's pid>/fd/N, else -1.
int own_descriptor(const std::string& path) {
  std::string_view rest = path;
  const std::string own_proc = fmt::format("/proc/{}/fd/", ::getpid());
  bool matched = false;
  for (const std::string_view prefix :
       {std::string_view("/dev/fd/"), std::string_view("/proc/self/fd/"),
        std::string_view("/proc/thread-self/fd/"), std::string_view(own_proc)}) {
    if (rest.starts_with(prefix)) {
      rest.remove_prefix(prefix.size());
      matched = true;
      break;
    }
  }
  if (!matched || rest.empty() || rest.size() > 9 ||
      rest.find_first_not_of("0123456789") != std::string_view::npos) {
    return -1;
  }
  return std::stoi(std::string(rest));
}

Error refused(const std::string& path, std::string_view what) {
  return Error(fmt::format("cannot write {}: {}; an output is a new or regular "
                           "file, a character device or a FIFO",
                           printable(path, false), what));
}

/// Follows `path` link by link. A link may lead to a stream (a device, a FIFO, covbar's own
/// descriptor), which is written into; a link to a file is refused rather than followed or
/// replaced: a link planted in a checkout where an output goes must not send covbar's bytes
/// into a file elsewhere, and replacing it would turn `/dev/stdout` into a file.
OutputTarget resolve_output(const std::string& path) {
  std::string at = path;
  for (int hop = 0;; ++hop) {
    if (const int fd = own_descriptor(at); fd >= 0) {
      if (::fcntl(fd, F_GETFD) < 0) {
        throw refused(path, fmt::format("covbar's descriptor {} is not open", fd));
      }
      return {OutputTarget::Kind::descriptor, at, fd};
    }
    struct stat st {};
    if (::lstat(at.c_str(), &st) != 0) {
      if (errno == ENOENT && hop == 0) {
        return {OutputTarget::Kind::replace, at, -1}; // a new file
      }
      if (errno == ENOENT) {
        throw refused(path, fmt::format("it is a symbolic link to {}, which does not exist",
                                        printable(at, false)));
      }
      throw io_error("write", path);
    }
    if (S_ISREG(st.st_mode) && hop > 0) {
      throw refused(path, fmt::format("it is a symbolic link to the file {} (name the file "
                                      "itself)",
                                      printable(at, false)));
    }
    if (S_ISREG(st.st_mode)) {
      return {OutputTarget::Kind::replace, at, -1};
    }
    if (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode)) {
      return {OutputTarget::Kind::stream, at, -1};
    }
    if (!S_ISLNK(st.st_mode)) {
      throw refused(path, S_ISDIR(st.st_mode)    ? "it is a directory"
                          : S_ISSOCK(st.st_mode) ? "it is a socket"
                          : S_ISBLK(st.st_mode)  ? "it is a block device"
                                                 : "it is not a file");
    }
    if (hop == 40) {
      throw refused(path, "too many levels of symbolic links");
    }
    std::vector<char> target(PATH_MAX + 1);
    const ssize_t n = ::readlink(at.c_str(), target.data(), PATH_MAX);
    if (n < 0) {
      throw io_error("follow the symbolic link", at);
    }
    std::string next(target.data(), static_cast<std::size_t>(n));
    if (!next.starts_with('/')) {
      const auto slash = at.rfind('/');
      next = (slash == std::string::npos ? std::string() : at.substr(0, slash + 1)) + next;
    }
    at = std::move(next);
  }
}

void write_all(int fd, std::string_view bytes, const std::string& path) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      throw io_error("write", path);
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
}

/// Opens `path` with `flags` (O_WRONLY and the rest), writes `bytes` whole and closes it. `verb`
/// and `shown` name the failure ("open", the output as the user gave it).
void open_write_close(const std::string& path, int flags, std::string_view bytes, const char* verb,
                      const std::string& shown) {
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC, 0644);
  if (fd < 0) {
    throw io_error(verb, shown);
  }
  try {
    write_all(fd, bytes, shown);
  } catch (...) {
    ::close(fd);
    throw;
  }
  ::close(fd);
}

/// Test hook for crash safety: COVBAR_FAULT_INJECT=<point> kills the process with SIGKILL
/// at that point of an atomic write, as an OOM kill or a cancelled CI job would. Points:
/// temp-created, half-written, before-rename, after-rename. Unset, it costs one getenv.
void fault_point(const char* point) {
  const char* wanted = std::getenv("COVBAR_FAULT_INJECT");
  if (wanted != nullptr && std::strcmp(wanted, point) == 0) {
    std::raise(SIGKILL);
  }
}

} // namespace

AtomicFile::AtomicFile(std::string path, unsigned mode) : m_path(std::move(path)) {
  const std::string dir = directory_of(m_path);
  std::string templ =
      fmt::format("{}/.{}.covbar-XXXXXX", dir.empty() ? "." : dir, base_name(m_path));
  std::vector<char> buffer(templ.begin(), templ.end());
  buffer.push_back('\0');
  m_fd = ::mkstemp(buffer.data());
  if (m_fd < 0) {
    throw io_error("create a temporary file for", m_path);
  }
  m_temp_path = buffer.data();
  ::fchmod(m_fd, static_cast<mode_t>(mode));
  fault_point("temp-created");
}

AtomicFile::~AtomicFile() {
  if (m_fd >= 0) {
    ::close(m_fd);
  }
  if (!m_temp_path.empty()) {
    ::unlink(m_temp_path.c_str());
  }
}

void AtomicFile::write(std::string_view bytes) {
  const std::size_t half = bytes.size() / 2;
  write_all(m_fd, bytes.substr(0, half), m_temp_path);
  fault_point("half-written");
  write_all(m_fd, bytes.substr(half), m_temp_path);
}

void AtomicFile::commit() {
  if (::fsync(m_fd) != 0) {
    throw io_error("sync", m_temp_path);
  }
  ::close(m_fd);
  m_fd = -1;
  fault_point("before-rename");
  // rename(2) would replace a symbolic link at m_path: write_file_atomically never hands
  // one over (it refuses a link to a file), so a link stays a link.
  if (::rename(m_temp_path.c_str(), m_path.c_str()) != 0) {
    throw io_error("write", m_path);
  }
  m_temp_path.clear();
  // The rename itself reaches the disk once the folder is synced (best effort: some
  // filesystems refuse fsync on a directory, and the data is already safe).
  const std::string dir = directory_of(m_path);
  if (const int dir_fd =
          ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
      dir_fd >= 0) {
    (void)::fsync(dir_fd);
    ::close(dir_fd);
  }
  fault_point("after-rename");
}

void write_file_atomically(const std::string& path, std::string_view bytes, unsigned mode) {
  const OutputTarget target = resolve_output(path);
  if (target.kind == OutputTarget::Kind::descriptor) {
    write_all(target.fd, bytes, path);
    return;
  }
  if (target.kind == OutputTarget::Kind::stream) {
    // A FIFO blocks here until a reader opens it, as it would for any writer.
    open_write_close(target.path, O_WRONLY | O_NOCTTY, bytes, "open", path);
    return;
  }
  AtomicFile file(target.path, mode);
  file.write(bytes);
  file.commit();
}

void check_output_path(const std::string& path) { (void)resolve_output(path); }

namespace {

/// A fresh empty directory beside `dir` named after it (mkdtemp), for the new tree or the old.
std::string sibling_directory(const std::string& dir, const char* kind) {
  const std::filesystem::path target(dir);
  const std::filesystem::path parent =
      target.has_parent_path() ? target.parent_path() : std::filesystem::path(".");
  std::string templ =
      (parent / fmt::format(".{}.covbar-{}-XXXXXX", target.filename().string(), kind)).string();
  std::error_code ec;
  std::filesystem::create_directories(parent, ec);
  std::vector<char> buffer(templ.begin(), templ.end());
  buffer.push_back('\0');
  if (::mkdtemp(buffer.data()) == nullptr) {
    throw io_error("create a temporary directory for", dir);
  }
  return buffer.data();
}

void remove_tree(const std::string& path) {
  std::error_code ignored;
  std::filesystem::remove_all(path, ignored);
}

} // namespace

AtomicDirectory::AtomicDirectory(std::string dir) : m_target(std::move(dir)) {
  while (m_target.size() > 1 && m_target.back() == '/') {
    m_target.pop_back();
  }
  std::error_code ec;
  const auto status = std::filesystem::symlink_status(m_target, ec);
  m_exists = std::filesystem::exists(status);
  if (m_exists && !std::filesystem::is_directory(status)) {
    throw Error(fmt::format("cannot write the directory {}: a file is in the way", m_target));
  }
  m_temp = sibling_directory(m_target, "new");
}

AtomicDirectory::~AtomicDirectory() {
  if (!m_temp.empty()) {
    remove_tree(m_temp);
  }
}

void AtomicDirectory::write(const std::string& path, std::string_view bytes) {
  const std::filesystem::path full = std::filesystem::path(m_temp) / path;
  std::error_code ec;
  std::filesystem::create_directories(full.parent_path(), ec); // a race with another writer is fine
  open_write_close(full.string(), O_WRONLY | O_CREAT | O_EXCL, bytes, "create",
                   (std::filesystem::path(m_target) / path).string());
  if (++m_written == 2) {
    fault_point("half-written");
  }
}

void AtomicDirectory::commit() {
  // No fsync of the pages: a 30,000-file report is 30,000 files, and syncing them (or the
  // whole filesystem with syncfs) cost more than writing them on a busy CI disk. A report is
  // regenerated, not a record: the rename is what keeps a failed run from leaving a
  // half-written directory.
  ::chmod(m_temp.c_str(), 0755);
  fault_point("before-rename");
  std::string old;
  if (m_exists) {
    old = sibling_directory(m_target, "old");
    if (::rename(m_target.c_str(), old.c_str()) != 0) {
      const Error error = io_error("replace", m_target);
      remove_tree(old);
      throw error;
    }
  }
  if (::rename(m_temp.c_str(), m_target.c_str()) != 0) {
    const Error error = io_error("write", m_target);
    if (m_exists) {
      ::rename(old.c_str(), m_target.c_str()); // put the old report back; else it stays in `old`
    }
    throw error;
  }
  m_temp.clear();
  if (!old.empty()) {
    remove_tree(old);
  }
  fault_point("after-rename");
}

void append_file(const std::string& path, std::string_view bytes) {
  open_write_close(path, O_WRONLY | O_APPEND | O_CREAT, bytes, "open", path);
}

} // namespace covbar::core
