// The one JSON writer, and the header every JSON output of covbar starts with.

#include <yaml-cpp/yaml.h>

#include <fstream>

#include "reports/json_writer.hpp"
#include "src/core/error.hpp"
#include "tests/support/helpers.hpp"
#include "tests/support/run_covbar.hpp"

namespace covbar::test {
namespace {

namespace fs = std::filesystem;
using reports::JsonWriter;

TEST(JsonWriter, PlacesCommasAndColonsAndEscapesEveryString) {
  JsonWriter out;
  out.object().key("a").number(1).key("b\"").array().string("x\ny").boolean(true).null();
  out.object().end().array().end().end();
  out.line_break().key("c").number_text("75.0").key("d").counter(3, 4).end();
  EXPECT_EQ(out.finish(), "{\"a\":1,\"b\\\"\":[\"x\\ny\",true,null,{},[]],\n\"c\":75.0,"
                          "\"d\":{\"covered\":3,\"total\":4}}\n");
}

TEST(JsonWriter, LineBreaksGoBeforeTheNextEntry) {
  JsonWriter out;
  out.array().line_break().number(1).line_break().number(2).end();
  EXPECT_EQ(out.finish(), "[\n1,\n2]\n");
}

TEST(JsonWriter, RefusesWhatWouldNotBeJson) {
  {
    JsonWriter out;
    out.object();
    EXPECT_THROW(out.number(1), core::InternalError); // a value without its key
  }
  {
    JsonWriter out;
    out.array();
    EXPECT_THROW(out.key("k"), core::InternalError); // a key in an array
    EXPECT_THROW(out.finish(), core::InternalError); // unclosed
  }
  {
    JsonWriter out;
    out.object().key("k");
    EXPECT_THROW(out.end(), core::InternalError); // a key without its value
  }
  {
    JsonWriter out;
    out.number(1);
    EXPECT_THROW(out.number(2), core::InternalError); // two values at the top
    EXPECT_THROW(JsonWriter().end(), core::InternalError);
  }
}

TEST(JsonWriter, TheHeaderNamesToolVersionSchemaAndCommand) {
  JsonWriter out;
  out.object().header("check", "1.2.3").end();
  EXPECT_EQ(out.finish(), "{\"covbar\":{\"tool\":\"covbar\",\"version\":\"1.2.3\",\"schema\":" +
                              std::to_string(reports::k_json_schema) +
                              ",\"command\":\"check\"}}\n");
}

class JsonOutputs : public TempDirTest {};

/// Every JSON output of covbar (check, diff, ratchet, audit) parses and carries the same
/// header: tool, version, schema, and the command that wrote it.
TEST_F(JsonOutputs, EveryOneCarriesTheSameHeader) {
  const std::string xml = (fixtures_dir() / "coveragepy-6.5.0-lines" / "coverage.xml").string();
  const std::string root = (fixtures_dir() / "projects" / "python").string();
  write_text(m_dir / "change.diff", "diff --git a/calc/ops.py b/calc/ops.py\n--- a/calc/ops.py\n"
                                    "+++ b/calc/ops.py\n@@ -1,0 +2,1 @@\n+x = 1\n");
  const std::string state = (m_dir / "covbar-ratchet.json").string();
  const auto j = [&](const std::string& name) { return (m_dir / name).string(); };
  struct Run {
    std::string command;
    std::vector<std::string> args;
  };
  const std::vector<Run> runs = {
      {"check", {"check", xml, "--root", root, "--json", j("check.json")}},
      {"diff",
       {"diff", xml, "--root", root, "--diff-file", j("change.diff"), "--json", j("diff.json")}},
      {"ratchet",
       {"ratchet", "init", xml, "--root", root, "--state", state, "--today", "2026-01-05",
        "--no-step-summary", "--json", j("ratchet.json")}},
      {"audit", {"audit", "api=" + xml, "--today", "2026-01-05", "--json", j("audit.json")}},
  };
  for (const auto& run : runs) {
    const auto o = run_covbar(run.args);
    ASSERT_LE(o.code, 1) << run.command << ": " << o.err;
    const YAML::Node doc = YAML::LoadFile(j(run.command + ".json"));
    ASSERT_TRUE(doc["covbar"].IsMap()) << run.command;
    EXPECT_EQ(doc["covbar"]["tool"].as<std::string>(), "covbar") << run.command;
    EXPECT_FALSE(doc["covbar"]["version"].as<std::string>().empty()) << run.command;
    EXPECT_EQ(doc["covbar"]["schema"].as<int>(), reports::k_json_schema) << run.command;
    EXPECT_EQ(doc["covbar"]["command"].as<std::string>(), run.command);
    EXPECT_EQ(doc["covbar"].size(), 4U) << run.command;
  }
}

} // namespace
} // namespace covbar::test
