// The LCOV fast paths (runs of plain DA and BRDA records) against the
// general record parser (parse_lcov_general): the same model, or the same error, on every
// real LCOV report at hand and on thousands of random ones.

#include <array>
#include <random>

#include <fmt/format.h>

#include "parsers/lcov.hpp"
#include "tests/support/helpers.hpp"

namespace covbar::test {
namespace {

/// The model parse_lcov (fast) or parse_lcov_general gives, or its whole error message.
std::string outcome(const std::string& text, bool fast) {
  try {
    const auto source = core::SourceText::from_string("report.info", text);
    auto report = fast ? parsers::parse_lcov(source) : parsers::parse_lcov_general(source);
    const auto problems = model::check_invariants(report);
    return dump_model(report) + (problems.empty() ? "" : "invariant: " + problems.front());
  } catch (const core::InputError& e) {
    return std::string("error: ") + e.what();
  }
}

TEST(LcovFastPath, GivesWhatTheGeneralParserGivesOnEveryRealReport) {
  const auto reports = real_reports("lcov", {".info", ".lcov"});
  ASSERT_GE(reports.size(), 5U);
  for (const auto& path : reports) {
    SCOPED_TRACE(path.string());
    const std::string text = read_text(path);
    EXPECT_EQ(outcome(text, true), outcome(text, false));
  }
}

/// A random number field: usually 1 to 9 digits (the fast paths take up to 8), sometimes
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

/// A record for the open file: mostly DA and BRDA of every shape, in or out of order.
std::string random_record(std::mt19937_64& random, std::uint64_t& line) {
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
  case 7: // 8 or 9 digits in one field, where the fast paths take at most 8
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
  case 13: // fields around the end of the 16 bytes a fast path loads at once
    return "BRDA:" + std::to_string(1000000 + random() % 9000000) + "," + eight_or_nine() + "," +
           (random() % 2 == 0 ? "x" : "1") + "," + (random() % 2 == 0 ? "-" : hits()) + "\n";
  case 15: // three fields, the last with a non-digit inside
    return "BRDA:" + number + ",0," + hits() + std::string(1, "x-e "[random() % 4]) + hits() + "\n";
  case 16:
    return "DA:" + number + std::string(1, "x-e "[random() % 4]) + hits() + "\n";
  case 14:
    return "DA:" + std::to_string(1000000 + random() % 9000000) + "," + eight_or_nine() +
           (random() % 2 == 0 ? "\n" : "x\n");
  default:
    return "DA:" + number + "," + hits() + "\n";
  }
}

TEST(LcovFastPath, GivesWhatTheGeneralParserGivesOnRandomRecords) {
  std::mt19937_64 random(11);
  std::size_t errors = 0;
  for (int report = 0; report < 3000; ++report) {
    std::string text;
    const auto files = 1 + random() % 3;
    for (std::uint64_t f = 0; f < files; ++f) {
      text += fmt::format("SF:src/f{}.c\n", f);
      std::uint64_t line = 0;
      const auto records = random() % 40;
      for (std::uint64_t r = 0; r < records; ++r) {
        text += random_record(random, line);
      }
      text += "end_of_record\n";
    }
    if (random() % 10 == 0) {
      text.resize(random() % text.size()); // cut anywhere, records near the end included
    }
    SCOPED_TRACE(text);
    const std::string got = outcome(text, true);
    ASSERT_EQ(got, outcome(text, false));
    errors += got.starts_with("error: ") ? 1 : 0;
  }
  // Both outcomes were compared many times each.
  EXPECT_GT(errors, 300U);
  EXPECT_LT(errors, 2700U);
}

} // namespace
} // namespace covbar::test
