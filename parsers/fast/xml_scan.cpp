#include "parsers/fast/xml_scan.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace covbar::parsers::fast {
namespace {

bool is_name_end(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '>' || c == '/';
}

/// Offset just past the markup that starts at `at` (which holds '<') when it is a comment,
/// CDATA section, processing instruction or declaration; `at` itself otherwise.
std::size_t skip_special(std::string_view s, std::size_t at) {
  const std::string_view rest = s.substr(at);
  auto past = [&](std::string_view terminator, std::size_t from) {
    const auto end = s.find(terminator, at + from);
    return end == std::string_view::npos ? s.size() : end + terminator.size();
  };
  if (rest.starts_with("<!--")) {
    return past("-->", 4);
  }
  if (rest.starts_with("<![CDATA[")) {
    return past("]]>", 9);
  }
  if (rest.starts_with("<?")) {
    return past("?>", 2);
  }
  if (rest.starts_with("<!")) {
    // Within an element: a '<' in an attribute value may start this, so no more than up to
    // the next '>' outside brackets is taken.
    int bracket = 0;
    for (std::size_t i = at + 2; i < s.size(); ++i) {
      if (s[i] == '[') {
        ++bracket;
      } else if (s[i] == ']') {
        --bracket;
      } else if (s[i] == '>' && bracket <= 0) {
        return i + 1;
      }
    }
    return s.size();
  }
  return at;
}

/// Offset just past the DOCTYPE (or other `<!` declaration) that starts at `at`, before the
/// root element, read as pugixml reads it: quoted literals, comments and processing
/// instructions are skipped whole (they may hold '>'), and each declaration of an internal
/// subset (`<!ENTITY x "y">`) ends with a '>' of its own.
std::size_t doctype_end(std::string_view s, std::size_t at) {
  // The offset of the last byte of `terminator` found from `from` on, or npos.
  const auto last_of = [&](std::string_view terminator, std::size_t from) {
    const auto found = s.find(terminator, from);
    return found == std::string_view::npos ? found : found + terminator.size() - 1;
  };
  std::size_t depth = 0;
  for (std::size_t i = at + 2; i < s.size(); ++i) {
    const std::string_view here = s.substr(i);
    std::size_t end = i; // the last byte of what starts here
    if (here.front() == '"' || here.front() == '\'') {
      end = last_of(here.substr(0, 1), i + 1);
    } else if (here.starts_with("<!--")) {
      end = last_of("-->", i + 4);
    } else if (here.starts_with("<?")) {
      end = last_of("?>", i + 2);
    } else if (here.starts_with("<!")) {
      ++depth;
    } else if (here.front() == '>') {
      if (depth == 0) {
        return i + 1;
      }
      --depth;
    }
    if (end == std::string_view::npos) {
      return s.size(); // a literal, comment or instruction left open
    }
    i = end;
  }
  return s.size();
}

/// Offset past the '>' closing the tag that starts at `at`, respecting quoted values.
std::size_t tag_end(std::string_view s, std::size_t at, bool& self_closing) {
  char quote = 0;
  for (std::size_t i = at + 1; i < s.size(); ++i) {
    const char c = s[i];
    if (quote != 0) {
      if (c == quote) {
        quote = 0;
      }
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '>') {
      self_closing = s[i - 1] == '/';
      return i + 1;
    }
  }
  self_closing = false;
  return s.size();
}

bool tag_named(std::string_view s, std::size_t name_at, std::string_view name) {
  return s.substr(name_at, name.size()) == name && name_at + name.size() < s.size() &&
         is_name_end(s[name_at + name.size()]);
}

/// End offset of the element opened at `at`.
std::size_t element_end(std::string_view s, std::size_t at, std::string_view name) {
  bool self_closing = false;
  std::size_t i = tag_end(s, at, self_closing);
  if (self_closing) {
    return i;
  }
  int depth = 1;
  while (i < s.size()) {
    const void* found = std::memchr(s.data() + i, '<', s.size() - i);
    if (found == nullptr) {
      return s.size();
    }
    i = static_cast<std::size_t>(static_cast<const char*>(found) - s.data());
    const std::size_t skipped = skip_special(s, i);
    if (skipped != i) {
      i = skipped;
      continue;
    }
    if (i + 1 < s.size() && s[i + 1] == '/' && tag_named(s, i + 2, name)) {
      bool unused = false;
      const std::size_t end = tag_end(s, i, unused);
      if (--depth == 0) {
        return end;
      }
      i = end;
    } else if (tag_named(s, i + 1, name)) {
      bool inner_self_closing = false;
      i = tag_end(s, i, inner_self_closing);
      depth += inner_self_closing ? 0 : 1;
    } else {
      // Past the whole tag: a '<' inside an attribute value is text (to pugixml too), not
      // the start of markup.
      bool unused = false;
      i = tag_end(s, i, unused);
    }
  }
  return s.size();
}

/// Offset past the white space, comments and processing instructions from `at` on: what XML
/// allows after the root element.
std::size_t misc_end(std::string_view s, std::size_t at) {
  while (at < s.size()) {
    const char c = s[at];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      ++at;
    } else if (s.substr(at).starts_with("<!--") || s.substr(at).starts_with("<?")) {
      const bool comment = s.substr(at).starts_with("<!--");
      if (s.find(comment ? "-->" : "?>", at + (comment ? 4 : 2)) == std::string_view::npos) {
        break; // never closed: not white space, a comment or an instruction, so refused
      }
      at = skip_special(s, at);
    } else {
      break;
    }
  }
  return at;
}

} // namespace

