#include "src/cli/common_options.hpp"

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <sstream>

#include <CLI/CLI.hpp>

#include <fmt/format.h>

#include "src/core/atomic_file.hpp"
#include "src/core/error.hpp"
#include "src/core/git.hpp"
#include "src/core/paths.hpp"
#include "src/core/printable.hpp"
#include "src/core/source_text.hpp"

namespace covbar::cli {

core::Percent percent_flag(const std::string& flag, const std::string& text, bool positive) {
  const auto p = core::Percent::parse(text);
  if (!p || (positive && p->micro == 0)) {
    throw core::UsageError(fmt::format("{}: expected a number {} 0 to 100 with at "
                                       "most six decimals, found '{}'",
                                       flag, positive ? "above" : "from", text));
  }
  return *p;
}

gate::Metric metric_flag(const std::string& text) {
  const auto metric = gate::metric_from_name(text);
  if (!metric) {
    throw core::UsageError(
        fmt::format("--metric: expected lines, branches, functions, statements or combined, "
                    "found '{}'",
                    text));
  }
  return *metric;
}

void add_max_input_size_option(CLI::App& cmd) {
  cmd.add_option("--max-input-size",
                 "Most bytes read from one input (report, diff, covbar.yml, standard input): "
                 "a number of bytes, or with K, M, G or T (binary: 4G is 4 GiB). Default 4G");
}

namespace {

/// `4096`, `512K`, `4G`, `4GiB`, `1T`: binary multiples; a core::UsageError otherwise.
std::uint64_t parse_size(const std::string& text) {
  const auto bad = [&] {
    return core::UsageError(
        fmt::format("--max-input-size: expected a size in bytes above 0, or with K, M, G "
                    "or T (4G is 4 GiB), found '{}'",
                    text));
  };
  std::size_t digits = 0;
  std::uint64_t value = 0;
  while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') {
    if (__builtin_mul_overflow(value, 10, &value) ||
        __builtin_add_overflow(value, static_cast<std::uint64_t>(text[digits] - '0'), &value)) {
      throw bad();
    }
    ++digits;
  }
  std::string_view unit = std::string_view(text).substr(digits);
  unsigned shift = 0;
  if (!unit.empty()) {
    constexpr std::string_view k_units = "KMGT";
    const auto at =
        k_units.find(static_cast<char>(std::toupper(static_cast<unsigned char>(unit[0]))));
    const std::string_view rest = unit.substr(1);
    if (at == std::string_view::npos || !(rest.empty() || rest == "B" || rest == "iB")) {
      throw bad();
    }
    shift = 10U * static_cast<unsigned>(at + 1);
  }
  if (digits == 0 || value == 0 || value > (UINT64_MAX >> shift)) {
    throw bad();
  }
  return value << shift;
}

} // namespace

void apply_max_input_size(const CLI::App& app) {
  const CLI::App* leaf = &app;
  while (!leaf->get_subcommands().empty()) {
    leaf = leaf->get_subcommands().front();
  }
  const CLI::Option* option = leaf->get_option_no_throw("--max-input-size");
  core::SourceText::set_max_input_size(option != nullptr && option->count() > 0
                                           ? parse_size(option->as<std::string>())
                                           : core::k_default_max_input_size);
}

bool CommonOptions::given(std::string_view flag) const { return flag_given(command, flag); }

std::optional<std::string> file_at_ref(const std::string& path, const std::string& ref,
                                       const std::string& flag) {
  const std::filesystem::path absolute = std::filesystem::absolute(path);
  return core::git_show(absolute.parent_path().string(), ref, "./" + absolute.filename().string(),
                        flag);
}

namespace {

config::Config config_at_ref(const std::string& config_path, const std::string& root,
                             const std::string& ref, std::vector<std::string>& notes) {
  std::string path = config_path;
  if (path.empty()) {
    const auto dir = root.empty() ? core::find_repository_root(core::current_directory())
                                  : std::optional<std::string>(root);
    if (!dir) {
      throw core::UsageError("--config-from-ref: not inside a git work tree "
                             "(pass --root or --config)");
    }
    path = core::join_path(*dir, config::k_config_file);
  }
  const auto text = file_at_ref(path, ref, "--config-from-ref");
  if (text) {
    return config::load_config(core::SourceText::from_string(ref + ":" + path, *text), path);
  }
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return {};
  }
  notes.push_back(fmt::format("{} is not in {}: this change brings it, so it is read from the "
                              "working tree",
                              path, ref));
  return config::load_config(path);
}

} // namespace

