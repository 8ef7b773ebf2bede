#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace covbar::actions {

/// One template file of src/actions/templates, embedded at build time
/// (cmake/embed_templates.cmake writes the table).
struct Template {
  std::string_view name; ///< the file name, e.g. test-python.yml
  std::string_view text;
};

/// Every embedded template.
const std::vector<Template>& embedded_templates();

/// The embedded template `name`; throws core::Error when there is none (a build bug).
std::string_view template_text(std::string_view name);

/// Fills a template, the one filler every generated workflow and script goes through:
/// - `@@NAME@@` takes `values.at("NAME")`. A placeholder alone on its line takes the whole
///   line: its value is then zero or more whole lines (an empty value removes the line).
/// - `@@USES:owner/name@@` takes the pinned `uses:` value from the pin table.
/// - `@@PART:file KEY=value ...@@` takes the template `file`, filled with `values` plus the
///   given KEY=value pairs.
/// GitHub's own `${{ }}` expressions pass through untouched. Throws core::Error on a
/// placeholder without a value (a template bug).
std::string fill(std::string_view templ, const std::map<std::string, std::string>& values);

} // namespace covbar::actions
