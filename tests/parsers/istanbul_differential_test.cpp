// The istanbul accelerator (parsers/fast/istanbul_final: the top-level object split into
// members, groups parsed in parallel) against the reference reader (simdjson's On Demand
// walk over the whole document): the same whole model, or the same error, on every real
// report at hand and on random reports, valid and broken.

#include <random>

#include <fmt/format.h>

#include "parsers/fast/json_split.hpp"
#include "parsers/istanbul_final.hpp"
#include "tests/support/differential.hpp"

namespace covbar::test {
namespace {

std::string accelerated(const core::SourceText& text, const parsers::FileFilter& wanted = {}) {
  return outcome(
      text, [&](const core::SourceText& t) { return parsers::parse_istanbul_final(t, wanted); });
}
std::string reference(const core::SourceText& text, const parsers::FileFilter& wanted = {}) {
  return outcome(text, [&](const core::SourceText& t) {
    return parsers::parse_istanbul_final_reference(t, wanted);
  });
}

/// Whether the split finds the structure sound (strings closed, brackets matched, nothing
/// after the object). Where it does not, each reader locates the fault by its own scan, in
/// its own words; both must refuse.
bool well_formed(const core::SourceText& text) {
  try {
    (void)parsers::fast::split_top_level_object(text);
    return true;
  } catch (const core::InputError&) {
    return false;
  }
}

/// Compares the two readers on one input; returns whether the reference refused it.
bool expect_same(const std::string& name, const std::string& json,
                 const parsers::FileFilter& wanted = {}) {
  const auto text = core::SourceText::from_string(name, json);
  const std::string fast = accelerated(text, wanted);
  const std::string plain = reference(text, wanted);
  if (well_formed(text)) {
    EXPECT_EQ(fast, plain) << json.substr(0, 2000);
  } else {
    EXPECT_TRUE(fast.starts_with("error: ")) << fast.substr(0, 2000);
    EXPECT_TRUE(plain.starts_with("error: ")) << plain.substr(0, 2000);
  }
  return plain.starts_with("error: ");
}

TEST(IstanbulDifferential, EveryRealReportGivesTheReferenceModel) {
  std::size_t compared = 0;
  for (const auto& path : real_reports("istanbul", {".json"})) {
    const std::string json = read_text(path);
    if (json.find("statementMap") == std::string::npos) {
      continue; // coverage-summary.json, package.json: not this format
    }
    SCOPED_TRACE(path.string());
    expect_same(path.filename().string(), json);
    ++compared;
  }
  EXPECT_GE(compared, 8U);
}

/// Random reports in the shapes istanbul, v8-to-istanbul, c8 and hand-edited files take.
class Generator {
public:
  explicit Generator(std::uint64_t seed) : m_random(seed) {}

  /// Which fault, if any, one file of the report carries.
  enum class Fault {
    none,
    negative_count,
    string_count,
    huge_count,
    fraction_count,
    nul_path,
    statement_line_zero,
    file_not_object,
    decl_not_object,
    counts_not_array,
    locations_not_array,
    huge_line,
    truncated,
    trailing,
    count
  };

  std::string report(std::size_t files, Fault fault, bool one_file = false) {
    m_fault = fault;
    m_faulty_file = files == 0 ? 0 : pick(files);
    if (one_file) {
      m_faulty_file = 0;
      std::string out = file("/repo/src/only.js", 0, true);
      return finish(out);
    }
    std::string out = maybe_space() + "{";
    for (std::size_t i = 0; i < files; ++i) {
      if (i > 0) {
        out += "," + maybe_space();
      }
      std::string path = fmt::format("/repo/src/{}/f{}.js", pick(4), i);
      if (pick(10) == 0) {
        path = fmt::format("C:\\\\repo\\\\f{}.ts", i); // an escaped key
      } else if (pick(20) == 0 && i > 0) {
        path = "/repo/src/0/f0.js"; // a path listed twice
      }
      out += "\"" + path + "\":" + maybe_space() + file(path, i, false);
    }
    out += maybe_space() + "}";
    return finish(out);
  }

private:
  std::size_t pick(std::size_t n) { return static_cast<std::size_t>(m_random() % n); }
  std::string maybe_space() {
    static const char* const spaces[] = {"", "", "", " ", "\n  ", "\t"};
    return spaces[pick(6)];
  }
  bool faulty(std::size_t file, Fault fault) const {
    return file == m_faulty_file && m_fault == fault;
  }

