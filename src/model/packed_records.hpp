#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <memory>
#include <vector>

namespace covbar::model {

/// LEB128: 7 bits a byte, low bits first, the top bit saying another byte follows. Writes at
/// `out` (up to 10 bytes) and returns the end of what it wrote.
inline char8_t* put_varint(char8_t* out, std::uint64_t value) {
  while (value >= 0x80) {
    *out++ = static_cast<char8_t>(value | 0x80U);
    value >>= 7U;
  }
  *out++ = static_cast<char8_t>(value);
  return out;
}

inline std::uint64_t get_varint(const char8_t*& at) {
  std::uint64_t value = *at & 0x7FU;
  unsigned shift = 7;
  while ((*at++ & 0x80U) != 0) {
    value |= static_cast<std::uint64_t>(*at & 0x7FU) << shift;
    shift += 7;
  }
  return value;
}

/// A signed difference as an unsigned varint value: 0, -1, 1, -2, ... become 0, 1, 2, 3, ...
inline std::uint64_t zigzag(std::int64_t delta) {
  return (static_cast<std::uint64_t>(delta) << 1U) ^ static_cast<std::uint64_t>(delta >> 63);
}
inline std::int64_t unzigzag(std::uint64_t value) {
  return static_cast<std::int64_t>(value >> 1U) ^ -static_cast<std::int64_t>(value & 1U);
}

/// Records of one kind, packed as varints relative to the record before (reports hold tens
/// of millions of lines and branches; a 16- or 24-byte struct each made the model larger than
/// the report it came from, and walking it cost more than parsing). `Codec` gives:
///   - `Record`, with a default value the first record is encoded against;
///   - `k_max_bytes`, the most bytes one record takes;
///   - `encode(out, previous, record)`, writing at `out` and returning the end of what it
///     wrote, and `decode(at, record)` (record holds the previous one on entry);
///   - `before(a, b)`, the order normalize() sorts by;
///   - `Stats` with `add(record)`: what totals and invariant checks read without decoding.
/// Records are appended in any order and iterated in the order appended, as values: a
/// forward range, read front to back. The bytes live in a buffer of the table's own rather
/// than a std::vector<char8_t>: appending a record checks for room once and writes through a
/// pointer, where a vector checked before every byte (this runs for every record of a 1 GB
/// report).
template <typename Codec>
class PackedRecords {
public:
  using Record = typename Codec::Record;
  using Stats = typename Codec::Stats;

  class Iterator {
  public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = Record;
    using difference_type = std::ptrdiff_t;
    using pointer = const Record*;
    using reference = const Record&;

    Iterator() = default;
    const Record& operator*() const { return m_record; }
    const Record* operator->() const { return &m_record; }
    Iterator& operator++() {
      if (++m_index < m_count) {
        Codec::decode(m_at, m_record);
      }
      return *this;
    }
    Iterator operator++(int) {
      Iterator before = *this;
      ++*this;
      return before;
    }
    friend bool operator==(const Iterator& a, const Iterator& b) { return a.m_index == b.m_index; }

  private:
    friend class PackedRecords;
    Iterator(const char8_t* at, std::size_t index, std::size_t count)
        : m_at(at), m_index(index), m_count(count) {
      if (m_index < m_count) {
        Codec::decode(m_at, m_record);
      }
    }

    const char8_t* m_at = nullptr;
    std::size_t m_index = 0;
    std::size_t m_count = 0;
    Record m_record{};
  };
  using const_iterator = Iterator;
  using value_type = Record;

  PackedRecords() = default;
  PackedRecords(PackedRecords&&) noexcept = default;
  PackedRecords& operator=(PackedRecords&&) noexcept = default;
  /// A copy holds exactly the bytes it needs.
  PackedRecords(const PackedRecords& other)
      : m_data(copy_bytes(other)), m_size(other.m_size), m_capacity(other.m_size),
        m_count(other.m_count), m_last(other.m_last), m_stats(other.m_stats),
        m_ascending(other.m_ascending) {}
  PackedRecords& operator=(const PackedRecords& other) {
    if (this != &other) {
      *this = PackedRecords(other);
    }
    return *this;
  }
  ~PackedRecords() = default;

