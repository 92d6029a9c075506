#include "base64url.hpp"
#include "jwt.hpp"
#include "test_keys.hpp"

#include <gtest/gtest.h>

#include <string>

using namespace profiles;
using test::kNow;
using test::payload_with;

namespace {

const std::string kSecret = "0123456789abcdef0123456789abcdef-test";
std::string token(const std::string& payload, const std::string& header = test::kHs256Header,
                  const std::string& secret = kSecret) {
    return jwt::sign_hs256(header, payload, secret);
}

jwt::Verifier verifier(jwt::Policy policy = {}) {
    return jwt::Verifier(kSecret, {}, policy);
}

bool accepted(const std::string& t, jwt::Policy policy = {}) {
    return verifier(policy).verify(t, kNow).ok();
}

std::string exp_claim(int64_t offset) {
    return ",\"exp\":" + std::to_string(kNow + offset);
}

} // namespace

TEST(JwtHs256, AcceptsAGoodToken) {
    auto result = verifier().verify(token(payload_with(R"(,"sid":"s-1")" + exp_claim(60))), kNow);
    ASSERT_TRUE(result.ok()) << result.failure;
    EXPECT_EQ(result.claims->sub, test::kSubject);
    EXPECT_EQ(result.claims->sid, std::optional<std::string>("s-1"));
}

TEST(JwtHs256, SidIsOptional) {
    auto result = verifier().verify(token(payload_with("")), kNow);
    ASSERT_TRUE(result.ok());
    EXPECT_FALSE(result.claims->sid);
}

TEST(JwtHs256, RefusesAlgNone) {
    std::string unsigned_token =
        base64url::encode(R"({"alg":"none"})") + "." + base64url::encode(payload_with("")) + ".";
    EXPECT_FALSE(accepted(unsigned_token));
    // Even carrying a valid HMAC, "none" is not an algorithm we run.
    EXPECT_FALSE(accepted(token(payload_with(""), R"({"alg":"none"})")));
    EXPECT_FALSE(accepted(token(payload_with(""), R"({"alg":"None"})")));
}

TEST(JwtHs256, RefusesMissingOrUnknownAlg) {
    EXPECT_FALSE(accepted(token(payload_with(""), R"({"typ":"JWT"})")));
    EXPECT_FALSE(accepted(token(payload_with(""), R"({"alg":"HS512"})")));
    EXPECT_FALSE(accepted(token(payload_with(""), R"({"alg":256})")));
}

TEST(JwtHs256, RefusesTamperedHeader) {
    std::string good = token(payload_with(""));
    std::string other_header = base64url::encode(R"({"alg":"HS256","typ":"JWT","x":1})");
    std::string tampered = other_header + good.substr(good.find('.'));
    EXPECT_FALSE(accepted(tampered));
}

TEST(JwtHs256, RefusesTamperedPayload) {
    std::string good = token(payload_with(""));
    std::string forged = R"({"sub":"00000000-0000-0000-0000-000000000001"})";
    size_t first = good.find('.');
    size_t second = good.find('.', first + 1);
    std::string tampered =
        good.substr(0, first + 1) + base64url::encode(forged) + good.substr(second);
    EXPECT_FALSE(accepted(tampered));
}

TEST(JwtHs256, RefusesTamperedSignature) {
    std::string good = token(payload_with(""));
    std::string tampered = good;
    char& last = tampered[tampered.size() - 3];
    last = last == 'A' ? 'B' : 'A';
    EXPECT_FALSE(accepted(tampered));
    EXPECT_FALSE(accepted(good.substr(0, good.size() - 4)));     // truncated
    EXPECT_FALSE(accepted(good.substr(0, good.rfind('.') + 1))); // stripped
}

TEST(JwtHs256, RefusesWrongKey) {
    EXPECT_FALSE(accepted(token(payload_with(""), test::kHs256Header, kSecret + "x")));
}

TEST(JwtHs256, ExpiryHonoursThirtySecondsLeeway) {
    EXPECT_TRUE(accepted(token(payload_with(exp_claim(-29)))));
    EXPECT_FALSE(accepted(token(payload_with(exp_claim(-30)))));
    EXPECT_FALSE(accepted(token(payload_with(exp_claim(-3600)))));
}

TEST(JwtHs256, NotBeforeHonoursThirtySecondsLeeway) {
    EXPECT_TRUE(accepted(token(payload_with(",\"nbf\":" + std::to_string(kNow + 30)))));
    EXPECT_FALSE(accepted(token(payload_with(",\"nbf\":" + std::to_string(kNow + 31)))));
    EXPECT_FALSE(accepted(token(payload_with(",\"nbf\":" + std::to_string(kNow + 3600)))));
}

TEST(JwtHs256, IssuedAtMustNotBeInTheFuture) {
    EXPECT_TRUE(accepted(token(payload_with(",\"iat\":" + std::to_string(kNow + 30)))));
    EXPECT_FALSE(accepted(token(payload_with(",\"iat\":" + std::to_string(kNow + 31)))));
}

