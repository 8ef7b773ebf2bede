#include "parsers/lcov.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <functional>
#include <optional>
#include <unordered_map>

#include <fmt/format.h>

#include "parsers/fast/lcov_runs.hpp"
#include "parsers/numbers.hpp"
#include "src/core/checked.hpp"
#include "src/core/paths.hpp"
#include "src/core/pipeline.hpp"
#include "src/model/merge.hpp"

namespace covbar::parsers {
namespace {

constexpr std::size_t k_part_bytes = 4U << 20U;

/// A part of the input: bytes [begin, end), cut after an end_of_record line.
struct Part {
  std::size_t begin = 0;
  std::size_t end = 0;
};

struct PartResult {
  Part where;
  std::vector<model::FileCoverage> files;
  std::vector<std::uint64_t> path_hashes; ///< of files, in order (model::PathIndex::path_hash)
  model::Kinds kinds;
  model::Counter declared_lines;
  model::Counter declared_branches;
  bool has_declared_lines = false;
  std::size_t first_lf_at = 0;
  bool has_declared_branches = false;
};

/// The marks lcov 2.x writes before a BRDA record's block number, as geninfo(1) documents
/// them and lcovutil.pm reads them (`^BRDA:(\d+),([ef]?)(U?)(\d+),(.+)$`): `e` an
/// exception branch, `f` a fallthrough branch (lcov 2.5 with gcc's JSON intermediate
/// format), then `U` a branch an unreachable directive excludes, which lcov leaves out of
/// BRF and BRH. `e` keeps exception branches apart from the others of the block, as it did
/// for lcov 2.0; `f` only describes the branch.
struct BlockFlags {
  std::size_t length = 0; ///< of the marks
  bool exception = false;
  bool unreachable = false;
};

BlockFlags block_flags(std::string_view block) {
  BlockFlags flags;
  if (block.starts_with('e') || block.starts_with('f')) {
    flags.exception = block.front() == 'e';
    flags.length = 1;
  }
  if (block.substr(flags.length).starts_with('U')) {
    flags.unreachable = true;
    ++flags.length;
  }
  return flags;
}

/// Parses lines [begin, end) of the input; `begin` is at a line start, and no record
/// crosses `end` unless the input itself is cut there. Each line is read by the handler its
/// tag names in k_record_kinds (the reference reader); with `fast`, the accelerator first
/// reads what runs of plain DA and BRDA records it can.
class PartParser {
public:
  /// `part` holds the input's bytes from offset `base` on.
  PartParser(const core::SourceText& text, std::string_view part, std::size_t base, bool last,
             const FileFilter& wanted, bool fast)
      : m_text(text), m_bytes(part), m_base(base), m_pos(0), m_end(part.size()), m_last(last),
        m_wanted(wanted), m_fast(fast) {}

  PartResult run() {
    while (m_pos < m_end) {
      if (m_skipping && skip_record()) {
        continue;
      }
      if (m_file && m_fast) {
        // The one call of the accelerator: the records it declines are read below.
        const std::size_t after =
            fast::read_lcov_runs(m_bytes, m_pos, m_lines, m_branches, m_result.kinds);
        if (after != m_pos) {
          m_pos = after;
          continue;
        }
      }
      const char* nl =
          static_cast<const char*>(std::memchr(m_bytes.data() + m_pos, '\n', m_end - m_pos));
      const std::size_t line_end =
          nl == nullptr ? m_end : static_cast<std::size_t>(nl - m_bytes.data());
      std::size_t content_end = line_end;
      // CR of CRLF, and trailing blanks some writers leave (`end_of_record `).
      while (content_end > m_pos &&
             (m_bytes[content_end - 1] == '\r' || m_bytes[content_end - 1] == ' ' ||
              m_bytes[content_end - 1] == '\t')) {
        --content_end;
      }
      record(m_pos, m_bytes.substr(m_pos, content_end - m_pos));
      m_pos = line_end + 1;
    }
    if (m_file && m_last) {
      throw error_at(m_bytes.size(), "end_of_record closing the record for " + m_file->path);
    }
    return std::move(m_result);
  }

  /// Starts the declared LF/LH and BRF/BRH sums from `lines` and `branches` rather than 0.
  void start_declared(model::Counter lines, model::Counter branches) {
    m_result.declared_lines = lines;
    m_result.declared_branches = branches;
  }

private:
  /// A located error at `offset` in the part.
  template <typename... Args>
  core::InputError error_at(std::size_t offset, Args&&... args) const {
    return m_text.error_at(m_base + offset, std::forward<Args>(args)...);
  }