config::Config CommonOptions::apply_config(config::Policy gate_policy) {
  config::Config config = config_from_ref.empty()
                              ? config::find_config(config_path, root)
                              : config_at_ref(config_path, root, config_from_ref, notes);
  const auto& file_fail_under = gate_policy == config::Policy::new_code_only
                                    ? config.new_code_fail_under
                                    : config.hard_gate_fail_under;
  const std::string_view fail_under_key = gate_policy == config::Policy::new_code_only
                                              ? "new-code-only.fail-under"
                                              : "hard-gate.fail-under";
  std::vector<Setting> table{
      {"--policy",
       "policy",
       [&] {
         std::vector<config::Policy> policies;
         for (const auto& name : policy) {
           const auto p = config::policy_from_name(name);
           if (!p) {
             throw core::UsageError(fmt::format(
                 "--policy: expected hard-gate, ratchet or new-code-only, found '{}'", name));
           }
           policies.push_back(*p);
         }
         config.policies = std::move(policies);
       },
       {}},
      {"reports",
       "reports",
       {},
       [&] {
         for (const auto& report : config.reports.value_or(std::vector<std::string>{})) {
           reports.push_back(config.resolve(report));
         }
       }},
      {"--format", "format", {}, [&] { format = config.format.value_or(format); }},
      {"--root",
       "root",
       {},
       [&] {
         if (config.root) {
           root = config.resolve(*config.root);
         }
       }},
      {"--path-map", "path-map", {}, [&] { path_map = config.path_map.value_or(path_map); }},
      {"--include", "include", {}, [&] { include = config.include.value_or(include); }},
      {"--exclude", "exclude", {}, [&] { exclude = config.exclude.value_or(exclude); }},
      {"--precision", "precision", {}, [&] { precision = config.precision.value_or(precision); }},
  };
  // The file's thresholds bind only when their policy is in force (read after --policy).
  const auto file_thresholds = [&] {
    if (!config.in_force(gate_policy)) {
      return;
    }
    if (file_fail_under) {
      thresholds = *file_fail_under;
    } else if (config.target) {
      thresholds = {gate::Threshold{gate::Metric::lines, *config.target}};
    }
  };
  const bool takes_fail_under = command->get_option_no_throw("--fail-under") != nullptr;
  if (takes_fail_under) {
    table.push_back({"--fail-under", fail_under_key,
                     [&] { thresholds = gate::parse_thresholds(fail_under); }, file_thresholds});
  }
  resolve_settings(*command, table);
  if (!takes_fail_under) {
    file_thresholds();
  } else if (given("--thresholds-from")) {
    apply_thresholds_from(gate_policy); // after --root: the tool's files are read there
  }
  if (reports.empty()) {
    throw core::UsageError(config.path.empty()
                               ? std::string("no report named: pass REPORT... or list them under "
                                             "'reports:' in covbar.yml")
                               : fmt::format("no report named: pass REPORT... or list them under "
                                             "'reports:' in {}",
                                             config.path));
  }
  return config;
}

LoadOptions CommonOptions::load_options() const {
  LoadOptions load = make_load_options(reports, format, path_map, root);
  load.ignore_header_totals = ignore_header_totals;
  load.include = include;
  load.exclude = exclude;
  return load;
}

void CommonOptions::check_outputs() const {
  for (const auto* output : {&json, &markdown}) {
    if (!output->empty()) {
      refuse_output_over_input(*output, reports);
    }
  }
  if (!html.empty()) {
    refuse_directory_over_input(html, reports);
  }
}

