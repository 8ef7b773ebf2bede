#include "reports/html.hpp"

#include <algorithm>
#include <string_view>
#include <unordered_map>

#include <fmt/format.h>

#include "reports/escape.hpp"
#include "reports/html_assets.hpp"
#include "reports/html_escape.hpp"
#include "src/core/parallel.hpp"

namespace covbar::reports {
namespace {

/// The metrics the index's table has columns for: those the report has data for.
std::vector<gate::Metric> table_metrics(const model::Totals& totals) {
  std::vector<gate::Metric> out;
  for (const auto& [metric, counter] : present_metrics(totals)) {
    if (metric == gate::Metric::lines || metric == gate::Metric::branches ||
        metric == gate::Metric::functions) {
      out.push_back(metric);
    }
  }
  return out;
}

std::string page_head(std::string_view title) {
  return fmt::format("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                     "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
                     "<meta name=\"color-scheme\" content=\"light dark\">"
                     "<title>{}</title><style>{}</style></head>\n<body>\n",
                     html_escape(title), html_assets::k_style);
}

/// `<span class="bar">` filled to the floor of the percentage (decoration: the text beside
/// it carries the figure).
std::string bar(const model::Counter& c) {
  if (c.total == 0) {
    return {};
  }
  return fmt::format("<span class=\"bar\" aria-hidden=\"true\"><span style=\"width:{}%\">"
                     "</span></span>",
                     c.covered * 100 / c.total);
}

std::string totals_table(const model::Totals& totals, unsigned precision) {
  std::string out = "<table id=\"totals\"><caption class=\"sr\">Totals</caption><thead><tr>"
                    "<th scope=\"col\">Metric</th><th scope=\"col\">Covered</th>"
                    "<th scope=\"col\">Total</th><th scope=\"col\">Coverage</th></tr></thead>"
                    "<tbody>\n";
  for (const auto& [metric, counter] : present_metrics(totals)) {
    out += fmt::format("<tr data-metric=\"{0}\"><th scope=\"row\">{0}</th><td class=\"c\">{1}</td>"
                       "<td class=\"t\">{2}</td><td class=\"p\">{3}{4}</td></tr>\n",
                       gate::metric_name(metric), counter.covered, counter.total,
                       percent_text(counter, precision), bar(counter));
  }
  return out + "</tbody></table>\n";
}

std::string gate_section(const gate::Decision& decision, unsigned precision) {
  if (!decision.evaluated) {
    return "<p id=\"verdict\" data-verdict=\"none\">No threshold: report only.</p>\n";
  }
  std::string out = fmt::format(
      "<p id=\"verdict\" data-verdict=\"{0}\">Gate: <span class=\"{0}\">{1}</span></p>\n"
      "<table id=\"thresholds\"><caption class=\"sr\">Thresholds</caption><thead><tr>"
      "<th scope=\"col\">Metric</th><th scope=\"col\">Scope</th><th scope=\"col\">Minimum</th>"
      "<th scope=\"col\">Coverage</th><th scope=\"col\">Result</th></tr></thead><tbody>\n",
      decision.passed ? "pass" : "fail", decision.passed ? "PASS" : "FAIL");
  for (const auto& r : decision.results) {
    out += fmt::format(
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td>"
        "<td class=\"{}\">{}</td></tr>\n",
        gate::metric_name(r.threshold.metric), r.scope.empty() ? "all files" : html_escape(r.scope),
        r.threshold.max_uncovered ? fmt::format("at most {} uncovered", *r.threshold.max_uncovered)
                                  : r.threshold.target.to_string() + "%",
        percent_text(r.counter, precision), r.passed ? "pass" : "fail", r.passed ? "pass" : "FAIL");
  }
  return out + "</tbody></table>\n";
}

std::string page_name(std::size_t index) { return fmt::format("f/{}.html", index); }

std::string index_page(const CheckResult& result, const HtmlOptions& options,
                       const std::vector<std::size_t>& paged) {
  const auto& report = *result.report;
  const auto metrics = table_metrics(result.totals);
  std::string out = page_head(options.title);
  out += fmt::format("<header><h1>{}</h1><p class=\"muted\">{} file{} from {}</p></header>\n"
                     "<main>\n",
                     html_escape(options.title), paged.size(), paged.size() == 1 ? "" : "s", [&] {
                       std::string sources;
                       for (const auto& origin : report.origins) {
                         sources += (sources.empty() ? "" : ", ") + html_escape(origin.source);
                       }
                       return sources;
                     }());
  out += gate_section(result.decision, result.precision);
  out += "<h2>Totals</h2>\n" + totals_table(result.totals, result.precision);
  out += "<h2>Files</h2>\n<noscript><p>The table of files needs JavaScript; each file's page "
         "is under f/.</p></noscript>\n<table id=\"files\"><thead><tr>"
         "<th scope=\"col\" data-sort=\"name\" aria-sort=\"ascending\"><button>Path</button></th>";
  for (std::size_t m = 0; m < metrics.size(); ++m) {
    const auto name = gate::metric_name(metrics[m]);
    out += fmt::format("<th scope=\"col\" data-sort=\"{0}p\"><button>{1}</button></th>"
                       "<th scope=\"col\" data-sort=\"{0}c\"><button>{1} covered</button></th>"
                       "<th scope=\"col\" data-sort=\"{0}t\"><button>{1} total</button></th>",
                       m, name);
  }
  out += "</tr></thead><tbody id=\"rows\"></tbody></table>\n<button id=\"more\" hidden></button>\n";

  // The table's data: [path, page, covered, total per metric...].
  std::string json = fmt::format("{{\"precision\":{},\"metrics\":[", result.precision);
  for (std::size_t m = 0; m < metrics.size(); ++m) {
    json += fmt::format("{}\"{}\"", m == 0 ? "" : ",", gate::metric_name(metrics[m]));
  }
  json += "],\"files\":[";
  for (std::size_t k = 0; k < paged.size(); ++k) {
    const std::size_t i = paged[k];
    json += fmt::format("{}\n[{},\"{}\"", k == 0 ? "" : ",", json_string(report.files[i].path),
                        page_name(i));
    for (const auto metric : metrics) {
      const auto counter =
          gate::metric_counter(result.file_totals[i], metric).value_or(model::Counter{});
      json += fmt::format(",{},{}", counter.covered, counter.total);
    }
    json += "]";
  }
  json += "]}";
  out += "</main>\n<script type=\"application/json\" id=\"covbar-data\">" + script_json(json) +
         "</script>\n<script>" + std::string(html_assets::k_index_script) +
         "</script>\n</body></html>\n";
  return out;
}

/// The lines of `text`, without terminators (a final line without one included).
std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const auto nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    lines.push_back(line);
    if (nl == std::string_view::npos) {
      break;
    }
    text.remove_prefix(nl + 1);
  }
  return lines;
}

