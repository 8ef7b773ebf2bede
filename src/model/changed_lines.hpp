#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace covbar::model {

/// One file of a diff, reduced to what a changed-line gate needs: the lines of the new side
/// that were added or modified (`-U0` semantics: context lines never count).
struct ChangedFile {
  enum class Status { modified, added, deleted, renamed, copied };
  std::string path;     ///< new-side path, repo-relative; the old path for a deleted file
  std::string old_path; ///< old-side path (differs from `path` for renames and copies)
  Status status = Status::modified;
  bool binary = false;
  std::vector<std::uint32_t> added_lines; ///< sorted, unique, from 1
};

/// Every file a diff touches, in diff order.
struct ChangedLines {
  std::vector<ChangedFile> files;
};

} // namespace covbar::model