void add_common_options(CLI::App& cmd, CommonOptions& options, const std::string& fail_under_help) {
  options.command = &cmd;
  cmd.add_option("reports", options.reports,
                 "Coverage reports: Cobertura XML, LCOV, istanbul coverage-final.json or "
                 "coverage-summary.json ('-' for standard input); several are merged. Default: "
                 "covbar.yml's 'reports'");
  cmd.add_option("--config", options.config_path,
                 "Read the policy from FILE (default: covbar.yml at the repository root, when "
                 "there is one); every flag given wins over the file");
  if (!fail_under_help.empty()) {
    cmd.add_option("--fail-under", options.fail_under, fail_under_help);
    cmd.add_option("--thresholds-from", options.thresholds_from,
                   "Take the thresholds another tool's settings hold, instead of covbar.yml's: "
                   "auto, pyproject, coveragerc, jest, nyc, bun, codecov (README: where covbar "
                   "reads them); a metric --fail-under names keeps the flag's value");
  }
  cmd.add_option("--config-from-ref", options.config_from_ref,
                 "Read covbar.yml as commit REF has it (a pull request's base, e.g. "
                 "origin/main), not from the working tree: a pull request cannot change the "
                 "policy that judges it");
  cmd.add_option("--policy", options.policy,
                 "Policies in force, over covbar.yml's 'policy' (hard-gate, ratchet, "
                 "new-code-only; repeatable): a command whose policy is not in force reports "
                 "without gating unless --fail-under is given")
      ->delimiter(',');
  cmd.add_option("--include", options.include,
                 "Count only files matching GLOB (repo-relative; repeatable; ** crosses folders)");
  cmd.add_option("--exclude", options.exclude,
                 "Leave out files matching GLOB (repeatable; applied after --include)");
  cmd.add_option("--format", options.format,
                 "Report format instead of detecting it: cobertura, lcov, istanbul, "
                 "istanbul-summary");
  cmd.add_option("--path-map", options.path_map,
                 "Rewrite a report path prefix, FROM=TO (repeatable; first match wins)");
  cmd.add_option("--root", options.root,
                 "Repository root (default: the git work tree of the current directory)");
  cmd.add_option("--json", options.json, "Write the JSON report to FILE");
  cmd.add_option("--markdown", options.markdown, "Write the Markdown report to FILE");
  cmd.add_option("--precision", options.precision, "Decimals of printed percentages (0-6)")
      ->check(CLI::Range(0, 6));
  cmd.add_flag("--ignore-header-totals", options.ignore_header_totals,
               "Read a report even when its records hold less than half the lines its header "
               "declares");
  cmd.add_flag("--no-step-summary", options.no_step_summary,
               "Do not append the Markdown to $GITHUB_STEP_SUMMARY");
  add_max_input_size_option(cmd);
}

void add_html_option(CLI::App& cmd, CommonOptions& options) {
  cmd.add_option("--html", options.html,
                 "Write the static HTML report to DIR (index.html and a page per file, no "
                 "external asset; the directory is replaced whole)");
}

reports::SourceReader source_reader(const LoadOptions& load) {
  std::string root;
  if (const auto repo = repository_root(load)) {
    root = *repo;
  }
  return [root](const std::string& path) -> std::optional<std::string> {
    const std::filesystem::path full = root.empty() || std::filesystem::path(path).is_absolute()
                                           ? std::filesystem::path(path)
                                           : std::filesystem::path(root) / path;
    std::error_code ec;
    if (!std::filesystem::is_regular_file(full, ec)) {
      return std::nullopt;
    }
    std::ifstream in(full, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in && !in.eof()) {
      return std::nullopt;
    }
    return std::move(text).str();
  };
}

void emit(const CommonOptions& options, const Outputs& outputs,
          const std::vector<std::string>& warnings, std::ostream& out, std::ostream& err) {
  const char* step_summary = std::getenv("GITHUB_STEP_SUMMARY");
  const bool to_step_summary =
      !options.no_step_summary && step_summary != nullptr && *step_summary != '\0';
  std::string markdown;
  if (!options.markdown.empty() || to_step_summary) {
    markdown = outputs.markdown();
  }
  if (!options.html.empty() && outputs.html) {
    core::AtomicDirectory dir(options.html);
    outputs.html(
        [&dir](const std::string& path, std::string_view bytes) { dir.write(path, bytes); });
    dir.commit();
  }
  for (const auto& [path, bytes] : outputs.files) {
    core::write_file_atomically(path, bytes);
  }
  if (!options.json.empty()) {
    core::write_file_atomically(options.json, outputs.json());
  }
  if (!options.markdown.empty()) {
    core::write_file_atomically(options.markdown, markdown);
  }
  if (to_step_summary) {
    core::append_file(step_summary, markdown);
  }
  for (const auto& note : options.notes) {
    err << "covbar: warning: " << core::printable(note, false) << '\n';
  }
  for (const auto& warning : warnings) {
    err << "covbar: warning: " << core::printable(warning, false) << '\n';
  }
  out << outputs.text;
  out.flush();
}

} // namespace covbar::cli
