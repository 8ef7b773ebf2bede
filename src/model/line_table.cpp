#include "src/model/line_table.hpp"

namespace covbar::model {
namespace {

void put_varint(std::vector<char8_t>& out, std::uint64_t value) {
  while (value >= 0x80) {
    out.push_back(static_cast<char8_t>(value | 0x80U));
    value >>= 7U;
  }
  out.push_back(static_cast<char8_t>(value));
}

std::uint64_t get_varint(const char8_t*& at) {
  std::uint64_t value = *at & 0x7FU;
  unsigned shift = 7;
  while ((*at++ & 0x80U) != 0) {
    value |= static_cast<std::uint64_t>(*at & 0x7FU) << shift;
    shift += 7;
  }
  return value;
}

/// A record's first varint: the zigzag-encoded difference from the previous line number,
/// shifted left once, its low bit saying whether branch counts follow.
std::uint64_t record_key(std::uint32_t previous, const Line& line) {
  const std::int64_t delta = static_cast<std::int64_t>(line.number) - static_cast<std::int64_t>(previous);
  const auto zigzag = (static_cast<std::uint64_t>(delta) << 1U) ^ static_cast<std::uint64_t>(delta >> 63);
  const bool has_branches = line.branches_total != 0 || line.branches_covered != 0;
  return (zigzag << 1U) | (has_branches ? 1U : 0U);
}

} // namespace

void LineTable::Iterator::decode() {
  const std::uint64_t key = get_varint(m_at);
  const std::uint64_t zigzag = key >> 1U;
  const auto delta = static_cast<std::int64_t>(zigzag >> 1U) ^ -static_cast<std::int64_t>(zigzag & 1U);
  m_line.number = static_cast<std::uint32_t>(static_cast<std::int64_t>(m_line.number) + delta);
  m_line.hits = get_varint(m_at);
  if ((key & 1U) != 0) {
    m_line.branches_covered = static_cast<std::uint16_t>(get_varint(m_at));
    m_line.branches_total = static_cast<std::uint16_t>(get_varint(m_at));
  } else {
    m_line.branches_covered = 0;
    m_line.branches_total = 0;
  }
}

void LineTable::push_back_slow(const Line& line) {
  const std::uint64_t key = record_key(m_last, line);
  if (m_count > 0 && line.number <= m_last) {
    m_ascending = false;
  }
  m_line_zero |= line.number == 0;
  m_overcovered |= line.branches_covered > line.branches_total;
  m_covered += line.hits > 0 ? 1 : 0;
  m_branches_covered += line.branches_covered;
  m_branches_total += line.branches_total;
  put_varint(m_bytes, key);
  put_varint(m_bytes, line.hits);
  if ((key & 1U) != 0) {
    put_varint(m_bytes, line.branches_covered);
    put_varint(m_bytes, line.branches_total);
  }
  m_last = line.number;
  ++m_count;
}

void LineTable::append(const LineTable& other) {
  m_bytes.reserve(m_bytes.size() + other.m_bytes.size() + 8);
  for (const Line& line : other) {
    push_back(line);
  }
}

void LineTable::clear() {
  std::vector<char8_t> bytes = std::move(m_bytes);
  bytes.clear();
  *this = LineTable();
  m_bytes = std::move(bytes);
}

LineTable LineTable::exact_copy() const {
  LineTable copy = *this; // a vector's copy allocates exactly its size
  return copy;
}

void LineTable::reserve(std::size_t lines) { m_bytes.reserve(m_bytes.size() + 2 * lines); }

std::vector<Line> LineTable::to_vector() const {
  std::vector<Line> out;
  out.reserve(m_count);
  for (const Line& line : *this) {
    out.push_back(line);
  }
  return out;
}

void LineTable::assign(const std::vector<Line>& lines) {
  clear();
  reserve(lines.size());
  for (const Line& line : lines) {
    push_back(line);
  }
}

} // namespace covbar::model
