#pragma once

// Shared by the istanbul parsers only: reading simdjson values with located errors, and the
// file reader coverage-final.json's reference reader and accelerator share. Never included
// outside parsers/ (STYLE §2.2).

#include <simdjson.h>

#include <string>
#include <string_view>

#include "parsers/file_filter.hpp"
#include "parsers/json_chunk.hpp"
#include "src/core/source_text.hpp"
#include "src/core/utf8.hpp"
#include "src/model/coverage.hpp"

namespace covbar::parsers {

/// Reads values of one JsonChunk, turning simdjson's error codes into located InputErrors.
class JsonReader {
public:
  JsonReader(const core::SourceText& text, const JsonChunk& chunk) : m_text(text), m_chunk(chunk) {}

  /// Offset in the input of a pointer into the chunk's buffer.
  [[nodiscard]] std::size_t offset_of(const char* p) const {
    return m_chunk.input_offset(static_cast<std::size_t>(p - m_chunk.data()));
  }

  [[noreturn]] void fail_at(const char* p, const std::string& expected) const {
    throw m_text.error_at(offset_of(p), expected);
  }
  [[noreturn]] void fail_at(const char* p, const std::string& expected,
                            std::string_view found) const {
    throw m_text.error_at(offset_of(p), expected, core::describe_found(found));
  }
  /// As fail_at, with `found` a description rather than bytes from the input.
  [[noreturn]] void fail_described(const char* p, const std::string& expected,
                                   const std::string& found) const {
    throw m_text.error_at(offset_of(p), expected, found);
  }

  /// Where a value starts, for messages about it.
  const char* where(simdjson::ondemand::value& value) const {
    const std::string_view token = value.raw_json_token();
    return token.empty() ? m_chunk.data() : token.data();
  }

  /// After parser.iterate(): the document is not usable when this fails, so the location
  /// comes from the bytes (found by fuzzing: asking the failed document was undefined).
  void check_iterate(simdjson::error_code error) const {
    if (error == simdjson::SUCCESS) {
      return;
    }
    const std::string_view json = m_chunk.json();
    const std::size_t bad = core::first_invalid_utf8(json);
    if (bad != std::string_view::npos) {
      throw m_text.error_at(offset_of(m_chunk.data() + bad), "UTF-8 text",
                            "a byte that is not UTF-8");
    }
    if (error == simdjson::UNESCAPED_CHARS) {
      if (const std::size_t control = unescaped_control(json); control != std::string_view::npos) {
        throw m_text.error_at(offset_of(m_chunk.data() + control),
                              "a control character escaped within a JSON string");
      }
    }
    // simdjson does not say where: the error names the document, at its top-level value
    // (whatever part of it this chunk holds, so that every reader says the same).
    const std::string_view bytes = m_text.bytes();
    std::size_t at = bytes.starts_with("\xEF\xBB\xBF") ? 3 : 0;
    while (at < bytes.size() &&
           (bytes[at] == ' ' || bytes[at] == '\n' || bytes[at] == '\r' || bytes[at] == '\t')) {
      ++at;
    }
    throw m_text.error_at(at,
                          std::string("a JSON document (") + simdjson::error_message(error) + ")");
  }

  void check(simdjson::error_code error, simdjson::ondemand::document& doc,
             const std::string& expected) const {
    if (error != simdjson::SUCCESS) {
      const char* p = nullptr;
      if (doc.current_location().get(p) != simdjson::SUCCESS || p == nullptr) {
        p = m_chunk.data() + m_chunk.json().size();
      }
      fail_at(p, expected + " (" + simdjson::error_message(error) + ")");
    }
  }

  simdjson::ondemand::object object(simdjson::ondemand::value& value, const char* what) const {
    simdjson::ondemand::object out;
    if (value.get_object().get(out) != simdjson::SUCCESS) {
      fail_at(where(value), std::string("a JSON object for ") + what);
    }
    return out;
  }

