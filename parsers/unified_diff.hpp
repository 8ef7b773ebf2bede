#pragma once

#include "src/core/source_text.hpp"
#include "src/model/changed_lines.hpp"

namespace covbar::parsers {

/// Reads a unified diff (`git diff` with or without prefixes, `git format-patch`, `diff -u`)
/// into the files and added lines of its new side. Handles new, deleted, renamed and copied
/// files, mode changes, binary files, C-quoted paths, CRLF, "\ No newline at end of file",
/// many hunks and text between file diffs. Like diff-cover, hunk bodies are read by their
/// line prefixes, so a header whose counts are wrong (seen in the wild) still reads right.
/// A combined diff (`diff --cc`, `@@@`) is refused with a located core::InputError.
model::ChangedLines parse_unified_diff(const core::SourceText& text);

} // namespace covbar::parsers
