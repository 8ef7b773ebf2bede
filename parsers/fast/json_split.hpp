#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/json_chunk.hpp"
#include "src/core/source_text.hpp"

namespace covbar::parsers::fast {

/// The istanbul accelerator's split (parsers/fast/istanbul_final; istanbul_summary reads
/// through it too). Finds the members of the top-level object of `text` without building a
/// document, so an istanbul report of any size is parsed member by member (one source file
/// each) and in parallel. Checks string, bracket and comma structure; the values themselves are
/// validated later by simdjson. Throws core::InputError at the first structural fault
/// (truncation, a top-level value that is not an object, nesting past k_max_json_depth).
///
/// Each member's key is looked at while the scan has its bytes at hand (looking later would
/// fault the whole file back in: one page per member, and the kernel maps the neighbours
/// too): `keep(raw_key)`, when given, drops the members it refuses. `found(member)`, when
/// given, hears of each kept member as soon as it is complete, so parsing can start before
/// the scan ends.
std::vector<JsonMember>
split_top_level_object(const core::SourceText& text,
                       const std::function<bool(std::string_view)>& keep = {},
                       const std::function<void(const JsonMember&)>& found = {});

/// Groups members into chunks of roughly `bytes` each: [first, last) index pairs.
std::vector<std::pair<std::size_t, std::size_t>>
group_members(const std::vector<JsonMember>& members, std::size_t bytes);

} // namespace covbar::parsers::fast
