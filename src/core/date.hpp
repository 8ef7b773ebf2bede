#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace covbar::core {

/// A calendar day (UTC), the unit the ratchet counts sprints in.
struct Date {
  std::chrono::sys_days days{};

  /// Parses `YYYY-MM-DD` (a real calendar day: 2026-02-30 is refused).
  static std::optional<Date> parse(std::string_view text);
  /// Today in UTC, or the day `override_text` names (`--today`, for tests and simulations);
  /// throws UsageError when `override_text` is not a date.
  static Date today(const std::string& override_text);

  [[nodiscard]] std::string to_string() const;
  [[nodiscard]] Date plus_days(long long n) const { return {days + std::chrono::days(n)}; }
  /// Whole days from `from` to this day (negative when this day is earlier).
  [[nodiscard]] long long days_since(const Date& from) const { return (days - from.days).count(); }
  friend auto operator<=>(const Date&, const Date&) = default;
};

} // namespace covbar::core
