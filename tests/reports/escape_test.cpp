// reports/escape: one function per output context, each held to its own rules.

#include <gtest/gtest.h>

#include "reports/escape.hpp"

namespace covbar::reports {
namespace {

TEST(Escape, JsonStringsAlwaysParse) {
  EXPECT_EQ(json_string("plain"), "\"plain\"");
  EXPECT_EQ(json_string("a\"b\\c"), "\"a\\\"b\\\\c\"");
  EXPECT_EQ(json_string("tab\tnl\n"), "\"tab\\tnl\\n\"");
  EXPECT_EQ(json_string(std::string_view("\x01", 1)), "\"\\u0001\"");
  EXPECT_EQ(json_string("\xe2\x80\xa8"), "\"\\u2028\"");    // U+2028 ends a JavaScript line
  EXPECT_EQ(json_string("caf\xc3\xa9"), "\"caf\xc3\xa9\""); // valid UTF-8 stays
  EXPECT_EQ(json_string("\xff"), "\"\\ufffd\"");            // not UTF-8: U+FFFD
}

TEST(Escape, MarkdownCellsAreInert) {
  EXPECT_EQ(markdown_cell("a|b"), "a\\|b");
  EXPECT_EQ(markdown_cell("<b>&"), "&lt;b&gt;&amp;");
  EXPECT_NE(markdown_cell("*x*").find("\\*"), std::string::npos);
  EXPECT_EQ(markdown_code("src/a.py"), "`src/a.py`");
  EXPECT_EQ(markdown_code("a`b"), "``a`b``"); // a fence longer than any run
  EXPECT_EQ(markdown_code("`x"), "`` `x ``"); // CommonMark: spaces inside
  EXPECT_EQ(markdown_code(""), "");
  EXPECT_EQ(markdown_cell_code("a|b"), "`a\\|b`");
}

TEST(Escape, CsvCellsQuoteAndDisarmFormulas) {
  EXPECT_EQ(csv_cell("api"), "api");
  EXPECT_EQ(csv_cell("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_cell("=1+1"), "\"'=1+1\"");
  EXPECT_EQ(csv_cell("@SUM(A1)"), "\"'@SUM(A1)\"");
  EXPECT_EQ(csv_cell("-2"), "\"'-2\"");
}

TEST(Escape, WorkflowCommands) {
  EXPECT_EQ(workflow_data("50% done\r\nnext"), "50%25 done%0D%0Anext");
  EXPECT_EQ(workflow_property("a:b,c%"), "a%3Ab%2Cc%25");
}

} // namespace
} // namespace covbar::reports
