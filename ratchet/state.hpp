#pragma once

#include <functional>
#include <string>

#include "ratchet/schedule.hpp"
#include "src/core/source_text.hpp"

namespace covbar::ratchet {

/// The state file's format version; a newer file is refused rather than misread.
inline constexpr unsigned k_state_version = 1;

/// The default state file name, beside covbar.yml or at the repository root.
inline constexpr const char* k_state_file = "covbar-ratchet.json";

/// Renders the state as JSON (stable key order, one sprint per line: small diffs in review).
std::string render_state(const State& state);

/// Reads a state file; a malformed one is a core::InputError at its line and column.
State read_state(const std::string& path);
/// The same, from `text` already read (a state file taken from a commit).
State read_state(core::SourceText text);

/// Holds an exclusive lock on the state file's folder (flock(2) on the directory, so no
/// lock file is left behind) for as long as the object lives: concurrent `ratchet update`
/// runs on one machine take turns, so none reads a state another is about to replace.
class StateLock {
public:
  explicit StateLock(const std::string& state_path);
  StateLock(const StateLock&) = delete;
  StateLock& operator=(const StateLock&) = delete;
  ~StateLock();

private:
  int m_fd = -1;
};

/// Writes the state atomically (temporary file, fsync, rename): a reader, or a run killed
/// part-way, finds the old state or the new one, never a mix.
void write_state(const std::string& path, const State& state);

} // namespace covbar::ratchet
