#include "parsers/cobertura.hpp"

#include <algorithm>
#include <cstring>
#include <iterator>
#include <optional>
#include <string_view>

#include <fmt/format.h>
#include <pugixml.hpp>

#include "parsers/numbers.hpp"
#include "parsers/xml_scan.hpp"
#include "src/core/paths.hpp"
#include "src/core/pipeline.hpp"
#include "src/model/merge.hpp"

namespace covbar::parsers {
namespace {

constexpr std::size_t k_chunk_bytes = 4U << 20U;

/// What pugixml could not parse, phrased as what was expected.
std::string expected_for(pugi::xml_parse_status status) {
  switch (status) {
  case pugi::status_unrecognized_tag:
    return "an XML tag name";
  case pugi::status_bad_pi:
    return "a complete processing instruction";
  case pugi::status_bad_comment:
    return "a complete XML comment";
  case pugi::status_bad_cdata:
    return "a complete CDATA section";
  case pugi::status_bad_doctype:
    return "a complete document type declaration";
  case pugi::status_bad_pcdata:
    return "XML text";
  case pugi::status_bad_start_element:
    return "a complete start tag";
  case pugi::status_bad_attribute:
    return "an attribute like name=\"value\"";
  case pugi::status_bad_end_element:
    return "a complete end tag";
  case pugi::status_end_element_mismatch:
    return "an end tag matching the open element";
  case pugi::status_no_document_element:
    return "a <coverage> root element";
  default:
    return "well-formed XML";
  }
}

/// `name == literal`, compared inline: this runs for every attribute of every line.
template <std::size_t N>
bool is(const char* name, const char (&literal)[N]) {
  for (std::size_t i = 0; i < N; ++i) {
    if (name[i] != literal[i]) {
      return false;
    }
  }
  return true;
}

/// Refuses the first byte or character reference XML 1.0 forbids in `xml` (pugixml checks
/// neither: it stops at a NUL byte, and decodes `&#0;` into one), located through
/// `to_input(offset in xml)`.
template <typename ToInput>
void refuse_forbidden_characters(const core::SourceText& text, std::string_view xml,
                                 const ToInput& to_input) {
  const std::size_t byte = forbidden_byte(xml);
  const std::size_t ref = forbidden_char_ref(xml.substr(0, byte));
  if (ref != std::string_view::npos) {
    const std::size_t semicolon = xml.find(';', ref);
    const std::size_t length = semicolon == std::string_view::npos ? 16 : semicolon - ref + 1;
    throw text.error_at(to_input(ref), "a character reference to a character XML allows",
                        core::describe_found(xml.substr(ref, std::min<std::size_t>(length, 16))));
  }
  if (byte != std::string_view::npos) {
    throw text.error_at(
        to_input(byte), "a character XML allows",
        fmt::format("the control character \\x{:02x}", static_cast<unsigned char>(xml[byte])));
  }
}

/// A problem check_tree found.
struct TreeProblem {
  std::size_t offset; ///< in the parsed buffer
  std::string expected;
  std::string found;
};

/// The first name in `names` that an earlier one repeats, or names.end(). A few names (every
/// element Cobertura has) are compared pairwise; many are sorted in `scratch`, so that an
/// element with thousands of attributes costs n log n, not n squared.
std::vector<std::string_view>::const_iterator
repeated_name(const std::vector<std::string_view>& names, std::vector<std::string_view>& scratch) {
  constexpr std::size_t k_pairwise = 16;
  if (names.size() <= k_pairwise) {
    for (auto it = names.begin(); it != names.end(); ++it) {
      if (std::find(names.begin(), it, *it) != it) {
        return it;
      }
    }
    return names.end();
  }
  scratch.assign(names.begin(), names.end());
  std::sort(scratch.begin(), scratch.end());
  const auto twice = std::adjacent_find(scratch.begin(), scratch.end());
  if (twice == scratch.end()) {
    return names.end();
  }
  const auto first = std::find(names.begin(), names.end(), *twice);
  return std::find(first + 1, names.end(), *twice);
}

/// What pugixml does not check in the tree under `top` (inclusive): an element with two
/// attributes of one name, or (when `top` is a <class>) a <class> inside it, whose lines
/// would otherwise be dropped. Walked without recursion, however deep the nesting.
std::optional<TreeProblem> check_tree(const pugi::xml_node& top, const char* buffer) {
  const bool in_class = std::strcmp(top.name(), "class") == 0;
  std::vector<std::string_view> names;
  std::vector<std::string_view> sorted;
  pugi::xml_node node = top;
  while (true) {
    if (node.type() == pugi::node_element) {
      if (in_class && node != top && std::strcmp(node.name(), "class") == 0) {
        return TreeProblem{static_cast<std::size_t>(node.offset_debug()),
                           "</class> before another <class> (classes do not nest)",
                           "<class> inside <class>"};
      }
      names.clear();
      for (auto attr = node.first_attribute(); attr; attr = attr.next_attribute()) {
        names.emplace_back(attr.name());
      }
      if (const auto second = repeated_name(names, sorted); second != names.end()) {
        return TreeProblem{static_cast<std::size_t>(second->data() - buffer),
                           "attributes of distinct names in one element",
                           fmt::format("a second '{}' attribute", *second)};
      }
    }
    if (const auto child = node.first_child()) {
      node = child;
      continue;
    }
    while (node != top && !node.next_sibling()) {
      node = node.parent();
    }
    if (node == top) {
      return std::nullopt;
    }
    node = node.next_sibling();
  }
}

/// The fast path for the bulk of a report: a class's own `<lines>` whose every element is a
/// plain `<line number="N" hits="H" branch="true|false" condition-coverage="P% (C/T)"/>`
/// (any order of those attributes, the last two optional, double quotes, white space
/// between elements). Such a region is read here, byte for byte, and cut out of the
/// buffer pugixml parses, which then builds nodes only for the rest of the class. Anything
/// else in the region (another attribute, an entity, a comment, a bad number) returns false
/// and the region is left to pugixml and read_line, errors included.
class LinesScanner {
public:
  LinesScanner(const char* begin, const char* end) : m_p(begin), m_end(end) {}