  std::string finish(std::string out) {
    if (m_fault == Fault::truncated) {
      out.resize(1 + pick(out.size() - 1));
    } else if (m_fault == Fault::trailing) {
      out += pick(2) == 0 ? " x" : "{}";
    }
    return out + (pick(2) == 0 ? "\n" : "");
  }

  std::string number(std::size_t file, std::uint64_t value) {
    if (faulty(file, Fault::negative_count) && pick(3) == 0) {
      m_fault = Fault::none;
      return "-3";
    }
    if (faulty(file, Fault::string_count) && pick(3) == 0) {
      m_fault = Fault::none;
      return "\"7\"";
    }
    if (faulty(file, Fault::huge_count) && pick(3) == 0) {
      m_fault = Fault::none;
      return "18446744073709551616";
    }
    if (faulty(file, Fault::fraction_count) && pick(3) == 0) {
      m_fault = Fault::none;
      return "1.5";
    }
    return std::to_string(value);
  }

  std::string position(std::size_t file, std::uint32_t line) {
    std::string column = std::to_string(pick(80));
    switch (pick(12)) {
    case 0:
      column = "null";
      break;
    case 1:
      column = "-1";
      break;
    default:
      break;
    }
    if (faulty(file, Fault::huge_line) && pick(4) == 0) {
      m_fault = Fault::none;
      return "{\"line\":4294967296,\"column\":0}";
    }
    if (pick(8) == 0) {
      return fmt::format("{{ \"column\": {}, \"line\": {} }}", column, line);
    }
    return fmt::format("{{\"line\":{},\"column\":{}}}", line, column);
  }

  std::string range(std::size_t file, std::uint32_t line) {
    const std::string start = position(file, line);
    const std::string end = position(file, line + static_cast<std::uint32_t>(pick(3)));
    if (pick(8) == 0) {
      return "{\"end\":" + end + ", \"start\":" + start + "}";
    }
    return "{\"start\":" + start + ",\"end\":" + end + "}";
  }

  std::string id(std::size_t i) {
    if (pick(40) == 0) {
      return fmt::format("0{}", i); // not canonical: a key like any other
    }
    if (pick(60) == 0) {
      return std::to_string(16777215 - i); // far beyond the others
    }
    return std::to_string(i);
  }

