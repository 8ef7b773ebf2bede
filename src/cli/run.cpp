#include "src/cli/run.hpp"

#include <exception>
#include <ostream>

#include <CLI/CLI.hpp>

#include "src/cli/audit_command.hpp"
#include "src/cli/check_command.hpp"
#include "src/cli/diff_command.hpp"
#include "src/cli/fleet_commands.hpp"
#include "src/cli/init_command.hpp"
#include "src/cli/ratchet_command.hpp"
#include "src/core/error.hpp"
#include "src/core/printable.hpp"
#include "src/core/source_text.hpp"

namespace covbar::cli {

int run(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  constexpr int k_error = static_cast<int>(core::ExitCode::error);
  try {
    CLI::App app{"covbar: the coverage gate. Exit codes: 0 pass, 1 gate failed, 2 bad usage or "
                 "bad input.",
                 "covbar"};
    app.set_version_flag("--version", std::string("covbar ") + COVBAR_VERSION);
    app.require_subcommand(1);
    CheckOptions check;
    CLI::App* check_cmd = add_check_command(app, check);
    DiffOptions diff;
    CLI::App* diff_cmd = add_diff_command(app, diff);
    AuditOptions audit;
    CLI::App* audit_cmd = add_audit_command(app, audit);
    FleetOptions fleet;
    const auto [workflows_cmd, rollout_cmd] = add_fleet_commands(app, fleet);
    RatchetCommands ratchet;
    CLI::App* ratchet_cmd = add_ratchet_command(app, ratchet);
    InitOptions init;
    CLI::App* init_cmd = add_init_command(app, init);
    core::SourceText::set_max_input_size(core::k_default_max_input_size);
    try {
      app.parse(argc, argv);
    } catch (const CLI::CallForHelp&) {
      out << app.help();
      return 0;
    } catch (const CLI::CallForAllHelp&) {
      out << app.help("", CLI::AppFormatMode::All);
      return 0;
    } catch (const CLI::CallForVersion& version) {
      out << version.what() << '\n';
      return 0;
    } catch (const CLI::ParseError& e) {
      // CLI::App::exit would return CLI11's own codes (100 and up): bad usage is 2.
      err << "covbar: error: " << core::printable(e.what(), false)
          << "\nRun 'covbar --help' for usage.\n";
      return k_error;
    }
    apply_max_input_size(app);
    if (check_cmd->parsed()) {
      return run_check(check, out, err);
    }
    if (diff_cmd->parsed()) {
      return run_diff(diff, out, err);
    }
    if (audit_cmd->parsed()) {
      return run_audit(audit, out, err);
    }
    if (workflows_cmd->parsed()) {
      return run_workflows(fleet, out, err);
    }
    if (rollout_cmd->parsed()) {
      return run_rollout(fleet, out, err);
    }
    if (ratchet_cmd->parsed()) {
      return run_ratchet(ratchet, out, err);
    }
    if (init_cmd->parsed()) {
      return run_init(init, out, err);
    }
    err << "covbar: error: no command given\n";
    return k_error;
  } catch (const core::InputError& e) {
    // Rendered line by line from escaped parts (core/error.cpp), excerpt included.
    err << e.what() << '\n';
    return k_error;
  } catch (const core::InternalError& e) {
    err << core::printable(std::string("covbar: internal error: ") + e.what()) << '\n';
    return k_error;
  } catch (const core::Error& e) {
    // The one place the prefix is written. A message is one line: whatever input text it
    // quotes is escaped here, in one place.
    err << core::printable(std::string("covbar: error: ") + e.what()) << '\n';
    return k_error;
  } catch (const std::exception& e) {
    err << "covbar: internal error: " << core::printable(e.what(), false) << '\n';
    return k_error;
  } catch (...) {
    err << "covbar: internal error: unknown exception\n";
    return k_error;
  }
}

} // namespace covbar::cli
