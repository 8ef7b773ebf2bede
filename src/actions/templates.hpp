#pragma once

#include <map>
#include <string>
#include <string_view>

namespace covbar::actions {

/// Fills a workflow template: `@@NAME@@` takes `values.at("NAME")`, `@@USES:owner/name@@` the
/// pinned `uses:` value from the pin table. GitHub's own `${{ }}` expressions pass through
/// untouched. Throws core::Error on a placeholder without a value (a template bug).
std::string fill(std::string_view templ, const std::map<std::string, std::string>& values);

/// The reusable workflows' templates.
extern const std::string_view k_test_python;
extern const std::string_view k_test_typescript;
extern const std::string_view k_deploy_ecs;
extern const std::string_view k_deploy_cloudflare;
extern const std::string_view k_terraform;

} // namespace covbar::actions
