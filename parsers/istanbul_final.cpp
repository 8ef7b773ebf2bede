#include "parsers/istanbul_final.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>
#include <optional>
#include <unordered_map>

#include <fmt/format.h>

#include "parsers/fast/istanbul_final.hpp"
#include "parsers/istanbul_json.hpp"
#include "parsers/numbers.hpp"
#include "src/core/paths.hpp"
#include "src/model/merge.hpp"

namespace covbar::parsers {
namespace {

namespace od = simdjson::ondemand;
struct Position {
  std::uint32_t line = 0;
  std::uint32_t column = 0;
};
struct Range {
  Position start;
  Position end;
};

/// istanbul keys its maps by strings, nearly always "0", "1", ...: those index a vector,
/// anything else a hash map. An id indexes the vector only while it stays within a few
/// times the entries already there (plus a small start), so memory and time grow with the
/// records of the file, never with an id's value: a single id 16777215 goes to the map.
template <typename T>
class IdTable {
public:
  T& operator[](std::string_view id) {
    if (const auto n = dense_index(id); n && *n <= 2 * m_dense_count + k_dense_start) {
      if (*n >= m_dense.size()) {
        m_dense.resize(*n + 1);
        m_present.resize(*n + 1, false);
      }
      if (!m_present[*n]) {
        m_present[*n] = true;
        ++m_dense_count;
      }
      return m_dense[*n];
    }
    return m_sparse[std::string(id)];
  }
  const T* find(std::string_view id) const {
    if (const auto n = dense_index(id); n && *n < m_dense.size() && m_present[*n]) {
      return &m_dense[*n];
    }
    if (m_sparse.empty()) {
      return nullptr;
    }
    const auto it = m_sparse.find(std::string(id));
    return it == m_sparse.end() ? nullptr : &it->second;
  }

private:
  static constexpr std::size_t k_dense_start = 1024;
  /// The number a canonical decimal id ("0", "17"; not "017" or "1e3") names.
  static std::optional<std::size_t> dense_index(std::string_view id) {
    std::size_t n = 0;
    const auto [ptr, ec] = std::from_chars(id.data(), id.data() + id.size(), n);
    if (ec == std::errc() && ptr == id.data() + id.size() &&
        (id.size() == 1 || id.front() != '0')) {
      return n;
    }
    return std::nullopt;
  }

  std::vector<T> m_dense;
  std::vector<bool> m_present;
  std::size_t m_dense_count = 0; ///< ids present in m_dense
  std::unordered_map<std::string, T> m_sparse;
};

struct FunctionMeta {
  std::string name;
  Position decl;
};

class FileReader {
public:
  FileReader(const JsonReader& json, od::document& doc) : m_json(json), m_doc(doc) {}

  model::FileCoverage read(std::string_view key, od::value& value) {
    model::FileCoverage file;
    file.kinds = {true, true, true, true};
    std::string path(key);
    od::object obj = m_json.object(value, "a file's coverage");
    // Counts are read after their maps in the usual key order, but the order is not
    // guaranteed: keep the counts with their ids and join at the end.
    std::vector<std::pair<std::string, std::uint64_t>> s;
    std::vector<std::pair<std::string, std::uint64_t>> f;
    std::vector<std::pair<std::string, std::vector<std::uint64_t>>> b;
    for (auto field_result : obj) {
      od::field field;
      m_json.check(std::move(field_result).get(field), m_doc, "an object member");
      const std::string_view name = m_json.key(field);
      od::value v = field.value();
      if (name == "path") {
        path = std::string(m_json.string(v, "\"path\""));
      } else if (name == "statementMap") {
        read_map(v, "statementMap", [&](std::string_view id, od::value& entry) {
          const char* at = m_json.where(entry);
          Range range;
          if (!compact_range(at, range)) {
            range = read_range(entry, "a statement location");
          }
          if (range.start.line == 0) {
            // Lines count from 1 in every format covbar reads (found by fuzzing).
            m_json.fail_described(at, "a statement starting at line 1 or later",
                                  "a start line of 0");
          }
          m_statements[id] = range;
        });
      } else if (name == "fnMap") {
        read_map(v, "fnMap", [&](std::string_view id, od::value& entry) {
          m_functions[id] = read_function(entry);
        });
      } else if (name == "branchMap") {
        read_map(v, "branchMap", [&](std::string_view id, od::value& entry) {
          m_branch_lines[id] = read_branch_line(entry);
        });
      } else if (name == "s" || name == "f") {
        auto& out = name == "s" ? s : f;
        read_map(v, name == "s" ? "s" : "f", [&](std::string_view id, od::value& entry) {
          out.emplace_back(std::string(id), m_json.count(entry, "a hit count"));
        });
      } else if (name == "b") {
        read_map(v, "b", [&](std::string_view id, od::value& entry) {
          b.emplace_back(std::string(id), read_counts(entry));
        });
      }
      // inputSourceMap, hash, _coverageSchema, all, bT: nothing the model keeps.
    }
    if (path.empty() || path.find('\0') != std::string::npos) {
      m_json.fail_at(m_json.where(value), "a file path that is not empty and holds no NUL byte");
    }
    file.path = core::normalize_path(path);
    join(file, s, f, b);
    file.normalize();
    return file;
  }

private:
  template <typename Fn>
  void read_map(od::value& value, const char* what, Fn&& fn) {
    od::object obj = m_json.object(value, what);
    for (auto field_result : obj) {
      od::field field;
      m_json.check(std::move(field_result).get(field), m_doc, std::string("a member of ") + what);
      const std::string_view id = m_json.key(field);
      od::value entry = field.value();
      fn(id, entry);
    }
  }

