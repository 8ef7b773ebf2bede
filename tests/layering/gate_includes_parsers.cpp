// Must not compile: src/gate reads the model, never a parser.
#include "parsers/detect.hpp"
