#include "tests/support/printed_totals.hpp"

#include <cmath>
#include <cstdio>
#include <fstream>
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

/// "... ( 17/22 )" or "... (16 out of 22" or "(16 of 22 lines)": the two counts after '('.
std::optional<model::Counter> counts_in_parens(const std::string& line) {
  const auto open = line.find('(');
  if (open == std::string::npos) {
    return std::nullopt;
  }
  unsigned long long covered = 0;
  unsigned long long total = 0;
  const char* p = line.c_str() + open + 1;
  if (std::sscanf(p, " %llu/%llu", &covered, &total) == 2 ||
      std::sscanf(p, "%llu out of %llu", &covered, &total) == 2 ||
      std::sscanf(p, "%llu of %llu", &covered, &total) == 2) {
    return model::Counter{covered, total};
  }
  return std::nullopt;
}

/// The metric a summary line names: istanbul's "Lines        : 77.27% ( 17/22 )", gcovr's
/// "lines: 72.7% (16 out of 22)", lcov's "  lines......: 72.7% (16 of 22 lines)".
std::optional<std::string> summary_metric(const std::string& line) {
  const auto colon = line.find(':');
  if (colon == std::string::npos) {
    return std::nullopt;
  }
  std::string name = lower(line.substr(0, colon));
  name.erase(0, name.find_first_not_of(' '));
  while (!name.empty() && (name.back() == ' ' || name.back() == '.')) {
    name.pop_back();
  }
  for (const char* metric : {"statements", "branches", "functions", "lines"}) {
    if (name == metric) {
      return name;
    }
  }
  return std::nullopt;
}

} // namespace

PrintedTotals read_printed_totals(const std::string& path) {
  PrintedTotals totals;
  std::ifstream in(path);
  std::string line;
  std::vector<std::string> header;
  while (std::getline(in, line)) {
    const auto metric = summary_metric(line);
    const auto counts = counts_in_parens(line);
    if (metric && counts) {
      totals.counters[*metric] = *counts;
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
    } else if (line.find(" | ") != std::string::npos) {
      // bun: " src/math.ts           |   75.00 |   84.21 | 6,27-28"
      std::vector<std::string> cells;
      std::size_t start = 0;
      while (start <= line.size()) {
        auto bar = line.find('|', start);
        if (bar == std::string::npos) {
          bar = line.size();
        }
        auto cell = line.substr(start, bar - start);
        cell.erase(0, cell.find_first_not_of(' '));
        cell.erase(cell.find_last_not_of(' ') + 1);
        cells.push_back(cell);
        start = bar + 1;
      }
      if (cells.size() >= 3 && cells[0] != "File" && cells[0] != "All files" && !cells[1].empty() &&
          std::isdigit(static_cast<unsigned char>(cells[1][0])) != 0) {
        totals.per_file_percent[cells[0]] = {{"functions", cells[1]}, {"lines", cells[2]}};
      }
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
