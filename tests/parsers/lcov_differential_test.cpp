// The LCOV accelerator (parsers/fast/lcov_runs, inside parse_lcov) against the reference
// reader (parse_lcov_general): the same whole model, or the same error message at the same
// file:line:col, on every LCOV report at hand (fixtures/, malformed ones included, and
// ../shared/conformance/lcov when present) and on thousands of random reports, valid and
// slightly broken, small and cut into parts.

#include <array>
#include <random>

#include <fmt/format.h>

#include "parsers/lcov.hpp"
#include "tests/support/helpers.hpp"

namespace covbar::test {
namespace {

/// The whole model parse_lcov (with the accelerator) or parse_lcov_general gives, or its
/// whole error message.
std::string outcome(const std::string& text, bool fast) {
  try {
    const auto source = core::SourceText::from_string("report.info", text);
    auto report = fast ? parsers::parse_lcov(source) : parsers::parse_lcov_general(source);
    const auto problems = model::check_invariants(report);
    return dump_whole_model(report) + (problems.empty() ? "" : "invariant: " + problems.front());
  } catch (const core::InputError& e) {
    return std::string("error: ") + e.what();
  }
}

TEST(LcovDifferential, TheAcceleratorGivesWhatTheReferenceGivesOnEveryRealReport) {
  const auto reports = real_reports("lcov", {".info", ".lcov"});
  ASSERT_GE(reports.size(), 5U);
  std::size_t errors = 0;
  for (const auto& path : reports) {
    SCOPED_TRACE(path.string());
    const std::string text = read_text(path);
    const std::string got = outcome(text, true);
    EXPECT_EQ(got, outcome(text, false));
    errors += got.starts_with("error: ") ? 1 : 0;
  }
  EXPECT_GT(errors, 0U) << "fixtures/malformed/ has broken LCOV reports: errors compared too";
  EXPECT_LT(errors, reports.size());
}

/// A random number field: usually 1 to 9 digits (the accelerator takes up to 8), sometimes
/// empty, 0, with leading zeros, past 32 or 64 bits, or not a number at all.
std::string random_number(std::mt19937_64& random) {
  switch (random() % 12) {
  case 0:
    return "";
  case 1:
    return "0";
  case 2:
    return "00" + std::to_string(random() % 1000);
  case 3:
    return std::to_string(4294967295ULL + random() % 3); // around the largest line number
  case 4:
    return "18446744073709551616"; // one past 64 bits
  case 5:
    return "-" + std::to_string(random() % 10);
  case 6:
    return "x";
  default: {
    std::string digits = std::to_string(1 + random() % 9);
    const auto more = random() % 9;
    for (std::uint64_t i = 0; i < more; ++i) {
      digits += static_cast<char>('0' + random() % 10);
    }
    return digits;
  }
  }
}

/// A DA or BRDA record for the open file, of every shape around what the accelerator takes,
/// in or out of order.
std::string random_line_record(std::mt19937_64& random, std::uint64_t& line) {
  line += random() % 40 == 0 ? 0 : 1 + random() % 3;
  const std::string number = random() % 60 == 0 ? random_number(random) : std::to_string(line);
  const auto hits = [&] {
    return random() % 30 == 0 ? random_number(random) : std::to_string(random() % 200);
  };
  const auto eight_or_nine = [&] {
    return std::to_string(random() % 2 == 0 ? 10000000 + random() % 90000000
                                            : 100000000 + random() % 900000000);
  };
  switch (random() % 60) {
  case 0:
  case 1:
  case 2:
  case 3:
    // lcov 2.x's block marks (e, f, then U), and some it never writes.
    return "BRDA:" + number + "," +
           std::string(random() % 3 == 0 ? ""
                                         : std::array{"e", "f", "U", "eU", "fU", "Ue", "ff", "x",
                                                      "E"}[random() % 9]) +
           std::to_string(random() % 4) + "," + std::to_string(random() % 3) + "," +
           (random() % 4 == 0 ? "-" : hits()) + "\n";
  case 4:
    return "BRDA:" + number + "," + random_number(random) + "," + random_number(random) + "," +
           hits() + "\n";
  case 5:
    return "DA:" + number + "," + hits() + ",checksum\n";
  case 6:
    return "DA:" + number + "," + hits() + "\r\n";
  case 7: // 8 or 9 digits in one field, where the accelerator takes at most 8
    return "BRDA:" + number + ",0," + eight_or_nine() + ",1\n";
  case 8:
    return "BRDA:" + number + "," + eight_or_nine() + ",1,1\n";
  case 9:
    return "BRDA:" + number + ",0,1," + eight_or_nine() + "\n";
  case 10:
    return "DA:" + number + "," + eight_or_nine() + "\n";
  case 11:
    return "DA:" + eight_or_nine() + "," + hits() + "\n";
  case 12:
    return "BRDA:" + eight_or_nine() + ",0,1,1\n";
  case 13: // fields around the end of the 16 bytes the accelerator loads at once
    return "BRDA:" + std::to_string(1000000 + random() % 9000000) + "," + eight_or_nine() + "," +
           (random() % 2 == 0 ? "x" : "1") + "," + (random() % 2 == 0 ? "-" : hits()) + "\n";
  case 14:
    return "DA:" + std::to_string(1000000 + random() % 9000000) + "," + eight_or_nine() +
           (random() % 2 == 0 ? "\n" : "x\n");
  case 15: // three fields, the last with a non-digit inside
    return "BRDA:" + number + ",0," + hits() + std::string(1, "x-e "[random() % 4]) + hits() + "\n";
  case 16:
    return "DA:" + number + std::string(1, "x-e "[random() % 4]) + hits() + "\n";
  case 17: // a branch named by an expression (lcov 2.x), commas inside
    return "BRDA:" + number + ",0,(a, b) && c," + hits() + "\n";
  default:
    return "DA:" + number + "," + hits() + "\n";
  }
}

/// Any other record a file's record holds, as the tools write them (istanbul's writer: FN,
/// FNDA, FNF, FNH, BRF, BRH, LF, LH; lcov 2.x: FN with end lines, FNL and FNA; bun: FNF and
/// FNH alone), with a random field now and then.
std::string random_other_record(std::mt19937_64& random) {
  const auto count = [&] {
    return random() % 40 == 0 ? random_number(random) : std::to_string(1 + random() % 50);
  };
  const std::string name =
      std::array{"main", "f", "(anonymous_0)", "ns::g(int, char)"}[random() % 4];
  switch (random() % 14) {
  case 0:
    return "FN:" + count() + "," + name + "\n";
  case 1:
    return "FN:" + count() + "," + count() + "," + name + "\n";
  case 2:
  case 3:
    return "FNDA:" + count() + "," + name + "\n";
  case 4: {
    const auto found = random() % 10;
    return fmt::format("FNF:{}\nFNH:{}\n", found, random() % 15 == 0 ? found + 1 : found / 2);
  }
  case 5: {
    const std::string index = std::to_string(random() % 3);
    return "FNL:" + index + "," + count() + "," + count() + "\nFNA:" + index + "," + count() + "," +
           name + "\n";
  }
  case 6:
    return "FNA:" + std::to_string(random() % 3) + "," + count() + "," + name + "\n";
  case 7:
  case 8:
    return std::string(std::array{"LF:", "LH:", "BRF:", "BRH:"}[random() % 4]) +
           (random() % 30 == 0 ? "18446744073709551615" : count()) + "\n";
  case 9:
    return "# a comment\n";
  case 10:
    return random() % 2 == 0 ? "\n" : "  \t\n";
  case 11:
    return "TN:" + name + "\n";
  default:
    return "DA:" + count() + "," + count() + " \t\n"; // trailing blanks
  }
}

/// A report of `files` records, each a random mix; `broken` damages it a little.
std::string random_report(std::mt19937_64& random, std::uint64_t files, bool broken) {
  std::string text = random() % 10 == 0 ? "\xEF\xBB\xBF" : "";
  text += random() % 2 == 0 ? "TN:\n" : "VER:2.0\n";
  for (std::uint64_t f = 0; f < files; ++f) {
    text += fmt::format("SF:src/f{}.c\n", random() % (files + 2)); // some listed twice
    std::uint64_t line = 0;
    const auto records = random() % 40;
    for (std::uint64_t r = 0; r < records; ++r) {
      text += random() % 5 == 0 ? random_other_record(random) : random_line_record(random, line);
    }
    text += random() % 20 == 0 ? "end_of_record\r\n" : "end_of_record\n";
  }
  if (broken && !text.empty()) {
    switch (random() % 4) {
    case 0: // cut anywhere, records near the end included
      text.resize(random() % text.size());
      break;
    case 1: // one byte changed
      text[random() % text.size()] = "x:,\n0-\r"[random() % 7];
      break;
    case 2: // a line dropped (an SF: or end_of_record among them)
    {
      const auto at = text.find('\n', random() % text.size());
      const auto next = at == std::string::npos ? at : text.find('\n', at + 1);
      if (next != std::string::npos) {
        text.erase(at + 1, next - at);
      }
      break;
    }
    default: // a record of a tag LCOV does not have
      text.insert(text.find('\n', random() % text.size()) + 1, "XYZ:1\n");
      break;
    }
  }
  return text;
}

TEST(LcovDifferential, TheAcceleratorGivesWhatTheReferenceGivesOnRandomReports) {
  std::mt19937_64 random(11);
  std::size_t errors = 0;
  constexpr int k_reports = 4000;
  for (int report = 0; report < k_reports; ++report) {
    const std::string text = random_report(random, 1 + random() % 3, random() % 4 == 0);
    SCOPED_TRACE(text);
    const std::string got = outcome(text, true);
    ASSERT_EQ(got, outcome(text, false));
    errors += got.starts_with("error: ") ? 1 : 0;
  }
  // Both outcomes were compared many times each (most reports hold some field the reader
  // refuses: every field of every record is at times malformed).
  EXPECT_GT(errors, k_reports / 2);
  EXPECT_GT(k_reports - errors, k_reports / 20);
}

/// A valid file record of every kind istanbul's and lcov 2.x's writers give, for `path`.
std::string valid_file_record(std::mt19937_64& random, const std::string& path) {
  std::string text = "SF:" + path + "\n";
  const auto functions = random() % 4;
  for (std::uint64_t f = 0; f < functions; ++f) {
    text += fmt::format("FN:{},{}f{}\n", 1 + f * 10, random() % 2 == 0 ? "" : "20,", f % 2);
  }
  for (std::uint64_t f = 0; f < functions; ++f) {
    text += fmt::format("FNDA:{},f{}\n", random() % 3, f % 2);
  }
  text += fmt::format("FNF:{}\nFNH:{}\n", functions, functions / 2);
  const auto lines = random() % 60;
  for (std::uint64_t line = 1; line <= lines; ++line) {
    text += fmt::format("DA:{},{}\n", line, random() % 5 == 0 ? random() % 100000 : 0);
    if (random() % 6 == 0) {
      text += fmt::format("BRDA:{},{}{},0,{}\nBRDA:{},0,1,{}\n", line,
                          std::array{"", "e", "f", "U"}[random() % 4], random() % 3,
                          random() % 2 == 0 ? "-" : "1", line, random() % 4);
    }
  }
  text += fmt::format("LF:{}\nLH:{}\nBRF:2\nBRH:1\nend_of_record\n", lines, lines / 3);
  return text;
}

TEST(LcovDifferential, TheAcceleratorGivesWhatTheReferenceGivesOnReportsCutIntoParts) {
  // Reports of a few MB, read in parts in parallel: the parts, their join (files listed in
  // several parts, declared totals summed across parts) and errors in a late part.
  std::mt19937_64 random(5);
  for (int report = 0; report < 6; ++report) {
    std::string text;
    while (text.size() < (2U << 20U)) {
      text += valid_file_record(random, fmt::format("src/f{}.c", random() % 5000));
    }
    if (report % 2 == 1) {
      text += random_report(random, 3, true);
    }
    SCOPED_TRACE(report);
    const std::string got = outcome(text, true);
    EXPECT_EQ(got, outcome(text, false));
    if (report % 2 == 0) {
      EXPECT_FALSE(got.starts_with("error: ")) << got.substr(0, 300);
    }
  }
}

} // namespace
} // namespace covbar::test
