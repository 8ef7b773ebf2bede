#pragma once

#include <atomic>
#include <cstddef>
#include <string>
#include <string_view>

namespace covbar::core {

/// A file written whole or not at all (ccache core/atomicfile): bytes go to a temporary file
/// in the target's directory, which commit() fsyncs and renames over the target. An object
/// destroyed before commit() removes its temporary file. Throws core::Error on I/O failure.
class AtomicFile {
public:
  explicit AtomicFile(std::string path, unsigned mode = 0644);
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  ~AtomicFile();

  void write(std::string_view bytes);
  void commit();

private:
  std::string m_path;
  std::string m_temp_path;
  int m_fd = -1;
};

/// Writes `bytes` to the output `path` names, by what it is:
/// - a new path or a regular file is written atomically (an AtomicFile at that path);
/// - a character device or a FIFO (`/dev/null`, a terminal, a named pipe) is written
///   straight into, as `tee` would;
/// - one of covbar's own descriptors (`/dev/stdout`, `/dev/fd/N`, `/proc/self/fd/N`) is
///   written to through that descriptor, whatever it is open on;
/// - a symbolic link is followed hop by hop, never replaced: to a device, a FIFO or an own
///   descriptor, as above; to a file or to nothing, refused (a link planted in a checkout
///   must not send an output elsewhere);
/// - anything else (a directory, a socket, a block device) is refused.
/// A refusal is a core::Error thrown before anything is written.
void write_file_atomically(const std::string& path, std::string_view bytes, unsigned mode = 0644);

/// Throws the core::Error write_file_atomically would for `path`, so a command can refuse a
/// bad output before it writes any of its outputs.
void check_output_path(const std::string& path);

/// A directory written whole or not at all: files go into a temporary directory beside the
/// target as they are produced (a large report is never held whole in memory), and commit()
/// renames it into place (an existing target is moved aside first and removed once the new
/// one is in place). Destroyed before commit(), it removes the temporary directory and leaves
/// the target as it was. The pages are not fsynced (see commit()). Throws core::Error on I/O
/// failure or when the target is not a directory.
class AtomicDirectory {
public:
  explicit AtomicDirectory(std::string dir);
  AtomicDirectory(const AtomicDirectory&) = delete;
  AtomicDirectory& operator=(const AtomicDirectory&) = delete;
  ~AtomicDirectory();

  /// Writes one file, `path` relative to the directory ('/'-separated, no '..'). Safe to call
  /// from several threads for different paths.
  void write(const std::string& path, std::string_view bytes);
  void commit();

private:
  std::string m_target;
  std::string m_temp;
  bool m_exists = false;
  std::atomic<std::size_t> m_written{0};
};

/// Appends `bytes` to `path` in a single write(2) call (GITHUB_STEP_SUMMARY is appended to
/// by every step, so it cannot be replaced by a rename).
void append_file(const std::string& path, std::string_view bytes);

} // namespace covbar::core
