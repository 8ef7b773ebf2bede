#include "parsers/cobertura.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string_view>

#include <fmt/format.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "parsers/cobertura_xml.hpp"
#include "parsers/fast/cobertura.hpp"
#include "parsers/numbers.hpp"
#include "src/core/paths.hpp"
#include "src/model/merge.hpp"

namespace covbar::parsers {
namespace {

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

/// Whether XML 1.0 allows character `c` (production [2] Char).
bool xml_char(std::uint32_t c) {
  return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
         (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

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

std::optional<std::uint64_t> numeric_attribute(const pugi::xml_node& node, const char* name) {
  const auto parsed = parse_count(node.attribute(name).value());
  if (parsed.status != NumberStatus::ok) {
    return std::nullopt;
  }
  return parsed.value;
}

} // namespace

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

void refuse_document(const core::SourceText& text, const pugi::xml_parse_result& result,
                     std::size_t parsed_size, const ToInput& to_input) {
  std::string_view bytes = text.bytes();
  while (!bytes.empty() && (bytes.back() == '\n' || bytes.back() == '\r' || bytes.back() == ' ' ||
                            bytes.back() == '\t')) {
    bytes.remove_suffix(1);
  }
  const bool open_at_end = result.status == pugi::status_end_element_mismatch &&
                           static_cast<std::size_t>(result.offset) + 1 >= parsed_size;
  if (open_at_end || (!bytes.ends_with("</coverage>") && !bytes.ends_with("/>"))) {
    throw text.error_at(text.bytes().size(), "</coverage> closing the report");
  }
  throw text.error_at(to_input(static_cast<std::size_t>(result.offset)),
                      expected_for(result.status));
}

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
std::size_t forbidden_char_ref(std::string_view text) {
  std::size_t at = 0;
  while (true) {
    const void* found = std::memchr(text.data() + at, '&', text.size() - at);
    if (found == nullptr) {
      return std::string_view::npos;
    }
    at = static_cast<std::size_t>(static_cast<const char*>(found) - text.data());
    if (at + 1 >= text.size() || text[at + 1] != '#') {
      ++at;
      continue;
    }
    const bool hex = at + 2 < text.size() && text[at + 2] == 'x';
    std::size_t i = at + (hex ? 3 : 2);
    std::uint32_t value = 0;
    std::size_t digits = 0;
    for (; i < text.size() && text[i] != ';'; ++i, ++digits) {
      const char c = text[i];
      int digit = -1;
      if (c >= '0' && c <= '9') {
        digit = c - '0';
      } else if (hex && c >= 'a' && c <= 'f') {
        digit = c - 'a' + 10;
      } else if (hex && c >= 'A' && c <= 'F') {
        digit = c - 'A' + 10;
      }
      if (digit < 0) {
        return at;
      }
      value = std::min<std::uint32_t>(value * (hex ? 16U : 10U) + static_cast<std::uint32_t>(digit),
                                      0x110000U); // saturates: anything past U+10FFFF is refused
    }
    if (i == text.size() || digits == 0 || !xml_char(value)) {
      return at;
    }
    at = i + 1;
  }
}

std::size_t forbidden_byte(std::string_view text) {
  const auto forbidden = [](unsigned char c) {
    return c < 0x20 && c != '\t' && c != '\n' && c != '\r';
  };
  std::size_t i = 0;
#if defined(__SSE2__)
  // 16 bytes at a time: this runs over every byte pugixml parses.
  const __m128i below = _mm_set1_epi8(0x1F);
  for (; i + 16 <= text.size(); i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + i));
    const __m128i control = _mm_cmpeq_epi8(_mm_min_epu8(v, below), v);
    const __m128i allowed = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\t')),
                                                      _mm_cmpeq_epi8(v, _mm_set1_epi8('\n'))),
                                         _mm_cmpeq_epi8(v, _mm_set1_epi8('\r')));
    const auto mask = static_cast<unsigned>(_mm_movemask_epi8(_mm_andnot_si128(allowed, control)));
    if (mask != 0) {
      return i + static_cast<unsigned>(__builtin_ctz(mask));
    }
  }
#endif
  for (; i < text.size(); ++i) {
    if (forbidden(static_cast<unsigned char>(text[i]))) {
      return i;
    }
  }
  return std::string_view::npos;
}

