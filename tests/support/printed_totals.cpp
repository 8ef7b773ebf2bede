#include "tests/support/printed_totals.hpp"

#include <cmath>
#include <fstream>
#include <regex>
#include <sstream>
#include <vector>

namespace covbar::test {
namespace {

std::string lower(std::string s) {
  for (auto& c : s) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return s;
}

std::vector<std::string> split_ws(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> out;
  std::string word;
  while (in >> word) {
    out.push_back(word);
  }
  return out;
}

} // namespace

PrintedTotals read_printed_totals(const std::string& path) {
  PrintedTotals totals;
  std::ifstream in(path);
  std::string line;
  const std::regex istanbul(R"(^(Statements|Branches|Functions|Lines)\s*:\s*[0-9.]+%\s*\(\s*(\d+)/(\d+)\s*\))");
  const std::regex gcovr(R"(^\s*(lines|functions|branches)\.*:\s*[0-9.]+%\s*\((\d+) (?:out )?of (\d+))");
  const std::regex bun_row(R"(^\s*(\S+)\s*\|\s*([0-9.]+)\s*\|\s*([0-9.]+)\s*\|)");
  std::vector<std::string> header;
  std::smatch m;
  while (std::getline(in, line)) {
    if (std::regex_search(line, m, istanbul) || std::regex_search(line, m, gcovr)) {
      totals.counters[lower(m[1])] = {std::stoull(m[2]), std::stoull(m[3])};
    } else if (line.starts_with("Name ") && line.find("Stmts") != std::string::npos) {
      header = split_ws(line);
    } else if (line.starts_with("TOTAL") && !header.empty()) {
      const auto cells = split_ws(line);
      std::map<std::string, std::uint64_t> row;
      for (std::size_t i = 1; i < cells.size() && i < header.size(); ++i) {
        if (header[i] != "Cover") {
          row[header[i]] = std::stoull(cells[i]);
        }
      }
      totals.counters["lines"] = {row["Stmts"] - row["Miss"], row["Stmts"]};
      if (row.count("Branch") != 0) {
        totals.counters["branch_total"] = {0, row["Branch"]};
      }
      totals.percent = static_cast<unsigned>(std::stoul(cells.back()));
    } else if (std::regex_search(line, m, bun_row) && m[1] != "File" && m[1] != "All") {
      totals.per_file_percent[m[1]] = {{"functions", m[2]}, {"lines", m[3]}};
    }
  }
  return totals;
}

unsigned coveragepy_percent(const model::Counter& c) {
  if (c.total == 0) {
    return 100;
  }
  const double pc = 100.0 * static_cast<double>(c.covered) / static_cast<double>(c.total);
  auto shown = static_cast<unsigned>(std::nearbyint(pc)); // Python's round(): half to even
  if (shown == 100 && c.covered < c.total) {
    shown = 99;
  } else if (shown == 0 && c.covered > 0) {
    shown = 1;
  }
  return shown;
}

} // namespace covbar::test
