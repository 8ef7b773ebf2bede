#pragma once

// Shared by the readers of other tools' configuration files (src/toolconfig/*.cpp); not for
// use outside this folder.

#include <optional>
#include <string>

#include "src/config/yaml_input.hpp"
#include "src/toolconfig/tool_thresholds.hpp"

namespace covbar::toolconfig::detail {

/// `root`/`name` when it is a regular file, else nullopt.
std::optional<std::string> existing(const std::string& root, const std::string& name);

/// `map[key]` when `map` is a mapping that has it, else an undefined node (yaml-cpp's
/// operator[] on a const node throws for a scalar).
YAML::Node member(const YAML::Node& map, const std::string& key);
/// Defined and not null.
inline bool present(const YAML::Node& node) { return node.IsDefined() && !node.IsNull(); }

/// Where `node` of `in` (read from `file`, repository-relative) sits, with the tool's key.
Origin origin_of(const config::YamlInput& in, const std::string& file, const YAML::Node& node,
                 std::string key);

/// For a configuration that is a program (jest.config.ts): `file:line` of the first line that
/// mentions `needle`, found by a plain text search (never evaluated), or `file` alone.
std::string program_mention(const std::string& root, const std::string& file,
                            const std::string& needle);

/// What `covbar init` and --thresholds-from say of a configuration that is a program:
/// `jest.config.ts: a program (covbar does not run it); coverageThreshold at jest.config.ts:4`,
/// or that a text search finds no `needle` in it.
std::string program_note(const std::string& root, const std::string& file,
                         const std::string& needle);

/// A percentage from a JSON or YAML scalar (`80`, `79.5`; `80%` with `allow_percent_sign`),
/// 0 to 100; a located error otherwise.
core::Percent percent_of(const config::YamlInput& in, const YAML::Node& node,
                         bool allow_percent_sign);

void read_coveragepy(Source source, const std::string& root, Findings& findings);
void read_jest(const std::string& root, Findings& findings);
void read_nyc(const std::string& root, Findings& findings);
void read_bun(const std::string& root, Findings& findings);
void read_codecov(const std::string& root, Findings& findings);

} // namespace covbar::toolconfig::detail
