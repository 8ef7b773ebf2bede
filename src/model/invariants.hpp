#pragma once

#include <string>
#include <vector>

#include "src/model/coverage.hpp"

namespace covbar::model {

/// Checks what every parser promises of its output (bloaty's CheckConsistency): paths unique
/// and non-empty; records sorted and unique with line numbers from 1; no branch line with more
/// arms covered than it has; no records of a kind the file says it lacks; summary counters
/// with covered <= total. Returns one sentence per violation; empty when all hold.
std::vector<std::string> check_invariants(const CoverageReport& report);

} // namespace covbar::model
