#include "config.hpp"

#include <gtest/gtest.h>

#include <map>

using namespace profiles;

namespace {

const std::string kGoodSecret(32, 's');

EnvLookup env_of(std::map<std::string, std::string> values) {
    return [values](const char* name) -> std::optional<std::string> {
        auto it = values.find(name);
        if (it == values.end()) {
            return std::nullopt;
        }
        return it->second;
    };
}

ConfigResult load(std::map<std::string, std::string> env, std::vector<std::string> args = {},
                  Purpose purpose = Purpose::Serve, unsigned cores = 2) {
    return load_config(env_of(std::move(env)), args, purpose, cores);
}

std::map<std::string, std::string> minimal_env() {
    return {{"DATABASE_URL", "postgresql:///profiles"}, {"PROFILES_JWT_SECRET", kGoodSecret}};
}

} // namespace

TEST(Config, Defaults) {
    ConfigResult r = load(minimal_env());
    ASSERT_EQ(r.error, "");
    EXPECT_EQ(r.config.host, "127.0.0.1");
    EXPECT_EQ(r.config.port, 8080);
    EXPECT_EQ(r.config.pool_size, 4);
    EXPECT_EQ(r.config.threads, 8);
    EXPECT_EQ(r.config.pool_timeout_ms, 2000);
    EXPECT_EQ(r.config.statement_timeout_ms, 5000);
    EXPECT_EQ(r.config.max_body_bytes, 1048576u);
    EXPECT_EQ(r.config.log_level, "info");
    EXPECT_EQ(r.config.jwt_aud, "");
    EXPECT_EQ(r.config.jwt_iss, "");
    EXPECT_EQ(r.config.header_timeout_ms, 10000);
    EXPECT_EQ(r.config.body_timeout_ms, 10000);
    EXPECT_EQ(r.config.body_min_rate, 1024);
    EXPECT_EQ(r.config.export_statement_timeout_ms, 300000);
    EXPECT_EQ(r.config.drain_timeout_ms, 30000);
}

TEST(Config, SlowClientLimits) {
    auto env = minimal_env();
    env["PROFILES_HEADER_TIMEOUT_MS"] = "1500";
    env["PROFILES_BODY_TIMEOUT_MS"] = "2500";
    env["PROFILES_BODY_MIN_RATE"] = "0";
    ConfigResult r = load(env);
    EXPECT_EQ(r.error, "");
    EXPECT_EQ(r.config.header_timeout_ms, 1500);
    EXPECT_EQ(r.config.body_timeout_ms, 2500);
    EXPECT_EQ(r.config.body_min_rate, 0);
    // A deadline of nothing would close every connection before its first byte.
    env["PROFILES_HEADER_TIMEOUT_MS"] = "0";
    EXPECT_NE(load(env).error.find("PROFILES_HEADER_TIMEOUT_MS"), std::string::npos);
    EXPECT_EQ(load(minimal_env(), {"--header-timeout-ms=250"}).config.header_timeout_ms, 250);
}

TEST(Config, PoolIsTwiceTheCoresFromTwoToSixteenAndThreadsFollowIt) {
    EXPECT_EQ(load(minimal_env(), {}, Purpose::Serve, 1).config.pool_size, 2);
    EXPECT_EQ(load(minimal_env(), {}, Purpose::Serve, 64).config.pool_size, 16);
    auto env = minimal_env();
    env["PROFILES_POOL_SIZE"] = "10";
    EXPECT_EQ(load(env).config.threads, 14);
    env["PROFILES_THREADS"] = "3";
    EXPECT_EQ(load(env).config.threads, 3);
    env["PROFILES_POOL_SIZE"] = "1";
    EXPECT_NE(load(env).error, "");
}

TEST(Config, RefusesShortSecret) {
    auto env = minimal_env();
    env["PROFILES_JWT_SECRET"] = std::string(31, 's');
    ConfigResult r = load(env);
    EXPECT_NE(r.error.find("at least 32 bytes"), std::string::npos) << r.error;
    env["PROFILES_JWT_SECRET"] = std::string(32, 's');
    EXPECT_EQ(load(env).error, "");
}