void check_tree(const core::SourceText& text, const pugi::xml_node& top, const char* buffer,
                const ToInput& to_input) {
  const bool in_class = std::strcmp(top.name(), "class") == 0;
  std::vector<std::string_view> names;
  std::vector<std::string_view> sorted;
  pugi::xml_node node = top;
  while (true) {
    const bool element = node.type() == pugi::node_element;
    // Outside a class, a <class> is checked on its own (or left out by a filter).
    const bool other_class =
        element && !in_class && node != top && std::strcmp(node.name(), "class") == 0;
    if (element && !other_class) {
      if (in_class && node != top && std::strcmp(node.name(), "class") == 0) {
        throw text.error_at(to_input(static_cast<std::size_t>(node.offset_debug())),
                            "</class> before another <class> (classes do not nest)",
                            "<class> inside <class>");
      }
      names.clear();
      for (auto attr = node.first_attribute(); attr; attr = attr.next_attribute()) {
        names.emplace_back(attr.name());
      }
      if (const auto second = repeated_name(names, sorted); second != names.end()) {
        throw text.error_at(to_input(static_cast<std::size_t>(second->data() - buffer)),
                            "attributes of distinct names in one element",
                            fmt::format("a second '{}' attribute", *second));
      }
    }
    if (const auto child = node.first_child(); child && !other_class) {
      node = child;
      continue;
    }
    while (node != top && !node.next_sibling()) {
      node = node.parent();
    }
    if (node == top) {
      return;
    }
    node = node.next_sibling();
  }
}

bool wanted_class(std::string_view bytes, std::size_t tag, const FileFilter& wanted) {
  if (!wanted) {
    return true;
  }
  const std::string_view start = bytes.substr(tag, bytes.find('>', tag) - tag);
  const auto at = start.find(" filename=");
  if (at == std::string_view::npos || at + 11 >= start.size()) {
    return true;
  }
  const char quote = start[at + 10];
  const auto end = start.find(quote, at + 11);
  const std::string_view name =
      end == std::string_view::npos ? std::string_view() : start.substr(at + 11, end - at - 11);
  return name.empty() || name.find('&') != std::string_view::npos ||
         wanted(core::normalize_path(name));
}