  /// The fast path for the bulk of a report, a location written the way istanbul and v8
  /// write it: `{"start":{"line":L,"column":C},"end":{"line":L,"column":C}}`, no spaces,
  /// numbers of up to 7 digits. Matched byte for byte (every byte of the value is checked
  /// here, and the chunk is padded, so reading 8 bytes past a number is safe); anything else
  /// returns false and the general reader takes the value. When it matches, the value is
  /// left unread and the object iteration steps over it.
  static bool compact_range(const char* p, Range& range) {
    const auto literal = [&p](std::string_view text) {
      if (std::memcmp(p, text.data(), text.size()) != 0) {
        return false;
      }
      p += text.size();
      return true;
    };
    const auto number = [&p](std::uint32_t& out) {
      std::uint64_t value = 0;
      const int digits = swar_digits(p, value);
      if (digits == 0 || (digits > 1 && *p == '0')) {
        return false; // none, too many, or a leading zero (not JSON)
      }
      p += digits;
      out = static_cast<std::uint32_t>(value);
      return true;
    };
    return literal("{\"start\":{\"line\":") && number(range.start.line) &&
           literal(",\"column\":") && number(range.start.column) &&
           literal("},\"end\":{\"line\":") && number(range.end.line) && literal(",\"column\":") &&
           number(range.end.column) && literal("}}");
  }

  Position read_position(od::value& value) {
    Position p;
    od::object obj = m_json.object(value, "a position");
    for (auto field_result : obj) {
      od::field field;
      m_json.check(std::move(field_result).get(field), m_doc, "a position member");
      // Raw key comparison: positions are most of an istanbul file, and these keys never
      // hold escapes.
      const simdjson::ondemand::raw_json_string name = field.key();
      od::value v = field.value();
      if (name == "line") {
        p.line = m_json.position(v, "a line number");
      } else if (name == "column") {
        p.column = m_json.position(v, "a column", true);
      }
    }
    return p;
  }

  Range read_range(od::value& value, const char* what) {
    Range r;
    od::object obj = m_json.object(value, what);
    for (auto field_result : obj) {
      od::field field;
      m_json.check(std::move(field_result).get(field), m_doc, "a location member");
      const simdjson::ondemand::raw_json_string name = field.key();
      od::value v = field.value();
      if (name == "start") {
        r.start = read_position(v);
      } else if (name == "end") {
        r.end = read_position(v);
      }
    }
    return r;
  }

  FunctionMeta read_function(od::value& value) {
    FunctionMeta meta;
    bool has_decl = false;
    std::uint32_t line_field = 0;
    Range loc;
    od::object obj = m_json.object(value, "a fnMap entry");
    for (auto field_result : obj) {
      od::field field;
      m_json.check(std::move(field_result).get(field), m_doc, "a fnMap member");
      const std::string_view name = m_json.key(field);
      od::value v = field.value();
      if (name == "name") {
        meta.name = std::string(m_json.string(v, "a function name"));
      } else if (name == "decl") {
        meta.decl = read_range(v, "a function declaration").start;
        has_decl = true;
      } else if (name == "loc") {
        loc = read_range(v, "a function location");
      } else if (name == "line") {
        line_field = m_json.position(v, "a line number");
      }
    }
    if (!has_decl) {
      meta.decl = loc.start.line != 0 ? loc.start : Position{line_field, 0};
    }
    return meta;
  }

