// Compiles: the gate layer sees its own headers and those of the layers it links.
#include "src/core/error.hpp"
#include "src/gate/decision.hpp"
#include "src/model/coverage.hpp"
