#pragma once

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

/// Appends `bytes` to `path` in a single write(2) call (GITHUB_STEP_SUMMARY is appended to
/// by every step, so it cannot be replaced by a rename).
void append_file(const std::string& path, std::string_view bytes);

} // namespace covbar::core