  std::uint64_t count(simdjson::ondemand::value& value, const char* what) const {
    const char* at = where(value);
    std::uint64_t n = 0;
    const auto error = value.get_uint64().get(n);
    if (error == simdjson::SUCCESS) {
      return n;
    }
    const std::string_view token = value.raw_json_token();
    const bool negative = !token.empty() && token.front() == '-';
    const bool big = error == simdjson::NUMBER_OUT_OF_RANGE;
    // The token alone is the "found" clause: simdjson's raw token runs to the next value.
    fail_at(at,
            std::string(what) + (negative ? " as a non-negative integer"
                                 : big    ? " no larger than 18446744073709551615"
                                          : " as an integer"),
            token.substr(0, token.find_first_of(",}] \t\r\n")));
  }

  /// A line or column; null (which some producers write for unknown columns) reads as 0.
  /// c8 writes column -1 for "before the first column"; columns only tell statements apart,
  /// so a negative one is kept as a distinct value (0xFFFFFFFF) rather than refused.
  std::uint32_t position(simdjson::ondemand::value& value, const char* what,
                         bool allow_negative = false) const {
    std::uint64_t fast = 0;
    if (value.get_uint64().get(fast) == simdjson::SUCCESS && fast <= 0xFFFF'FFFFULL) {
      return static_cast<std::uint32_t>(fast); // the usual case, read once
    }
    bool is_null = false;
    if (value.is_null().get(is_null) == simdjson::SUCCESS && is_null) {
      return 0;
    }
    const char* at = where(value);
    std::int64_t signed_value = 0;
    if (allow_negative && value.get_int64().get(signed_value) == simdjson::SUCCESS &&
        signed_value < 0) {
      return 0xFFFF'FFFFU;
    }
    const std::uint64_t n = count(value, what);
    if (n > 0xFFFF'FFFFULL) {
      fail_at(at, std::string(what) + " no larger than 4294967295");
    }
    return static_cast<std::uint32_t>(n);
  }

  std::string_view string(simdjson::ondemand::value& value, const char* what) const {
    std::string_view out;
    if (value.get_string().get(out) != simdjson::SUCCESS) {
      fail_at(where(value), std::string("a JSON string for ") + what);
    }
    return out;
  }

  std::string_view key(simdjson::ondemand::field& field) const {
    std::string_view out;
    const char* quote = field.key().raw() - 1; // before unescaped_key() consumes the key
    if (field.unescaped_key().get(out) != simdjson::SUCCESS) {
      fail_at(quote, "an object key");
    }
    return out;
  }

private:
  /// The first control character written as such inside a string of `json`, or npos.
  static std::size_t unescaped_control(std::string_view json) {
    bool in_string = false;
    for (std::size_t i = 0; i < json.size(); ++i) {
      const auto c = static_cast<unsigned char>(json[i]);
      if (!in_string) {
        in_string = c == '"';
      } else if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      } else if (c < 0x20) {
        return i;
      }
    }
    return std::string_view::npos;
  }

  const core::SourceText& m_text;
  const JsonChunk& m_chunk;
};

/// One file's coverage from its value in coverage-final.json (parsers/istanbul_final.cpp):
/// `key` is the member's key, the path when the value holds none.
model::FileCoverage read_file_coverage(const JsonReader& json, simdjson::ondemand::document& doc,
                                       std::string_view key, simdjson::ondemand::value& value);

/// Whether coverage-final.json's top-level object is one file's coverage (istanbul's
/// FileCoverage.toJSON) rather than a map from paths to files: its first key is one of the
/// fields istanbul-lib-coverage gives a file's coverage (its writers put "path" first).
/// Decided from the first key, before anything is parsed, so the object is parsed once
/// whichever shape it has.
bool one_file_shape(std::string_view bytes);

/// Whether a member of the top-level object is read under `wanted`, asked with its key as
/// written: a key with an escape is always kept (the filter sees plain text only).
bool wanted_key(std::string_view raw_key, const FileFilter& wanted);

} // namespace covbar::parsers
