#include "parsers/detect.hpp"

#include "parsers/cobertura.hpp"
#include "parsers/istanbul_final.hpp"
#include "parsers/istanbul_summary.hpp"
#include "parsers/lcov.hpp"

namespace covbar::parsers {
namespace {

constexpr const char* k_expected_report =
    "a coverage report (Cobertura XML, an LCOV tracefile or istanbul JSON)";

bool starts_lcov_record(std::string_view s) {
  for (const std::string_view tag : {"TN:", "SF:", "VER:", "FN:", "DA:", "#"}) {
    if (s.starts_with(tag)) {
      return true;
    }
  }
  return false;
}

} // namespace

std::optional<Format> format_from_name(std::string_view name) {
  if (name == "cobertura") {
    return Format::cobertura;
  }
  if (name == "lcov") {
    return Format::lcov;
  }
  if (name == "istanbul" || name == "istanbul-final") {
    return Format::istanbul_final;
  }
  if (name == "istanbul-summary") {
    return Format::istanbul_summary;
  }
  return std::nullopt;
}

std::string_view format_name(Format format) {
  switch (format) {
  case Format::cobertura:
    return "cobertura";
  case Format::lcov:
    return "lcov";
  case Format::istanbul_final:
    return "istanbul";
  case Format::istanbul_summary:
    return "istanbul-summary";
  }
  return "unknown";
}

Format detect_format(const core::SourceText& text) {
  std::string_view s = text.bytes();
  std::size_t at = 0;
  if (s.starts_with("\xEF\xBB\xBF")) {
    at = 3;
  }
  at = s.find_first_not_of(" \t\r\n", at);
  if (at == std::string_view::npos) {
    throw text.error_at(s.size(), k_expected_report,
                        s.empty() ? "an empty file" : "only white space");
  }
  const std::string_view rest = s.substr(at);
  if (rest.front() == '<') {
    return Format::cobertura;
  }
  if (rest.front() == '{') {
    const std::string_view head = rest.substr(0, 1U << 16U);
    if (head.find("\"statementMap\"") != std::string_view::npos) {
      return Format::istanbul_final;
    }
    if (head.find("\"total\"") != std::string_view::npos &&
        head.find("\"covered\"") != std::string_view::npos) {
      return Format::istanbul_summary;
    }
    const auto inner = rest.find_first_not_of(" \t\r\n", 1);
    if (inner != std::string_view::npos && rest[inner] == '}') {
      return Format::istanbul_final; // `{}`: coverage-final.json of a run that loaded no file
    }
    throw text.error_at(at,
                        "istanbul JSON (coverage-final.json with \"statementMap\" or "
                        "coverage-summary.json with \"total\")",
                        "a JSON object with neither");
  }
  if (starts_lcov_record(rest)) {
    return Format::lcov;
  }
  throw text.error_at(at, k_expected_report);
}

model::CoverageReport parse_report(const core::SourceText& text, std::optional<Format> format,
                                   const FileFilter& wanted) {
  switch (format ? *format : detect_format(text)) {
  case Format::cobertura:
    return parse_cobertura(text, wanted);
  case Format::lcov:
    return parse_lcov(text, wanted);
  case Format::istanbul_final:
    return parse_istanbul_final(text, wanted);
  case Format::istanbul_summary:
    return parse_istanbul_summary(text);
  }
  return {};
}

} // namespace covbar::parsers
