#include "ratchet/state.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <fmt/format.h>

#include "src/config/yaml_input.hpp"
#include "src/core/atomic_file.hpp"
#include "src/core/error.hpp"
#include "src/core/paths.hpp"

namespace covbar::ratchet {
namespace {

Percent percent_from(const config::YamlInput& in, const YAML::Node& node, bool positive = false) {
  return in.decimal(node, 100, positive);
}

core::Date date_from(const config::YamlInput& in, const YAML::Node& node) {
  return *core::Date::parse(in.date(node));
}

} // namespace

std::string render_state(const State& state) {
  const Settings& s = state.settings;
  std::string out = "{\n";
  out += fmt::format("  \"covbar_ratchet\": {},\n", k_state_version);
  out += fmt::format("  \"metric\": \"{}\",\n", gate::metric_name(s.metric));
  out += fmt::format("  \"start_date\": \"{}\",\n", state.start_date.to_string());
  out += fmt::format("  \"start\": \"{}\",\n", state.start.to_string());
  out += fmt::format("  \"step\": \"{}\",\n", s.step.to_string());
  out += fmt::format("  \"sprint_days\": {},\n", s.sprint_days);
  out += fmt::format("  \"target\": \"{}\",\n", s.target.to_string());
  out += fmt::format("  \"slack\": \"{}\",\n", s.slack.to_string());
  out += fmt::format("  \"granularity\": \"{}\",\n", s.granularity.to_string());
  out += fmt::format("  \"best\": \"{}\",\n", state.best.to_string());
  out += fmt::format("  \"best_date\": \"{}\",\n", state.best_date.to_string());
  out += "  \"sprints\": [";
  for (std::size_t i = 0; i < state.sprints.size(); ++i) {
    const auto& r = state.sprints[i];
    out += fmt::format("{}\n    {{\"sprint\": {}, \"best\": \"{}\", \"date\": \"{}\"}}",
                       i == 0 ? "" : ",", r.sprint, r.best.to_string(), r.date.to_string());
  }
  out += state.sprints.empty() ? "]\n}\n" : "\n  ]\n}\n";
  return out;
}

State read_state(const std::string& path) { return read_state(core::SourceText::read_file(path)); }

State read_state(core::SourceText text) {
  const config::YamlInput in(std::move(text));
  State state;
  bool has_version = false;
  bool has_start = false;
  bool has_start_date = false;
  in.for_each_key(
      in.root(),
      {"covbar_ratchet", "metric", "start_date", "start", "step", "sprint_days", "target", "slack",
       "granularity", "best", "best_date", "sprints"},
      [&](const std::string& key, const YAML::Node& v) {
        Settings& s = state.settings;
        if (key == "covbar_ratchet") {
          (void)in.integer(v, 1, k_state_version);
          has_version = true;
        } else if (key == "metric") {
          const auto metric = v.IsScalar() ? gate::metric_from_name(v.Scalar()) : std::nullopt;
          if (!metric) {
            throw in.error(v, "a metric: lines, branches, functions, statements or combined");
          }
          s.metric = *metric;
        } else if (key == "start_date") {
          state.start_date = date_from(in, v);
          has_start_date = true;
        } else if (key == "start") {
          state.start = percent_from(in, v);
          has_start = true;
        } else if (key == "step") {
          s.step = percent_from(in, v, true);
        } else if (key == "sprint_days") {
          s.sprint_days = static_cast<unsigned>(in.integer(v, 1, 366));
        } else if (key == "target") {
          s.target = percent_from(in, v);
        } else if (key == "slack") {
          s.slack = percent_from(in, v);
        } else if (key == "granularity") {
          s.granularity = percent_from(in, v, true);
        } else if (key == "best") {
          state.best = percent_from(in, v);
        } else if (key == "best_date") {
          state.best_date = date_from(in, v);
        } else {
          if (!v.IsSequence()) {
            throw in.error(v, "a list of sprint records");
          }
          for (const auto& item : v) {
            SprintRecord r;
            in.for_each_key(item, {"sprint", "best", "date"},
                            [&](const std::string& k, const YAML::Node& x) {
                              if (k == "sprint") {
                                r.sprint = static_cast<unsigned>(in.integer(x, 1, 1'000'000));
                              } else if (k == "best") {
                                r.best = percent_from(in, x);
                              } else {
                                r.date = date_from(in, x);
                              }
                            });
            if (!state.sprints.empty() && state.sprints.back().sprint >= r.sprint) {
              throw in.error(item, "sprint records in ascending sprint order");
            }
            state.sprints.push_back(r);
          }
        }
      });
  if (!has_version || !has_start || !has_start_date) {
    throw in.error(in.root(), "a ratchet state with covbar_ratchet, start and start_date");
  }
  if (state.best < state.start) {
    state.best = state.start;
  }
  return state;
}

StateLock::StateLock(const std::string& state_path) {
  const std::string parent = core::directory_of(state_path);
  const std::string dir = parent.empty() ? std::string(".") : parent;
  m_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (m_fd < 0) {
    throw core::Error(
        fmt::format("cannot open {} to lock the ratchet state: {}", dir, std::strerror(errno)));
  }
  while (::flock(m_fd, LOCK_EX) != 0) {
    if (errno != EINTR) {
      const int saved = errno;
      ::close(m_fd);
      throw core::Error(fmt::format("cannot lock {}: {}", dir, std::strerror(saved)));
    }
  }
}

StateLock::~StateLock() {
  if (m_fd >= 0) {
    ::close(m_fd); // releases the lock
  }
}

void write_state(const std::string& path, const State& state) {
  core::write_file_atomically(path, render_state(state));
}

} // namespace covbar::ratchet
