#pragma once

// Shared by the Cobertura reference reader (parsers/cobertura.cpp) and its accelerator
// (parsers/fast/cobertura.cpp): pugixml's nodes into the model, and the checks pugixml does
// not make, with located errors. Never included outside parsers/ (STYLE §2.2).

#include <pugixml.hpp>

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/file_filter.hpp"
#include "src/core/source_text.hpp"
#include "src/model/coverage.hpp"

namespace covbar::parsers {

/// How a document (or its skeleton) is parsed: character references and CDATA read, the
/// DOCTYPE kept (to refuse entity declarations), values as written (no end-of-line or
/// attribute white space conversion, as in the classes the accelerator parses alone).
inline constexpr unsigned k_document_options =
    pugi::parse_escapes | pugi::parse_cdata | pugi::parse_doctype;

/// What XML allows after the root element, as the errors say it.
inline constexpr const char* k_nothing_after_root =
    "nothing after the root element but white space, comments and processing instructions";

/// Maps an offset in the buffer pugixml parsed to an offset in the input.
using ToInput = std::function<std::size_t(std::size_t)>;

/// What pugixml could not parse, phrased as what was expected.
std::string expected_for(pugi::xml_parse_status status);

/// Throws the error for a failed parse of `parsed_size` bytes (a whole document or its
/// skeleton): a document cut off mid-download, its elements left open, is refused at the
/// end of the file rather than at the last element pugixml could not close.
[[noreturn]] void refuse_document(const core::SourceText& text,
                                  const pugi::xml_parse_result& result, std::size_t parsed_size,
                                  const ToInput& to_input);

/// Refuses the first byte or character reference XML 1.0 forbids in `xml` (pugixml checks
/// neither: it stops at a NUL byte, and decodes `&#0;` into one).
void refuse_forbidden_characters(const core::SourceText& text, std::string_view xml,
                                 const ToInput& to_input);

/// Offset of the first character reference in `text` (`&#N;` or `&#xH;`) that is malformed
/// or names a character XML 1.0 forbids (NUL, other controls than tab, newline and
/// carriage return, surrogates, U+FFFE, U+FFFF, beyond U+10FFFF), or npos.
std::size_t forbidden_char_ref(std::string_view text);

/// Offset of the first byte in `text` that XML 1.0 forbids as such (a control character
/// other than tab, newline and carriage return), or npos.
std::size_t forbidden_byte(std::string_view text);

/// Refuses what pugixml does not check in the tree under `top` (inclusive): an element with
/// two attributes of one name, or (when `top` is a <class>) a <class> inside it, whose lines
/// would otherwise be dropped. `buffer` is what pugixml parsed.
void check_tree(const core::SourceText& text, const pugi::xml_node& top, const char* buffer,
                const ToInput& to_input);

/// Whether a caller wants the <class> whose start tag begins at `tag` in the input, asked
/// with its filename attribute as written (a name holding '&' is always kept, so the
/// filter only ever sees plain text; so is a tag whose filename this does not find).
bool wanted_class(std::string_view bytes, std::size_t tag, const FileFilter& wanted);

/// The root element's checks and the report's header: <coverage> (not Clover), <sources>,
/// the declared totals, the producer.
void read_header(const core::SourceText& text, const pugi::xml_node& root, const char* buffer,
                 const ToInput& to_input, model::CoverageReport& report);

/// What the classes read so far say about the whole report.
struct ClassesSeen {
  bool branches = false;
  bool methods = false;
};

/// Translates <class> elements into files, errors located through `to_input`.
class ClassReader {
public:
  ClassReader(const core::SourceText& text, const char* buffer, ToInput to_input)
      : m_text(text), m_buffer(buffer), m_to_input(std::move(to_input)) {}

  /// The file of `cls`; `lines`, when given, are its own <lines> already read (the
  /// accelerator's), which pugixml did not see.
  model::FileCoverage read(const pugi::xml_node& cls, model::LineTable* lines = nullptr);
  [[nodiscard]] const ClassesSeen& seen() const { return m_seen; }
  void saw_branches() { m_seen.branches = true; }

private:
  [[nodiscard]] std::size_t offset_of(const char* p) const;
  [[nodiscard]] std::size_t offset_of(const pugi::xml_node& node) const;
  std::uint64_t count(const pugi::xml_attribute& attr, std::string_view what, std::uint64_t max);
  void read_conditions(const pugi::xml_attribute& attr, model::Line& line);
  model::Line read_line(const pugi::xml_node& node);
  void read_lines(const pugi::xml_node& lines, model::FileCoverage& file);

  const core::SourceText& m_text;
  const char* m_buffer;
  ToInput m_to_input;
  ClassesSeen m_seen;
};

/// Sets every file's kinds from what the classes showed, and folds files listed twice.
void finish_report(model::CoverageReport& report, const ClassesSeen& seen);

} // namespace covbar::parsers
