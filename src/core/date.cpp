#include "src/core/date.hpp"

#include <charconv>

#include <fmt/format.h>

#include "src/core/error.hpp"

namespace covbar::core {
namespace {

std::optional<int> read_number(std::string_view text) {
  int value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) {
    return std::nullopt;
  }
  return value;
}

} // namespace

std::optional<Date> Date::parse(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
    return std::nullopt;
  }
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (text[i] < '0' || text[i] > '9') {
      return std::nullopt;
    }
  }
  const auto y = read_number(text.substr(0, 4));
  const auto m = read_number(text.substr(5, 2));
  const auto d = read_number(text.substr(8, 2));
  const std::chrono::year_month_day ymd{std::chrono::year(*y),
                                        std::chrono::month(static_cast<unsigned>(*m)),
                                        std::chrono::day(static_cast<unsigned>(*d))};
  if (!ymd.ok()) {
    return std::nullopt;
  }
  return Date{std::chrono::sys_days(ymd)};
}

Date Date::today(const std::string& override_text) {
  if (!override_text.empty()) {
    const auto date = parse(override_text);
    if (!date) {
      throw UsageError(
          fmt::format("--today: expected a date YYYY-MM-DD, found '{}'", override_text));
    }
    return *date;
  }
  return Date{std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())};
}

std::string Date::to_string() const {
  const std::chrono::year_month_day ymd{days};
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
}

} // namespace covbar::core
