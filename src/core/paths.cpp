#include "src/core/paths.hpp"

#include <algorithm>
#include <filesystem>

#include <fmt/format.h>

#include "src/core/error.hpp"
#include "src/core/process.hpp"

namespace covbar::core {
namespace {

bool has_drive(std::string_view p) {
  return p.size() >= 2 && p[1] == ':' &&
         ((p[0] >= 'A' && p[0] <= 'Z') || (p[0] >= 'a' && p[0] <= 'z'));
}

} // namespace

std::string normalize_path(std::string_view path) {
  std::string p(path);
  std::replace(p.begin(), p.end(), '\\', '/');
  std::string prefix;
  std::string_view rest = p;
  if (has_drive(rest)) {
    prefix = std::string(rest.substr(0, 2)) + "/";
    rest.remove_prefix(2);
    while (!rest.empty() && rest.front() == '/') {
      rest.remove_prefix(1);
    }
  } else if (!rest.empty() && rest.front() == '/') {
    prefix = "/";
  }
  std::vector<std::string_view> segments;
  while (!rest.empty()) {
    const auto slash = rest.find('/');
    const auto segment = rest.substr(0, slash);
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
    if (segment.empty() || segment == ".") {
      continue;
    }
    if (segment == ".." && !segments.empty() && segments.back() != "..") {
      segments.pop_back();
      continue;
    }
    if (segment == ".." && !prefix.empty()) {
      continue; // `/..` is `/`
    }
    segments.push_back(segment);
  }
  std::string out = prefix;
  for (std::size_t i = 0; i < segments.size(); ++i) {
    if (i > 0) {
      out += '/';
    }
    out += segments[i];
  }
  if (out.empty()) {
    return prefix.empty() ? std::string(".") : prefix;
  }
  return out;
}

std::string_view base_name(std::string_view path) {
  const auto slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

std::string directory_of(std::string_view path) {
  const auto slash = path.rfind('/');
  if (slash == std::string_view::npos) {
    return {};
  }
  return slash == 0 ? std::string("/") : std::string(path.substr(0, slash));
}

bool ends_with_segments(std::string_view path, std::string_view suffix) {
  return !suffix.empty() && path.size() > suffix.size() && path.ends_with(suffix) &&
         path[path.size() - suffix.size() - 1] == '/';
}

bool is_absolute_path(std::string_view path) {
  return (!path.empty() && (path.front() == '/' || path.front() == '\\')) || has_drive(path);
}

std::string join_path(std::string_view base, std::string_view rest) {
  if (base.empty() || is_absolute_path(rest)) {
    return normalize_path(rest);
  }
  return normalize_path(std::string(base) + "/" + std::string(rest));
}

PathMapRule PathMapRule::parse(std::string_view text) {
  const auto eq = text.find('=');
  if (eq == std::string_view::npos || eq == 0) {
    throw UsageError(
        fmt::format("--path-map expects FROM=TO with a non-empty FROM, found '{}'", text));
  }
  PathMapRule rule;
  rule.from = normalize_path(text.substr(0, eq));
  const auto to = text.substr(eq + 1);
  rule.to = to.empty() ? std::string() : normalize_path(to);
  return rule;
}

std::string apply_path_map(const std::vector<PathMapRule>& rules, std::string_view path) {
  for (const auto& rule : rules) {
    if (path == rule.from) {
      return rule.to.empty() ? std::string(".") : rule.to;
    }
    const bool root_rule = rule.from == "/";
    if (path.size() > rule.from.size() && path.substr(0, rule.from.size()) == rule.from &&
        (root_rule || path[rule.from.size()] == '/')) {
      const auto tail = path.substr(rule.from.size() + (root_rule ? 0 : 1));
      return rule.to.empty() ? normalize_path(tail) : join_path(rule.to, tail);
    }
  }
  return std::string(path);
}

RepoIndex::RepoIndex(std::string root, std::vector<std::string> files)
    : m_root(std::move(root)), m_files(std::move(files)) {
  if (m_files.size() >= k_end) {
    throw InputError(m_root, "more files than covbar indexes (2^32 - 1)");
  }
  m_exact.reserve(m_files.size());
  m_by_suffix.reserve(m_files.size() * 2);
  for (std::uint32_t i = 0; i < m_files.size(); ++i) {
    const std::string_view file = m_files[i];
    m_exact.insert(file);
    // Each suffix starts after a '/', or is the whole path.
    for (std::size_t start = file.size(); start != std::string_view::npos;) {
      const std::size_t slash = start == 0 ? std::string_view::npos : file.rfind('/', start - 1);
      const std::size_t from = slash == std::string_view::npos ? 0 : slash + 1;
      const auto [it, added] = m_by_suffix.try_emplace(file.substr(from), k_end);
      m_entries.push_back({i, it->second});
      it->second = static_cast<std::uint32_t>(m_entries.size() - 1);
      start = slash;
    }
  }
}

RepoIndex RepoIndex::scan(const std::string& root) {
  std::vector<std::string> files =
      split_nul(run_process({"git", "-C", root, "ls-files", "-z", "--cached", "--others",
                             "--exclude-standard"})
                    .out);
  if (files.empty()) {
    // Not a git work tree (or git is missing): walk the folder instead.
    namespace fs = std::filesystem;
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(root, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      // Other processes may create and rename files here meanwhile (a ratchet update's
      // temporary state file): nothing below asks the file system again about an entry,
      // so one that is gone by now is skipped, never an error. The path relative to the
      // root is cut from the iterator's own, which starts with `root`.
      const auto name = it->path().filename().string();
      std::error_code type_ec;
      if (it->is_directory(type_ec) && (name == ".git" || name == "node_modules")) {
        it.disable_recursion_pending();
        continue;
      }
      if (it->is_regular_file(type_ec)) {
        files.push_back(normalize_path(it->path().lexically_relative(root).string()));
      }
    }
  }
  return RepoIndex(root, std::move(files));
}

bool RepoIndex::contains(std::string_view relative) const { return m_exact.count(relative) != 0; }

RepoIndex::Match RepoIndex::resolve(std::string_view path) const {
  Match match;
  std::string candidate(path);
  if (is_absolute_path(path)) {
    if (path.size() > m_root.size() && path.substr(0, m_root.size()) == m_root &&
        (m_root == "/" || path[m_root.size()] == '/')) {
      candidate = normalize_path(path.substr(m_root.size() + (m_root == "/" ? 0 : 1)));
    }
  }
  if (!is_absolute_path(candidate) && contains(candidate)) {
    match.path = candidate;
    match.found = true;
    return match;
  }
  // The longest suffix of whole segments that some file ends with: unique, or ambiguous.
  match.path = candidate;
  const std::string_view view = candidate;
  for (std::size_t at = 0; at != std::string_view::npos;) {
    const std::size_t slash = view.find('/', at);
    const std::string_view suffix = view.substr(at);
    at = slash == std::string_view::npos ? slash : slash + 1;
    const auto it = suffix.empty() ? m_by_suffix.end() : m_by_suffix.find(suffix);
    if (it == m_by_suffix.end()) {
      continue;
    }
    std::vector<std::string> files;
    for (std::uint32_t e = it->second; e != k_end; e = m_entries[e].next) {
      files.push_back(m_files[m_entries[e].file]);
    }
    if (files.size() == 1) {
      match.path = std::move(files.front());
      match.found = true;
      match.by_suffix = true;
    } else {
      std::sort(files.begin(), files.end());
      match.ambiguous = std::move(files);
    }
    return match;
  }
  return match;
}

SuffixMatches
match_paths_across_reports(const std::vector<std::vector<std::string>>& paths_per_report) {
  // Nodes are distinct paths, each with the reports that name it (ascending, unique).
  std::unordered_map<std::string_view, std::size_t> node_of;
  std::vector<std::string_view> paths;
  std::vector<std::vector<std::size_t>> reports;
  for (std::size_t r = 0; r < paths_per_report.size(); ++r) {
    for (const auto& path : paths_per_report[r]) {
      const auto [it, added] = node_of.try_emplace(path, paths.size());
      if (added) {
        paths.emplace_back(path);
        reports.emplace_back();
      }
      if (reports[it->second].empty() || reports[it->second].back() != r) {
        reports[it->second].push_back(r);
      }
    }
  }
  std::vector<std::size_t> parent(paths.size());
  for (std::size_t i = 0; i < parent.size(); ++i) {
    parent[i] = i;
  }
  const auto find = [&](std::size_t i) {
    while (parent[i] != i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  };
  bool linked_any = false;
  for (std::size_t i = 0; i < paths.size(); ++i) {
    // Every proper suffix of whole segments: `/a/b/c.ts` -> `a/b/c.ts`, `b/c.ts`, `c.ts`.
    for (auto slash = paths[i].find('/'); slash != std::string_view::npos;
         slash = paths[i].find('/', slash + 1)) {
      const auto suffix = paths[i].substr(slash + 1);
      const auto it = suffix.empty() ? node_of.end() : node_of.find(suffix);
      if (it == node_of.end()) {
        continue;
      }
      const auto& a = reports[i];
      const auto& b = reports[it->second];
      if (a.size() == 1 && b.size() == 1 && a.front() == b.front()) {
        continue; // one report's own two files
      }
      parent[find(i)] = find(it->second);
      linked_any = true;
    }
  }
  SuffixMatches result;
  if (!linked_any) {
    return result;
  }
  std::unordered_map<std::size_t, std::vector<std::size_t>> groups;
  for (std::size_t i = 0; i < paths.size(); ++i) {
    groups[find(i)].push_back(i);
  }
  for (auto& [root, members] : groups) {
    if (members.size() < 2) {
      continue;
    }
    std::vector<std::size_t> named_by;
    std::size_t shortest = members.front();
    bool shortest_unique = true;
    for (const std::size_t m : members) {
      named_by.insert(named_by.end(), reports[m].begin(), reports[m].end());
      if (paths[m].size() < paths[shortest].size()) {
        shortest = m;
        shortest_unique = true;
      } else if (m != shortest && paths[m].size() == paths[shortest].size()) {
        shortest_unique = false;
      }
    }
    std::sort(named_by.begin(), named_by.end());
    const bool one_name_per_report =
        std::adjacent_find(named_by.begin(), named_by.end()) == named_by.end();
    if (one_name_per_report && shortest_unique) {
      for (const std::size_t m : members) {
        if (m != shortest) {
          result.renames.emplace(std::string(paths[m]), std::string(paths[shortest]));
        }
      }
    } else {
      std::vector<std::string> listed;
      for (const std::size_t m : members) {
        listed.emplace_back(paths[m]);
      }
      std::sort(listed.begin(), listed.end());
      result.ambiguous.push_back(std::move(listed));
    }
  }
  std::sort(result.ambiguous.begin(), result.ambiguous.end());
  return result;
}

std::optional<std::string> find_repository_root(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path current = fs::weakly_canonical(dir, ec);
  if (ec) {
    return std::nullopt;
  }
  while (true) {
    if (fs::exists(current / ".git", ec)) {
      return normalize_path(current.string());
    }
    if (!current.has_parent_path() || current.parent_path() == current) {
      return std::nullopt;
    }
    current = current.parent_path();
  }
}

std::string current_directory() {
  std::error_code ec;
  return normalize_path(std::filesystem::current_path(ec).string());
}

} // namespace covbar::core