  /// Inside the record of an unwanted file: jumps to the line after its end_of_record.
  /// Returns false at the end of the part (a record cut off by the end of the file).
  bool skip_record() {
    const auto end = m_bytes.substr(0, m_end).find("\nend_of_record", m_pos > 0 ? m_pos - 1 : 0);
    if (end == std::string_view::npos) {
      m_pos = m_end;
      m_skipping = false;
      if (m_last) {
        throw error_at(m_bytes.size(), "end_of_record closing the record for " + m_skipped_path);
      }
      return true;
    }
    m_pos = end + 1; // the end_of_record line itself is read as usual
    m_skipping = false;
    return true;
  }

  /// A field of a record: its text and input offset.
  struct Field {
    std::string_view text;
    std::size_t offset;
  };

  /// Up to four comma-separated fields, without allocating (this runs once per record).
  struct Fields {
    std::array<Field, 4> items{};
    std::size_t count = 0;
    [[nodiscard]] std::size_t size() const { return count; }
    Field& operator[](std::size_t i) { return items[i]; }
    const Field& operator[](std::size_t i) const { return items[i]; }
    void push_back(const Field& f) { items[count++] = f; }
  };

  /// Splits at the first max-1 commas; the last field keeps the rest.
  static Fields split_fields(std::size_t offset, std::string_view value, std::size_t max) {
    Fields fields;
    std::size_t start = 0;
    while (fields.size() + 1 < max) {
      const auto comma = value.find(',', start);
      if (comma == std::string_view::npos) {
        break;
      }
      fields.push_back({value.substr(start, comma - start), offset + start});
      start = comma + 1;
    }
    fields.push_back({value.substr(start), offset + start});
    return fields;
  }

  std::uint64_t count(const Field& field, std::string_view what, std::uint64_t max = UINT64_MAX) {
    const auto parsed = parse_count(field.text, max);
    if (parsed.status != NumberStatus::ok) {
      throw error_at(field.offset, expected_count(what, parsed.status, max),
                     core::describe_found(field.text));
    }
    return parsed.value;
  }

  std::uint32_t line_number(const Field& field) {
    const auto n = count(field, "a line number", model::k_max_line);
    if (n == 0) {
      throw error_at(field.offset, "a line number from 1", "'0'");
    }
    return static_cast<std::uint32_t>(n);
  }

  void need_fields(const Fields& fields, std::size_t n, std::size_t line_start,
                   std::string_view shape, std::string_view line) {
    if (fields.size() < n) {
      throw error_at(line_start, fmt::format("a record like '{}'", shape),
                     core::describe_found(line));
    }
  }

  /// The function an FN (`definition`) or FNDA record of `name` stands for. Names are not
  /// unique: istanbul's LCOV writer (c8, vitest, jest) gives two functions of one name in a
  /// file an FN record each, then an FNDA each in the same order, and counts both in FNF. So
  /// the k-th FN and the k-th FNDA of a name are one function. An FNDA past the FNs of its
  /// name adds to the last of them (or, with no FN at all, to the one function FNDA records
  /// of that name make), as a repeated count of one function.
  model::Function& function_record(std::string_view name, bool definition) {
    auto it = m_functions_by_name.find(name);
    if (it == m_functions_by_name.end()) {
      it = m_functions_by_name.emplace(std::string(name), NamedFunctions{}).first;
    }
    NamedFunctions& named = it->second;
    std::size_t& seen = definition ? named.definitions : named.counts;
    const std::size_t k = seen++;
    if (k < named.functions.size()) {
      return m_file->functions[named.functions[k]];
    }
    if (!definition && !named.functions.empty()) {
      return m_file->functions[named.functions.back()];
    }
    named.functions.push_back(m_file->functions.size());
    m_file->functions.push_back({std::string(name), 0, 0, 0});
    return m_file->functions.back();
  }

  /// One line of the input as a record: `TAG:VALUE`, or a tag alone (`end_of_record`).
  struct Record {
    std::size_t at; ///< where the line starts, in the part
    std::string_view line;
    std::string_view tag;
    std::string_view value; ///< after the colon
    std::size_t value_at;
  };

  /// What a tag stands for: whether a colon and a value follow it, whether it belongs inside
  /// a file's record (after SF:, before end_of_record), and the handler that reads it.
  struct RecordKind {
    std::string_view tag;
    bool has_value;
    bool in_file;
    void (PartParser::*read)(const Record&);
  };
  static const std::array<RecordKind, 19> k_record_kinds;