  /// The line a branch belongs to: `line` when given, else loc.start.line, as
  /// istanbul-lib-coverage's getBranchCoverageByLine (`map.line || map.loc.start.line`).
  std::uint32_t read_branch_line(od::value& value) {
    std::uint32_t line_field = 0;
    std::uint32_t loc_line = 0;
    std::uint32_t first_location_line = 0;
    od::object obj = m_json.object(value, "a branchMap entry");
    for (auto field_result : obj) {
      od::field field;
      m_json.check(std::move(field_result).get(field), m_doc, "a branchMap member");
      const std::string_view name = m_json.key(field);
      od::value v = field.value();
      if (name == "line") {
        line_field = m_json.position(v, "a line number");
      } else if (name == "loc") {
        loc_line = read_range(v, "a branch location").start.line;
      } else if (name == "locations") {
        od::array arr;
        if (v.get_array().get(arr) != simdjson::SUCCESS) {
          m_json.fail_at(m_json.where(v), "a JSON array of branch locations");
        }
        for (auto item_result : arr) {
          od::value item;
          m_json.check(std::move(item_result).get(item), m_doc, "a branch location");
          const Range r = read_range(item, "a branch location");
          if (first_location_line == 0) {
            first_location_line = r.start.line;
          }
        }
      }
    }
    if (line_field != 0) {
      return line_field;
    }
    return loc_line != 0 ? loc_line : first_location_line;
  }

  std::vector<std::uint64_t> read_counts(od::value& value) {
    std::vector<std::uint64_t> counts;
    od::array arr;
    if (value.get_array().get(arr) != simdjson::SUCCESS) {
      m_json.fail_at(m_json.where(value), "a JSON array of branch counts");
    }
    for (auto item_result : arr) {
      od::value item;
      m_json.check(std::move(item_result).get(item), m_doc, "a branch count");
      counts.push_back(m_json.count(item, "a branch count"));
    }
    return counts;
  }

  void join(model::FileCoverage& file, const std::vector<std::pair<std::string, std::uint64_t>>& s,
            const std::vector<std::pair<std::string, std::uint64_t>>& f,
            const std::vector<std::pair<std::string, std::vector<std::uint64_t>>>& b) {
    // istanbul-lib-coverage: statements and functions are counted from `s` and `f`; a line
    // is each start line of a statement that has a location, its hits the largest count of
    // the statements starting there.
    std::vector<model::Line> lines;
    lines.reserve(s.size());
    file.statements.reserve(s.size()); // exactly: reports hold millions of statements
    for (const auto& [id, hits] : s) {
      model::Statement st;
      st.hits = hits;
      if (const Range* r = m_statements.find(id)) {
        st.start_line = r->start.line;
        st.start_column = r->start.column;
        st.end_line = r->end.line;
        st.end_column = r->end.column;
        model::Line line;
        line.number = r->start.line;
        line.hits = hits;
        lines.push_back(line);
      }
      file.statements.push_back(st);
    }
    // normalize() adds duplicate line hits; istanbul takes their maximum, so fold here.
    std::sort(lines.begin(), lines.end(),
              [](const model::Line& a, const model::Line& c) { return a.number < c.number; });
    std::size_t out = 0;
    for (std::size_t i = 0; i < lines.size(); ++i) {
      if (out > 0 && lines[out - 1].number == lines[i].number) {
        lines[out - 1].hits = std::max(lines[out - 1].hits, lines[i].hits);
      } else {
        lines[out++] = lines[i];
      }
    }
    lines.resize(out);
    file.lines.assign(lines);
    // A statement starting at line 0 (some v8 conversions) has no line istanbul would show
    // differently; it still counts as a line there, as in istanbul.
    for (const auto& [id, hits] : f) {
      model::Function fn;
      fn.hits = hits;
      if (const FunctionMeta* meta = m_functions.find(id)) {
        fn.name = meta->name;
        fn.line = meta->decl.line;
        fn.column = meta->decl.column;
      } else {
        fn.name = id;
      }
      file.functions.push_back(std::move(fn));
    }
    std::size_t arms = 0;
    for (const auto& entry : b) {
      arms += entry.second.size();
    }
    file.branches.reserve(arms);
    file.functions.reserve(f.size());
    std::uint32_t block = 0;
    for (const auto& [id, counts] : b) {
      const std::uint32_t* line = m_branch_lines.find(id);
      for (std::size_t arm = 0; arm < counts.size(); ++arm) {
        file.branches.push_back(model::Branch{line != nullptr ? *line : 0U, block,
                                              static_cast<std::uint32_t>(arm), counts[arm]});
      }
      ++block;
    }
  }