  bool run(model::LineTable& lines, bool& saw_branches) {
    while (true) {
      skip_space();
      if (m_p == m_end) {
        return true;
      }
      model::Line line;
      if (!line_element(line, saw_branches)) {
        return false;
      }
      lines.push_back(line);
    }
  }

private:
  void skip_space() {
    while (m_p < m_end && (*m_p == ' ' || *m_p == '\n' || *m_p == '\r' || *m_p == '\t')) {
      ++m_p;
    }
  }
  bool literal(std::string_view text) {
    if (static_cast<std::size_t>(m_end - m_p) < text.size() ||
        std::memcmp(m_p, text.data(), text.size()) != 0) {
      return false;
    }
    m_p += text.size();
    return true;
  }
  /// Plain digits, no more than 19 (which cannot overflow) and at most `max`.
  bool number(std::uint64_t& out, std::uint64_t max) {
    const int digits = read_digits(m_p, m_end, out);
    if (digits == 0 || out > max) {
      return false;
    }
    m_p += digits;
    return true;
  }
  bool line_element(model::Line& line, bool& saw_branches) {
    if (!literal("<line ")) {
      return false;
    }
    bool has_number = false;
    bool has_hits = false;
    bool has_branch = false;
    bool has_conditions = false;
    bool branch = false;
    while (true) {
      skip_space();
      if (literal("/>")) {
        break;
      }
      std::uint64_t value = 0;
      if (literal("number=\"")) {
        if (has_number || !number(value, model::k_max_line) || value == 0 || !literal("\"")) {
          return false;
        }
        line.number = static_cast<std::uint32_t>(value);
        has_number = true;
      } else if (literal("hits=\"")) {
        if (has_hits || !number(value, UINT64_MAX) || !literal("\"")) {
          return false;
        }
        line.hits = value;
        has_hits = true;
      } else if (literal("branch=\"")) {
        if (has_branch) {
          return false;
        }
        if (literal("true\"")) {
          branch = true;
        } else if (!literal("false\"")) {
          return false;
        }
        has_branch = true;
      } else if (literal("condition-coverage=\"")) {
        std::uint64_t covered = 0;
        std::uint64_t total = 0;
        if (has_conditions || !number(value, UINT64_MAX) ||
            (literal(".") && !number(value, UINT64_MAX)) || !literal("% (") ||
            !number(covered, model::k_max_line_branches) || !literal("/") ||
            !number(total, model::k_max_line_branches) || covered > total || !literal(")\"")) {
          return false;
        }
        line.branches_covered = static_cast<std::uint16_t>(covered);
        line.branches_total = static_cast<std::uint16_t>(total);
        has_conditions = true;
      } else {
        return false;
      }
      if (m_p == m_end ||
          (*m_p != ' ' && *m_p != '/' && *m_p != '\n' && *m_p != '\t' && *m_p != '\r')) {
        return false; // attributes are separated by white space
      }
    }
    if (!has_number || !has_hits) {
      return false;
    }
    saw_branches |= has_conditions || branch;
    return true;
  }