  std::string file(const std::string& path, std::size_t index, bool one_file) {
    std::vector<std::string> fields;
    std::string path_value = path;
    if (faulty(index, Fault::nul_path)) {
      path_value = "x\\u0000y";
    }
    if (pick(6) != 0 || one_file) {
      fields.push_back("\"path\":\"" + path_value + "\"");
    }
    const std::size_t statements = pick(25);
    std::string map = "{";
    std::string counts = "{";
    for (std::size_t i = 0; i < statements; ++i) {
      const std::string key = id(i);
      std::uint32_t line = 1 + static_cast<std::uint32_t>(pick(300));
      if (faulty(index, Fault::statement_line_zero) && pick(3) == 0) {
        m_fault = Fault::none;
        line = 0;
      }
      map += (i > 0 ? "," : "") + ("\"" + key + "\":" + range(index, line));
      if (pick(15) != 0) { // now and then a statement without a count, or a count alone
        counts += (counts.size() > 1 ? "," : "") + ("\"" + key + "\":" + number(index, pick(5)));
      }
    }
    if (pick(10) == 0) {
      counts += (counts.size() > 1 ? "," : "") + std::string("\"999\":2");
    }
    fields.push_back("\"statementMap\":" + map + "}");
    fields.push_back("\"s\":" + counts + "}");

    const std::size_t functions = pick(6);
    std::string fn_map = "{";
    std::string fn_counts = "{";
    for (std::size_t i = 0; i < functions; ++i) {
      const auto line = 1 + static_cast<std::uint32_t>(pick(300));
      std::string entry = fmt::format("{{\"name\":\"fn{}\"", i);
      if (faulty(index, Fault::decl_not_object) && pick(2) == 0) {
        m_fault = Fault::none;
        entry += ",\"decl\":\"x\"";
      } else if (pick(4) != 0) {
        entry += ",\"decl\":" + range(index, line);
      }
      if (pick(3) != 0) {
        entry += ",\"loc\":" + range(index, line);
      }
      if (pick(2) == 0) {
        entry += fmt::format(",\"line\":{}", line);
      }
      fn_map += (i > 0 ? "," : "") + fmt::format("\"{}\":", i) + entry + "}";
      fn_counts += (i > 0 ? "," : "") + fmt::format("\"{}\":{}", i, number(index, pick(4)));
    }
    fields.push_back("\"fnMap\":" + fn_map + "}");
    fields.push_back("\"f\":" + fn_counts + "}");

    const std::size_t branches = pick(5);
    std::string branch_map = "{";
    std::string branch_counts = "{";
    for (std::size_t i = 0; i < branches; ++i) {
      const auto line = 1 + static_cast<std::uint32_t>(pick(300));
      const std::size_t arms = 1 + pick(3);
      std::string locations = "[";
      std::string hits = "[";
      for (std::size_t a = 0; a < arms; ++a) {
        locations += (a > 0 ? "," : "") + range(index, line);
        hits += (a > 0 ? "," : "") + number(index, pick(3));
      }
      locations += "]";
      hits += "]";
      if (faulty(index, Fault::locations_not_array) && pick(2) == 0) {
        m_fault = Fault::none;
        locations = "{}";
      }
      if (faulty(index, Fault::counts_not_array) && pick(2) == 0) {
        m_fault = Fault::none;
        hits = "{\"0\":1}";
      }
      std::string entry = "{\"type\":\"if\"";
      if (pick(3) != 0) {
        entry += ",\"loc\":" + range(index, line);
      }
      if (pick(2) == 0) {
        entry += fmt::format(",\"line\":{}", line);
      }
      entry += ",\"locations\":" + locations + "}";
      branch_map += (i > 0 ? "," : "") + fmt::format("\"{}\":", i) + entry;
      branch_counts += (i > 0 ? "," : "") + fmt::format("\"{}\":", i) + hits;
    }
    fields.push_back("\"branchMap\":" + branch_map + "}");
    fields.push_back("\"b\":" + branch_counts + "}");
    if (pick(3) == 0) {
      fields.push_back("\"_coverageSchema\":\"1a1c01bbd47fc00a2c39e90264f33305004495a9\"");
      fields.push_back("\"hash\":\"abc\"");
    }
    if (pick(5) == 0) {
      fields.push_back("\"inputSourceMap\":{\"version\":3,\"sources\":[\"a.ts\"],\"names\":[],"
                       "\"mappings\":\"AAAA,\\\"{[\"}");
    }
    if (!one_file) {
      for (std::size_t i = fields.size(); i > 1; --i) { // any order of fields (path kept first)
        std::swap(fields[i - 1], fields[1 + pick(i - 1)]);
      }
    }
    if (faulty(index, Fault::file_not_object)) {
      return "[1, 2]";
    }
    std::string out = "{";
    for (std::size_t i = 0; i < fields.size(); ++i) {
      out += (i > 0 ? "," + maybe_space() : "") + fields[i];
    }
    return out + "}";
  }

  std::mt19937_64 m_random;
  Fault m_fault = Fault::none;
  std::size_t m_faulty_file = 0;
};

TEST(IstanbulDifferential, RandomReportsValidAndBrokenGiveTheReferenceOutcome) {
  Generator generator(18);
  constexpr auto k_faults = static_cast<int>(Generator::Fault::count);
  std::size_t refused = 0;
  constexpr int k_rounds = 600;
  for (int round = 0; round < k_rounds; ++round) {
    SCOPED_TRACE(round);
    const auto fault = static_cast<Generator::Fault>(round % 3 == 0 ? 0 : round % k_faults);
    refused +=
        expect_same("random.json", generator.report(1 + static_cast<std::size_t>(round % 9), fault))
            ? 1
            : 0;
  }
  for (int round = 0; round < 60; ++round) {
    SCOPED_TRACE(round);
    expect_same("one.json",
                generator.report(1, static_cast<Generator::Fault>(round % k_faults), true));
  }
  // Both outcomes are well represented.
  EXPECT_GT(refused, k_rounds / 4U);
  EXPECT_LT(refused, k_rounds * 3U / 4U);
}

/// Reports large enough for several groups, parsed in parallel, with a fault far in.
TEST(IstanbulDifferential, LargeReportsSplitInGroupsGiveTheReferenceOutcome) {
  Generator generator(19);
  for (const auto fault : {Generator::Fault::none, Generator::Fault::negative_count,
                           Generator::Fault::nul_path, Generator::Fault::truncated}) {
    SCOPED_TRACE(static_cast<int>(fault));
    const std::string json = generator.report(2500, fault);
    ASSERT_GT(json.size(), 2U << 20U);
    expect_same("large.json", json);
  }
}

/// A filter drops files by their key as written, in both readers alike; a key with an
/// escape is kept whatever it names.
TEST(IstanbulDifferential, AFilterKeepsTheSameFiles) {
  Generator generator(20);
  const parsers::FileFilter wanted = [](std::string_view path) {
    return path.ends_with("0.js") || path.ends_with("4.js");
  };
  for (int round = 0; round < 100; ++round) {
    SCOPED_TRACE(round);
    expect_same("filtered.json", generator.report(12, Generator::Fault::none), wanted);
  }
}

} // namespace
} // namespace covbar::test

