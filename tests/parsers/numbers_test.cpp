#include <cstring>
#include <random>
#include <string>

#include <gtest/gtest.h>

#include "parsers/numbers.hpp"

namespace covbar::parsers {
namespace {

/// The byte-at-a-time reference swar_digits must agree with: 1 to 7 digits, else 0.
int reference_digits(const char* p, std::uint64_t& value) {
  value = 0;
  int n = 0;
  while (n < 8 && p[n] >= '0' && p[n] <= '9') {
    value = value * 10 + static_cast<std::uint64_t>(p[n] - '0');
    ++n;
  }
  return n == 8 ? 0 : n;
}

TEST(Numbers, SwarDigitsAgreesWithAByteLoopOnRandomBytes) {
  std::mt19937_64 random(7);
  const std::string terminators = ",\n-/:x \r";
  for (int i = 0; i < 200000; ++i) {
    char bytes[16];
    for (auto& c : bytes) {
      c = static_cast<char>(random() % 256);
    }
    const auto length = static_cast<int>(random() % 9);
    for (int k = 0; k < length; ++k) {
      bytes[k] = static_cast<char>('0' + random() % 10);
    }
    if (random() % 2 == 0) {
      bytes[length] = terminators[random() % terminators.size()];
    }
    std::uint64_t got = 0;
    std::uint64_t want = 0;
    const int n = swar_digits(bytes, got);
    ASSERT_EQ(n, reference_digits(bytes, want)) << std::string(bytes, 8);
    if (n > 0) {
      ASSERT_EQ(got, want) << std::string(bytes, 8);
    }
  }
  std::uint64_t v = 0;
  EXPECT_EQ(swar_digits("9999999,", v), 7);
  EXPECT_EQ(v, 9999999U);
  EXPECT_EQ(swar_digits("0000001\n", v), 7);
  EXPECT_EQ(v, 1U);
  EXPECT_EQ(swar_digits("12345678", v), 0); // eight digits: the checked path's
  EXPECT_EQ(swar_digits("/2345678", v), 0); // '/' and ':' border the digits
  EXPECT_EQ(swar_digits(":2345678", v), 0);
}

TEST(Numbers, SwarValueReadsOneToEightDigitsWhateverFollows) {
  std::mt19937_64 random(9);
  for (int i = 0; i < 200000; ++i) {
    const auto length = static_cast<int>(1 + random() % 8);
    std::uint64_t want = 0;
    std::uint64_t word = random(); // the bytes after the digits: anything
    for (int k = 0; k < length; ++k) {
      const auto digit = random() % 10;
      want = want * 10 + digit;
      word &= ~(0xFFULL << (8 * k));
      word |= static_cast<std::uint64_t>('0' + digit) << (8 * k);
    }
    ASSERT_EQ(swar_value(word, length), want) << length;
  }
  std::uint64_t word = 0;
  std::memcpy(&word, "99999999", 8);
  EXPECT_EQ(swar_value(word, 8), 99999999U);
  std::memcpy(&word, "00000001", 8);
  EXPECT_EQ(swar_value(word, 8), 1U);
  std::memcpy(&word, "7,123456", 8);
  EXPECT_EQ(swar_value(word, 1), 7U);
}

TEST(Numbers, SwarValuePairReadsTwoNumbersAsSwarValueDoes) {
  std::mt19937_64 random(13);
  for (int i = 0; i < 200000; ++i) {
    const auto first_length = static_cast<int>(1 + random() % 8);
    const auto second_length = static_cast<int>(1 + random() % 8);
    auto digits = [&](int length) {
      std::uint64_t word = random();
      for (int k = 0; k < length; ++k) {
        word &= ~(0xFFULL << (8 * k));
        word |= static_cast<std::uint64_t>('0' + random() % 10) << (8 * k);
      }
      return word;
    };
    const std::uint64_t first = digits(first_length);
    const std::uint64_t second = digits(second_length);
    std::uint64_t a = 0;
    std::uint64_t b = 0;
    swar_value_pair(first, first_length, second, second_length, a, b);
    ASSERT_EQ(a, swar_value(first, first_length));
    ASSERT_EQ(b, swar_value(second, second_length));
  }
  std::uint64_t first = 0;
  std::uint64_t second = 0;
  std::memcpy(&first, "99999999", 8);
  std::memcpy(&second, "10000000", 8);
  std::uint64_t a = 0;
  std::uint64_t b = 0;
  swar_value_pair(first, 8, second, 8, a, b);
  EXPECT_EQ(a, 99999999U);
  EXPECT_EQ(b, 10000000U);
}

} // namespace
} // namespace covbar::parsers