  /// Reads one line: finds its tag in k_record_kinds and hands it to that handler.
  void record(std::size_t at, std::string_view line) {
    if (line.empty() || line.front() == '#' ||
        line.find_first_not_of(" \t") == std::string_view::npos) {
      return; // blank lines, and comments as lcov's own test data has them
    }
    const auto colon = line.find(':');
    const bool has_value = colon != std::string_view::npos;
    Record r{at, line, line.substr(0, colon), {}, at + line.size()};
    if (has_value) {
      r.value = line.substr(colon + 1);
      r.value_at = at + colon + 1;
    }
    const auto kind = std::find_if(k_record_kinds.begin(), k_record_kinds.end(),
                                   [&](const RecordKind& k) { return k.tag == r.tag; });
    if (kind == k_record_kinds.end() || kind->has_value != has_value) {
      throw error_at(at, "an LCOV record (TN:, SF:, FN:, FNDA:, DA:, BRDA:, LF:, ...)",
                     core::describe_found(line));
    }
    if (kind->in_file && !m_file) {
      throw error_at(at, fmt::format("SF: before {}", r.tag), core::describe_found(r.tag));
    }
    (this->*kind->read)(r);
  }

  void read_source_file(const Record& r) {
    if (m_file) {
      throw error_at(r.at, "end_of_record before the next SF:", core::describe_found(r.line));
    }
    if (r.value.empty()) {
      throw error_at(r.value_at, "a source file path after SF:", "end of line");
    }
    if (const auto nul = r.value.find('\0'); nul != std::string_view::npos) {
      throw error_at(r.value_at + nul, "a path without NUL bytes", "a NUL byte");
    }
    std::string path = core::normalize_path(r.value);
    if (m_wanted && !m_wanted(path)) {
      m_skipping = true;
      m_skipped_path = std::move(path);
      m_file.emplace(); // closed by the end_of_record skip_record() stops at
      m_file->path = m_skipped_path;
      m_discard = true;
      return;
    }
    m_file.emplace();
    m_file->path = std::move(path);
  }

  void read_end_of_record(const Record& /*r*/) {
    if (m_file->function_counts &&
        m_file->function_counts->covered > m_file->function_counts->total) {
      // Found by fuzzing: FNH above FNF would put more functions hit than exist.
      throw error_at(m_fnh_at,
                     fmt::format("FNH no larger than FNF ({})", m_file->function_counts->total),
                     fmt::format("'{}'", m_file->function_counts->covered));
    }
    if (!m_discard) {
      // Right-sized copies of the scratch records (reused from file to file).
      m_file->lines = m_lines.exact_copy();
      m_file->branches = m_branches.exact_copy();
      m_result.files.push_back(std::move(*m_file));
    }
    m_lines.clear();
    m_branches.clear();
    m_discard = false;
    m_file.reset();
    m_functions_by_name.clear();
    m_fnl_index.clear();
  }

  void read_line(const Record& r) {
    const auto fields = split_fields(r.value_at, r.value, 3);
    need_fields(fields, 2, r.at, "DA:<line>,<hits>", r.line);
    model::Line l;
    l.number = line_number(fields[0]);
    l.hits = count(fields[1], "a hit count");
    m_lines.push_back(l);
    m_result.kinds.lines = true;
  }

