// Must not compile: simdjson is for parsers/ only, even at the top layer.
#include <simdjson.h>
