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

/// Writes `bytes` to `path` atomically.
void write_file_atomically(const std::string& path, std::string_view bytes, unsigned mode = 0644);

/// Appends `bytes` to `path` in a single write(2) call (GITHUB_STEP_SUMMARY is appended to
/// by every step, so it cannot be replaced by a rename).
void append_file(const std::string& path, std::string_view bytes);

} // namespace covbar::core
