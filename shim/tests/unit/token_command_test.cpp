#include "jwt.hpp"
#include "token_command.hpp"

#include <gtest/gtest.h>

using namespace profiles;

namespace {
const std::string kSub = "6f1c1a52-3a8e-4f0e-9d39-0c2b8f6b7a10";
} // namespace

TEST(TokenCommand, ParsesItsFlagsAndLeavesTheRest) {
    TokenRequest r =
        parse_token_args({"--sub", kSub, "--ttl", "60", "--sid", "s1", "--jwt-secret", "x"});
    ASSERT_EQ(r.error, "");
    EXPECT_EQ(r.sub, kSub);
    EXPECT_EQ(r.ttl_seconds, 60);
    EXPECT_EQ(r.sid, std::optional<std::string>("s1"));
    EXPECT_EQ(r.rest, (std::vector<std::string>{"--jwt-secret", "x"}));
}

TEST(TokenCommand, RefusesBadArguments) {
    EXPECT_NE(parse_token_args({}).error, "");
    EXPECT_NE(parse_token_args({"--sub", "alice"}).error, "");
    EXPECT_NE(parse_token_args({"--sub", kSub, "--ttl", "0"}).error, "");
    EXPECT_NE(parse_token_args({"--sub", kSub, "--ttl", "soon"}).error, "");
    EXPECT_NE(parse_token_args({"--sub"}).error, "");
}

TEST(TokenCommand, MintedTokensVerify) {
    Config config;
    config.jwt_secret = std::string(40, 'k');
    config.jwt_aud = "profiles";
    config.jwt_iss = "profiles-shim";
    TokenRequest request = parse_token_args({"--sub", kSub, "--sid", "session-9", "--ttl", "120"});
    std::string token = mint_token(config, request, 1700000000);

    jwt::Verifier verifier(config.jwt_secret, {}, jwt::Policy{"profiles", "profiles-shim"});
    auto result = verifier.verify(token, 1700000000);
    ASSERT_TRUE(result.ok()) << result.failure;
    EXPECT_EQ(result.claims->sub, kSub);
    EXPECT_EQ(result.claims->sid, std::optional<std::string>("session-9"));
    EXPECT_FALSE(verifier.verify(token, 1700000000 + 120 + 30).ok());
}
