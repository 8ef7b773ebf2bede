// Must not compile: pugixml is for parsers/ only.
#include <pugixml.hpp>
