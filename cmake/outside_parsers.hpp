// Force-included (-include) into every covbar target but the parsers layer (CMakeLists.txt).
// Reports are translated into the model by parsers/ alone (docs/ARCHITECTURE.md): outside it,
// including pugixml's or simdjson's header, or naming their namespaces, does not compile.
// Their headers sit in /usr/include, so include directories cannot hide them; poisoned
// identifiers can.
#pragma GCC poison pugi simdjson
