#include "parsers/unified_diff.hpp"

#include <algorithm>
#include <charconv>
#include <optional>

#include <fmt/format.h>

#include "src/core/paths.hpp"

namespace covbar::parsers {
namespace {

using Status = model::ChangedFile::Status;

/// Undoes git's C quoting of a path ("a\tb", "caf\303\251"): the quoted form starts with '"'.
/// Returns nullopt for a malformed quote.
std::optional<std::string> unquote(std::string_view s, std::size_t* consumed = nullptr) {
  if (s.empty() || s.front() != '"') {
    return std::string(s);
  }
  std::string out;
  for (std::size_t i = 1; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '"') {
      if (consumed != nullptr) {
        *consumed = i + 1;
      }
      return out;
    }
    if (c != '\\') {
      out += c;
      continue;
    }
    if (++i >= s.size()) {
      return std::nullopt;
    }
    const char e = s[i];
    switch (e) {
    case 'n':
      out += '\n';
      break;
    case 't':
      out += '\t';
      break;
    case 'r':
      out += '\r';
      break;
    case 'a':
      out += '\a';
      break;
    case 'b':
      out += '\b';
      break;
    case 'f':
      out += '\f';
      break;
    case 'v':
      out += '\v';
      break;
    case '"':
      out += '"';
      break;
    case '\\':
      out += '\\';
      break;
    default:
      if (e >= '0' && e <= '3' && i + 2 < s.size()) {
        const int v = (e - '0') * 64 + (s[i + 1] - '0') * 8 + (s[i + 2] - '0');
        out += static_cast<char>(v);
        i += 2;
      } else {
        return std::nullopt;
      }
    }
  }
  return std::nullopt;
}

/// `--- a/x\t2024-01-01 ...` (diff -u adds a timestamp after a tab): the path alone.
std::optional<std::string> header_path(std::string_view rest) {
  if (!rest.empty() && rest.front() == '"') {
    return unquote(rest);
  }
  const auto tab = rest.find('\t');
  std::string path(rest.substr(0, tab));
  while (!path.empty() && path.back() == ' ') {
    path.pop_back();
  }
  return path;
}

/// Splits `diff --git A B` into A and B when it can be done unambiguously: quoted names, or
/// two halves of equal text after their first segment (`a/x b/x`, `x x`).
std::optional<std::pair<std::string, std::string>> git_header_paths(std::string_view rest) {
  if (!rest.empty() && rest.front() == '"') {
    std::size_t used = 0;
    auto a = unquote(rest, &used);
    if (!a || used >= rest.size()) {
      return std::nullopt;
    }
    auto b = header_path(rest.substr(used + 1));
    if (!b) {
      return std::nullopt;
    }
    return std::pair{*a, *b};
  }
  // Unquoted: the two names have the same length when the path is unchanged.
  if (rest.size() % 2 == 1) {
    const std::size_t half = rest.size() / 2;
    if (rest[half] == ' ') {
      return std::pair{std::string(rest.substr(0, half)), std::string(rest.substr(half + 1))};
    }
  }
  return std::nullopt;
}

std::string strip_first_segment(const std::string& p) {
  const auto slash = p.find('/');
  return slash == std::string::npos ? p : p.substr(slash + 1);
}

/// Removes the a/ b/ (or custom, or no) prefixes: both sides lose their first segment when
/// what follows is equal, or when they carry git's usual a/ and b/.
std::pair<std::string, std::string> strip_prefixes(const std::string& a, const std::string& b) {
  if (a == b) {
    return {a, b}; // --no-prefix, unchanged path
  }
  // Same file, different prefixes (a/ b/, src/ dst/, src:// dst://): the shared tail,
  // starting at a '/', is the path.
  std::size_t common = 0;
  while (common < a.size() && common < b.size() &&
         a[a.size() - 1 - common] == b[b.size() - 1 - common]) {
    ++common;
  }
  std::string_view tail = std::string_view(a).substr(a.size() - common);
  const auto slash = tail.find('/');
  if (slash != std::string_view::npos &&
      tail.substr(0, slash).find_first_not_of(':') == std::string_view::npos) {
    tail.remove_prefix(slash);
    while (!tail.empty() && tail.front() == '/') {
      tail.remove_prefix(1);
    }
    if (!tail.empty() && common < a.size() && common < b.size()) {
      return {std::string(tail), std::string(tail)};
    }
  }
  if (a.starts_with("a/") && b.starts_with("b/")) {
    return {strip_first_segment(a), strip_first_segment(b)}; // a rename under git's prefixes
  }
  return {a, b};
}

/// A file whose headers are being read; its paths are settled when the next file starts.
struct Pending {
  model::ChangedFile file;
  std::string header_old; ///< from `diff --git`, prefixes not yet removed
  std::string header_new;
  bool have_header_paths = false;
  bool renamed_paths = false; ///< paths came from rename/copy lines (never prefixed)
  std::optional<std::string> minus;
  std::optional<std::string> plus;
};

class DiffParser {
public:
  explicit DiffParser(const core::SourceText& text) : m_text(text), m_s(text.bytes()) {}