  const JsonReader& m_json;
  od::document& m_doc;
  IdTable<Range> m_statements;
  IdTable<FunctionMeta> m_functions;
  IdTable<std::uint32_t> m_branch_lines;
};

/// The key of `field` as written, escapes and all (the raw key simdjson points at ends at
/// the first quote no backslash escapes).
std::string_view raw_key(od::field& field) {
  const char* const begin = field.key().raw();
  const char* end = begin;
  while (*end != '"') {
    end += *end == '\\' ? 2 : 1;
  }
  return {begin, static_cast<std::size_t>(end - begin)};
}

/// Checks what simdjson's On Demand walk does not check in the values it steps over: every
/// string closed, brackets balanced (counted whatever their kind, as the walk counts them)
/// and nested at most k_max_json_depth deep, and nothing but white space after the
/// top-level value.
void check_structure(const core::SourceText& text) {
  const std::string_view s = text.bytes();
  const auto space = [](char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; };
  int depth = 0;
  bool in_string = false;
  std::size_t i = 0;
  for (; i < s.size(); ++i) {
    const char c = s[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > k_max_json_depth) {
        throw text.error_at(i, fmt::format("JSON nested at most {} deep", k_max_json_depth),
                            "deeper nesting");
      }
    } else if ((c == '}' || c == ']') && --depth <= 0) {
      ++i;
      break;
    }
  }
  if (in_string || depth > 0) {
    throw text.error_at(s.size(),
                        in_string ? "'\"' closing a string" : "the rest of a JSON object");
  }
  while (i < s.size() && space(s[i])) {
    ++i;
  }
  if (i < s.size()) {
    throw text.error_at(i, "end of file after the top-level object");
  }
}

} // namespace

model::FileCoverage read_file_coverage(const JsonReader& json, od::document& doc,
                                       std::string_view key, od::value& value) {
  return FileReader(json, doc).read(key, value);
}

bool one_file_shape(std::string_view bytes) {
  constexpr std::array<std::string_view, 11> k_fields = {
      "path", "statementMap", "fnMap",           "branchMap",     "s", "f", "b",
      "all",  "hash",         "_coverageSchema", "inputSourceMap"};
  std::size_t i = bytes.starts_with("\xEF\xBB\xBF") ? 3 : 0;
  const auto skip_space = [&] {
    while (i < bytes.size() &&
           (bytes[i] == ' ' || bytes[i] == '\n' || bytes[i] == '\r' || bytes[i] == '\t')) {
      ++i;
    }
  };
  skip_space();
  if (i == bytes.size() || bytes[i] != '{') {
    return false;
  }
  ++i;
  skip_space();
  if (i == bytes.size() || bytes[i] != '"') {
    return false;
  }
  const std::size_t close = bytes.find('"', i + 1);
  if (close == std::string_view::npos) {
    return false;
  }
  const std::string_view key = bytes.substr(i + 1, close - i - 1);
  return std::find(k_fields.begin(), k_fields.end(), key) != k_fields.end();
}

bool wanted_key(std::string_view raw_key, const FileFilter& wanted) {
  return !wanted || raw_key.find('\\') != std::string_view::npos ||
         wanted(core::normalize_path(raw_key));
}

model::CoverageReport parse_istanbul_final_reference(const core::SourceText& text,
                                                     const FileFilter& wanted) {
  check_structure(text);
  model::CoverageReport report;
  report.origins.push_back({text.name(), "istanbul-final", ""});
  const JsonChunk whole(text.bytes());
  const JsonReader json(text, whole);
  od::parser parser;
  od::document doc;
  json.check_iterate(parser.iterate(whole.data(), whole.json().size(), whole.capacity()).get(doc));
  if (one_file_shape(text.bytes())) {
    od::value value;
    json.check(doc.get_value().get(value), doc, "a JSON object");
    report.files.push_back(read_file_coverage(json, doc, "", value));
  } else {
    od::object top;
    json.check(doc.get_object().get(top), doc, "a JSON object");
    for (auto field_result : top) {
      od::field field;
      json.check(std::move(field_result).get(field), doc, "an object member");
      if (!wanted_key(raw_key(field), wanted)) {
        continue; // its value is skipped unread
      }
      const std::string_view key = json.key(field);
      od::value value = field.value();
      report.files.push_back(read_file_coverage(json, doc, key, value));
    }
  }
  model::fold_duplicate_files(report);
  return report;
}

model::CoverageReport parse_istanbul_final(const core::SourceText& text, const FileFilter& wanted) {
  return fast::parse_istanbul_final(text, wanted);
}

} // namespace covbar::parsers
