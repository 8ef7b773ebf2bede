#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ratchet/schedule.hpp"
#include "src/core/source_text.hpp"
#include "src/model/coverage.hpp"

namespace covbar::audit {

/// One repository's figure on one line of the fleet's history.
struct HistoryFigure {
  std::string name;
  std::optional<model::Counter> counter; ///< nullopt: that audit had no figure
  std::string problem;                   ///< why, when it had none
};

/// One line of the history file `covbar audit --append-history` writes: one audit's day,
/// metric, target and figures.
struct HistoryEntry {
  core::Date date;
  gate::Metric metric = gate::Metric::lines;
  core::Percent target;
  std::vector<HistoryFigure> repositories;
};

/// Reads a history file's text (JSON Lines, as reports::render_audit_history_line writes
/// them; blank lines skipped). A malformed line is a core::InputError at its line and
/// column. The entries come back by date; of two lines with one date, the later wins.
std::vector<HistoryEntry> read_history(const core::SourceText& text);

/// A repository's recorded figure on one day, against what its schedule required that day.
struct TrendPoint {
  core::Date date;
  std::optional<model::Counter> counter; ///< nullopt: no figure that day
  std::string problem;
  std::optional<core::Percent> required; ///< nullopt: before the ratchet's start
  unsigned sprint = 0;                   ///< the ratchet's sprint that day (0: none)
  std::optional<bool> on_track; ///< the figure meets `required`, exactly; nullopt without both
};

/// One repository's recorded figures, each against its ratchet's scheduled bar that day
/// (ratchet::scheduled_bar), or against the audit's target that day without a ratchet.
struct Trend {
  std::string name;
  std::optional<ratchet::State> state; ///< the ratchet whose schedule the figures follow
  std::string note;                    ///< why a ratchet's state is not followed; empty: none
  std::vector<TrendPoint> points;      ///< by date: each audit the repository was part of
};

/// What is known of a repository's ratchet: its state, or why it could not be read.
struct RatchetSource {
  std::optional<ratchet::State> state;
  std::string problem;
};

/// The trend of each of `names` (in that order) over the `history` entries audited with
/// `metric`. A state of another metric is not followed (the note says so).
std::vector<Trend> trends(const std::vector<HistoryEntry>& history, gate::Metric metric,
                          const std::vector<std::string>& names,
                          const std::map<std::string, RatchetSource>& ratchets);

} // namespace covbar::audit