  model::ChangedLines run() {
    std::size_t pos = 0;
    while (pos < m_s.size()) {
      auto nl = m_s.find('\n', pos);
      if (nl == std::string_view::npos) {
        nl = m_s.size();
      }
      std::string_view line = m_s.substr(pos, nl - pos);
      if (!line.empty() && line.back() == '\r') {
        line.remove_suffix(1);
      }
      handle(pos, line);
      pos = nl + 1;
    }
    finish_file();
    return std::move(m_out);
  }

private:
  [[noreturn]] void fail(std::size_t at, const std::string& expected, std::string_view found) {
    throw m_text.error_at(at, expected, core::describe_found(found));
  }

  std::string required_path(std::size_t at, std::string_view rest) {
    auto path = header_path(rest);
    if (!path || path->empty()) {
      fail(at, "a file path (C-quoted paths end with '\"')", rest);
    }
    return *path;
  }

  void finish_file() {
    if (!m_file) {
      return;
    }
    Pending& p = *m_file;
    auto& f = p.file;
    if (!p.renamed_paths) {
      std::string old_side = p.minus.value_or(p.header_old);
      std::string new_side = p.plus.value_or(p.header_new);
      if (p.minus && p.plus && *p.minus != "/dev/null" && *p.plus != "/dev/null") {
        std::tie(old_side, new_side) = strip_prefixes(*p.minus, *p.plus);
      } else if (p.have_header_paths) {
        const auto stripped = strip_prefixes(p.header_old, p.header_new);
        old_side = p.minus && *p.minus == "/dev/null" ? "/dev/null" : stripped.first;
        new_side = p.plus && *p.plus == "/dev/null" ? "/dev/null" : stripped.second;
      } else if (old_side != "/dev/null" && new_side == "/dev/null") {
        old_side = strip_first_segment(old_side);
      } else if (old_side == "/dev/null" && new_side != "/dev/null") {
        new_side = strip_first_segment(new_side);
      }
      if (new_side == "/dev/null") {
        f.status = Status::deleted;
        new_side = old_side;
      } else if (old_side == "/dev/null") {
        f.status = Status::added;
        old_side = new_side;
      }
      f.path = core::normalize_path(new_side);
      f.old_path = core::normalize_path(old_side);
    }
    std::sort(f.added_lines.begin(), f.added_lines.end());
    f.added_lines.erase(std::unique(f.added_lines.begin(), f.added_lines.end()),
                        f.added_lines.end());
    if (!f.path.empty()) {
      m_out.files.push_back(std::move(f));
    }
    m_file.reset();
    m_in_hunk = false;
  }

  Pending& file(std::size_t at, std::string_view line) {
    if (!m_file) {
      // `diff -u` output has no `diff --git` line: `---` starts the file.
      if (!line.starts_with("--- ")) {
        fail(at, "'diff --git' or '---' before this line", line);
      }
      m_file.emplace();
    }
    return *m_file;
  }

