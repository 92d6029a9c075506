// E-mail and E.164 checks shared by the APIs.
#include "formats.hpp"

#include <gtest/gtest.h>

using profiles::is_e164;
using profiles::is_email;

TEST(Formats, E164) {
    EXPECT_TRUE(is_e164("+14155550100"));
    EXPECT_TRUE(is_e164("+9876543210"));
    EXPECT_TRUE(is_e164("+12"));
    EXPECT_TRUE(is_e164("+123456789012345"));
    EXPECT_FALSE(is_e164("+1234567890123456"));
    EXPECT_FALSE(is_e164("14155550100"));
    EXPECT_FALSE(is_e164("+04155550100"));
    EXPECT_FALSE(is_e164("+1 415 555 0100"));
    EXPECT_FALSE(is_e164("+1"));
    EXPECT_FALSE(is_e164(""));
}

TEST(Formats, Email) {
    EXPECT_TRUE(is_email("mary@example.com"));
    EXPECT_TRUE(is_email("a.b+tag@sub.example.co.uk"));
    EXPECT_TRUE(is_email("a31b1402@privaterelay.appleid.com"));
    EXPECT_FALSE(is_email("mary"));
    EXPECT_FALSE(is_email("mary@localhost"));
    EXPECT_FALSE(is_email("@example.com"));
    EXPECT_FALSE(is_email("a@@example.com"));
    EXPECT_FALSE(is_email("a b@example.com"));
    EXPECT_FALSE(is_email("a@-example.com"));
    EXPECT_FALSE(is_email("a@example-.com"));
    EXPECT_FALSE(is_email("a@example..com"));
    EXPECT_FALSE(is_email(std::string(250, 'a') + "@example.com"));
}