TEST(Config, ShortSecretIsRefusedEvenWithJwks) {
    auto env = minimal_env();
    env["PROFILES_JWT_SECRET"] = "short";
    env["PROFILES_JWKS_FILE"] = "/etc/jwks.json";
    EXPECT_NE(load(env).error, "");
}

TEST(Config, NeedsASecretOrJwks) {
    ConfigResult none = load({{"DATABASE_URL", "x"}});
    EXPECT_NE(none.error.find("PROFILES_JWKS_FILE"), std::string::npos) << none.error;
    EXPECT_EQ(load({{"DATABASE_URL", "x"}, {"PROFILES_JWKS_FILE", "/k.json"}}).error, "");
}

TEST(Config, DatabaseUrlIsRequiredToServeOnly) {
    auto env = minimal_env();
    env.erase("DATABASE_URL");
    EXPECT_NE(load(env).error.find("DATABASE_URL"), std::string::npos);
    EXPECT_EQ(load(env, {}, Purpose::Token).error, "");
}

TEST(Config, TokenNeedsTheSecret) {
    EXPECT_NE(load({{"PROFILES_JWKS_FILE", "/k.json"}}, {}, Purpose::Token).error, "");
}

TEST(Config, FlagsOverrideEnvironment) {
    auto env = minimal_env();
    env["PORT"] = "9000";
    ConfigResult r = load(
        env, {"--port", "9100", "--host=0.0.0.0", "--jwt-aud", "profiles", "--log-level", "debug"});
    ASSERT_EQ(r.error, "");
    EXPECT_EQ(r.config.port, 9100);
    EXPECT_EQ(r.config.host, "0.0.0.0");
    EXPECT_EQ(r.config.jwt_aud, "profiles");
    EXPECT_EQ(r.config.log_level, "debug");
}

TEST(Config, RefusesBadValues) {
    EXPECT_NE(load(minimal_env(), {"--port", "70000"}).error, "");
    EXPECT_NE(load(minimal_env(), {"--port", "80a"}).error, "");
    EXPECT_NE(load(minimal_env(), {"--pool-timeout-ms", "0"}).error, "");
    EXPECT_NE(load(minimal_env(), {"--max-body-bytes", "-1"}).error, "");
    EXPECT_NE(load(minimal_env(), {"--log-level", "loud"}).error, "");
    auto env = minimal_env();
    env["PROFILES_THREADS"] = "many";
    EXPECT_NE(load(env).error.find("PROFILES_THREADS"), std::string::npos);
}

TEST(Config, RefusesUnknownFlagsAndMissingValues) {
    EXPECT_NE(load(minimal_env(), {"--colour", "blue"}).error.find("unknown option"),
              std::string::npos);
    EXPECT_NE(load(minimal_env(), {"--port"}).error.find("needs a value"), std::string::npos);
}

TEST(Config, HelpListsEverySettingWithItsDefault) {
    EXPECT_TRUE(load({}, {"--help"}).help);
    std::string help = help_text(2);
    for (const char* name : {"DATABASE_URL",
                             "HOST",
                             "PORT",
                             "PROFILES_JWT_SECRET",
                             "PROFILES_JWKS_FILE",
                             "PROFILES_JWT_AUD",
                             "PROFILES_JWT_ISS",
                             "PROFILES_POOL_SIZE",
                             "PROFILES_POOL_TIMEOUT_MS",
                             "PROFILES_STATEMENT_TIMEOUT_MS",
                             "PROFILES_MAX_BODY_BYTES",
                             "PROFILES_THREADS",
                             "PROFILES_LOG_LEVEL",
                             "PROFILES_HEADER_TIMEOUT_MS",
                             "PROFILES_BODY_TIMEOUT_MS",
                             "PROFILES_BODY_MIN_RATE",
                             "PROFILES_EXPORT_STATEMENT_TIMEOUT_MS",
                             "PROFILES_DRAIN_TIMEOUT_MS",
                             "--pool-size",
                             "1048576",
                             "127.0.0.1",
                             "8080"}) {
        EXPECT_NE(help.find(name), std::string::npos) << name;
    }
}
