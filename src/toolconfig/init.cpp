#include "src/toolconfig/init.hpp"

#include <algorithm>
#include <filesystem>
#include <map>

#include <fmt/format.h>

#include "src/core/printable.hpp"
#include "src/toolconfig/readers.hpp"

namespace covbar::toolconfig {
namespace {

/// A YAML single-quoted scalar.
std::string quoted(const std::string& text) {
  std::string out = "'";
  for (const char c : text) {
    out += c == '\'' ? "''" : std::string(1, c);
  }
  return out + "'";
}

/// A comment line's text: one line, controls escaped.
std::string comment(const std::string& text) { return core::printable(text, false); }

bool mentions(const std::string& root, const std::string& file, const std::string& needle) {
  return detail::program_mention(root, file, needle) != file;
}

/// The stacks and runners, from the files that name them (a plain look, nothing run).
std::vector<std::string> detect_stack(const std::string& root, Findings& findings) {
  std::vector<std::string> stack;
  std::vector<std::string> python;
  for (const char* file : {"pyproject.toml", "setup.cfg", "setup.py"}) {
    if (detail::existing(root, file)) {
      python.emplace_back(file);
    }
  }
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(root, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("requirements", 0) == 0 && entry.path().extension() == ".txt") {
      python.push_back(name);
    }
  }
  std::sort(python.begin(), python.end());
  if (!python.empty()) {
    bool pytest_cov = false;
    for (const auto& file : python) {
      pytest_cov = pytest_cov || mentions(root, file, "pytest-cov");
    }
    stack.push_back(
        fmt::format("python ({}), {}", fmt::join(python, ", "),
                    pytest_cov ? "pytest with pytest-cov (coverage.py)" : "coverage.py"));
  }
  if (const auto pkg = detail::existing(root, "package.json")) {
    const config::YamlInput in = config::YamlInput::read_file(*pkg);
    std::vector<std::string> runners;
    for (const char* runner : {"vitest", "jest", "c8", "nyc", "bun-types", "@types/bun"}) {
      for (const char* deps : {"dependencies", "devDependencies"}) {
        if (detail::present(detail::member(detail::member(in.root(), deps), runner))) {
          runners.emplace_back(
              std::string(runner) == "bun-types" || std::string(runner) == "@types/bun" ? "bun"
                                                                                        : runner);
          break;
        }
      }
    }
    runners.erase(std::unique(runners.begin(), runners.end()), runners.end());
    stack.push_back(fmt::format(
        "javascript (package.json){}",
        runners.empty() ? std::string() : ", " + fmt::format("{}", fmt::join(runners, ", "))));
    if (std::find(runners.begin(), runners.end(), "vitest") != runners.end()) {
      findings.reports.push_back({"vitest", "coverage/coverage-final.json",
                                  "vitest's default reportsDirectory and json reporter"});
    }
    if (std::find(runners.begin(), runners.end(), "c8") != runners.end()) {
      findings.reports.push_back({"c8", "coverage/lcov.info", "c8's default report-dir"});
    }
  }
  for (const char* program : {"vitest.config.ts", "vitest.config.js", "vitest.config.mts",
                              "vitest.config.mjs", "vite.config.ts", "vite.config.js"}) {
    if (detail::existing(root, program)) {
      findings.not_read.push_back(detail::program_note(root, program, "thresholds"));
    }
  }
  if (detail::existing(root, "bunfig.toml") || detail::existing(root, "bun.lockb") ||
      detail::existing(root, "bun.lock")) {
    stack.emplace_back("bun (bunfig.toml or bun's lock file)");
  }
  return stack;
}

struct Gate {
  core::Percent value;
  std::vector<std::string> origins;
};

/// The covbar.yml: reports, policy, and each gate with where it came from.
std::string render(const Findings& f) {
  std::string out = "# covbar.yml written by `covbar init` from this repository's own settings.\n"
                    "# Each value names the file and line it came from; covbar compares exactly\n"
                    "# (covered * 100 >= minimum * total): where a tool rounds first, the\n"
                    "# comment says so. `covbar check --thresholds-from auto` holds the tools'\n"
                    "# settings themselves, with their own rules as well.\n"
                    "version: 1\n";
  std::vector<std::string> reports;
  for (const auto& r : f.reports) {
    if (std::find(reports.begin(), reports.end(), r.path) == reports.end()) {
      reports.push_back(r.path);
    }
  }
  if (reports.empty()) {
    out += "# No test runner's report found: list them here (reports: [coverage.xml]).\n";
  } else {
    out += "reports:\n";
    for (const auto& r : f.reports) {
      if (std::find(reports.begin(), reports.end(), r.path) == reports.end()) {
        continue;
      }
      reports.erase(std::find(reports.begin(), reports.end(), r.path));
      out +=
          fmt::format("  - {}  # {}: {}\n", quoted(r.path), comment(r.runner), comment(r.origin));
    }
  }
  std::map<gate::Metric, Gate> hard;
  std::map<std::string, std::map<gate::Metric, Gate>> paths; // key: glob + per-file marker
  std::map<gate::Metric, Gate> patch;
  std::vector<std::string> kept_out;
  std::vector<const ToolThreshold*> ratchets;
  const auto take = [](std::map<gate::Metric, Gate>& into, const ToolThreshold& t) {
    auto& g = into[t.metric];
    g.value = std::max(g.value, *t.minimum); // several tools: the strictest binds
    std::string note = fmt::format("{}, {}", tool_name(t.tool), t.origin.text());
    if (t.rule == Rule::coveragepy) {
      note += fmt::format("; coverage.py rounds to precision {} before comparing", t.precision);
    } else if (t.rule == Rule::istanbul_floor2) {
      note += "; istanbul floors to hundredths before comparing";
    }
    g.origins.push_back(note);
  };
  for (const auto& t : f.thresholds) {
    const std::string what =
        fmt::format("{} {} {}", tool_name(t.tool), gate::metric_name(t.metric), t.origin.text());
    if (t.max_uncovered) {
      kept_out.push_back(fmt::format("{}: at most {} uncovered (covbar.yml has no such key; "
                                     "--thresholds-from holds it)",
                                     what, *t.max_uncovered));
    } else if (!t.minimum) {
      if (t.policy == config::Policy::ratchet) {
        ratchets.push_back(&t);
      } else {
        kept_out.push_back(what + ": target auto needs the base commit's figure");
      }
    } else if (!t.except.empty()) {
      kept_out.push_back(fmt::format("{}: minimum {}% on the files no path key matches (no "
                                     "such scope in covbar.yml; --thresholds-from holds it)",
                                     what, t.minimum->to_string()));
    } else if (t.policy == config::Policy::new_code_only) {
      take(patch, t);
    } else if (!t.glob.empty()) {
      take(paths[t.glob + (t.per_file ? "\n" : "")], t);
    } else {
      take(hard, t);
    }
  }
  std::vector<std::string> policies;
  if (!hard.empty() || !paths.empty()) {
    policies.emplace_back("hard-gate");
  }
  if (!ratchets.empty()) {
    policies.emplace_back("ratchet");
  }
  if (!patch.empty()) {
    policies.emplace_back("new-code-only");
  }
  if (policies.empty()) {
    out += "# No threshold found: covbar check reports without gating until one is set.\n";
  } else {
    out += "# A project target is a hard gate, a patch target new code only, Codecov's\n"
           "# `target: auto` a ratchet.\n";
    out += fmt::format("policy: [{}]\n", fmt::join(policies, ", "));
  }
  const auto metrics = [&](const std::map<gate::Metric, Gate>& gates, const std::string& indent) {
    std::string text;
    for (const auto& [metric, g] : gates) {
      for (const auto& o : g.origins) {
        text += fmt::format("{}# {}\n", indent, comment(o));
      }
      text += fmt::format("{}{}: {}\n", indent, gate::metric_name(metric), g.value.to_string());
    }
    return text;
  };
  if (!hard.empty() || !paths.empty()) {
    out += "hard-gate:\n";
    if (!hard.empty()) {
      out += "  fail-under:\n" + metrics(hard, "    ");
    }
    if (!paths.empty()) {
      out += "  paths:\n";
      for (const auto& [key, gates] : paths) {
        const bool per_file = key.back() == '\n';
        const std::string glob = per_file ? key.substr(0, key.size() - 1) : key;
        out += fmt::format("    {}:\n{}", quoted(glob), metrics(gates, "      "));
        if (per_file) {
          out += "      per-file: true  # each file on its own, as the tool holds them\n";
        }
      }
    }
  }
  if (!patch.empty()) {
    out += "new-code-only:\n  fail-under:\n" + metrics(patch, "    ");
    out += "  partial-lines: missed  # Codecov counts a partially covered line as missed\n";
  }
  if (!ratchets.empty()) {
    out += "ratchet:\n";
    for (const auto* t : ratchets) {
      out += fmt::format("  # {} {}: no worse than the base commit\n", tool_name(t->tool),
                         comment(t->origin.text()));
    }
    out += "  metric: lines\n";
    // Codecov's `threshold` beside `target: auto`: how far below the base the figure may
    // drop and still pass; the ratchet's slack is that allowance below the best figure.
    core::Percent slack;
    for (const auto* t : ratchets) {
      slack = std::max(slack, t->allowed_drop);
    }
    if (slack.micro > 0) {
      out += fmt::format("  slack: {}  # Codecov's threshold beside target: auto\n",
                         slack.to_string());
    }
  }
  for (const auto& k : kept_out) {
    out += "# Not written: " + comment(k) + "\n";
  }
  for (const auto& n : f.not_read) {
    out += "# Not read: " + comment(n) + "\n";
  }
  return out;
}

} // namespace

