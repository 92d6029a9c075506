#include "base64url.hpp"

#include <gtest/gtest.h>

using profiles::base64url::decode;
using profiles::base64url::encode;

TEST(Base64Url, EncodesRfc4648VectorsWithoutPadding) {
    EXPECT_EQ(encode(""), "");
    EXPECT_EQ(encode("f"), "Zg");
    EXPECT_EQ(encode("fo"), "Zm8");
    EXPECT_EQ(encode("foo"), "Zm9v");
    EXPECT_EQ(encode("foob"), "Zm9vYg");
    EXPECT_EQ(encode("fooba"), "Zm9vYmE");
    EXPECT_EQ(encode("foobar"), "Zm9vYmFy");
}

TEST(Base64Url, UsesTheUrlSafeAlphabet) {
    EXPECT_EQ(encode("\xfb\xff"), "-_8");
    EXPECT_EQ(decode("-_8"), std::string("\xfb\xff"));
}

TEST(Base64Url, RoundTripsEveryByte) {
    std::string all;
    for (int i = 0; i < 256; ++i) {
        all.push_back(static_cast<char>(i));
    }
    for (size_t n = 0; n <= all.size(); n += 17) {
        auto piece = all.substr(0, n);
        EXPECT_EQ(decode(encode(piece)), piece);
    }
}

TEST(Base64Url, RefusesPadding) {
    EXPECT_FALSE(decode("Zg=="));
    EXPECT_FALSE(decode("Zm8="));
}

TEST(Base64Url, RefusesTheStandardAlphabetAndWhitespace) {
    EXPECT_FALSE(decode("+/8"));
    EXPECT_FALSE(decode("Zm9v Yg"));
    EXPECT_FALSE(decode("Zm9v\nYg"));
    EXPECT_FALSE(decode(std::string("Zm\0v", 4)));
}

TEST(Base64Url, RefusesImpossibleLengths) {
    EXPECT_FALSE(decode("Z"));
    EXPECT_FALSE(decode("Zm9vY"));
}

TEST(Base64Url, RefusesNonZeroTrailingBits) {
    // "Zg" is the only encoding of "f"; "Zh".."Zv" carry stray low bits.
    EXPECT_TRUE(decode("Zg"));
    EXPECT_FALSE(decode("Zh"));
    EXPECT_FALSE(decode("Zm9"));
    EXPECT_TRUE(decode("Zm8"));
}