  [[nodiscard]] Iterator begin() const { return {m_data.get(), 0, m_count}; }
  [[nodiscard]] Iterator end() const { return {nullptr, m_count, m_count}; }
  [[nodiscard]] std::size_t size() const { return m_count; }
  [[nodiscard]] bool empty() const { return m_count == 0; }
  /// Bytes held for the records (the tests' measure of packing).
  [[nodiscard]] std::size_t packed_bytes() const { return m_size; }
  /// True while every record appended so far comes strictly after the one before.
  [[nodiscard]] bool ascending() const { return m_ascending; }
  /// Kept as records are appended.
  [[nodiscard]] const Stats& stats() const { return m_stats; }

  void push_back(const Record& record) {
    if (m_capacity - m_size < Codec::k_max_bytes) {
      grow(Codec::k_max_bytes);
    }
    if (m_count > 0 && !Codec::before(m_last, record)) {
      m_ascending = false;
    }
    char8_t* const at = m_data.get() + m_size;
    m_size += static_cast<std::size_t>(Codec::encode(at, m_last, record) - at);
    m_stats.add(record);
    m_last = record;
    ++m_count;
  }
  /// Appends every record of `other` after this one's.
  void append(const PackedRecords& other) {
    grow(other.m_size + Codec::k_max_bytes);
    for (const Record& record : other) {
      push_back(record);
    }
  }
  /// Empties the table, keeping its buffer (a parser's scratch table, reused per file).
  void clear() {
    std::unique_ptr<char8_t[]> data = std::move(m_data);
    const std::size_t capacity = m_capacity;
    *this = PackedRecords();
    m_data = std::move(data);
    m_capacity = capacity;
  }
  /// A copy holding exactly the bytes it needs: a parser fills one scratch table per part
  /// and keeps right-sized copies.
  [[nodiscard]] PackedRecords exact_copy() const { return *this; }
  /// Room for about `records` more records of two bytes (a line takes one or two).
  void reserve(std::size_t records) { grow(2 * records); }
  void shrink_to_fit() {
    if (m_capacity != m_size) {
      *this = exact_copy();
    }
  }

  [[nodiscard]] std::vector<Record> to_vector() const {
    std::vector<Record> out;
    out.reserve(m_count);
    for (const Record& record : *this) {
      out.push_back(record);
    }
    return out;
  }
  /// Replaces the records with `records`, in their order.
  void assign(const std::vector<Record>& records) {
    clear();
    reserve(records.size());
    for (const Record& record : records) {
      push_back(record);
    }
  }

  friend bool operator==(const PackedRecords& a, const PackedRecords& b) {
    return a.m_count == b.m_count && a.m_size == b.m_size &&
           (a.m_size == 0 || std::memcmp(a.m_data.get(), b.m_data.get(), a.m_size) == 0);
  }

private:
  static std::unique_ptr<char8_t[]> copy_bytes(const PackedRecords& from) {
    if (from.m_size == 0) {
      return nullptr;
    }
    auto bytes = std::make_unique_for_overwrite<char8_t[]>(from.m_size);
    std::memcpy(bytes.get(), from.m_data.get(), from.m_size);
    return bytes;
  }
  /// Makes room for `more` bytes past the records, at least doubling (amortized appends).
  void grow(std::size_t more) {
    if (m_capacity - m_size >= more) {
      return;
    }
    const std::size_t capacity = std::max({m_size + more, 2 * m_capacity, std::size_t{64}});
    auto bytes = std::make_unique_for_overwrite<char8_t[]>(capacity);
    if (m_size > 0) {
      std::memcpy(bytes.get(), m_data.get(), m_size);
    }
    m_data = std::move(bytes);
    m_capacity = capacity;
  }

  std::unique_ptr<char8_t[]> m_data;
  std::size_t m_size = 0;
  std::size_t m_capacity = 0;
  std::size_t m_count = 0;
  Record m_last{};
  Stats m_stats{};
  bool m_ascending = true;
};

} // namespace covbar::model
