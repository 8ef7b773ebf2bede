#include "src/core/atomic_file.hpp"

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <filesystem>
#include <system_error>
#include <vector>

#include <fmt/format.h>

#include "src/core/error.hpp"

namespace covbar::core {
namespace {

Error io_error(const std::string& what, const std::string& path) {
  return Error(fmt::format("covbar: error: cannot {} {}: {}", what, path, std::strerror(errno)));
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
  const auto slash = m_path.rfind('/');
  const std::string dir = slash == std::string::npos ? "." : m_path.substr(0, slash + 1);
  const std::string base = slash == std::string::npos ? m_path : m_path.substr(slash + 1);
  std::string templ = fmt::format("{}/.{}.covbar-XXXXXX", dir, base);
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
  // rename(2) replaces a symlink at the target rather than following it, so a link planted
  // in the output directory cannot redirect the write.
  if (::rename(m_temp_path.c_str(), m_path.c_str()) != 0) {
    throw io_error("write", m_path);
  }
  m_temp_path.clear();
  // The rename itself reaches the disk once the folder is synced (best effort: some
  // filesystems refuse fsync on a directory, and the data is already safe).
  const auto slash = m_path.rfind('/');
  const std::string dir = slash == std::string::npos ? "." : (slash == 0 ? "/" : m_path.substr(0, slash));
  if (const int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dir_fd >= 0) {
    (void)::fsync(dir_fd);
    ::close(dir_fd);
  }
  fault_point("after-rename");
}

void write_file_atomically(const std::string& path, std::string_view bytes, unsigned mode) {
  AtomicFile file(path, mode);
  file.write(bytes);
  file.commit();
}

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
    throw Error(fmt::format("covbar: error: cannot write the directory {}: a file is in the way",
                            m_target));
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
  const int fd = ::open(full.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) {
    throw io_error("create", (std::filesystem::path(m_target) / path).string());
  }
  try {
    write_all(fd, bytes, full.string());
  } catch (...) {
    ::close(fd);
    throw;
  }
  ::close(fd);
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
  const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    throw io_error("open", path);
  }
  try {
    write_all(fd, bytes, path);
  } catch (...) {
    ::close(fd);
    throw;
  }
  ::close(fd);
}

} // namespace covbar::core