void read_header(const core::SourceText& text, const pugi::xml_node& root, const char* buffer,
                 const ToInput& to_input, model::CoverageReport& report) {
  if (std::strcmp(root.name(), "coverage") != 0) {
    throw text.error_at(to_input(static_cast<std::size_t>(root.offset_debug())),
                        "a <coverage> root element (Cobertura)", fmt::format("<{}>", root.name()));
  }
  if (root.attribute("clover") || root.child("project")) {
    throw text.error_at(to_input(static_cast<std::size_t>(root.offset_debug())),
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
    report.declared.lines_offset =
        to_input(static_cast<std::size_t>(root.attribute("lines-valid").value() - buffer));
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

std::size_t ClassReader::offset_of(const char* p) const {
  return m_to_input(static_cast<std::size_t>(p - m_buffer));
}

std::size_t ClassReader::offset_of(const pugi::xml_node& node) const {
  return m_to_input(static_cast<std::size_t>(node.offset_debug()));
}

std::uint64_t ClassReader::count(const pugi::xml_attribute& attr, std::string_view what,
                                 std::uint64_t max) {
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
void ClassReader::read_conditions(const pugi::xml_attribute& attr, model::Line& line) {
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
  m_seen.branches = true;
}

model::Line ClassReader::read_line(const pugi::xml_node& node) {
  model::Line line;
  // One pass over the attributes: this runs for every line of the report.
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
        offset_of(node), fmt::format("<line> with a \"{}\" attribute", !number ? "number" : "hits"),
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
    m_seen.branches = true; // a branch line whose counts the producer left out
  }
  return line;
}

void ClassReader::read_lines(const pugi::xml_node& lines, model::FileCoverage& file) {
  for (auto node = lines.first_child(); node; node = node.next_sibling()) {
    if (node.type() == pugi::node_element && is(node.name(), "line")) {
      file.lines.push_back(read_line(node));
    }
  }
}

model::FileCoverage ClassReader::read(const pugi::xml_node& cls, model::LineTable* lines) {
  const auto filename = cls.attribute("filename");
  if (!filename) {
    throw m_text.error_at(offset_of(cls), "<class> with a \"filename\" attribute",
                          "<class> without it");
  }
  model::FileCoverage file;
  file.path = core::normalize_path(filename.value());
  file.kinds.lines = true;
  if (lines != nullptr) {
    file.lines = std::move(*lines);
  }
  for (const auto& own : cls.children("lines")) {
    read_lines(own, file);
  }
  const bool class_has_lines = !file.lines.empty();
  for (const auto& methods : cls.children("methods")) {
    for (const auto& method : methods.children("method")) {
      m_seen.methods = true;
      model::FileCoverage method_lines;
      for (const auto& own : method.children("lines")) {
        read_lines(own, method_lines);
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
  file.normalize();
  return file;
}

void finish_report(model::CoverageReport& report, const ClassesSeen& seen) {
  for (auto& file : report.files) {
    file.kinds.branches = seen.branches;
    file.kinds.functions = seen.methods;
  }
  model::fold_duplicate_files(report);
}

namespace {

/// Refuses anything after the root element of `doc` but white space, comments and
/// processing instructions (pugixml keeps neither of the last two as nodes).
void refuse_after_root(const core::SourceText& text, const pugi::xml_document& doc,
                       std::string_view buffer) {
  const auto after = doc.document_element().next_sibling();
  if (!after) {
    return;
  }
  std::size_t at = static_cast<std::size_t>(after.offset_debug());
  if (after.type() == pugi::node_element) {
    --at; // its '<'
  }
  while (buffer[at] == ' ' || buffer[at] == '\t' || buffer[at] == '\n' || buffer[at] == '\r') {
    ++at;
  }
  throw text.error_at(at, k_nothing_after_root);
}

/// Parses `buffer` in place as a fragment, so that pugixml keeps what follows the root
/// element (text included); a document without an element fails as pugixml would fail it.
/// A newline is appended first: pugixml replaces the last byte of a buffer parsed in place by
/// its terminator, and a last byte of text after the root would go unseen.
pugi::xml_parse_result parse_whole(pugi::xml_document& doc, std::string& buffer) {
  buffer.push_back('\n');
  auto result = doc.load_buffer_inplace(
      buffer.data(), buffer.size(), k_document_options | pugi::parse_fragment, pugi::encoding_utf8);
  if (result && !doc.document_element()) {
    result.status = pugi::status_no_document_element;
    result.offset = static_cast<std::ptrdiff_t>(buffer.size()) - 2;
  }
  return result;
}

} // namespace

model::CoverageReport parse_cobertura_reference(const core::SourceText& text,
                                                const FileFilter& wanted) {
  // Parsed in place (attribute values keep their offsets) from a copy: the input is mapped
  // read-only.
  std::string buffer(text.bytes());
  const ToInput same = [](std::size_t offset) { return offset; };
  // A byte or reference XML forbids is refused where it stands; once the document before it
  // is whole, it is something after the root element.
  const std::size_t byte = forbidden_byte(buffer);
  const std::size_t ref = forbidden_char_ref(std::string_view(buffer).substr(0, byte));
  if (const std::size_t bad = std::min(byte, ref); bad != std::string_view::npos) {
    std::string before = buffer.substr(0, bad);
    pugi::xml_document prefix;
    if (parse_whole(prefix, before)) {
      refuse_after_root(text, prefix, before);
      throw text.error_at(bad, k_nothing_after_root);
    }
    refuse_forbidden_characters(text, buffer, same);
  }
  pugi::xml_document doc;
  if (const auto result = parse_whole(doc, buffer); !result) {
    refuse_document(text, result, text.bytes().size(), same);
  }
  // The document without its classes first, as the accelerator checks its skeleton first.
  for (const auto& child : doc.children()) {
    if (child.type() == pugi::node_doctype && std::strstr(child.value(), "<!ENTITY") != nullptr) {
      throw text.error_at(text.bytes().find("<!ENTITY"),
                          "no entity declarations (covbar never expands XML entities)", "<!ENTITY");
    }
  }
  check_tree(text, doc, buffer.data(), same);
  refuse_after_root(text, doc, buffer);
  model::CoverageReport report;
  read_header(text, doc.document_element(), buffer.data(), same, report);
  // Then every outermost <class>, wherever it is, in document order.
  ClassReader classes(text, buffer.data(), same);
  pugi::xml_node node = doc.first_child();
  while (node) {
    const bool is_class =
        node.type() == pugi::node_element && std::strcmp(node.name(), "class") == 0;
    if (is_class &&
        wanted_class(text.bytes(), static_cast<std::size_t>(node.offset_debug()) - 1, wanted)) {
      check_tree(text, node, buffer.data(), same);
      report.files.push_back(classes.read(node));
    }
    if (!is_class && node.first_child()) {
      node = node.first_child();
      continue;
    }
    while (node && !node.next_sibling()) {
      node = node.parent();
    }
    if (node) {
      node = node.next_sibling();
    }
  }
  finish_report(report, classes.seen());
  return report;
}

model::CoverageReport parse_cobertura(const core::SourceText& text, const FileFilter& wanted) {
  return fast::parse_cobertura(text, wanted);
}

} // namespace covbar::parsers