TEST(JwtHs256, TimeClaimsMustBeNumbers) {
    EXPECT_FALSE(accepted(token(payload_with(",\"exp\":\"9999999999\""))));
    EXPECT_FALSE(accepted(token(payload_with(",\"nbf\":null"))));
}

TEST(JwtHs256, ChecksAudienceWhenConfigured) {
    jwt::Policy policy;
    policy.audience = "profiles";
    EXPECT_TRUE(accepted(token(payload_with(R"(,"aud":"profiles")")), policy));
    EXPECT_TRUE(accepted(token(payload_with(R"(,"aud":["other","profiles"])")), policy));
    EXPECT_FALSE(accepted(token(payload_with(R"(,"aud":"other")")), policy));
    EXPECT_FALSE(accepted(token(payload_with(R"(,"aud":["other"])")), policy));
    EXPECT_FALSE(accepted(token(payload_with("")), policy));
    // Not configured: not checked.
    EXPECT_TRUE(accepted(token(payload_with(R"(,"aud":"other")"))));
}

TEST(JwtHs256, ChecksIssuerWhenConfigured) {
    jwt::Policy policy;
    policy.issuer = "https://auth.example";
    EXPECT_TRUE(accepted(token(payload_with(R"(,"iss":"https://auth.example")")), policy));
    EXPECT_FALSE(accepted(token(payload_with(R"(,"iss":"https://evil.example")")), policy));
    EXPECT_FALSE(accepted(token(payload_with("")), policy));
}

TEST(JwtHs256, SubMustBeAUuidString) {
    EXPECT_FALSE(accepted(token(R"({"exp":9999999999})")));
    EXPECT_FALSE(accepted(token(R"({"sub":"alice"})")));
    EXPECT_FALSE(accepted(token(R"({"sub":42})")));
    EXPECT_FALSE(accepted(token(R"({"sub":"6f1c1a52-3a8e-4f0e-9d39-0c2b8f6b7a1"})")));
    EXPECT_TRUE(accepted(token(R"({"sub":"6F1C1A52-3A8E-4F0E-9D39-0C2B8F6B7A10"})")));
}

TEST(JwtHs256, SidMustBeAShortStringWhenPresent) {
    EXPECT_FALSE(accepted(token(payload_with(R"(,"sid":7)"))));
    EXPECT_TRUE(accepted(token(payload_with(R"(,"sid":")" + std::string(256, 's') + "\""))));
    EXPECT_FALSE(accepted(token(payload_with(R"(,"sid":")" + std::string(257, 's') + "\""))));
}

TEST(JwtHs256, RefusesHugeTokens) {
    std::string padding(9000, 'a');
    EXPECT_FALSE(accepted(token(payload_with(R"(,"pad":")" + padding + "\""))));
    // Just under the cap is fine.
    std::string fits(5500, 'a');
    std::string t = token(payload_with(R"(,"pad":")" + fits + "\""));
    ASSERT_LE(t.size(), 8192u);
    EXPECT_TRUE(accepted(t));
}

TEST(JwtHs256, RefusesNonBase64UrlParts) {
    std::string good = token(payload_with(""));
    EXPECT_FALSE(accepted(good + "="));
    std::string with_plus = good;
    with_plus[with_plus.find('.') + 2] = '+';
    EXPECT_FALSE(accepted(with_plus));
    EXPECT_FALSE(accepted("not a token"));
    EXPECT_FALSE(accepted(""));
}

TEST(JwtHs256, RefusesWrongNumberOfParts) {
    std::string good = token(payload_with(""));
    EXPECT_FALSE(accepted(good + ".x"));
    EXPECT_FALSE(accepted(good.substr(0, good.rfind('.'))));
}

TEST(JwtHs256, RefusesNonObjectsAndDuplicateClaims) {
    EXPECT_FALSE(accepted(token("[1,2]")));
    EXPECT_FALSE(accepted(token("not json")));
    std::string twice =
        R"({"sub":"00000000-0000-0000-0000-000000000001","sub":")" + test::kSubject + R"("})";
    EXPECT_FALSE(accepted(token(twice)));
    EXPECT_FALSE(accepted(token(payload_with(""), R"({"alg":"HS256","alg":"none"})")));
}

TEST(JwtHs256, RefusesCriticalHeaderExtensions) {
    EXPECT_FALSE(accepted(token(payload_with(""), R"({"alg":"HS256","crit":["exp"]})")));
}

TEST(JwtHs256, RefusedWhenNoSecretIsConfigured) {
    jwt::Verifier no_secret("", {}, {});
    EXPECT_FALSE(no_secret.verify(token(payload_with("")), kNow).ok());
}

TEST(JwtHs256, FailureReasonIsFilledForTheLog) {
    auto result = verifier().verify(token(payload_with(exp_claim(-100))), kNow);
    EXPECT_FALSE(result.ok());
    EXPECT_EQ(result.failure, "expired");
}
