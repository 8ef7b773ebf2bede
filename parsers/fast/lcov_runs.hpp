#pragma once

#include <cstddef>
#include <string_view>

#include "src/model/coverage.hpp"

namespace covbar::parsers::fast {

/// The LCOV accelerator: reads the run of plain `DA:<line>,<hits>` and
/// `BRDA:<line>,<block>,<branch>,<taken>` records that starts at `pos` in `part`, as long as
/// each is in the one shape it knows (numbers of 1 to 8 digits, a line number from 1, lcov
/// 2.x's block marks `e`, `f`, `U`, a taken count of `-`, `\n` line ends). Appends them to
/// `lines` and `branches` (a `U` branch is left out, as lcov leaves it out of BRF and BRH),
/// marks their kinds, and returns the offset after the last record it read: `pos` itself
/// when the record at `pos` is anything else. It consumes only whole records and reads no
/// byte at or past `part.size()`; whatever it declines is left to the reference reader,
/// which must give the same model or the same error (tests/parsers/lcov_differential_test).
std::size_t read_lcov_runs(std::string_view part, std::size_t pos, model::LineTable& lines,
                           model::BranchTable& branches, model::Kinds& kinds);

} // namespace covbar::parsers::fast
