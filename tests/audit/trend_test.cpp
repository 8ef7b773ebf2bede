// The fleet's trend: `covbar audit --append-history` reads the history back with today's line
// and holds each repository's recorded figures to its ratchet's schedule (--ratchet-state) or
// to the audit's target, in the Markdown, the SVG chart and the fleet page, every name from
// the history escaped.

#include <algorithm>

#include "ratchet/schedule.hpp"
#include "ratchet/state.hpp"
#include "reports/escape.hpp"
#include "src/audit/history.hpp"
#include "src/core/percent.hpp"
#include "tests/support/helpers.hpp"
#include "tests/support/run_covbar.hpp"

namespace covbar::test {
namespace {

namespace fs = std::filesystem;
using core::Percent;

/// A repository name that would be markup in HTML, SVG and Markdown ('=' ends a NAME).
const std::string k_hostile = "</title></svg><script>alert(1)</script>|**x**`";

class Trend : public TempDirTest {
protected:
  void SetUp() override {
    TempDirTest::SetUp();
    m_report = (fixtures_dir() / "coveragepy-6.5.0-lines" / "coverage.xml").string(); // 30/40
    // Two earlier audits: api without a figure on the second, the hostile name only on the
    // first (out of order on purpose: the history is read by date).
    write_text(m_dir / "history.jsonl",
               "{\"date\":\"2026-01-12\",\"metric\":\"lines\",\"target\":\"80\",\"repositories\":"
               "[{\"name\":\"api\",\"problem\":\"no report\"},{\"name\":\"web\",\"covered\":31,"
               "\"total\":40,\"percent\":\"77.50\"}]}\n"
               "{\"date\":\"2026-01-05\",\"metric\":\"lines\",\"target\":\"80\",\"repositories\":"
               "[{\"name\":\"api\",\"covered\":28,\"total\":40,\"percent\":\"70.00\"},"
               "{\"name\":\"web\",\"covered\":30,\"total\":40,\"percent\":\"75.00\"},"
               "{\"name\":" +
                   reports::json_string(k_hostile) +
                   ",\"covered\":29,\"total\":40,\"percent\":\"72.50\"}]}\n");
    // api's ratchet: from 70% on 2026-01-05, +2 points per 7-day sprint up to 85%. The hostile
    // one's: from 72% on 2026-01-01, +5 per 7 days, so 82% by 2026-01-19 (behind).
    m_api = state_at(m_dir / "api.json", "2026-01-05", 70, 2);
    m_hostile = state_at(m_dir / "hostile.json", "2026-01-01", 72, 5);
  }
  static ratchet::State state_at(const fs::path& path, const std::string& start, std::uint64_t from,
                                 std::uint64_t step) {
    ratchet::Settings s;
    s.step = Percent::points(step);
    s.sprint_days = 7;
    s.target = Percent::points(85);
    const auto day = *core::Date::parse(start);
    auto state = ratchet::start_state(s, day, Percent::points(from), day);
    ratchet::write_state(path.string(), state);
    return state;
  }
  Outcome audit(std::vector<std::string> extra) {
    std::vector<std::string> args{"audit",
                                  "api=" + m_report,
                                  "web=" + m_report,
                                  k_hostile + "=" + m_report,
                                  "--today",
                                  "2026-01-19",
                                  "--append-history",
                                  (m_dir / "history.jsonl").string(),
                                  "--no-step-summary"};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_covbar(args);
  }
  /// The scheduled bar ratchet/schedule gives `state` on `day`, as the reports print it.
  static std::string bar(const ratchet::State& state, const std::string& day) {
    const auto d = *core::Date::parse(day);
    return ratchet::scheduled_bar(state, ratchet::sprint_of(state, d)).to_string() + "%";
  }
  std::string m_report;
  ratchet::State m_api;
  ratchet::State m_hostile;
};

TEST_F(Trend, MarkdownHoldsEachRecordedFigureToItsSchedule) {
  const auto md = m_dir / "audit.md";
  const auto o = audit({"--ratchet-state", "api=" + (m_dir / "api.json").string(),
                        "--ratchet-state", k_hostile + "=" + (m_dir / "hostile.json").string(),
                        "--report-link", "api=https://github.com/acme/api/actions/runs/7",
                        "--markdown", md.string(), "--trend-svg", (m_dir / "trend.svg").string()});
  ASSERT_EQ(o.code, 0) << o.err;
  const std::string text = read_text(md);
  const auto section = text.find("### Trend against each repository's schedule");
  ASSERT_NE(section, std::string::npos) << text;
  EXPECT_NE(text.find("Chart: `" + (m_dir / "trend.svg").string() + "`."), std::string::npos);

  // The figures are the history's (and today's), the required values ratchet/schedule's.
  EXPECT_EQ(bar(m_api, "2026-01-05"), "70%");
  EXPECT_NE(text.find("#### `api`\n\n[Last report](<https://github.com/acme/api/actions/runs/7>)"
                      "\n\n| Date | Recorded | Required | On track |\n|---|---:|---:|---|\n"
                      "| 2026-01-05 | 70.00% (28 / 40) | " +
                      bar(m_api, "2026-01-05") +
                      " (sprint 1) | yes |\n"
                      "| 2026-01-12 | no figure: `no report` | " +
                      bar(m_api, "2026-01-12") +
                      " (sprint 2) | \u2014 |\n"
                      "| 2026-01-19 | 75.00% (30 / 40) | " +
                      bar(m_api, "2026-01-19") + " (sprint 3) | yes |\n"),
            std::string::npos)
      << text.substr(section);
  // Without a state: the audit's target, 80%.
  EXPECT_NE(
      text.find("#### `web`\n\n| Date | Recorded | Required | On track |\n"
                "|---|---:|---:|---|\n"
                "| 2026-01-05 | 75.00% (30 / 40) | 80% (target) | **no, 5.00 points below** |\n"
                "| 2026-01-12 | 77.50% (31 / 40) | 80% (target) | **no, 2.50 points below** |\n"
                "| 2026-01-19 | 75.00% (30 / 40) | 80% (target) | **no, 5.00 points below** |\n"),
      std::string::npos)
      << text.substr(section);
  // The summary row: the latest figure against what was required that day.
  EXPECT_EQ(bar(m_hostile, "2026-01-19"), "82%");
  EXPECT_NE(
      text.find("| " + reports::markdown_cell_code(k_hostile) +
                " | ratchet from 2026-01-01 at 72%, +5 points per 7-day sprint up to 85% | "
                "75.00% (30 / 40), 2026-01-19 | 82% (sprint 3) | **no, 7.00 points below** |"),
      std::string::npos)
      << text.substr(section);
  EXPECT_NE(text.find("| `api` | ratchet from 2026-01-05 at 70%, +2 points per 7-day sprint up to "
                      "85% | 75.00% (30 / 40), 2026-01-19 | 74% (sprint 3) | yes |"),
            std::string::npos);
  // The hostile name is a code span wherever the Markdown shows it; nothing of it is live.
  EXPECT_NE(text.find("#### " + reports::markdown_code(k_hostile)), std::string::npos);
  std::string outside = text;
  for (const auto& span :
       {reports::markdown_code(k_hostile), reports::markdown_cell_code(k_hostile)}) {
    for (auto at = outside.find(span); at != std::string::npos; at = outside.find(span)) {
      outside.erase(at, span.size());
    }
  }
  EXPECT_EQ(outside.find("<script>"), std::string::npos);
  EXPECT_NE(text.find("<script>"), std::string::npos) << "the name was shown";
}

TEST_F(Trend, SvgDrawsTheHistorysFiguresAndTheSchedulesBars) {
  const auto svg_path = m_dir / "trend.svg";
  const auto o = audit({"--ratchet-state", "api=" + (m_dir / "api.json").string(),
                        "--ratchet-state", k_hostile + "=" + (m_dir / "hostile.json").string(),
                        "--trend-svg", svg_path.string(), "--html", (m_dir / "fleet").string()});
  ASSERT_EQ(o.code, 0) << o.err;
  const std::string svg = read_text(svg_path);
  EXPECT_EQ(read_text(m_dir / "fleet" / "trend.svg"), svg) << "the fleet page's copy";
  // One chart per repository, nested one under the other.
  const std::string nested = "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\"";
  std::vector<std::size_t> at;
  for (auto i = svg.find(nested, 1); i != std::string::npos; i = svg.find(nested, i + 1)) {
    at.push_back(i);
  }
  ASSERT_EQ(at.size(), 3U);
  EXPECT_EQ(svg.substr(at[0] + nested.size(), 14), " width=\"720\" h");
  EXPECT_EQ(svg.substr(at[1] + nested.size(), 9), " y=\"360\" ");
  EXPECT_EQ(svg.substr(at[2] + nested.size(), 9), " y=\"720\" ");
  EXPECT_TRUE(svg.starts_with(nested + " width=\"720\" height=\"1080\""));
  // api: its three audits, two with a figure; labels are the recorded figures.
  const auto api = svg.substr(at[0], at[1] - at[0]);
  EXPECT_NE(api.find(">70.00%</text>"), std::string::npos) << api;
  EXPECT_NE(api.find(">75.00%</text>"), std::string::npos);
  // The required staircase follows the schedule: 70, 72, 74, 76 over sprints 1 to 4, the axis
  // ticks at each sprint's first day.
  for (const char* tick : {">2026-01-05</text>", ">sprint 1</text>", ">2026-01-12</text>",
                           ">2026-01-19</text>", ">sprint 3</text>"}) {
    EXPECT_NE(api.find(tick), std::string::npos) << tick;
  }
  EXPECT_NE(api.find("<desc>ratchet from 2026-01-05 at 70%, +2 points per 7-day sprint up to "
                     "85%; on track: 75.00% (30 / 40) on 2026-01-19 meets the 74% required"
                     "</desc>"),
            std::string::npos)
      << api;
  // A figure below its requirement is a cross, named in the legend: web's three.
  const auto web = svg.substr(at[1], at[2] - at[1]);
  const std::string cross = "stroke=\"#c62828\" stroke-width=\"2\"/>";
  std::size_t crosses = 0;
  for (auto i = web.find(cross); i != std::string::npos; i = web.find(cross, i + 1)) {
    ++crosses;
  }
  EXPECT_EQ(crosses, 3U);
  EXPECT_NE(web.find("\u00d7 below the required figure"), std::string::npos);
  EXPECT_EQ(web.find("<circle"), std::string::npos);
  // The hostile name: text only.
  EXPECT_EQ(svg.find("<script>"), std::string::npos);
  EXPECT_NE(svg.find("&lt;/title&gt;&lt;/svg&gt;&lt;script&gt;alert(1)&lt;/script&gt;"),
            std::string::npos);
}

TEST_F(Trend, FleetPageShowsEachChartWithItsFiguresAsText) {
  const auto dir = m_dir / "fleet";
  const auto o = audit({"--ratchet-state", "api=" + (m_dir / "api.json").string(), "--report-link",
                        "api=https://github.com/acme/api/actions/runs/7", "--report-link",
                        "web=../web/index.html", "--html", dir.string()});
  ASSERT_EQ(o.code, 0) << o.err;
  const std::string page = read_text(dir / "index.html");
  EXPECT_NE(page.find("<section class=\"trend\" data-repo=\"api\" data-status=\"on-track\""),
            std::string::npos);
  EXPECT_NE(page.find("<section class=\"trend\" data-repo=\"web\" data-status=\"behind\""),
            std::string::npos);
  EXPECT_NE(page.find("<tr data-date=\"2026-01-12\"><td>2026-01-12</td><td class=\"rec\">no "
                      "figure: no report</td><td class=\"req\" data-required=\"72\">72% "
                      "(sprint 2)</td><td>\u2014</td></tr>"),
            std::string::npos)
      << page;
  // The table's name links to the last report instead of the raw report files.
  EXPECT_NE(page.find("<tr data-repo=\"api\"><td>api <a href=\"https://github.com/acme/api/"
                      "actions/runs/7\" class=\"muted last-report\">last report</a></td>"),
            std::string::npos);
  EXPECT_NE(page.find("<a class=\"last-report\" href=\"../web/index.html\">last report</a>"),
            std::string::npos);
  EXPECT_EQ(page.find("<script>"), std::string::npos);
  EXPECT_EQ(page.find("<svg>"), std::string::npos);
}

TEST_F(Trend, AStateOfAnotherMetricOrUnreadableIsANoteAndTheTargetHolds) {
  write_text(m_dir / "broken.json", "{\"covbar_ratchet\": 1,\n \"start\": [}\n");
  auto state = m_api;
  state.settings.metric = gate::Metric::branches;
  ratchet::write_state((m_dir / "branches.json").string(), state);
  const auto md = m_dir / "audit.md";
  const auto o =
      audit({"--ratchet-state", "api=" + (m_dir / "broken.json").string(), "--ratchet-state",
             "web=" + (m_dir / "branches.json").string(), "--markdown", md.string()});
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_NE(o.err.find("covbar: warning: api: " + (m_dir / "broken.json").string() + ":2:"),
            std::string::npos)
      << o.err;
  const std::string text = read_text(md);
  EXPECT_NE(text.find("Note: its ratchet state could not be read ("), std::string::npos) << text;
  EXPECT_NE(text.find("Note: its ratchet follows branches coverage and the audit lines, so its "
                      "figures are held to the audit's target."),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("| 2026-01-05 | 70.00% (28 / 40) | 80% (target) | **no, 10.00 points "
                      "below** |"),
            std::string::npos);
}

TEST_F(Trend, AMalformedHistoryStopsTheAuditAtItsLineAndWritesNothing) {
  const auto history = m_dir / "history.jsonl";
  const std::string before = read_text(history) +
                             "{\"date\":\"2026-01-13\",\"metric\":\"lines\",\"target\":\"80\","
                             "\"repositories\":[{\"name\":\"api\",\"covered\":41,\"total\":40}]}\n";
  write_text(history, before);
  const auto md = m_dir / "audit.md";
  const auto o = audit({"--markdown", md.string()});
  EXPECT_EQ(o.code, 2);
  EXPECT_NE(o.err.find(history.string() +
                       ":3:93: error: expected a covered count no larger than the total, 40, "
                       "found '41'"),
            std::string::npos)
      << o.err;
  EXPECT_EQ(read_text(history), before);
  EXPECT_FALSE(fs::exists(md));
}

TEST_F(Trend, BadUsage) {
  const auto state = "api=" + (m_dir / "api.json").string();
  EXPECT_EQ(run_covbar({"audit", "api=" + m_report, "--ratchet-state", state}).code, 2)
      << "a state without a history";
  EXPECT_EQ(audit({"--ratchet-state", "nobody=" + (m_dir / "api.json").string()}).code, 2);
  EXPECT_EQ(audit({"--ratchet-state", "api"}).code, 2);
  for (const char* link : {"javascript:alert(1)", "https://x/a b", "https://x/\"><b>",
                           "https://x/(y)", "data:text/html,x"}) {
    const auto o = audit({"--report-link", std::string("api=") + link});
    EXPECT_EQ(o.code, 2) << link;
    EXPECT_NE(o.err.find("--report-link api: expected an http(s) URL or a relative path"),
              std::string::npos)
        << o.err;
  }
}

TEST(TrendHistory, ReadsByDateTheLaterLineOfADayWinning) {
  const std::string text =
      "{\"date\":\"2026-01-12\",\"metric\":\"lines\",\"target\":\"80\",\"repositories\":[]}\n"
      "\n"
      "{\"date\":\"2026-01-05\",\"metric\":\"branches\",\"target\":\"70.5\",\"repositories\":"
      "[{\"name\":\"a\\u000ab\",\"covered\":1,\"total\":2}]}\n"
      "{\"date\":\"2026-01-12\",\"metric\":\"lines\",\"target\":\"90\",\"repositories\":[]}";
  const auto entries = audit::read_history(core::SourceText("h.jsonl", text));
  ASSERT_EQ(entries.size(), 2U);
  EXPECT_EQ(entries[0].date.to_string(), "2026-01-05");
  EXPECT_EQ(entries[0].metric, gate::Metric::branches);
  EXPECT_EQ(entries[0].target.to_string(), "70.5");
  ASSERT_EQ(entries[0].repositories.size(), 1U);
  EXPECT_EQ(entries[0].repositories[0].name, "a\nb");
  EXPECT_EQ(counter(*entries[0].repositories[0].counter), "1/2");
  EXPECT_EQ(entries[1].target.to_string(), "90");

  const auto error = [](const std::string& bad) {
    try {
      (void)audit::read_history(core::SourceText("h.jsonl", "\n" + bad + "\n"));
    } catch (const core::InputError& e) {
      return std::string(e.what()).substr(0, std::string(e.what()).find('\n'));
    }
    return std::string("no error");
  };
  EXPECT_EQ(
      error("[1]"),
      "h.jsonl:2:1: error: expected a mapping of date, metric, target, repositories, found a list");
  EXPECT_EQ(error("{\"date\":\"2026-02-30\",\"metric\":\"lines\",\"target\":\"80\","
                  "\"repositories\":[]}"),
            "h.jsonl:2:9: error: expected a date YYYY-MM-DD, found '2026-02-30'");
  EXPECT_EQ(error("{\"date\":\"2026-01-05\",\"metric\":\"lines\",\"repositories\":[]}"),
            "h.jsonl:2:1: error: expected an audit with \"date\", \"metric\", \"target\" and "
            "\"repositories\", found a mapping");
  EXPECT_EQ(error("{\"date\":\"2026-01-05\",\"metric\":\"lines\",\"target\":\"80\","
                  "\"repositories\":[{\"name\":\"a\",\"covered\":1}]}"),
            "h.jsonl:2:69: error: expected a repository with \"name\" and either \"covered\" and "
            "\"total\" or \"problem\", found a mapping");
  EXPECT_EQ(error("{\"date\":\"2026-01-05\""), "h.jsonl:2:21: error: expected valid YAML, found "
                                               "end of map flow not found");
}

} // namespace
} // namespace covbar::test
