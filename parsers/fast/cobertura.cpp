#include "parsers/fast/cobertura.hpp"

#include <algorithm>
#include <cstring>
#include <iterator>
#include <optional>
#include <string_view>

#include "parsers/cobertura_xml.hpp"
#include "parsers/fast/xml_scan.hpp"
#include "parsers/numbers.hpp"
#include "src/core/pipeline.hpp"

namespace covbar::parsers::fast {
namespace {

/// Classes are parsed in groups of about this size.
constexpr std::size_t k_chunk_bytes = 4U << 20U;

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

/// Several <class> elements, parsed as one buffer.
struct Chunk {
  std::vector<Span> classes;
};

struct ChunkResult {
  std::vector<model::FileCoverage> files;
  ClassesSeen seen;
};

/// A chunk's classes copied into one buffer, each one's own plain <lines> read by
/// LinesScanner and cut out, the rest parsed by pugixml in place and read by ClassReader.
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
    bool saw_branches = false;
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
        char* const first = m_buffer.data() + at + region->first;
        char* const last = m_buffer.data() + at + region->second;
        bool branches = false;
        if (LinesScanner(first, last).run(fast, branches)) {
          std::memmove(first, last, class_size - region->second);
          m_origins.emplace_back(at + region->first, span.begin + region->second);
          class_size -= region->second - region->first;
          saw_branches |= branches;
        } else {
          fast.clear();
        }
      }
      m_fast_lines.push_back(std::move(fast));
      at += class_size;
    }
    size = at;
    const ToInput to_input = [this](std::size_t offset) { return input_offset(offset); };
    refuse_forbidden_characters(m_text, std::string_view(m_buffer.data(), size), to_input);
    pugi::xml_document doc;
    const auto result = doc.load_buffer_inplace(
        m_buffer.data(), size, pugi::parse_escapes | pugi::parse_fragment, pugi::encoding_utf8);
    if (!result) {
      throw m_text.error_at(input_offset(static_cast<std::size_t>(result.offset)),
                            expected_for(result.status));
    }
    ClassReader reader(m_text, m_buffer.data(), to_input);
    if (saw_branches) {
      reader.saw_branches();
    }
    ChunkResult out;
    std::size_t index = 0;
    for (const auto& node : doc.children()) {
      if (node.type() != pugi::node_element) {
        continue;
      }
      if (std::strcmp(node.name(), "class") != 0 || index == m_fast_lines.size()) {
        throw m_text.error_at(input_offset(static_cast<std::size_t>(node.offset_debug())),
                              "a <class> element");
      }
      check_tree(m_text, node, m_buffer.data(), to_input);
      out.files.push_back(reader.read(node, &m_fast_lines[index]));
      ++index;
    }
    out.seen = reader.seen();
    return out;
  }

private:
  [[nodiscard]] std::size_t input_offset(std::size_t offset) const {
    auto it = std::upper_bound(m_origins.begin(), m_origins.end(), offset,
                               [](std::size_t v, const auto& o) { return v < o.first; });
    --it;
    return it->second + (offset - it->first);
  }

  const core::SourceText& m_text;
  const Chunk& m_chunk;
  std::vector<char> m_buffer;
  std::vector<std::pair<std::size_t, std::size_t>> m_origins;
  /// Per class, in order: the lines LinesScanner read (empty when it read none).
  std::vector<model::LineTable> m_fast_lines;
};

/// The skeleton (the document without its classes) checked, and the report's header read.
void read_skeleton(const core::SourceText& text, const XmlSplit& split,
                   model::CoverageReport& report) {
  pugi::xml_document doc;
  std::string skeleton = split.skeleton; // parsed in place, so attribute values keep offsets
  const ToInput to_input = [&](std::size_t offset) { return split.input_offset(offset); };
  refuse_forbidden_characters(text, skeleton, to_input);
  const auto result = doc.load_buffer_inplace(skeleton.data(), skeleton.size(), k_document_options,
                                              pugi::encoding_utf8);
  if (!result) {
    refuse_document(text, result, split.skeleton.size(), to_input);
  }
  for (const auto& node : doc.children()) {
    if (node.type() == pugi::node_doctype && std::strstr(node.value(), "<!ENTITY") != nullptr) {
      throw text.error_at(text.bytes().find("<!ENTITY"),
                          "no entity declarations (covbar never expands XML entities)", "<!ENTITY");
    }
  }
  check_tree(text, doc, skeleton.data(), to_input);
  if (split.trailing != std::string_view::npos) {
    throw text.error_at(split.trailing, k_nothing_after_root);
  }
  read_header(text, doc.document_element(), skeleton.data(), to_input, report);
}

} // namespace

model::CoverageReport parse_cobertura(const core::SourceText& text, const FileFilter& wanted) {
  // The split checks the skeleton before it hands over any class, so the report's own
  // faults (not Cobertura, a Clover report, cut off) are reported before any class's, as
  // the reference reader reports them; then it hands over groups of classes.
  model::CoverageReport report;
  ClassesSeen seen;
  const auto split = [&](const std::function<void(Chunk)>& emit) {
    const auto keep = [&](const Span& span) {
      return wanted_class(text.bytes(), span.begin, wanted);
    };
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
  const auto parse = [&](const Chunk& chunk, std::size_t) {
    ChunkResult result = ChunkParser(text, chunk).run();
    text.release(chunk.classes.front().begin, chunk.classes.back().end);
    return result;
  };
  const auto join = [&](ChunkResult&& result, std::size_t) {
    seen.branches |= result.seen.branches;
    seen.methods |= result.seen.methods;
    std::move(result.files.begin(), result.files.end(), std::back_inserter(report.files));
  };
  core::split_parse_join<Chunk, ChunkResult>(split, parse, join,
                                             text.bytes().size() > k_chunk_bytes);
  finish_report(report, seen);
  return report;
}

} // namespace covbar::parsers::fast
