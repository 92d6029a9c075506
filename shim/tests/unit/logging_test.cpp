#include "json_parse.hpp"
#include "logging.hpp"

#include <gtest/gtest.h>

using namespace profiles;

TEST(Logging, AccessLineHasEveryField) {
    std::string line = log::format_access(
        {"req-1", "POST", "/functions/v1/api", 201, 3.25, "6f1c1a52-3a8e-4f0e-9d39-0c2b8f6b7a10"},
        "2024-01-01T00:00:00.000Z");
    rapidjson::Document doc;
    ASSERT_TRUE(json::parse_object(line, doc)) << line;
    EXPECT_STREQ(doc["ts"].GetString(), "2024-01-01T00:00:00.000Z");
    EXPECT_STREQ(doc["level"].GetString(), "info");
    EXPECT_STREQ(doc["request_id"].GetString(), "req-1");
    EXPECT_STREQ(doc["method"].GetString(), "POST");
    EXPECT_STREQ(doc["path"].GetString(), "/functions/v1/api");
    EXPECT_EQ(doc["status"].GetInt(), 201);
    EXPECT_DOUBLE_EQ(doc["duration_ms"].GetDouble(), 3.25);
    EXPECT_STREQ(doc["actor"].GetString(), "6f1c1a52-3a8e-4f0e-9d39-0c2b8f6b7a10");
    EXPECT_EQ(line.find('\n'), std::string::npos);
}

TEST(Logging, AnonymousActorIsNullAndPathsAreEscaped) {
    std::string line = log::format_access({"r", "GET", "/a\"b\n", 404, 0.5, ""}, "t");
    rapidjson::Document doc;
    ASSERT_TRUE(json::parse_object(line, doc)) << line;
    EXPECT_TRUE(doc["actor"].IsNull());
    EXPECT_STREQ(doc["path"].GetString(), "/a\"b\n");
}

TEST(Logging, EventsCarryExtraFields) {
    std::string line =
        log::format_event(log::Level::Warn, "database error", {{"sqlstate", "08006"}}, "t");
    rapidjson::Document doc;
    ASSERT_TRUE(json::parse_object(line, doc)) << line;
    EXPECT_STREQ(doc["level"].GetString(), "warn");
    EXPECT_STREQ(doc["msg"].GetString(), "database error");
    EXPECT_STREQ(doc["sqlstate"].GetString(), "08006");
}

TEST(Logging, LevelsFilter) {
    EXPECT_EQ(log::parse_level("debug"), log::Level::Debug);
    EXPECT_EQ(log::parse_level("error"), log::Level::Error);
    EXPECT_FALSE(log::parse_level("verbose"));
    log::set_level(log::Level::Warn);
    EXPECT_FALSE(log::enabled(log::Level::Info));
    EXPECT_TRUE(log::enabled(log::Level::Error));
    log::set_level(log::Level::Info);
}
