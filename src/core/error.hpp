#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

namespace covbar::core {

/// Exit codes, the contract with CI: 0 the gate passed, 1 it was evaluated and failed,
/// 2 bad usage, bad input or an internal error (the gate fails closed).
enum class ExitCode : int { pass = 0, gate_failed = 1, error = 2 };

/// Base of every error covbar reports to the user. `what()` is the message alone, without
/// the `covbar: error: ` prefix: cli::run, the only catch, is the one place that writes it.
class Error : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

/// A bug in covbar rather than in its input or its use: printed after `covbar: internal
/// error: `, exit 2.
class InternalError : public Error {
public:
  using Error::Error;
};

/// The command line was wrong (unknown flag, bad value, missing argument).
class UsageError : public Error {
public:
  using Error::Error;
};

/// Where in an input something went wrong: 1-based line and byte column.
struct Location {
  std::string source;
  std::uint64_t line = 0;
  std::uint64_t column = 0;
  std::string line_text;          ///< the source line (cut when very long), no terminator
  std::uint64_t caret_column = 0; ///< 1-based column of the caret within line_text
};

/// An input (report, diff, config) is malformed or cannot be used. It keeps its parts (where,
/// what was expected, what was found), so a caller can rethrow it with more context, and is
/// rendered only when printed (`what()`): `path:line:col: error: expected X, found Y`, then the
/// source line and a caret (ninja), or `path: error: message` for a whole input. It names its
/// input itself, so cli::run prints it without the `covbar: error: ` prefix.
class InputError : public Error {
public:
  InputError(Location location, std::string expected, std::string found);
  /// An error about a whole input, with no position in it (a missing file, an empty report).
  InputError(std::string source, std::string message);

  /// The rendered message, every part escaped (made on the first call).
  [[nodiscard]] const char* what() const noexcept override;
  [[nodiscard]] const Location& location() const { return m_location; }
  [[nodiscard]] bool has_position() const { return m_location.line != 0; }
  [[nodiscard]] const std::string& expected() const { return m_expected; }
  [[nodiscard]] const std::string& found() const { return m_found; }
  /// A whole input's message; empty for a located error.
  [[nodiscard]] const std::string& message() const { return m_message; }

private:
  Location m_location;
  std::string m_expected;
  std::string m_found;
  std::string m_message;
  mutable std::string m_rendered;
};

/// Renders the first line of a located error without the snippet: used by tests and by
/// callers that only need `path:line:col: error: ...`.
std::string format_located(const Location& location, const std::string& expected,
                           const std::string& found);

/// Describes a few bytes of input for a "found" clause: `'abc'`, `end of file`, `'\x01'`.
std::string describe_found(std::string_view bytes, std::size_t max_chars = 24);

} // namespace covbar::core
