#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "reports/check_result.hpp"
#include <string_view>

namespace covbar::reports {

/// A source file's text by its repo-relative path, or nullopt when it cannot be read (the
/// page then shows line numbers and hits only). The caller does the reading, from --root.
using SourceReader = std::function<std::optional<std::string>(const std::string& path)>;

/// What an HTML report adds to the check's figures.
struct HtmlOptions {
  std::string title = "covbar coverage report";
  /// Added lines per repo-relative path (covbar diff): marked on the file pages, and only
  /// the report's files among them are listed and get a page.
  const std::vector<std::pair<std::string, std::vector<std::uint32_t>>>* changed = nullptr;
};

/// Receives each page as it is rendered: its path in the report's directory and its bytes.
/// Called from several threads at once (different paths).
using PageSink = std::function<void(const std::string& path, std::string_view bytes)>;

/// The static HTML report of `result`: index.html (totals, the gate's verdict and
/// thresholds, a sortable and collapsible table of folders and files rendered from inline
/// JSON a page of rows at a time) and f/<n>.html per file (the source beside its hits, line
/// anchors #L<n>). No external asset: inline CSS and script only. Pages are rendered in
/// parallel and handed to `sink` one by one, never held together; sources are read through
/// `read_source`.
void render_check_html(const CheckResult& result, const SourceReader& read_source,
                       const PageSink& sink, const HtmlOptions& options = {});

/// The CSS every page shares (light and dark by prefers-color-scheme, print).
std::string_view html_style();

} // namespace covbar::reports
