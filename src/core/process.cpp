#include "src/core/process.hpp"

#include <array>
#include <cstdio>
#include <sys/wait.h>

#include "src/core/error.hpp"

namespace covbar::core {

std::string shell_quote(std::string_view s) {
  std::string out = "'";
  for (const char c : s) {
    out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  }
  return out + "'";
}

CommandResult run_command(const std::string& command, std::size_t max_output) {
  CommandResult result;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) {
    throw Error("covbar: error: cannot run: " + command);
  }
  std::array<char, 65536> buffer{};
  std::size_t n = 0;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) {
    if (result.out.size() + n > max_output) {
      result.too_long = true;
      break;
    }
    result.out.append(buffer.data(), n);
  }
  const int status = ::pclose(pipe);
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

std::vector<std::string> split_nul(std::string_view text) {
  std::vector<std::string> items;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\0', start);
    if (end == std::string_view::npos) {
      end = text.size();
    }
    if (end > start) {
      items.emplace_back(text.substr(start, end - start));
    }
    start = end + 1;
  }
  return items;
}

} // namespace covbar::core