  void read_branch(const Record& r) {
    // lcov 2.x may name a branch by an expression holding commas: <taken> is the last field.
    auto fields = split_fields(r.value_at, r.value, 3);
    if (fields.size() == 3) {
      const auto comma = fields[2].text.rfind(',');
      if (comma != std::string_view::npos) {
        fields.push_back({fields[2].text.substr(comma + 1), fields[2].offset + comma + 1});
        fields[2].text = fields[2].text.substr(0, comma);
      }
    }
    need_fields(fields, 4, r.at, "BRDA:<line>,<block>,<branch>,<taken>", r.line);
    model::Branch b;
    b.line = line_number(fields[0]);
    const BlockFlags flags = block_flags(fields[1].text);
    const Field block{fields[1].text.substr(flags.length), fields[1].offset + flags.length};
    b.block = static_cast<std::uint32_t>(count(block, "a block number", 0x7FFF'FFFFU)) |
              (flags.exception ? 0x8000'0000U : 0U);
    // lcov 2.x may name a branch by an expression or `e<n>` (exception branch).
    const auto index = parse_count(fields[2].text, UINT32_MAX);
    b.index = index.status == NumberStatus::ok ? static_cast<std::uint32_t>(index.value)
                                               : 0x8000'0000U + m_named_branches++;
    b.hits = fields[3].text == "-" ? 0 : count(fields[3], "a branch count or '-'");
    if (!flags.unreachable) {
      m_branches.push_back(b);
    }
    m_result.kinds.branches = true;
  }

  void read_function(const Record& r) {
    // lcov 1.x FN:<line>,<name>; lcov 2.x FN:<line>,<end line>,<name>. A name may itself
    // hold commas (C++ signatures), so the end line is only taken when numeric.
    const auto fields = split_fields(r.value_at, r.value, 2);
    need_fields(fields, 2, r.at, "FN:<line>,<name>", r.line);
    const std::uint32_t start = line_number(fields[0]);
    std::string_view name = fields[1].text;
    const auto comma = name.find(',');
    if (comma != std::string_view::npos &&
        parse_count(name.substr(0, comma)).status == NumberStatus::ok) {
      name = name.substr(comma + 1);
    }
    function_record(name, true).line = start;
    m_result.kinds.functions = true;
  }

  void read_function_hits(const Record& r) {
    const auto fields = split_fields(r.value_at, r.value, 2);
    need_fields(fields, 2, r.at, "FNDA:<hits>,<name>", r.line);
    const auto hits = count(fields[0], "a function count");
    model::Function& fn = function_record(fields[1].text, false);
    fn.hits = core::saturating_add(fn.hits, hits);
    m_result.kinds.functions = true;
  }

  /// lcov 2.2: FNL:<index>,<line>[,<end>] then FNA:<index>,<hits>,<name>.
  void read_function_location(const Record& r) {
    const auto fields = split_fields(r.value_at, r.value, 3);
    need_fields(fields, 2, r.at, "FNL:<index>,<line>", r.line);
    m_fnl_index[count(fields[0], "a function index")] = line_number(fields[1]);
    m_result.kinds.functions = true;
  }

  void read_function_alias(const Record& r) {
    const auto fields = split_fields(r.value_at, r.value, 3);
    need_fields(fields, 3, r.at, "FNA:<index>,<hits>,<name>", r.line);
    const auto index = count(fields[0], "a function index");
    const auto it = m_fnl_index.find(index);
    if (it == m_fnl_index.end()) {
      throw error_at(fields[0].offset, "the index of an FNL: record",
                     core::describe_found(fields[0].text));
    }
    // One function per FNA record (each alias of an FNL index is one, as lcov lists them).
    m_file->functions.push_back(
        {std::string(fields[2].text), it->second, 0, count(fields[1], "a function count")});
    m_result.kinds.functions = true;
  }

  /// FNF and FNH: kept for producers that give function counts without FN records (bun).
  void read_function_count(const Record& r) {
    const auto n = count({r.value, r.value_at}, "a count");
    if (!m_file->function_counts) {
      m_file->function_counts = model::Counter{};
    }
    const bool found = r.tag == "FNF";
    (found ? m_file->function_counts->total : m_file->function_counts->covered) = n;
    (found ? m_fnf_at : m_fnh_at) = r.value_at;
    m_result.kinds.functions = true;
  }

  /// LF, LH, BRF and BRH: summed over the report into its declared totals.
  void read_declared_count(const Record& r) {
    const auto n = count({r.value, r.value_at}, "a count");
    std::uint64_t& sum = r.tag == "LF"    ? m_result.declared_lines.total
                         : r.tag == "LH"  ? m_result.declared_lines.covered
                         : r.tag == "BRF" ? m_result.declared_branches.total
                                          : m_result.declared_branches.covered;
    try {
      sum = core::checked_add(sum, n);
    } catch (const core::CountOverflow&) {
      throw error_at(r.value_at, fmt::format("{} counts that add up to at most 2^64 - 1", r.tag),
                     fmt::format("{}, past it", n));
    }
    if (r.tag == "LF") {
      if (!m_result.has_declared_lines) {
        m_result.first_lf_at = m_base + r.value_at;
      }
      m_result.has_declared_lines = true;
    } else if (r.tag == "BRF") {
      m_result.has_declared_branches = true;
    }
  }

  /// Test names, versions and MC/DC records carry nothing the model keeps.
  void read_nothing(const Record& /*r*/) {}

  const core::SourceText& m_text;
  std::string_view m_bytes;
  std::size_t m_base;
  std::size_t m_pos;
  std::size_t m_end;
  bool m_last;
  std::optional<model::FileCoverage> m_file;
  /// The open record's lines and branches, moved into m_file at its end_of_record.
  model::LineTable m_lines;
  model::BranchTable m_branches;
  /// Per function name of the open record: its functions (indices into m_file->functions)
  /// in the order FN and FNDA records pair them, and how many of each have come.
  struct NamedFunctions {
    std::vector<std::size_t> functions;
    std::size_t definitions = 0;
    std::size_t counts = 0;
  };
  /// Looked up by string_view, without a std::string per FN or FNDA record.
  struct NameHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view name) const {
      return std::hash<std::string_view>()(name);
    }
  };
  std::unordered_map<std::string, NamedFunctions, NameHash, std::equal_to<>> m_functions_by_name;
  std::unordered_map<std::uint64_t, std::uint32_t> m_fnl_index;
  std::uint32_t m_named_branches = 0;
  std::size_t m_fnf_at = 0;
  std::size_t m_fnh_at = 0;
  const FileFilter& m_wanted;
  bool m_fast; ///< false: the reference reader alone (parse_lcov_general)
  bool m_skipping = false;
  bool m_discard = false;
  std::string m_skipped_path;
  PartResult m_result;
};

/// Every record PartParser reads, most frequent first (the lookup is a scan).
const std::array<PartParser::RecordKind, 19> PartParser::k_record_kinds{{
    {"DA", true, true, &PartParser::read_line},
    {"BRDA", true, true, &PartParser::read_branch},
    {"FNDA", true, true, &PartParser::read_function_hits},
    {"FN", true, true, &PartParser::read_function},
    {"end_of_record", false, true, &PartParser::read_end_of_record},
    {"SF", true, false, &PartParser::read_source_file},
    {"LF", true, true, &PartParser::read_declared_count},
    {"LH", true, true, &PartParser::read_declared_count},
    {"BRF", true, true, &PartParser::read_declared_count},
    {"BRH", true, true, &PartParser::read_declared_count},
    {"FNF", true, true, &PartParser::read_function_count},
    {"FNH", true, true, &PartParser::read_function_count},
    {"FNL", true, true, &PartParser::read_function_location},
    {"FNA", true, true, &PartParser::read_function_alias},
    {"TN", true, false, &PartParser::read_nothing},
    {"VER", true, false, &PartParser::read_nothing},
    {"MCDC", true, false, &PartParser::read_nothing},
    {"MCF", true, false, &PartParser::read_nothing},
    {"MCH", true, false, &PartParser::read_nothing},
}};

/// The size of the next part when `left` bytes remain: k_part_bytes, shrinking towards the
/// end (to an eighth of what is left, at least 256 kB), so the workers finish together
/// rather than one waiting on the other's last 4 MB.
std::size_t part_size(std::size_t left) {
  return std::clamp<std::size_t>(left / 8, 256U << 10U, k_part_bytes);
}

/// Cuts the input after an end_of_record line about every part_size() bytes, from `start` on,
/// so parts parse independently; hands each part on as soon as its end is found.
void split(std::string_view bytes, std::size_t start, const std::function<void(Part)>& emit) {
  std::size_t begin = start;
  std::size_t next = start + part_size(bytes.size() - start);
  while (next < bytes.size()) {
    const auto end = bytes.find("\nend_of_record", next);
    if (end == std::string_view::npos) {
      break;
    }
    const auto nl = bytes.find('\n', end + 1);
    if (nl == std::string_view::npos) {
      break;
    }
    emit({begin, nl + 1});
    begin = nl + 1;
    next = begin + part_size(bytes.size() - begin);
  }
  emit({begin, bytes.size()});
}

/// Joins parsed parts to the report, in part order (the pipeline's join): each file is moved
/// once, into a list reserved from the first part's files per byte, and its path checked
/// against the paths before it. Keeps the kinds of each range of files, and the declared
/// LF/LH/BRF/BRH sums, until finish().
class Joiner {
public:
  Joiner(const core::SourceText& text, const FileFilter& wanted, model::CoverageReport& report)
      : m_text(text), m_wanted(wanted), m_report(report), m_paths(report.files) {}