  void start_hunk(std::size_t at, std::string_view line) {
    // @@ -a[,b] +c[,d] @@ heading
    const auto plus = line.find(" +");
    std::uint64_t start = 0;
    const char* first = line.data() + (plus == std::string_view::npos ? line.size() : plus + 2);
    const char* last = line.data() + line.size();
    const auto [ptr, ec] = std::from_chars(first, last, start);
    if (plus == std::string_view::npos || ec != std::errc() || start > 0xFFFF'FFFFULL) {
      fail(at, "a hunk header like '@@ -1,2 +1,3 @@'", line);
    }
    std::uint64_t count = 1;
    if (ptr < last && *ptr == ',') {
      std::from_chars(ptr + 1, last, count);
    }
    if (!m_file) {
      fail(at, "a file header ('diff --git' or '---' and '+++') before the first hunk", line);
    }
    m_in_hunk = true;
    m_new_line = static_cast<std::uint32_t>(start == 0 ? 1 : start);
    m_new_remaining = count;
  }

  void handle(std::size_t at, std::string_view line) {
    if (m_in_hunk) {
      const bool exhausted = m_new_remaining == 0;
      const bool header_like =
          line.starts_with("diff ") || line.starts_with("@@") ||
          (exhausted && (line.starts_with("--- ") || line.starts_with("+++ ")));
      if (!header_like) {
        const char c = line.empty() ? ' ' : line.front();
        if (c == '+') {
          m_file->file.added_lines.push_back(m_new_line++);
          m_new_remaining -= m_new_remaining > 0 ? 1 : 0;
          return;
        }
        if (c == ' ') {
          ++m_new_line;
          m_new_remaining -= m_new_remaining > 0 ? 1 : 0;
          return;
        }
        if (c == '-' || c == '\\') {
          return;
        }
        m_in_hunk = false; // anything else ends the hunk (a truncated one, or trailing text)
      } else {
        m_in_hunk = false;
      }
    }
    if (line.starts_with("diff --cc ") || line.starts_with("diff --combined ") ||
        line.starts_with("@@@")) {
      fail(at,
           "a two-way unified diff (combined diffs of merges are not supported: diff "
           "against one parent)",
           line);
    }
    if (line.starts_with("diff --git ")) {
      finish_file();
      m_file.emplace();
      if (auto paths = git_header_paths(line.substr(11))) {
        m_file->header_old = paths->first;
        m_file->header_new = paths->second;
        m_file->have_header_paths = true;
      }
      return;
    }
    if (line.starts_with("@@ ")) {
      start_hunk(at, line);
      return;
    }
    if (line.starts_with("--- ")) {
      if (m_file && (m_file->minus || m_file->plus)) {
        finish_file(); // next file of a `diff -u` run
      }
      file(at, line).minus = required_path(at + 4, line.substr(4));
      return;
    }
    if (line.starts_with("+++ ") && m_file) {
      m_file->plus = required_path(at + 4, line.substr(4));
      return;
    }
    if (!m_file) {
      return; // text between file diffs: a commit message, an email header, a signature
    }
    auto& f = m_file->file;
    if (line.starts_with("new file mode")) {
      f.status = Status::added;
    } else if (line.starts_with("deleted file mode")) {
      f.status = Status::deleted;
    } else if (line.starts_with("rename from ") || line.starts_with("copy from ")) {
      const std::size_t skip = line.starts_with("rename") ? 12 : 10;
      f.old_path = core::normalize_path(required_path(at + skip, line.substr(skip)));
      f.status = line.starts_with("rename") ? Status::renamed : Status::copied;
      m_file->renamed_paths = true;
      if (f.path.empty()) {
        f.path = f.old_path;
      }
    } else if (line.starts_with("rename to ") || line.starts_with("copy to ")) {
      const std::size_t skip = line.starts_with("rename") ? 10 : 8;
      f.path = core::normalize_path(required_path(at + skip, line.substr(skip)));
      m_file->renamed_paths = true;
    } else if (line.starts_with("Binary files ") || line.starts_with("GIT binary patch")) {
      f.binary = true;
    }
    // index, old mode, new mode, similarity index, dissimilarity index: nothing to keep.
  }

  const core::SourceText& m_text;
  std::string_view m_s;
  model::ChangedLines m_out;
  std::optional<Pending> m_file;
  bool m_in_hunk = false;
  std::uint32_t m_new_line = 0;
  std::uint64_t m_new_remaining = 0;
};

} // namespace

model::ChangedLines parse_unified_diff(const core::SourceText& text) {
  return DiffParser(text).run();
}

} // namespace covbar::parsers
