#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace covbar::actions {

/// One third-party action pinned to a full commit SHA, with the exact release it is.
struct Pin {
  std::string_view action;   ///< owner/name
  std::string_view version;  ///< the exact tag, e.g. v7.0.1
  std::string_view sha;      ///< 40 hex digits, the tag's commit
  std::string_view required; ///< inputs without a default the action requires, space-separated
  std::string_view inputs;   ///< every input its action.yml declares, space-separated
};

/// The one table of pins every generated workflow uses. The SHAs are copied from
/// ../shared/actions-pins.md, which read each from the action's own repository tags (never
/// from memory); tests/actions compare this table with actions-pins.json when it is there.
const std::vector<Pin>& pins();

/// The pin of `action`, or nullptr.
const Pin* find_pin(std::string_view action);

/// The words of a space-separated list (a Pin's `inputs` or `required`).
std::vector<std::string_view> words_of(std::string_view list);

/// `owner/name@<sha> # <version>`; throws core::Error for an action not in the table.
std::string uses(std::string_view action);

/// A released tool (not an action) the workflows download, with its published checksums.
struct Tool {
  std::string_view repository;
  std::string_view version;
};

inline constexpr Tool k_terragrunt{"gruntwork-io/terragrunt", "v1.1.3"};
inline constexpr Tool k_git_xargs{"gruntwork-io/git-xargs", "v0.1.16"};
inline constexpr Tool k_tflint{"terraform-linters/tflint", "v0.64.0"};

} // namespace covbar::actions