  const char* m_p;
  const char* m_end;
};

/// Where the last `tag` starting before `end` is in `text`, or npos. It jumps from one
/// `tag[0]` to the one before with memrchr (vectorised): std::string_view::rfind compares at
/// every byte, and searching back over a class's `<lines>` that way was 40% of the time of
/// a Cobertura worker.
std::size_t rfind_tag(std::string_view text, std::string_view tag, std::size_t end) {
  end = std::min(end, text.size());
  while (end > 0) {
    const void* found = ::memrchr(text.data(), tag.front(), end);
    if (found == nullptr) {
      return std::string_view::npos;
    }
    const auto at = static_cast<std::size_t>(static_cast<const char*>(found) - text.data());
    if (text.substr(at).starts_with(tag)) {
      return at;
    }
    end = at;
  }
  return std::string_view::npos;
}

/// The byte range of `<class>` element text's own `<lines>` content, when it has one: the
/// last `</lines>`, followed only by white space and `</class>` (a method's lines are
/// followed by `</method>`), and the last `<lines>` before it. Both are found from the end,
/// so only the region itself is searched.
std::optional<std::pair<std::size_t, std::size_t>> class_lines(std::string_view cls) {
  const auto close = cls.rfind("</lines>");
  if (close == std::string_view::npos) {
    return std::nullopt;
  }
  std::size_t after = close + 8;
  while (after < cls.size() &&
         (cls[after] == ' ' || cls[after] == '\n' || cls[after] == '\r' || cls[after] == '\t')) {
    ++after;
  }
  if (cls.substr(after) != "</class>") {
    return std::nullopt;
  }
  const auto open = rfind_tag(cls, "<lines>", close);
  if (open == std::string_view::npos) {
    return std::nullopt;
  }
  return std::make_pair(open + 7, close);
}

/// Several <class> elements copied into one buffer, with where each came from.
struct Chunk {
  std::vector<Span> classes;
};

struct ChunkResult {
  std::vector<model::FileCoverage> files;
  bool saw_branches = false;
  bool saw_methods = false;
};

class ChunkParser {
public:
  ChunkParser(const core::SourceText& text, const Chunk& chunk) : m_text(text), m_chunk(chunk) {}