struct LineMark {
  const char* cls;
  const char* glyph;
  const char* label;
};

LineMark mark_of(const model::Line& line, const model::Counter& branches) {
  if (line.hits == 0) {
    return {"unc", "\xE2\x9C\x97", "not covered"}; // ✗
  }
  if (branches.covered < branches.total) {
    return {"par", "\xE2\x97\x90", "partly covered"}; // ◐
  }
  return {"cov", "\xE2\x9C\x93", "covered"}; // ✓
}

std::string file_page(const CheckResult& result, std::size_t index, const SourceReader& read_source,
                      const std::vector<std::uint32_t>* changed) {
  const auto& file = result.report->files[index];
  const auto source = read_source(file.path);
  std::string out = page_head(file.path);
  out += fmt::format("<header><p><a href=\"../index.html\">\xE2\x86\x90 All files</a></p>"
                     "<h1><code>{}</code></h1></header>\n<main>\n",
                     html_escape(file.path));
  out += totals_table(result.file_totals[index], result.precision);
  if (!source) {
    out += "<p id=\"no-source\" class=\"muted\">The source file was not found under the "
           "repository root: line numbers and hits only.</p>\n";
  }
  out += "<p class=\"muted\">Markers: \xE2\x9C\x93 covered, \xE2\x97\x90 partly covered "
         "(branches taken of all), \xE2\x9C\x97 not covered";
  out += changed != nullptr ? ", a bar at the line number: changed in the diff.</p>\n" : ".</p>\n";
  out += "<table class=\"src\"><thead><tr><th scope=\"col\">Line</th><th scope=\"col\">"
         "<span class=\"sr\">State</span></th><th scope=\"col\">Hits</th><th scope=\"col\">"
         "Branches</th><th scope=\"col\">Source</th></tr></thead><tbody>\n";

  const auto branches = file.line_branches();
  std::vector<std::string_view> text_lines;
  if (source) {
    text_lines = split_lines(*source);
  }
  auto line_it = file.lines.begin();
  std::size_t record = 0;
  std::size_t changed_at = 0;
  auto emit_row = [&](std::uint32_t number, const model::Line* line, std::string_view code) {
    bool is_changed = false;
    if (changed != nullptr) {
      while (changed_at < changed->size() && (*changed)[changed_at] < number) {
        ++changed_at;
      }
      is_changed = changed_at < changed->size() && (*changed)[changed_at] == number;
    }
    std::string cls;
    std::string marker_cell = "<td class=\"m\"></td>";
    std::string hits_cell = "<td class=\"h\"></td>";
    std::string branch_cell = "<td class=\"b\"></td>";
    if (line != nullptr) {
      const model::Counter b = branches[record];
      const LineMark mark = mark_of(*line, b);
      cls = mark.cls;
      marker_cell = fmt::format("<td class=\"m\" title=\"{0}\"><span aria-hidden=\"true\">{1}"
                                "</span><span class=\"sr\">{0}</span></td>",
                                mark.label, mark.glyph);
      hits_cell = fmt::format("<td class=\"h\">{}</td>", line->hits);
      if (b.total > 0) {
        branch_cell = fmt::format("<td class=\"b\" title=\"{0} of {1} branches taken\">{0}/{1}"
                                  "</td>",
                                  b.covered, b.total);
      }
    }
    if (is_changed) {
      cls += cls.empty() ? "chg" : " chg";
    }
    out += fmt::format("<tr id=\"L{0}\"{1}><td class=\"n\"><a href=\"#L{0}\">{0}</a>{2}</td>{3}{4}"
                       "{5}<td class=\"s\">{6}</td></tr>\n",
                       number, cls.empty() ? "" : fmt::format(" class=\"{}\"", cls),
                       is_changed ? "<span class=\"sr\"> (changed)</span>" : "", marker_cell,
                       hits_cell, branch_cell, html_escape(code));
  };
  // Every source line, the instrumented ones with their records; records past the source's
  // end (a source changed since the run, or none found) still get their rows.
  std::uint32_t number = 1;
  for (; number <= text_lines.size(); ++number) {
    const model::Line* line = nullptr;
    model::Line current;
    if (line_it != file.lines.end() && (*line_it).number == number) {
      current = *line_it;
      line = &current;
    }
    emit_row(number, line, text_lines[number - 1]);
    if (line != nullptr) {
      ++line_it;
      ++record;
    }
  }
  for (; line_it != file.lines.end(); ++line_it, ++record) {
    const model::Line current = *line_it;
    if (current.number >= number) {
      emit_row(current.number, &current, {});
    }
  }
  out += "</tbody></table>\n</main>\n</body></html>\n";
  return out;
}

} // namespace

std::string_view html_style() { return html_assets::k_style; }

void render_check_html(const CheckResult& result, const SourceReader& read_source,
                       const PageSink& sink, const HtmlOptions& options) {
  const auto& report = *result.report;
  std::unordered_map<std::string_view, const std::vector<std::uint32_t>*> changed;
  if (options.changed != nullptr) {
    for (const auto& [path, lines] : *options.changed) {
      changed.emplace(path, &lines);
    }
  }
  std::vector<std::size_t> paged;
  for (std::size_t i = 0; i < report.files.size(); ++i) {
    if (options.changed == nullptr || changed.contains(report.files[i].path)) {
      paged.push_back(i);
    }
  }
  sink("index.html", index_page(result, options, paged));
  core::parallel_for(
      paged.size(),
      [&](std::size_t k) {
        const std::size_t i = paged[k];
        const auto it = changed.find(report.files[i].path);
        sink(page_name(i),
             file_page(result, i, read_source, it == changed.end() ? nullptr : it->second));
      },
      64);
}

} // namespace covbar::reports