  void join(PartResult&& part) {
    auto& files = m_report.files;
    const std::size_t part_bytes = part.where.end - part.where.begin;
    if (files.capacity() == 0 && !part.files.empty() && part_bytes > 0) {
      // Reserved once from the first part's density, with room to spare.
      const double per_byte =
          static_cast<double>(part.files.size()) / static_cast<double>(part_bytes);
      const auto expected =
          static_cast<std::size_t>(per_byte * static_cast<double>(m_text.bytes().size()) * 1.1) +
          64;
      files.reserve(expected);
      m_paths.reserve(expected);
    }
    // A file without DA records still has line data when the report has any (zero lines).
    part.kinds.lines = true;
    m_kinds |= part.kinds;
    try {
      model::Counter lines = m_declared_lines;
      model::Counter branches = m_declared_branches;
      lines += part.declared_lines;
      branches += part.declared_branches;
      m_declared_lines = lines;
      m_declared_branches = branches;
    } catch (const core::CountOverflow&) {
      // Read the part again with its sums starting from those of the parts before it: the
      // reader then stops at the record that passes the limit, with its located error.
      const Part& where = part.where;
      PartParser again(m_text, m_text.bytes().substr(where.begin, where.end - where.begin),
                       where.begin, where.end == m_text.bytes().size(), m_wanted, false);
      again.start_declared(m_declared_lines, m_declared_branches);
      (void)again.run();
      throw core::InternalError("LCOV counts that overflowed when joined did not when read");
    }
    if (part.has_declared_lines && !m_has_lines) {
      m_report.declared.lines_offset = part.first_lf_at;
    }
    m_has_lines |= part.has_declared_lines;
    m_has_branches |= part.has_declared_branches;
    const std::size_t begin = files.size();
    for (std::size_t k = 0; k < part.files.size(); ++k) {
      part.files[k].kinds = part.kinds;
      files.push_back(std::move(part.files[k]));
      m_repeated = m_repeated || !m_paths.add(part.path_hashes[k]);
    }
    m_ranges.push_back({begin, files.size(), part.kinds});
  }

