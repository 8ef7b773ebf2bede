// Must not compile: reports/ are below src/cli.
#include "src/cli/run.hpp"
