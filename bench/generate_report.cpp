// Writes a large synthetic coverage report and, on stdout, the totals it holds, so the
// benchmark can check covbar's answer before timing it (simdjson's runner::diff rule: a
// benchmark that gives a different answer has failed, however fast it was).
//
//   generate_report FORMAT MEGABYTES OUT [SOURCE_ROOT]   (FORMAT: cobertura, lcov, istanbul)

#include <cstdio>
#include <cstdlib>
#include <string>

#include <fmt/format.h>

namespace {

struct Totals {
  unsigned long long lines = 0;
  unsigned long long lines_covered = 0;
  unsigned long long branches = 0;
  unsigned long long branches_covered = 0;
};

/// Deterministic pseudo-random hits: about 80% of lines covered.
unsigned long long hits_for(unsigned long long i) {
  const unsigned long long x = (i * 2654435761ULL) >> 7;
  return x % 10 < 8 ? 1 + x % 37 : 0;
}

} // namespace

int main(int argc, char** argv) {
  if (argc != 4 && argc != 5) {
    std::fprintf(stderr, "usage: generate_report cobertura|lcov|istanbul MEGABYTES OUT [ROOT]\n");
    return 2;
  }
  const std::string format = argv[1];
  const std::string root = argc == 5 ? argv[4] : "/src";
  const unsigned long long target = std::strtoull(argv[2], nullptr, 10) << 20U;
  FILE* out = std::fopen(argv[3], "wb");
  if (out == nullptr) {
    return 2;
  }
  Totals t;
  unsigned long long written = 0;
  unsigned long long counter = 0;
  auto put = [&](const std::string& s) {
    std::fwrite(s.data(), 1, s.size(), out);
    written += s.size();
  };
  constexpr unsigned k_lines_per_file = 400;
  if (format == "cobertura") {
    put(fmt::format("<?xml version=\"1.0\" ?>\n<coverage version=\"bench\">\n<sources><source>{}"
                    "</source></sources>\n<packages><package name=\"p\"><classes>\n",
                    root));
    for (unsigned file = 0; written < target; ++file) {
      put(fmt::format("<class name=\"f{0}\" filename=\"pkg/m{0}.py\"><methods/><lines>\n", file));
      std::string body;
      for (unsigned line = 1; line <= k_lines_per_file; ++line) {
        const auto h = hits_for(counter++);
        ++t.lines;
        t.lines_covered += h > 0 ? 1 : 0;
        if (line % 10 == 0) {
          const unsigned covered = h > 0 ? 1 + line % 2 : 0;
          t.branches += 2;
          t.branches_covered += covered;
          body += fmt::format("<line number=\"{}\" hits=\"{}\" branch=\"true\" condition-coverage="
                              "\"{}% ({}/2)\"/>\n",
                              line, h, covered * 50, covered);
        } else {
          body += fmt::format("<line number=\"{}\" hits=\"{}\"/>\n", line, h);
        }
      }
      put(body);
      put("</lines></class>\n");
    }
    put("</classes></package></packages>\n</coverage>\n");
  } else if (format == "lcov") {
    for (unsigned file = 0; written < target; ++file) {
      std::string body = fmt::format("TN:\nSF:/src/pkg/m{}.ts\n", file);
      for (unsigned line = 1; line <= k_lines_per_file; ++line) {
        const auto h = hits_for(counter++);
        ++t.lines;
        t.lines_covered += h > 0 ? 1 : 0;
        body += fmt::format("DA:{},{}\n", line, h);
        if (line % 10 == 0) {
          t.branches += 2;
          t.branches_covered += h > 0 ? 1 : 0;
          body += fmt::format("BRDA:{},0,0,{}\nBRDA:{},0,1,0\n", line, h, line);
        }
      }
      body += "end_of_record\n";
      put(body);
    }
  } else if (format == "istanbul") {
    put("{");
    for (unsigned file = 0; written < target; ++file) {
      std::string map;
      std::string s;
      std::string b;
      std::string bmap;
      unsigned branch_id = 0;
      for (unsigned line = 1; line <= k_lines_per_file; ++line) {
        const auto h = hits_for(counter++);
        ++t.lines;
        t.lines_covered += h > 0 ? 1 : 0;
        map +=
            fmt::format("{}\"{}\":{{\"start\":{{\"line\":{},\"column\":2}},\"end\":{{\"line\":{},"
                        "\"column\":30}}}}",
                        line == 1 ? "" : ",", line - 1, line, line);
        s += fmt::format("{}\"{}\":{}", line == 1 ? "" : ",", line - 1, h);
        if (line % 10 == 0) {
          t.branches += 2;
          t.branches_covered += h > 0 ? 1 : 0;
          bmap +=
              fmt::format("{}\"{}\":{{\"loc\":{{\"start\":{{\"line\":{},\"column\":2}},\"end\":{{"
                          "\"line\":{},\"column\":9}}}},\"type\":\"if\",\"locations\":[],"
                          "\"line\":{}}}",
                          branch_id == 0 ? "" : ",", branch_id, line, line, line);
          b += fmt::format("{}\"{}\":[{},0]", branch_id == 0 ? "" : ",", branch_id, h);
          ++branch_id;
        }
      }
      put(fmt::format(
          "{}\"/src/pkg/m{}.ts\":{{\"path\":\"/src/pkg/m{}.ts\",\"statementMap\":{{{}}},"
          "\"fnMap\":{{}},\"branchMap\":{{{}}},\"s\":{{{}}},\"f\":{{}},\"b\":{{{}}}}}",
          file == 0 ? "" : ",\n", file, file, map, bmap, s, b));
    }
    put("}\n");
  } else {
    return 2;
  }
  std::fclose(out);
  std::printf("{\"lines\":{\"covered\":%llu,\"total\":%llu},\"branches\":{\"covered\":%llu,"
              "\"total\":%llu}}\n",
              t.lines_covered, t.lines, t.branches_covered, t.branches);
  return 0;
}
