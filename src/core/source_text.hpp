#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "src/core/error.hpp"

namespace covbar::core {

/// The most bytes covbar reads from one input unless --max-input-size says otherwise: 4 GiB,
/// several times the largest real reports (a 1 GB LCOV report is already exceptional), and
/// small enough that `cat /dev/zero | covbar check -` stops long before the machine does.
inline constexpr std::uint64_t k_default_max_input_size = std::uint64_t{4} << 30U;

/// The bytes of one input and the name to show in messages. The only place covbar reads
/// input files (STYLE §2.3): parsers receive a SourceText and do no I/O. Large files are
/// memory-mapped read-only, so reading a 1 GB report costs no copy.
class SourceText {
public:
  /// Wraps bytes held elsewhere (tests, stdin buffers). `bytes` must outlive the object.
  SourceText(std::string name, std::string_view bytes);
  /// Takes ownership of `bytes`.
  static SourceText from_string(std::string name, std::string bytes);
  /// Reads (maps) a file; `-` reads standard input. Throws InputError naming the path, also
  /// when the input holds more than max_input_size() bytes (standard input is read no further).
  static SourceText read_file(const std::string& path);
  /// The most bytes read_file accepts from one input; the CLI sets it for each command.
  static void set_max_input_size(std::uint64_t bytes);
  [[nodiscard]] static std::uint64_t max_input_size();
  /// The error for an input of more than max_input_size() bytes.
  [[nodiscard]] static InputError too_large(const std::string& name);
  /// Called by main(): a mapped file cut short while covbar reads it (another process
  /// rewriting the report) raises SIGBUS on the pages past its new end; this makes that
  /// `<path>: error: the file shrank while covbar read it` and exit 2, where it would crash.
  /// (The message is written with write(2), the only output a signal handler may make.)
  static void exit_on_truncated_input();

  SourceText(SourceText&&) noexcept;
  SourceText& operator=(SourceText&&) noexcept;
  SourceText(const SourceText&) = delete;
  SourceText& operator=(const SourceText&) = delete;
  ~SourceText();

  [[nodiscard]] const std::string& name() const { return m_name; }
  [[nodiscard]] std::string_view bytes() const { return m_bytes; }

  /// Says the bytes [begin, end) will not be read again soon: the whole pages of a mapped
  /// file among them leave the process's resident set (they stay in the page cache, and a
  /// later read, such as an error's line:col, simply faults them back). Parsers call it
  /// behind themselves, so a 1 GB report never holds 1 GB resident. No effect otherwise.
  void release(std::size_t begin, std::size_t end) const;

  /// Line and column of a byte offset, computed only when an error happens (ninja's
  /// Lexer::Error): the hot path never counts lines.
  [[nodiscard]] Location locate(std::size_t offset) const;
  /// Builds the located error `name:line:col: error: expected X, found Y`.
  [[nodiscard]] InputError error_at(std::size_t offset, const std::string& expected,
                                    const std::string& found) const;
  /// As error_at, with the found clause taken from the bytes at `offset`.
  [[nodiscard]] InputError error_at(std::size_t offset, const std::string& expected) const;

private:
  struct Mapping;
  std::string m_name;
  std::string_view m_bytes;
  std::unique_ptr<std::string> m_owned;
  std::unique_ptr<Mapping> m_mapping;
};

} // namespace covbar::core
