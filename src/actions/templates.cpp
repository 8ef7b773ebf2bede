#include "src/actions/templates.hpp"

#include <fmt/format.h>

#include "src/actions/pins.hpp"
#include "src/core/error.hpp"

namespace covbar::actions {
namespace {

std::string value_of(const std::string& key, const std::map<std::string, std::string>& values) {
  if (key.starts_with("USES:")) {
    return uses(key.substr(5));
  }
  if (key.starts_with("PART:")) {
    // PART:file KEY=value KEY=value
    std::map<std::string, std::string> part_values = values;
    std::string rest = key.substr(5);
    const auto space = rest.find(' ');
    const std::string file = rest.substr(0, space);
    std::size_t pos = space;
    while (pos != std::string::npos) {
      const auto next = rest.find(' ', pos + 1);
      const std::string pair = rest.substr(pos + 1, next - pos - 1);
      const auto eq = pair.find('=');
      if (eq == std::string::npos) {
        throw core::InternalError(fmt::format("bad PART argument '{}'", pair));
      }
      part_values[pair.substr(0, eq)] = pair.substr(eq + 1);
      pos = next;
    }
    std::string text = fill(template_text(file), part_values);
    if (text.ends_with('\n')) {
      text.pop_back(); // the placeholder's own line break follows
    }
    return text;
  }
  const auto it = values.find(key);
  if (it == values.end()) {
    throw core::InternalError(fmt::format("no value for @@{}@@", key));
  }
  return it->second;
}

} // namespace

std::string_view template_text(std::string_view name) {
  for (const auto& t : embedded_templates()) {
    if (t.name == name) {
      return t.text;
    }
  }
  throw core::InternalError(fmt::format("no template named {}", name));
}

std::string fill(std::string_view templ, const std::map<std::string, std::string>& values) {
  std::string out;
  std::size_t pos = 0;
  while (true) {
    const auto open = templ.find("@@", pos);
    if (open == std::string_view::npos) {
      out.append(templ.substr(pos));
      return out;
    }
    const auto close = templ.find("@@", open + 2);
    if (close == std::string_view::npos) {
      throw core::InternalError("unclosed @@ in a template");
    }
    out.append(templ.substr(pos, open - pos));
    const std::string key(templ.substr(open + 2, close - open - 2));
    std::string value = value_of(key, values);
    pos = close + 2;
    const bool whole_line =
        (open == 0 || templ[open - 1] == '\n') && pos < templ.size() && templ[pos] == '\n';
    if (whole_line && !key.starts_with("PART:")) {
      // A block of lines: it brings its own line breaks, and nothing when empty.
      out += value;
      pos += 1;
      if (!value.empty() && !value.ends_with('\n')) {
        throw core::InternalError(fmt::format("@@{}@@ needs whole lines", key));
      }
    } else {
      out += value;
    }
  }
}

} // namespace covbar::actions