  /// After the last part: the report's kinds on every file, the declared totals, and the
  /// fold of files listed twice.
  void finish() {
    for (const auto& [begin, end, kinds] : m_ranges) {
      if (!(kinds == m_kinds)) {
        for (std::size_t i = begin; i < end; ++i) {
          m_report.files[i].kinds = m_kinds;
        }
      }
    }
    if (m_has_lines) {
      m_report.declared.lines = m_declared_lines;
    }
    if (m_has_branches) {
      m_report.declared.branches = m_declared_branches;
    }
    if (m_repeated) {
      model::fold_duplicate_files(m_report); // one file in several records: merged
    }
  }

private:
  struct Range {
    std::size_t begin;
    std::size_t end;
    model::Kinds kinds;
  };

  const core::SourceText& m_text;
  const FileFilter& m_wanted;
  model::CoverageReport& m_report;
  model::PathIndex m_paths;
  std::vector<Range> m_ranges;
  model::Kinds m_kinds;
  model::Counter m_declared_lines;
  model::Counter m_declared_branches;
  bool m_has_lines = false;
  bool m_has_branches = false;
  bool m_repeated = false; ///< a path listed twice (after which paths are no longer added)
};

model::CoverageReport parse(const core::SourceText& text, const FileFilter& wanted, bool fast) {
  const std::string_view bytes = text.bytes();
  // A UTF-8 byte order mark (Windows editors and PowerShell write one) is not a record.
  const std::size_t start = bytes.starts_with("\xEF\xBB\xBF") ? 3 : 0;
  model::CoverageReport report;
  report.origins.push_back({text.name(), "lcov", ""});
  Joiner joiner(text, wanted, report);
  core::split_parse_join<Part, PartResult>(
      [&](const std::function<void(Part)>& emit) { split(bytes, start, emit); },
      [&](const Part& part, std::size_t) {
        // Read from the mapping and released behind it: the report is never resident whole.
        PartResult result = PartParser(text, bytes.substr(part.begin, part.end - part.begin),
                                       part.begin, part.end == bytes.size(), wanted, fast)
                                .run();
        text.release(part.begin, part.end);
        result.where = part;
        result.path_hashes.reserve(result.files.size());
        for (auto& file : result.files) {
          file.normalize();
          result.path_hashes.push_back(model::PathIndex::path_hash(file.path));
        }
        return result;
      },
      [&](PartResult&& result, std::size_t) { joiner.join(std::move(result)); },
      bytes.size() - start > part_size(bytes.size() - start));
  joiner.finish();
  return report;
}

} // namespace

model::CoverageReport parse_lcov(const core::SourceText& text, const FileFilter& wanted) {
  return parse(text, wanted, true);
}

model::CoverageReport parse_lcov_general(const core::SourceText& text, const FileFilter& wanted) {
  return parse(text, wanted, false);
}

} // namespace covbar::parsers