  ChunkResult run() {
    const std::string_view bytes = m_text.bytes();
    std::size_t size = 0;
    for (const auto& span : m_chunk.classes) {
      size += span.end - span.begin;
    }
    m_buffer.resize(size + 1);
    std::size_t at = 0;
    for (const auto& span : m_chunk.classes) {
      m_origins.emplace_back(at, span.begin);
      std::memcpy(m_buffer.data() + at, bytes.data() + span.begin, span.end - span.begin);
      // The class's own plain <lines> are read here and cut out of the buffer: pugixml then
      // parses `<lines></lines>`. (Blanked with spaces instead, they cost pugixml a fifth of
      // its time skipping them.) They are the class's last element, so only its closing tags
      // move; where they came from is added to the origins.
      model::LineTable fast;
      std::size_t class_size = span.end - span.begin;
      const std::string_view cls(m_buffer.data() + at, class_size);
      if (const auto region = class_lines(cls)) {
        bool saw_branches = false;
        char* const first = m_buffer.data() + at + region->first;
        char* const last = m_buffer.data() + at + region->second;
        if (LinesScanner(first, last).run(fast, saw_branches)) {
          std::memmove(first, last, class_size - region->second);
          m_origins.emplace_back(at + region->first, span.begin + region->second);
          class_size -= region->second - region->first;
          m_result.saw_branches |= saw_branches;
        } else {
          fast.clear();
        }
      }
      m_fast_lines.push_back(std::move(fast));
      at += class_size;
    }
    size = at;
    refuse_forbidden_characters(m_text, std::string_view(m_buffer.data(), size),
                                [this](std::size_t offset) { return input_offset(offset); });
    pugi::xml_document doc;
    const auto result = doc.load_buffer_inplace(
        m_buffer.data(), size, pugi::parse_escapes | pugi::parse_fragment, pugi::encoding_utf8);
    if (!result) {
      const auto offset = static_cast<std::size_t>(result.offset);
      throw m_text.error_at(input_offset(offset), expected_for(result.status));
    }
    std::size_t index = 0;
    for (const auto& node : doc.children()) {
      if (node.type() == pugi::node_element) {
        if (const auto problem = check_tree(node, m_buffer.data())) {
          throw m_text.error_at(input_offset(problem->offset), problem->expected, problem->found);
        }
        translate_class(node, index < m_fast_lines.size() ? &m_fast_lines[index] : nullptr);
        ++index;
      }
    }
    return std::move(m_result);
  }

private:
  [[nodiscard]] std::size_t input_offset(std::size_t offset) const {
    auto it = std::upper_bound(m_origins.begin(), m_origins.end(), offset,
                               [](std::size_t v, const auto& o) { return v < o.first; });
    --it;
    return it->second + (offset - it->first);
  }
  [[nodiscard]] std::size_t offset_of(const char* p) const {
    return input_offset(static_cast<std::size_t>(p - m_buffer.data()));
  }
  [[nodiscard]] std::size_t offset_of(const pugi::xml_node& node) const {
    return input_offset(static_cast<std::size_t>(node.offset_debug()));
  }

  std::uint64_t count(const pugi::xml_attribute& attr, std::string_view what, std::uint64_t max) {
    // Fast path for plain digits; anything else takes the checked path and its message.
    const char* p = attr.value();
    std::uint64_t fast = 0;
    const int digits = read_digits(p, p + 20, fast); // the NUL ends the digits first
    if (digits > 0 && p[digits] == '\0' && fast <= max) {
      return fast;
    }
    const auto parsed = parse_count(attr.value(), max);
    if (parsed.status != NumberStatus::ok) {
      throw m_text.error_at(offset_of(attr.value()), expected_count(what, parsed.status, max),
                            core::describe_found(attr.value()));
    }
    return parsed.value;
  }