namespace covbar::test {
namespace {

/// A control character written as such inside a string is refused where it stands, by both
/// readers alike (found by fuzzing: each located it at the start of what it parsed).
TEST(IstanbulDifferential, AControlCharacterInAStringIsLocatedWhereItStands) {
  const std::string json = "{\"/src/a.js\": {\"path\": \"/src/a.js\", \"statementMap\": {},\n"
                           "  \"fnMap\": {\"0\": {\"name\": \"f\tg\"}}, \"s\": {}, \"f\": {}}}\n";
  const auto text = core::SourceText::from_string("control.json", json);
  const std::string fast = accelerated(text);
  EXPECT_EQ(fast, reference(text));
  EXPECT_TRUE(fast.starts_with("error: control.json:2:29: error: expected a control character "
                               "escaped within a JSON string"))
      << fast;
}

} // namespace
} // namespace covbar::test

namespace covbar::test {
namespace {

/// A bracket out of place inside a value neither reader walks is refused by both: the
/// reference reader checks what simdjson's On Demand walk steps over unread (found by
/// fuzzing: it read this as a whole file).
TEST(IstanbulDifferential, ABracketOutOfPlaceInAValueSkippedIsRefusedByBoth) {
  const std::string json = "{\"path\":\"/a.js\",\"statementMap\":{},\"fnMap\":{},"
                           "\"branchMap\":{\"0\":{\"type\":]}},\"s\":{},\"f\":{},\"b\":{}}";
  const auto text = core::SourceText::from_string("bracket.json", json);
  EXPECT_TRUE(accelerated(text).starts_with("error: ")) << accelerated(text);
  EXPECT_TRUE(reference(text).starts_with("error: ")) << reference(text);
}

} // namespace
} // namespace covbar::test

namespace covbar::test {
namespace {

/// A fault simdjson finds without saying where (here a backslash before a quote outside a
/// string, which opens a string that never closes) is reported at the document's top-level
/// value by both readers, whatever part of the document each gave simdjson (found by
/// fuzzing: each named the start of its own buffer).
TEST(IstanbulDifferential, AFaultSimdjsonDoesNotLocateIsReportedAtTheDocument) {
  for (const std::string json : {"\n{ \"a.js\": {\"path\": \"a.js\", \"x\": \\\"y\"}}\n",
                                 "\n{ \"path\": \"a.js\", \"x\": \\\"y\"}\n"}) {
    SCOPED_TRACE(json);
    const auto text = core::SourceText::from_string("unlocated.json", json);
    const std::string fast = accelerated(text);
    EXPECT_EQ(fast, reference(text));
    EXPECT_TRUE(fast.starts_with("error: unlocated.json:2:1: error: expected a JSON document"))
        << fast;
  }
}

} // namespace
} // namespace covbar::test

namespace covbar::test {
namespace {

/// A key with an escape JSON does not have is refused at the key, by both readers (found by
/// fuzzing: each named the start of its own buffer).
TEST(IstanbulDifferential, AKeyWithABadEscapeIsRefusedAtTheKey) {
  struct Case {
    std::string json;
    std::string location;
  };
  for (const auto& [json, location] :
       std::vector<Case>{{"{ \"a.js\": {\"path\": \"a.js\", \"s\": {\"\\T\": 1}}}", "1:34"},
                         {"{ \"path\": \"a.js\",\n  \"s\\T\": {}}", "2:3"}}) {
    SCOPED_TRACE(json);
    const auto text = core::SourceText::from_string("key.json", json);
    const std::string fast = accelerated(text);
    EXPECT_EQ(fast, reference(text));
    EXPECT_TRUE(fast.starts_with("error: key.json:" + location + ": error: expected an object key"))
        << fast;
  }
}

} // namespace
} // namespace covbar::test
