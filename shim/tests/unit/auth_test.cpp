#include "auth.hpp"

#include <gtest/gtest.h>

using namespace profiles;

namespace {
const std::string kSecret = "0123456789abcdef0123456789abcdef";
const std::string kSub = "6f1c1a52-3a8e-4f0e-9d39-0c2b8f6b7a10";
} // namespace

TEST(Auth, ExtractsBearerTokens) {
    EXPECT_EQ(auth::bearer_token("Bearer abc"), std::optional<std::string_view>("abc"));
    EXPECT_EQ(auth::bearer_token("bearer abc"), std::optional<std::string_view>("abc"));
    EXPECT_EQ(auth::bearer_token("BEARER   abc  "), std::optional<std::string_view>("abc"));
}

TEST(Auth, RefusesOtherSchemesAndEmptyTokens) {
    EXPECT_FALSE(auth::bearer_token(""));
    EXPECT_FALSE(auth::bearer_token("Bearer"));
    EXPECT_FALSE(auth::bearer_token("Bearer "));
    EXPECT_FALSE(auth::bearer_token("Bearerabc"));
    EXPECT_FALSE(auth::bearer_token("Basic dXNlcjpwYXNz"));
    EXPECT_FALSE(auth::bearer_token("Token abc"));
}

TEST(Auth, AuthenticatesAValidHeader) {
    jwt::Verifier verifier(kSecret, {}, {});
    std::string token =
        jwt::sign_hs256(R"({"alg":"HS256"})", R"({"sub":")" + kSub + "\"}", kSecret);
    auto result = auth::authenticate("Bearer " + token, verifier, 1700000000);
    ASSERT_TRUE(result.ok());
    EXPECT_EQ(result.claims->sub, kSub);
}

TEST(Auth, FailuresCarryAReasonForTheLogOnly) {
    jwt::Verifier verifier(kSecret, {}, {});
    auto missing = auth::authenticate("", verifier, 1700000000);
    EXPECT_FALSE(missing.ok());
    EXPECT_EQ(missing.failure, "no Authorization header");
    auto basic = auth::authenticate("Basic abc", verifier, 1700000000);
    EXPECT_FALSE(basic.ok());
    EXPECT_FALSE(basic.failure.empty());
}