  /// condition-coverage is written "50% (1/2)" by coverage.py and gcovr, "50.0% (1/2)" by
  /// others; only the parenthesised counts are read.
  void read_conditions(const pugi::xml_attribute& attr, model::Line& line) {
    const std::string_view value = attr.value();
    const auto open = value.find('(');
    const auto slash = value.find('/', open);
    const auto close = value.find(')', slash);
    const auto bad = [&] {
      return m_text.error_at(offset_of(attr.value()), "condition-coverage like '50% (1/2)'",
                             core::describe_found(value));
    };
    if (open == std::string_view::npos || slash == std::string_view::npos ||
        close == std::string_view::npos) {
      throw bad();
    }
    const auto covered =
        parse_count(value.substr(open + 1, slash - open - 1), model::k_max_line_branches);
    const auto total =
        parse_count(value.substr(slash + 1, close - slash - 1), model::k_max_line_branches);
    if (covered.status != NumberStatus::ok || total.status != NumberStatus::ok ||
        covered.value > total.value) {
      throw bad();
    }
    line.branches_covered = static_cast<std::uint16_t>(covered.value);
    line.branches_total = static_cast<std::uint16_t>(total.value);
    m_result.saw_branches = true;
  }

  model::Line read_line(const pugi::xml_node& node) {
    model::Line line;
    // One pass over the attributes (this runs for every line of the report; looking each
    // one up by name was a fifth of the parse).
    pugi::xml_attribute number;
    pugi::xml_attribute hits;
    pugi::xml_attribute conditions;
    bool branch = false;
    for (auto attr = node.first_attribute(); attr; attr = attr.next_attribute()) {
      const char* name = attr.name();
      if (is(name, "number")) {
        number = attr;
      } else if (is(name, "hits")) {
        hits = attr;
      } else if (is(name, "condition-coverage")) {
        conditions = attr;
      } else if (is(name, "branch")) {
        branch = is(attr.value(), "true");
      }
    }
    if (!number || !hits) {
      throw m_text.error_at(
          offset_of(node),
          fmt::format("<line> with a \"{}\" attribute", !number ? "number" : "hits"),
          "<line> without it");
    }
    line.number = static_cast<std::uint32_t>(count(number, "a line number", model::k_max_line));
    if (line.number == 0) {
      throw m_text.error_at(offset_of(number.value()), "a line number from 1", "'0'");
    }
    line.hits = count(hits, "a hit count", UINT64_MAX);
    if (conditions) {
      read_conditions(conditions, line);
    } else if (branch) {
      m_result.saw_branches = true; // a branch line whose counts the producer left out
    }
    return line;
  }

  void read_lines(const pugi::xml_node& lines, model::FileCoverage& file) {
    for (auto node = lines.first_child(); node; node = node.next_sibling()) {
      if (node.type() == pugi::node_element && is(node.name(), "line")) {
        file.lines.push_back(read_line(node));
      }
    }
  }

  void translate_class(const pugi::xml_node& cls, model::LineTable* fast_lines) {
    if (std::strcmp(cls.name(), "class") != 0) {
      throw m_text.error_at(offset_of(cls), "a <class> element");
    }
    const auto filename = cls.attribute("filename");
    if (!filename) {
      throw m_text.error_at(offset_of(cls), "<class> with a \"filename\" attribute",
                            "<class> without it");
    }
    model::FileCoverage file;
    file.path = core::normalize_path(filename.value());
    file.kinds.lines = true;
    if (fast_lines != nullptr) {
      file.lines = std::move(*fast_lines); // its own <lines>, read by LinesScanner
    }
    for (const auto& lines : cls.children("lines")) {
      read_lines(lines, file);
    }
    const bool class_has_lines = !file.lines.empty();
    for (const auto& methods : cls.children("methods")) {
      for (const auto& method : methods.children("method")) {
        m_result.saw_methods = true;
        model::FileCoverage method_lines;
        for (const auto& lines : method.children("lines")) {
          read_lines(lines, method_lines);
        }
        model::Function function;
        function.name = method.attribute("name").value();
        for (const auto& line : method_lines.lines) {
          function.line = function.line == 0 ? line.number : std::min(function.line, line.number);
          function.hits = std::max(function.hits, line.hits);
        }
        file.functions.push_back(std::move(function));
        // Some converters put lines only under <method>; others repeat the class's lines
        // there, which must not count twice.
        if (!class_has_lines) {
          file.lines.append(method_lines.lines);
        }
      }
    }
    m_result.files.push_back(std::move(file));
  }

