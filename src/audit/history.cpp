#include "src/audit/history.hpp"

#include <algorithm>
#include <limits>

#include <fmt/format.h>

#include "src/config/yaml_input.hpp"

namespace covbar::audit {
namespace {

constexpr std::uint64_t k_max_count = std::numeric_limits<std::uint64_t>::max();

/// A text from the history as it was written; names and problems may hold anything, and
/// every output escapes them.
std::string text_of(const config::YamlInput& in, const YAML::Node& node) {
  if (!node.IsScalar()) {
    throw in.error(node, "a string");
  }
  return node.Scalar();
}

HistoryFigure read_figure(const config::YamlInput& in, const YAML::Node& item) {
  HistoryFigure f;
  bool has_name = false;
  std::optional<std::uint64_t> covered;
  std::optional<std::uint64_t> total;
  YAML::Node covered_node;
  in.for_each_key(item, {"name", "covered", "total", "percent", "problem"},
                  [&](const std::string& key, const YAML::Node& v) {
                    if (key == "name") {
                      f.name = text_of(in, v);
                      has_name = true;
                    } else if (key == "covered") {
                      covered = in.integer(v, 0, k_max_count);
                      covered_node = v;
                    } else if (key == "total") {
                      total = in.integer(v, 0, k_max_count);
                    } else if (key == "problem") {
                      f.problem = text_of(in, v);
                    }
                    // "percent" is covered / total as that audit printed it: recomputed.
                  });
  if (!has_name || covered.has_value() != total.has_value() || (!covered && f.problem.empty())) {
    throw in.error(item, "a repository with \"name\" and either \"covered\" and \"total\" or "
                         "\"problem\"");
  }
  if (covered) {
    if (*covered > *total) {
      throw in.error(covered_node,
                     fmt::format("a covered count no larger than the total, {}", *total));
    }
    f.counter = model::Counter{*covered, *total};
  }
  return f;
}

HistoryEntry read_entry(const config::YamlInput& in) {
  HistoryEntry e;
  unsigned seen = 0;
  in.for_each_key(in.root(), {"date", "metric", "target", "repositories"},
                  [&](const std::string& key, const YAML::Node& v) {
                    ++seen;
                    if (key == "date") {
                      e.date = *core::Date::parse(in.date(v));
                    } else if (key == "metric") {
                      const auto metric =
                          v.IsScalar() ? gate::metric_from_name(v.Scalar()) : std::nullopt;
                      if (!metric) {
                        throw in.error(v, "a metric: lines, branches, functions, statements or "
                                          "combined");
                      }
                      e.metric = *metric;
                    } else if (key == "target") {
                      e.target = in.decimal(v, 100);
                    } else if (!v.IsSequence()) {
                      throw in.error(v, "a list of repositories");
                    } else {
                      for (const auto& item : v) {
                        e.repositories.push_back(read_figure(in, item));
                      }
                    }
                  });
  if (seen != 4) {
    throw in.error(in.root(), "an audit with \"date\", \"metric\", \"target\" and "
                              "\"repositories\"");
  }
  return e;
}

} // namespace

std::vector<HistoryEntry> read_history(const core::SourceText& text) {
  const std::string_view bytes = text.bytes();
  std::vector<HistoryEntry> entries;
  std::size_t begin = 0;
  while (begin < bytes.size()) {
    const std::size_t newline = bytes.find('\n', begin);
    const std::size_t end = newline == std::string_view::npos ? bytes.size() : newline;
    if (bytes.substr(begin, end - begin).find_first_not_of(" \t\r") != std::string_view::npos) {
      const config::YamlInput in(core::SourceText(text.name(), bytes), begin, end);
      entries.push_back(read_entry(in));
    }
    begin = end + 1;
  }
  // A history edited by hand, or written with --today in the past, may be out of order.
  std::stable_sort(entries.begin(), entries.end(),
                   [](const HistoryEntry& a, const HistoryEntry& b) { return a.date < b.date; });
  std::vector<HistoryEntry> out;
  for (auto& e : entries) {
    if (!out.empty() && out.back().date == e.date) {
      out.back() = std::move(e);
    } else {
      out.push_back(std::move(e));
    }
  }
  return out;
}

std::vector<Trend> trends(const std::vector<HistoryEntry>& history, gate::Metric metric,
                          const std::vector<std::string>& names,
                          const std::map<std::string, RatchetSource>& ratchets) {
  std::vector<Trend> out;
  for (const auto& name : names) {
    Trend t;
    t.name = name;
    if (const auto it = ratchets.find(name); it != ratchets.end()) {
      const RatchetSource& source = it->second;
      if (!source.state) {
        t.note = fmt::format("its ratchet state could not be read ({}), so its figures are held "
                             "to the audit's target",
                             source.problem);
      } else if (source.state->settings.metric != metric) {
        t.note = fmt::format("its ratchet follows {} coverage and the audit {}, so its figures "
                             "are held to the audit's target",
                             gate::metric_name(source.state->settings.metric),
                             gate::metric_name(metric));
      } else {
        t.state = source.state;
      }
    }
    for (const auto& entry : history) {
      if (entry.metric != metric) {
        continue; // figures of another metric are not comparable
      }
      const auto figure = std::find_if(entry.repositories.begin(), entry.repositories.end(),
                                       [&](const HistoryFigure& f) { return f.name == name; });
      if (figure == entry.repositories.end()) {
        continue;
      }
      TrendPoint p;
      p.date = entry.date;
      p.counter = figure->counter;
      p.problem = figure->problem;
      if (t.state) {
        p.sprint = ratchet::sprint_of(*t.state, entry.date);
        if (p.sprint > 0) {
          p.required = ratchet::scheduled_bar(*t.state, p.sprint);
        }
      } else {
        p.required = entry.target;
      }
      if (p.counter && p.required) {
        p.on_track = p.required->met_by(*p.counter);
      }
      t.points.push_back(std::move(p));
    }
    out.push_back(std::move(t));
  }
  return out;
}

} // namespace covbar::audit