std::size_t XmlSplit::input_offset(std::size_t skeleton_offset) const {
  auto it =
      std::upper_bound(skeleton_origins.begin(), skeleton_origins.end(), skeleton_offset,
                       [](std::size_t value, const auto& origin) { return value < origin.first; });
  if (it == skeleton_origins.begin()) {
    return skeleton_offset;
  }
  --it;
  return it->second + (skeleton_offset - it->first);
}

XmlSplit split_elements(std::string_view bytes, std::string_view name,
                        const std::function<void(std::size_t)>& scanned,
                        const std::function<bool(const Span&)>& keep) {
  constexpr std::size_t k_report_every = 8U << 20U;
  std::size_t next_report = k_report_every;
  XmlSplit split;
  std::size_t copied_to = 0; // input offset up to which the skeleton holds the input
  auto copy_skeleton = [&](std::size_t until) {
    if (until > copied_to) {
      split.skeleton_origins.emplace_back(split.skeleton.size(), copied_to);
      split.skeleton.append(bytes.substr(copied_to, until - copied_to));
      copied_to = until;
    }
  };
  std::size_t depth = 0; // of the skeleton's open elements
  std::size_t i = 0;
  while (i < bytes.size()) {
    const void* found = std::memchr(bytes.data() + i, '<', bytes.size() - i);
    if (found == nullptr) {
      break;
    }
    i = static_cast<std::size_t>(static_cast<const char*>(found) - bytes.data());
    const std::string_view here = bytes.substr(i);
    const bool doctype = depth == 0 && here.starts_with("<!") && !here.starts_with("<!--") &&
                         !here.starts_with("<![CDATA[");
    const std::size_t skipped = doctype ? doctype_end(bytes, i) : skip_special(bytes, i);
    if (skipped != i) {
      i = skipped;
      continue;
    }
    if (tag_named(bytes, i + 1, name)) {
      const std::size_t end = element_end(bytes, i, name);
      copy_skeleton(i);
      if (!keep || keep(Span{i, end})) {
        split.elements.push_back({i, end});
      }
      copied_to = end;
      i = end;
      if (scanned && i >= next_report) {
        scanned(i);
        next_report = i + k_report_every;
      }
      continue;
    }
    bool self_closing = false;
    const bool closing = i + 1 < bytes.size() && bytes[i + 1] == '/';
    i = tag_end(bytes, i, self_closing);
    if (closing && depth > 0) {
      --depth;
    } else if (!closing && !self_closing) {
      ++depth;
    }
    if (depth == 0) {
      // The root element has ended: the skeleton ends with it, and only white space,
      // comments and processing instructions may follow.
      copy_skeleton(i);
      split.trailing = misc_end(bytes, i);
      if (split.trailing == bytes.size()) {
        split.trailing = std::string_view::npos;
      }
      return split;
    }
  }
  copy_skeleton(bytes.size());
  return split;
}

} // namespace covbar::parsers::fast