InitPlan plan_init(const std::string& root) {
  InitPlan plan;
  plan.findings = read_all(root);
  plan.stack = detect_stack(root, plan.findings);
  plan.covbar_yml = render(plan.findings);
  std::string& s = plan.summary;
  s += plan.stack.empty() ? "  stack: none recognised\n" : "";
  for (const auto& st : plan.stack) {
    s += "  stack: " + comment(st) + "\n";
  }
  for (const auto& f : plan.findings.files_read) {
    s += "  read: " + comment(f) + "\n";
  }
  for (const auto& r : plan.findings.reports) {
    s += fmt::format("  reports: {} writes {} ({})\n", comment(r.runner), comment(r.path),
                     comment(r.origin));
  }
  for (const auto& t : plan.findings.thresholds) {
    s += fmt::format("  threshold: {} {} {}{} from {} ({})\n", tool_name(t.tool),
                     gate::metric_name(t.metric),
                     t.max_uncovered ? fmt::format("at most {} uncovered", *t.max_uncovered)
                     : t.minimum     ? t.minimum->to_string() + "%"
                                     : std::string("auto"),
                     !t.except.empty() ? " on the files no path key matches"
                     : t.glob.empty()  ? ""
                                       : " on " + comment(t.glob) + (t.per_file ? " per file" : ""),
                     comment(t.origin.text()), config::policy_name(t.policy));
  }
  for (const auto& n : plan.findings.not_read) {
    s += "  not read: " + comment(n) + "\n";
  }
  return plan;
}

} // namespace covbar::toolconfig
