// A token verified once is remembered by its exact bytes; the clock is checked at every use.
#include "jwt.hpp"
#include "test_keys.hpp"

#include <gtest/gtest.h>

#include <string>

using namespace profiles;
using test::kNow;

namespace {

const std::string kSecret = "0123456789abcdef0123456789abcdef-cache";
constexpr int64_t kLeeway = 30; // jwt::Policy's default

std::string token_with(const std::string& claims) {
    return jwt::sign_hs256(test::kHs256Header, test::payload_with(claims), kSecret);
}

std::string at(const char* claim, int64_t offset) {
    return ",\"" + std::string(claim) + "\":" + std::to_string(kNow + offset);
}

} // namespace

TEST(JwtCache, RepeatedTokenGivesTheSameClaims) {
    jwt::Verifier verifier(kSecret, {}, {});
    std::string token = token_with(R"(,"sid":"s-9")" + at("exp", 600));
    auto first = verifier.verify(token, kNow);
    ASSERT_TRUE(first.ok()) << first.failure;
    EXPECT_EQ(verifier.cached_tokens(), 1u);
    auto second = verifier.verify(token, kNow + 1);
    ASSERT_TRUE(second.ok()) << second.failure;
    EXPECT_EQ(second.claims->sub, test::kSubject);
    EXPECT_EQ(second.claims->sid, std::optional<std::string>("s-9"));
    EXPECT_EQ(verifier.cached_tokens(), 1u);
}

TEST(JwtCache, RememberedTokenStillExpires) {
    jwt::Verifier verifier(kSecret, {}, {});
    std::string token = token_with(at("exp", 60));
    ASSERT_TRUE(verifier.verify(token, kNow).ok());
    ASSERT_EQ(verifier.cached_tokens(), 1u);
    // Valid strictly before exp + leeway.
    EXPECT_TRUE(verifier.verify(token, kNow + 60 + kLeeway - 1).ok());
    auto late = verifier.verify(token, kNow + 60 + kLeeway);
    EXPECT_FALSE(late.ok());
    EXPECT_EQ(late.failure, "expired");
    EXPECT_EQ(verifier.cached_tokens(), 0u); // an expired token is dropped
    EXPECT_FALSE(verifier.verify(token, kNow + 3600).ok());
}

TEST(JwtCache, RememberedTokenHonoursNotBefore) {
    jwt::Verifier verifier(kSecret, {}, {});
    std::string token = token_with(at("nbf", 0) + at("exp", 600));
    ASSERT_TRUE(verifier.verify(token, kNow).ok());
    // The same bytes presented at a clock before nbf (e.g. after a clock step back).
    auto early = verifier.verify(token, kNow - kLeeway - 1);
    EXPECT_FALSE(early.ok());
    EXPECT_EQ(early.failure, "not valid yet (nbf)");
    EXPECT_TRUE(verifier.verify(token, kNow).ok());
}

TEST(JwtCache, RefusedTokensAreNotRemembered) {
    jwt::Verifier verifier(kSecret, {}, {});
    std::string expired = token_with(at("exp", -3600));
    EXPECT_FALSE(verifier.verify(expired, kNow).ok());
    std::string foreign =
        jwt::sign_hs256(test::kHs256Header, test::payload_with(""), "another secret");
    EXPECT_FALSE(verifier.verify(foreign, kNow).ok());
    EXPECT_EQ(verifier.cached_tokens(), 0u);
}

TEST(JwtCache, OnlyTheExactBytesHit) {
    jwt::Verifier verifier(kSecret, {}, {});
    std::string token = token_with(at("exp", 600));
    ASSERT_TRUE(verifier.verify(token, kNow).ok());
    // The same token with its last signature character changed must be verified, and fail.
    std::string altered = token;
    altered.back() = altered.back() == 'A' ? 'B' : 'A';
    EXPECT_FALSE(verifier.verify(altered, kNow).ok());
    // A prefix of a remembered token is not a hit either.
    EXPECT_FALSE(verifier.verify(token.substr(0, token.size() - 1), kNow).ok());
    EXPECT_EQ(verifier.cached_tokens(), 1u);
}

TEST(JwtCache, CacheIsPerVerifierPolicy) {
    jwt::Verifier lenient(kSecret, {}, {});
    jwt::Verifier strict(kSecret, {}, jwt::Policy{"profiles", ""});
    std::string token = token_with(at("exp", 600)); // no aud
    ASSERT_TRUE(lenient.verify(token, kNow).ok());
    auto refused = strict.verify(token, kNow);
    EXPECT_FALSE(refused.ok());
    EXPECT_EQ(refused.failure, "audience mismatch");
}

TEST(JwtCache, StaysBounded) {
    jwt::Verifier verifier(kSecret, {}, {});
    const size_t tokens = jwt::VerifiedTokens::kCapacity + 50;
    for (size_t i = 0; i < tokens; ++i) {
        ASSERT_TRUE(
            verifier.verify(token_with(at("exp", 600 + static_cast<int64_t>(i))), kNow).ok());
    }
    EXPECT_EQ(verifier.cached_tokens(), jwt::VerifiedTokens::kCapacity);
}

TEST(JwtCache, LongTokensAreVerifiedButNotRemembered) {
    jwt::Verifier verifier(kSecret, {}, {});
    std::string padding(jwt::VerifiedTokens::kMaxTokenBytes, 'x');
    std::string token = token_with(",\"pad\":\"" + padding + "\"" + at("exp", 600));
    ASSERT_GT(token.size(), jwt::VerifiedTokens::kMaxTokenBytes);
    EXPECT_TRUE(verifier.verify(token, kNow).ok());
    EXPECT_TRUE(verifier.verify(token, kNow).ok());
    EXPECT_EQ(verifier.cached_tokens(), 0u);
}
