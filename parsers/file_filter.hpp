#pragma once

#include <functional>
#include <string_view>

namespace covbar::parsers {

/// Which source files a caller needs, asked with each path as the report writes it
/// (normalised, before source roots or --path-map). It must answer yes for a superset of the
/// files wanted: `covbar diff` keeps every file whose base name a changed file has. Records of
/// other files are skipped without being translated (a pull request touches a few files of a
/// large report), so they are also not checked beyond the structure the split needs. An
/// empty filter keeps everything.
using FileFilter = std::function<bool(std::string_view path)>;

} // namespace covbar::parsers
