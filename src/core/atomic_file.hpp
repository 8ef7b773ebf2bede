#pragma once

#include <string>
#include <string_view>
#include <vector>

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

/// One file of a directory written by write_directory_atomically: its path relative to the
/// directory ('/'-separated, no '..') and its bytes.
struct DirectoryEntry {
  std::string path;
  std::string bytes;
};

/// Writes a whole directory or nothing: the files go into a temporary directory beside `dir`,
/// which is renamed into place (not fsynced: see the definition) (an existing `dir` is moved aside first and removed
/// once the new one is in place). On any failure the temporary directory is removed and `dir`
/// is left as it was. Throws core::Error on I/O failure or when `dir` is not a directory.
void write_directory_atomically(const std::string& dir, const std::vector<DirectoryEntry>& files);

/// Appends `bytes` to `path` in a single write(2) call (GITHUB_STEP_SUMMARY is appended to
/// by every step, so it cannot be replaced by a rename).
void append_file(const std::string& path, std::string_view bytes);

} // namespace covbar::core
