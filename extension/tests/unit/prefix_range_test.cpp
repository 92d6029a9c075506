// The end of the range of strings that begin with a prefix (search's first group).
#include "prefix_range.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

using profiles::prefix_range_end;

TEST(PrefixRange, RaisesTheLastByte) {
    EXPECT_EQ(prefix_range_end("chr"), "chs");
    EXPECT_EQ(prefix_range_end("capx n1"), "capx n2");
    EXPECT_EQ(prefix_range_end("a"), "b");
    // The last byte of a multi-byte UTF-8 character: the end need not be valid UTF-8.
    EXPECT_EQ(prefix_range_end("\xc3\xa9"), "\xc3\xaa");
    EXPECT_EQ(prefix_range_end("z\x7f"), "z\x80");
}

TEST(PrefixRange, CarriesPastTrailing0xFF) {
    EXPECT_EQ(prefix_range_end("ab\xff"), "ac");
    EXPECT_EQ(prefix_range_end("a\xff\xff"), "b");
    EXPECT_EQ(prefix_range_end("\xfe\xff"), "\xff");
}

TEST(PrefixRange, NoEnd) {
    EXPECT_EQ(prefix_range_end(""), std::nullopt);
    EXPECT_EQ(prefix_range_end("\xff"), std::nullopt);
    EXPECT_EQ(prefix_range_end("\xff\xff\xff"), std::nullopt);
}

// Byte order, as COLLATE "C" compares: every string that begins with the prefix is in
// [prefix, end), and the strings around it are not.
TEST(PrefixRange, HoldsExactlyThePrefixedStrings) {
    auto less = [](const std::string& a, const std::string& b) {
        return std::lexicographical_compare(
            a.begin(), a.end(), b.begin(), b.end(),
            [](char x, char y) { return (unsigned char)x < (unsigned char)y; });
    };
    const std::vector<std::string> prefixes = {"ann", "an\xff", "\xc3\xa9mi", "a b"};
    const std::vector<std::string> strings = {
        "ann",        "anna bell", "ann zed", "anm",          "ano",        "an",
        "an\xff",     "an\xffx",   "ao",      "\xc3\xa9mile", "\xc3\xa9mi", "\xc3\xa9mh",
        "\xc3\xa9mj", "a b",       "a bc",    "a c",          "ab"};
    for (const std::string& prefix : prefixes) {
        std::optional<std::string> end = prefix_range_end(prefix);
        ASSERT_TRUE(end.has_value()) << prefix;
        for (const std::string& s : strings) {
            bool begins = s.compare(0, prefix.size(), prefix) == 0;
            bool in_range = !less(s, prefix) && less(s, *end);
            EXPECT_EQ(begins, in_range) << "prefix '" << prefix << "', string '" << s << "'";
        }
    }
}
