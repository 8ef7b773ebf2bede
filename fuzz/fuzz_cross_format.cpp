// Cross-format target (STYLE §2.8, simdjson's fuzz_implementations): the fuzzer's bytes
// decode into coverage data, which is written as Cobertura, LCOV and istanbul JSON; the three
// parsed models must agree line by line (number, hits, branch arms covered of total).

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "parsers/cobertura.hpp"
#include "parsers/istanbul_final.hpp"
#include "parsers/lcov.hpp"
#include "src/core/source_text.hpp"

namespace {

struct LineData {
  std::uint32_t number;
  std::uint64_t hits;
  std::vector<bool> arms; ///< taken or not, per branch arm on this line
};
struct FileData {
  std::string path;
  std::vector<LineData> lines;
};

class Bytes {
public:
  Bytes(const std::uint8_t* data, std::size_t size) : m_data(data), m_size(size) {}
  std::uint8_t next() { return m_at < m_size ? m_data[m_at++] : 0; }
  [[nodiscard]] bool done() const { return m_at >= m_size; }

private:
  const std::uint8_t* m_data;
  std::size_t m_size;
  std::size_t m_at = 0;
};

std::vector<FileData> decode(Bytes& in) {
  std::vector<FileData> files(1 + in.next() % 3);
  for (std::size_t f = 0; f < files.size(); ++f) {
    files[f].path = fmt::format("src/dir{}/file{}.c", in.next() % 2, f);
    std::uint32_t number = 0;
    const std::size_t lines = in.next() % 24;
    for (std::size_t i = 0; i < lines && !in.done(); ++i) {
      LineData line;
      number += 1 + in.next() % 5;
      line.number = number;
      const std::uint8_t h = in.next();
      line.hits = h < 96 ? 0 : h < 250 ? h % 9 : (std::uint64_t{1} << 40) + h;
      const std::uint8_t b = in.next();
      if (b % 4 == 0) {
        const std::size_t arms = 2 + b % 3;
        for (std::size_t a = 0; a < arms; ++a) {
          // An arm can only be taken on a line that ran.
          line.arms.push_back(line.hits > 0 && ((b >> (a + 2)) & 1U) != 0);
        }
      }
      files[f].lines.push_back(line);
    }
  }
  return files;
}

std::string to_cobertura(const std::vector<FileData>& files) {
  std::string out =
      "<?xml version=\"1.0\" ?>\n<coverage><sources/><packages><package name=\"p\"><classes>\n";
  for (const auto& f : files) {
    out += fmt::format("<class name=\"c\" filename=\"{}\"><methods/><lines>\n", f.path);
    for (const auto& l : f.lines) {
      if (l.arms.empty()) {
        out += fmt::format("<line number=\"{}\" hits=\"{}\"/>\n", l.number, l.hits);
      } else {
        std::size_t taken = 0;
        for (const bool a : l.arms) {
          taken += a ? 1 : 0;
        }
        out +=
            fmt::format("<line number=\"{}\" hits=\"{}\" branch=\"true\" condition-coverage=\"{}% "
                        "({}/{})\"/>\n",
                        l.number, l.hits, taken * 100 / l.arms.size(), taken, l.arms.size());
      }
    }
    out += "</lines></class>\n";
  }
  return out + "</classes></package></packages></coverage>\n";
}

std::string to_lcov(const std::vector<FileData>& files) {
  std::string out;
  for (const auto& f : files) {
    out += fmt::format("TN:\nSF:{}\n", f.path);
    for (const auto& l : f.lines) {
      out += fmt::format("DA:{},{}\n", l.number, l.hits);
      for (std::size_t a = 0; a < l.arms.size(); ++a) {
        out += l.hits == 0 ? fmt::format("BRDA:{},0,{},-\n", l.number, a)
                           : fmt::format("BRDA:{},0,{},{}\n", l.number, a, l.arms[a] ? 1 : 0);
      }
    }
    out += "end_of_record\n";
  }
  return out;
}

std::string to_istanbul(const std::vector<FileData>& files) {
  std::string out = "{";
  for (std::size_t i = 0; i < files.size(); ++i) {
    const auto& f = files[i];
    std::string map;
    std::string s;
    std::string bmap;
    std::string b;
    std::size_t branch = 0;
    for (std::size_t k = 0; k < f.lines.size(); ++k) {
      const auto& l = f.lines[k];
      map += fmt::format("{}\"{}\":{{\"start\":{{\"line\":{},\"column\":0}},\"end\":{{\"line\":{},"
                         "\"column\":9}}}}",
                         k == 0 ? "" : ",", k, l.number, l.number);
      s += fmt::format("{}\"{}\":{}", k == 0 ? "" : ",", k, l.hits);
      if (!l.arms.empty()) {
        std::string counts;
        for (std::size_t a = 0; a < l.arms.size(); ++a) {
          counts += fmt::format("{}{}", a == 0 ? "" : ",", l.arms[a] ? 1 : 0);
        }
        bmap += fmt::format("{}\"{}\":{{\"loc\":{{\"start\":{{\"line\":{},\"column\":0}},\"end\":{{"
                            "\"line\":{},\"column\":9}}}},\"type\":\"if\",\"locations\":[]}}",
                            branch == 0 ? "" : ",", branch, l.number, l.number);
        b += fmt::format("{}\"{}\":[{}]", branch == 0 ? "" : ",", branch, counts);
        ++branch;
      }
    }
    out += fmt::format("{}\"{}\":{{\"path\":\"{}\",\"statementMap\":{{{}}},\"fnMap\":{{}},"
                       "\"branchMap\":{{{}}},\"s\":{{{}}},\"f\":{{}},\"b\":{{{}}}}}",
                       i == 0 ? "" : ",", f.path, f.path, map, bmap, s, b);
  }
  return out + "}";
}

std::string dump(const covbar::model::CoverageReport& report) {
  std::string out;
  for (const auto& f : report.files) {
    out += f.path + ":";
    const auto branches = f.line_branches();
    std::size_t at = 0;
    for (const auto& l : f.lines) {
      out +=
          fmt::format(" {}x{}({}/{})", l.number, l.hits, branches[at].covered, branches[at].total);
      ++at;
    }
    out += "\n";
  }
  return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Bytes in(data, size);
  auto files = decode(in);
  // Paths must be unique for the comparison (a file split in two merges differently per
  // format only in hit sums, which are compared exactly): make them so.
  for (std::size_t i = 0; i < files.size(); ++i) {
    files[i].path += std::to_string(i);
  }
  using covbar::core::SourceText;
  const auto cobertura =
      covbar::parsers::parse_cobertura(SourceText::from_string("x.xml", to_cobertura(files)));
  const auto lcov = covbar::parsers::parse_lcov(SourceText::from_string("x.info", to_lcov(files)));
  const auto istanbul =
      covbar::parsers::parse_istanbul_final(SourceText::from_string("x.json", to_istanbul(files)));
  const std::string a = dump(cobertura);
  const std::string b = dump(lcov);
  const std::string c = dump(istanbul);
  if (a != b || a != c) {
    std::fprintf(stderr, "formats disagree\ncobertura:\n%s\nlcov:\n%s\nistanbul:\n%s\n", a.c_str(),
                 b.c_str(), c.c_str());
    std::abort();
  }
  return 0;
}
