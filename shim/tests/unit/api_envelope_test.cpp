#include "api_envelope.hpp"
#include "media_type.hpp"

#include <gtest/gtest.h>

using namespace profiles;
using functions_api::Action;
using functions_api::check_envelope;

namespace {

std::string message_of(std::string_view body) {
    auto check = check_envelope(body);
    return check.error ? check.error->message : "";
}

} // namespace

TEST(Envelope, AcceptsEveryAction) {
    EXPECT_EQ(check_envelope(R"({"resource":"profiles","action":"all"})").action, Action::All);
    EXPECT_EQ(check_envelope(R"({"resource":"profiles","action":"list","limit":5})").action,
              Action::List);
    EXPECT_EQ(check_envelope(R"({"resource":"profiles","action":"create","data":{}})").action,
              Action::Create);
    for (const char* action : {"get", "update", "delete"}) {
        auto check = check_envelope(std::string(R"({"resource":"profiles","action":")") + action +
                                    R"(","id":"6f1c1a52-3a8e-4f0e-9d39-0c2b8f6b7a10"})");
        EXPECT_FALSE(check.error) << action;
    }
}

TEST(Envelope, MalformedBodiesAre400) {
    for (const char* body : {"", "{", "nope", "[]", "\"profiles\"", "null", "{}x"}) {
        auto check = check_envelope(body);
        ASSERT_TRUE(check.error) << body;
        EXPECT_EQ(check.error->status, 400);
        EXPECT_EQ(check.error->code, "VALIDATION_ERROR");
    }
}

TEST(Envelope, ResourceMustBeProfiles) {
    EXPECT_EQ(message_of(R"({"action":"all"})"), "Resource not provided");
    EXPECT_EQ(message_of(R"({"resource":"users","action":"all"})"), "Unknown resource");
    EXPECT_EQ(message_of(R"({"resource":1,"action":"all"})"), "Resource not provided");
}

TEST(Envelope, ActionMustBeKnown) {
    EXPECT_EQ(message_of(R"({"resource":"profiles"})"), "Action not provided");
    EXPECT_EQ(message_of(R"({"resource":"profiles","action":"drop"})"), "Unknown action");
    EXPECT_EQ(message_of(R"({"resource":"profiles","action":"ALL"})"), "Unknown action");
}

TEST(Envelope, IdIsRequiredWhereTheSeedSaysSo) {
    for (const char* action : {"get", "update", "delete"}) {
        std::string prefix = std::string(R"({"resource":"profiles","action":")") + action + "\"";
        EXPECT_EQ(message_of(prefix + "}"), "Profile ID not provided") << action;
        EXPECT_EQ(message_of(prefix + R"(,"id":null})"), "Profile ID not provided") << action;
        EXPECT_EQ(message_of(prefix + R"(,"id":""})"), "Profile ID not provided") << action;
        EXPECT_EQ(message_of(prefix + R"(,"id":12})"), "Profile ID must be a string") << action;
    }
}

TEST(Envelope, RefusesDuplicateKeys) {
    EXPECT_EQ(message_of(R"({"resource":"profiles","action":"get","action":"all"})"),
              "Request body has duplicate keys");
}

TEST(Envelope, DeepNestingIsHandledWithoutRecursion) {
    std::string deep = R"({"resource":"profiles","action":"create","data":)" +
                       std::string(100000, '[') + std::string(100000, ']') + "}";
    EXPECT_FALSE(check_envelope(deep).error);
}

TEST(Envelope, RefusesInvalidUtf8) {
    EXPECT_TRUE(check_envelope("{\"resource\":\"profiles\xff\",\"action\":\"all\"}").error);
}

TEST(MediaType, RecognisesJson) {
    EXPECT_TRUE(is_json_media_type("application/json"));
    EXPECT_TRUE(is_json_media_type("application/json; charset=utf-8"));
    EXPECT_TRUE(is_json_media_type("Application/JSON;charset=UTF-8"));
    EXPECT_TRUE(is_json_media_type(" application/json "));
    EXPECT_FALSE(is_json_media_type(""));
    EXPECT_FALSE(is_json_media_type("text/plain"));
    EXPECT_FALSE(is_json_media_type("application/jsonx"));
    EXPECT_FALSE(is_json_media_type("application/x-www-form-urlencoded"));
    EXPECT_FALSE(is_json_media_type("multipart/form-data; boundary=x"));
}