  const core::SourceText& m_text;
  const Chunk& m_chunk;
  std::vector<char> m_buffer;
  std::vector<std::pair<std::size_t, std::size_t>> m_origins;
  /// Per class, in order: the lines LinesScanner read (empty when it read none).
  std::vector<model::LineTable> m_fast_lines;
  ChunkResult m_result;
};

std::optional<std::uint64_t> numeric_attribute(const pugi::xml_node& node, const char* name) {
  const auto parsed = parse_count(node.attribute(name).value());
  if (parsed.status != NumberStatus::ok) {
    return std::nullopt;
  }
  return parsed.value;
}

void read_skeleton(const core::SourceText& text, const XmlSplit& split,
                   model::CoverageReport& report) {
  pugi::xml_document doc;
  std::string skeleton = split.skeleton; // parsed in place, so attribute values keep offsets
  refuse_forbidden_characters(text, skeleton,
                              [&](std::size_t offset) { return split.input_offset(offset); });
  const auto result =
      doc.load_buffer_inplace(skeleton.data(), skeleton.size(),
                              pugi::parse_default | pugi::parse_doctype, pugi::encoding_utf8);
  if (!result) {
    // A report cut off mid-download fails here first, its elements left open: say so at the
    // end of the file rather than at the last element pugixml could not close.
    std::string_view bytes = text.bytes();
    while (!bytes.empty() && (bytes.back() == '\n' || bytes.back() == '\r' || bytes.back() == ' ' ||
                              bytes.back() == '\t')) {
      bytes.remove_suffix(1);
    }
    const bool open_at_end = result.status == pugi::status_end_element_mismatch &&
                             static_cast<std::size_t>(result.offset) + 1 >= split.skeleton.size();
    if (open_at_end || (!bytes.ends_with("</coverage>") && !bytes.ends_with("/>"))) {
      throw text.error_at(text.bytes().size(), "</coverage> closing the report");
    }
    throw text.error_at(split.input_offset(static_cast<std::size_t>(result.offset)),
                        expected_for(result.status));
  }
  for (const auto& node : doc.children()) {
    if (node.type() == pugi::node_doctype && std::strstr(node.value(), "<!ENTITY") != nullptr) {
      throw text.error_at(text.bytes().find("<!ENTITY"),
                          "no entity declarations (covbar never expands XML entities)", "<!ENTITY");
    }
  }
  if (const auto problem = check_tree(doc, skeleton.data())) {
    throw text.error_at(split.input_offset(problem->offset), problem->expected, problem->found);
  }
  if (split.trailing != std::string_view::npos) {
    throw text.error_at(split.trailing, "nothing after the root element but white space, "
                                        "comments and processing instructions");
  }
  const auto root = doc.document_element();
  if (std::strcmp(root.name(), "coverage") != 0) {
    throw text.error_at(split.input_offset(static_cast<std::size_t>(root.offset_debug())),
                        "a <coverage> root element (Cobertura)", fmt::format("<{}>", root.name()));
  }
  if (root.attribute("clover") || root.child("project")) {
    throw text.error_at(split.input_offset(static_cast<std::size_t>(root.offset_debug())),
                        "a Cobertura <coverage> root element",
                        "a Clover report, which covbar does not read");
  }
  for (const auto& source : root.child("sources").children("source")) {
    std::string value = source.child_value();
    const auto first = value.find_first_not_of(" \t\r\n");
    const auto last = value.find_last_not_of(" \t\r\n");
    if (first != std::string::npos) {
      report.source_roots.push_back(core::normalize_path(value.substr(first, last - first + 1)));
    }
  }
  const auto lines_valid = numeric_attribute(root, "lines-valid");
  const auto lines_covered = numeric_attribute(root, "lines-covered");
  if (lines_valid && lines_covered) {
    report.declared.lines = model::Counter{*lines_covered, *lines_valid};
    report.declared.lines_offset = split.input_offset(
        static_cast<std::size_t>(root.attribute("lines-valid").value() - skeleton.data()));
  }
  const auto branches_valid = numeric_attribute(root, "branches-valid");
  const auto branches_covered = numeric_attribute(root, "branches-covered");
  if (branches_valid && branches_covered) {
    report.declared.branches = model::Counter{*branches_covered, *branches_valid};
  }
  std::string producer = root.attribute("version").value();
  if (text.bytes().substr(0, 2048).find("coverage.py") != std::string_view::npos) {
    producer = "coverage.py " + producer;
  }
  report.origins.push_back({text.name(), "cobertura", producer});
}

/// The filename attribute of the <class> start tag at `span`, as written (entities left
/// alone: a name holding '&' is always kept, so the filter only ever sees plain text).
std::string_view class_filename(std::string_view bytes, const Span& span) {
  const std::string_view tag = bytes.substr(span.begin, bytes.find('>', span.begin) - span.begin);
  const auto at = tag.find(" filename=");
  if (at == std::string_view::npos || at + 11 >= tag.size()) {
    return {};
  }
  const char quote = tag[at + 10];
  const auto end = tag.find(quote, at + 11);
  return end == std::string_view::npos ? std::string_view() : tag.substr(at + 11, end - at - 11);
}

} // namespace

model::CoverageReport parse_cobertura(const core::SourceText& text, const FileFilter& wanted) {
  const auto keep = [&](const Span& span) {
    const std::string_view name = class_filename(text.bytes(), span);
    return name.empty() || name.find('&') != std::string_view::npos ||
           wanted(core::normalize_path(name));
  };
  // The split checks the skeleton before it hands over any class, so the report's own
  // faults (not Cobertura, a Clover report, cut off) are reported before any class's; then
  // it hands over groups of ~4 MB of classes.
  model::CoverageReport report;
  const auto split = [&](const std::function<void(Chunk)>& emit) {
    const XmlSplit xml = split_elements(
        text.bytes(), "class", [&](std::size_t done) { text.release(0, done); },
        wanted ? std::function<bool(const Span&)>(keep) : std::function<bool(const Span&)>());
    read_skeleton(text, xml, report);
    text.release(0, text.bytes().size()); // each group faults in only its own bytes
    Chunk chunk;
    std::size_t chunk_bytes = 0;
    for (const auto& span : xml.elements) {
      chunk.classes.push_back(span);
      chunk_bytes += span.end - span.begin;
      if (chunk_bytes >= k_chunk_bytes) {
        emit(std::move(chunk));
        chunk = {};
        chunk_bytes = 0;
      }
    }
    if (!chunk.classes.empty()) {
      emit(std::move(chunk));
    }
  };
  bool saw_branches = false;
  bool saw_methods = false;
  const auto parse = [&](const Chunk& chunk, std::size_t) {
    ChunkResult result = ChunkParser(text, chunk).run();
    text.release(chunk.classes.front().begin, chunk.classes.back().end);
    for (auto& file : result.files) {
      file.normalize();
    }
    return result;
  };
  const auto join = [&](ChunkResult&& result, std::size_t) {
    saw_branches |= result.saw_branches;
    saw_methods |= result.saw_methods;
    std::move(result.files.begin(), result.files.end(), std::back_inserter(report.files));
  };
  core::split_parse_join<Chunk, ChunkResult>(split, parse, join,
                                             text.bytes().size() > k_chunk_bytes);
  for (auto& file : report.files) {
    file.kinds.branches = saw_branches;
    file.kinds.functions = saw_methods;
  }
  model::fold_duplicate_files(report);
  return report;
}

} // namespace covbar::parsers
