// The ratchet state file: round trip, located errors, crash safety (the real binary killed
// at each point of the atomic write) and concurrent updates from several processes.

#include <csignal>
#include <fstream>

#include "ratchet/state.hpp"
#include "tests/support/helpers.hpp"

namespace covbar::test {
namespace {

namespace fs = std::filesystem;
using core::Percent;

void write(const fs::path& path, const std::string& text) { std::ofstream(path) << text; }

/// An LCOV report of one 100-line file with `covered` lines hit.
std::string lcov_report(unsigned covered) {
  std::string text = "TN:\nSF:a.c\n";
  for (unsigned line = 1; line <= 100; ++line) {
    text += "DA:" + std::to_string(line) + "," + (line <= covered ? "1" : "0") + "\n";
  }
  return text + "LF:100\nLH:" + std::to_string(covered) + "\nend_of_record\n";
}

class RatchetState : public TempDirTest {
protected:
  void SetUp() override {
    TempDirTest::SetUp();
    write(m_dir / "a.c", std::string(100, '\n'));
    m_state = (m_dir / "covbar-ratchet.json").string();
    m_log = (m_dir / "log.txt").string();
  }
  std::string report(unsigned covered) {
    const auto path = m_dir / ("r" + std::to_string(covered) + ".info");
    if (!fs::exists(path)) {
      write(path, lcov_report(covered));
    }
    return path.string();
  }
  std::vector<std::string> args(const char* verb, unsigned covered) {
    return {"ratchet", verb,    report(covered), "--root",     m_dir.string(),
            "--state", m_state, "--today",       "2026-03-10", "--no-step-summary"};
  }
  int run(const std::vector<std::string>& a, const char* env = nullptr,
          const char* value = nullptr) {
    return wait_for(spawn_covbar(a, m_log, env, value));
  }
  std::string m_state;
  std::string m_log;
};

TEST_F(RatchetState, RoundTripsThroughItsJson) {
  ratchet::Settings settings;
  settings.step = *Percent::parse("2.5");
  settings.granularity = *Percent::parse("0.05");
  auto state = ratchet::start_state(settings, *core::Date::parse("2026-01-05"),
                                    *Percent::parse("61.237"), *core::Date::parse("2026-01-05"));
  ratchet::record(state, *Percent::parse("64.2"), *core::Date::parse("2026-01-30"));
  ratchet::write_state(m_state, state);
  const auto back = ratchet::read_state(m_state);
  EXPECT_EQ(ratchet::render_state(back), ratchet::render_state(state));
  EXPECT_EQ(back.start, *Percent::parse("61.2"));
  EXPECT_EQ(back.best, *Percent::parse("64.2"));
  EXPECT_EQ(back.sprints.size(), 2U);
}

TEST_F(RatchetState, MalformedStateIsLocated) {
  write(m_state, "{\n  \"covbar_ratchet\": 1,\n  \"start\": \"62.4\",\n  \"start_date\": "
                 "\"2026-02-30\"\n}\n");
  try {
    (void)ratchet::read_state(m_state);
    FAIL() << "accepted";
  } catch (const core::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("covbar-ratchet.json:4:17: error: expected a date "
                                         "YYYY-MM-DD, found '2026-02-30'"),
              std::string::npos)
        << e.what();
  }
  write(m_state, "{\"covbar_ratchet\": 2, \"start\": \"1\", \"start_date\": \"2026-01-01\"}");
  EXPECT_THROW((void)ratchet::read_state(m_state), core::InputError); // a newer format
  write(m_state, "{\"covbar_ratchet\": 1, \"start\": \"101\", \"start_date\": \"2026-01-01\"}");
  EXPECT_THROW((void)ratchet::read_state(m_state), core::InputError);
  write(m_state, "{\"covbar_ratchet\": 1, \"start\": \"1\", \"start_date\": \"2026-01-01\", "
                 "\"bogus\": 1}");
  EXPECT_THROW((void)ratchet::read_state(m_state), core::InputError);
  write(m_state, "{\"covbar_ratchet\": 1, \"start\": \"1\"");
  EXPECT_THROW((void)ratchet::read_state(m_state), core::InputError); // truncated
}

TEST_F(RatchetState, SprintRecordsOutOfOrderOrRepeatedAreRefused) {
  // A hand-merged state file with one sprint recorded twice (two branches each recording
  // sprint 2's best) must be refused, not read with either figure.
  auto state = ratchet::start_state({}, *core::Date::parse("2026-01-05"), *Percent::parse("60"),
                                    *core::Date::parse("2026-01-05"));
  ratchet::record(state, *Percent::parse("64"), *core::Date::parse("2026-01-20"));
  ratchet::record(state, *Percent::parse("65"), *core::Date::parse("2026-02-03"));
  std::string text = ratchet::render_state(state);
  const std::string third = "{\"sprint\": 3,";
  ASSERT_NE(text.find(third), std::string::npos) << text;
  for (const char* sprint : {"2", "1"}) {
    SCOPED_TRACE(sprint);
    std::string edited = text;
    edited.replace(edited.find(third), third.size(), std::string("{\"sprint\": ") + sprint + ",");
    write(m_state, edited);
    try {
      (void)ratchet::read_state(m_state);
      ADD_FAILURE() << "accepted:\n" << edited;
    } catch (const core::InputError& e) {
      EXPECT_NE(std::string(e.what()).find("error: expected sprint records in ascending sprint "
                                           "order"),
                std::string::npos)
          << e.what();
    }
  }
  write(m_state, text);
  EXPECT_EQ(ratchet::read_state(m_state).sprints.size(), 3U);
}

TEST_F(RatchetState, KilledUpdateLeavesTheOldStateOrTheNewNeverABrokenFile) {
  for (const char* point : {"temp-created", "half-written", "before-rename", "after-rename"}) {
    SCOPED_TRACE(point);
    fs::remove(m_state);
    ASSERT_EQ(run(args("init", 60)), 0) << read_text(m_log);
    const std::string before = read_text(m_state);
    const int status = run(args("update", 70), "COVBAR_FAULT_INJECT", point);
    ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "not killed at " << point;
    const auto state = ratchet::read_state(m_state); // parses: never a broken file
    const bool renamed = std::string(point) == "after-rename";
    EXPECT_EQ(state.best, Percent::points(renamed ? 70 : 60));
    if (!renamed) {
      EXPECT_EQ(read_text(m_state), before);
    }
    // The lock died with the process: the next update goes through.
    ASSERT_EQ(run(args("update", 75)), 0) << read_text(m_log);
    EXPECT_EQ(ratchet::read_state(m_state).best, Percent::points(75));
  }
}

TEST_F(RatchetState, ConcurrentUpdatesLoseNothing) {
  ASSERT_EQ(run(args("init", 40)), 0) << read_text(m_log);
  // Five rounds of ten racing processes (without the lock, this fails most runs).
  for (unsigned round = 0; round < 5; ++round) {
    std::vector<pid_t> children;
    const unsigned base = 41 + round * 10;
    for (unsigned i = 0; i < 10; ++i) {
      // Highest first: an unlocked read-modify-write would let a later, lower figure
      // overwrite it.
      children.push_back(spawn_covbar(args("update", base + 9 - i), m_log));
    }
    for (const pid_t pid : children) {
      const int status = wait_for(pid);
      ASSERT_TRUE(WIFEXITED(status)) << read_text(m_log);
      ASSERT_LE(WEXITSTATUS(status), 1) << read_text(m_log);
    }
    const auto state = ratchet::read_state(m_state);
    EXPECT_EQ(state.best, Percent::points(base + 9)) << "round " << round;
    ASSERT_EQ(state.sprints.size(), 1U);
    EXPECT_EQ(state.sprints[0].best, Percent::points(base + 9));
  }
  // Nothing but the state, the reports, the source and the log is left in the folder.
  for (const auto& entry : fs::directory_iterator(m_dir)) {
    EXPECT_EQ(entry.path().filename().string().find(".covbar-"), std::string::npos) << entry.path();
  }
}

} // namespace
} // namespace covbar::test
