#include "src/core/glob.hpp"

namespace covbar::core {
namespace {

/// One character class at pattern[p] == '['; returns the index after `]`, or npos when the
/// class is not closed (then `[` is literal).
std::size_t class_end(std::string_view pattern, std::size_t p) {
  std::size_t i = p + 1;
  if (i < pattern.size() && (pattern[i] == '!' || pattern[i] == '^')) {
    ++i;
  }
  if (i < pattern.size() && pattern[i] == ']') {
    ++i; // a leading ] is a member
  }
  for (; i < pattern.size(); ++i) {
    if (pattern[i] == ']') {
      return i + 1;
    }
  }
  return std::string_view::npos;
}

bool class_matches(std::string_view cls, char c) {
  // cls is "[...]"
  std::size_t i = 1;
  bool negate = false;
  if (cls[i] == '!' || cls[i] == '^') {
    negate = true;
    ++i;
  }
  bool found = false;
  const std::size_t end = cls.size() - 1;
  for (bool first = true; i < end; first = false) {
    char lo = cls[i];
    if (lo == ']' && !first) {
      break;
    }
    if (i + 2 < end && cls[i + 1] == '-') {
      found = found || (c >= lo && c <= cls[i + 2]);
      i += 3;
    } else {
      found = found || c == lo;
      ++i;
    }
  }
  return found != negate && c != '/';
}

/// Matches one segment pattern (no `/`) against one path segment.
bool segment_match(std::string_view pat, std::string_view seg) {
  std::size_t p = 0;
  std::size_t s = 0;
  std::size_t star_p = std::string_view::npos;
  std::size_t star_s = 0;
  while (s < seg.size()) {
    if (p < pat.size()) {
      const char c = pat[p];
      if (c == '*') {
        star_p = p++;
        star_s = s;
        continue;
      }
      if (c == '?') {
        ++p;
        ++s;
        continue;
      }
      if (c == '[') {
        const std::size_t end = class_end(pat, p);
        if (end != std::string_view::npos) {
          if (class_matches(pat.substr(p, end - p), seg[s])) {
            p = end;
            ++s;
            continue;
          }
        } else if (seg[s] == '[') {
          ++p;
          ++s;
          continue;
        }
      } else if (c == seg[s]) {
        ++p;
        ++s;
        continue;
      }
    }
    if (star_p == std::string_view::npos) {
      return false;
    }
    p = star_p + 1;
    s = ++star_s;
  }
  while (p < pat.size() && pat[p] == '*') {
    ++p;
  }
  return p == pat.size();
}

std::string_view next_segment(std::string_view text, std::size_t& pos) {
  const std::size_t slash = text.find('/', pos);
  const std::size_t end = slash == std::string_view::npos ? text.size() : slash;
  std::string_view seg = text.substr(pos, end - pos);
  pos = slash == std::string_view::npos ? text.size() + 1 : slash + 1;
  return seg;
}

bool match_from(std::string_view pattern, std::size_t pp, std::string_view path, std::size_t sp) {
  while (pp <= pattern.size()) {
    std::size_t next_pp = pp;
    const std::string_view pseg = next_segment(pattern, next_pp);
    if (pseg == "**") {
      if (next_pp > pattern.size()) {
        return true; // trailing ** matches everything below, the rest included
      }
      // Zero or more whole segments.
      for (std::size_t s = sp; s <= path.size();) {
        if (match_from(pattern, next_pp, path, s)) {
          return true;
        }
        const std::size_t slash = path.find('/', s);
        if (slash == std::string_view::npos) {
          break;
        }
        s = slash + 1;
      }
      return false;
    }
    if (sp > path.size()) {
      return false;
    }
    std::size_t next_sp = sp;
    const std::string_view sseg = next_segment(path, next_sp);
    if (!segment_match(pseg, sseg)) {
      return false;
    }
    pp = next_pp;
    sp = next_sp;
  }
  return sp > path.size();
}

} // namespace

bool glob_match(std::string_view pattern, std::string_view path) {
  if (pattern.starts_with("./")) {
    pattern.remove_prefix(2);
  }
  return match_from(pattern, 0, path, 0);
}

} // namespace covbar::core
