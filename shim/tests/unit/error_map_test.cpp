#include "error_body.hpp"
#include "error_map.hpp"
#include "json_parse.hpp"

#include <gtest/gtest.h>

#include <set>

using namespace profiles;

namespace {

struct Row {
    const char* sqlstate;
    int status;
    const char* code;
    bool retry_after;
};

// The table as the brief states it, one line per SQLSTATE we promise something for.
const Row kExpected[] = {
    {"22023", 400, "VALIDATION_ERROR", false}, {"22P02", 400, "VALIDATION_ERROR", false},
    {"23502", 400, "VALIDATION_ERROR", false}, {"23514", 400, "VALIDATION_ERROR", false},
    {"22001", 400, "VALIDATION_ERROR", false}, {"22007", 400, "VALIDATION_ERROR", false},
    {"22008", 400, "VALIDATION_ERROR", false}, {"2201X", 400, "VALIDATION_ERROR", false},
    {"22003", 400, "VALIDATION_ERROR", false}, {"23503", 400, "VALIDATION_ERROR", false},
    {"54001", 400, "VALIDATION_ERROR", false}, {"28000", 401, "UNAUTHORIZED", false},
    {"28P01", 401, "UNAUTHORIZED", false},     {"42501", 403, "FORBIDDEN", false},
    {"P0002", 404, "NOT_FOUND", false},        {"23505", 409, "CONFLICT", false},
    {"40001", 409, "CONFLICT", false},         {"40P01", 409, "CONFLICT", false},
    {"08000", 503, "UNAVAILABLE", true},       {"08006", 503, "UNAVAILABLE", true},
    {"08001", 503, "UNAVAILABLE", true},       {"53300", 503, "UNAVAILABLE", true},
    {"53100", 503, "UNAVAILABLE", true},       {"57P01", 503, "UNAVAILABLE", true},
    {"57P02", 503, "UNAVAILABLE", true},       {"57P03", 503, "UNAVAILABLE", true},
    {"57014", 503, "UNAVAILABLE", true},       {"XX000", 500, "INTERNAL_ERROR", false},
    {"42883", 500, "INTERNAL_ERROR", false},   {"P0001", 500, "INTERNAL_ERROR", false},
    {"", 500, "INTERNAL_ERROR", false},        {"2", 500, "INTERNAL_ERROR", false},
};

} // namespace

TEST(ErrorMap, EveryPromisedSqlstateMapsAsDocumented) {
    for (const Row& row : kExpected) {
        ApiError error = map_db_error({row.sqlstate, "db message", ""});
        EXPECT_EQ(error.status, row.status) << row.sqlstate;
        EXPECT_EQ(error.code, row.code) << row.sqlstate;
        EXPECT_EQ(error.retry_after, row.retry_after) << row.sqlstate;
    }
}

TEST(ErrorMap, EveryTableRowIsReachableAndCovered) {
    std::set<std::string_view> seen;
    for (const SqlStateRule& rule : sqlstate_rules()) {
        EXPECT_TRUE(seen.insert(rule.sqlstate).second) << "duplicate row " << rule.sqlstate;
        EXPECT_TRUE(rule.sqlstate.size() == 5 || rule.sqlstate.size() == 2) << rule.sqlstate;
        std::string probe(rule.sqlstate);
        probe.resize(5, 'Z'); // a code only the class row can match
        if (rule.sqlstate.size() == 5) {
            probe = std::string(rule.sqlstate);
        }
        EXPECT_EQ(&rule_for(probe), &rule) << rule.sqlstate;
        bool documented = false;
        for (const Row& row : kExpected) {
            documented |=
                std::string_view(row.sqlstate).substr(0, rule.sqlstate.size()) == rule.sqlstate &&
                row.status == rule.status;
        }
        EXPECT_TRUE(documented) << "row " << rule.sqlstate << " has no expectation above";
    }
}

TEST(ErrorMap, ClientErrorsShowTheDatabaseMessageAndDetail) {
    ApiError error = map_db_error({"23505", "Profile already exists", "Key (id)=(x) exists."});
    EXPECT_EQ(error.message, "Profile already exists");
    EXPECT_EQ(error.details, std::optional<std::string>("Key (id)=(x) exists."));
    EXPECT_FALSE(map_db_error({"42501", "Forbidden", ""}).details);
}

TEST(ErrorMap, ServerErrorsHideInternals) {
    ApiError error = map_db_error({"XX000", "relation profiles.secret does not exist", "oid 42"});
    EXPECT_EQ(error.message, "Internal server error");
    EXPECT_FALSE(error.details);
    ApiError down = map_db_error({"08006", "could not connect to 10.0.0.5", "detail"});
    EXPECT_EQ(down.message, "Service temporarily unavailable");
    EXPECT_FALSE(down.details);
    EXPECT_EQ(map_db_error({"57014", "canceling statement due to statement timeout", ""}).message,
              "Request timed out");
}

TEST(ErrorMap, UnauthorizedNeverSaysWhy) {
    ApiError error = map_db_error({"28000", "user is disabled", "since yesterday"});
    EXPECT_EQ(error.message, "Invalid or missing authentication token");
    EXPECT_FALSE(error.details);
    EXPECT_EQ(errors::unauthorized().message, error.message);
}

TEST(ErrorMap, ShimErrors) {
    EXPECT_EQ(errors::route_not_found().status, 404);
    EXPECT_EQ(errors::route_not_found().code, "NOT_FOUND");
    EXPECT_EQ(errors::method_not_allowed().status, 405);
    EXPECT_EQ(errors::method_not_allowed().code, "METHOD_NOT_ALLOWED");
    EXPECT_EQ(errors::payload_too_large().status, 413);
    EXPECT_EQ(errors::payload_too_large().code, "PAYLOAD_TOO_LARGE");
    EXPECT_EQ(errors::unsupported_media_type().status, 415);
    EXPECT_EQ(errors::unsupported_media_type().code, "UNSUPPORTED_MEDIA_TYPE");
    EXPECT_EQ(errors::validation("Profile ID not provided").status, 400);
    EXPECT_EQ(errors::validation("x").code, "VALIDATION_ERROR");
    EXPECT_EQ(errors::unavailable().status, 503);
    EXPECT_TRUE(errors::unavailable().retry_after);
    EXPECT_EQ(errors::internal().status, 500);
    EXPECT_EQ(errors::for_library_status(413).code, "PAYLOAD_TOO_LARGE");
    EXPECT_EQ(errors::for_library_status(400).code, "VALIDATION_ERROR");
    EXPECT_EQ(errors::for_library_status(414).status, 414);
    EXPECT_EQ(errors::for_library_status(500).code, "INTERNAL_ERROR");
}

TEST(ErrorBody, HasTheSeedShape) {
    std::string body = render_error_body(errors::validation("Profile ID not provided"), "req-1");
    EXPECT_EQ(body, R"({"error":{"code":"VALIDATION_ERROR","message":"Profile ID not provided",)"
                    R"("details":null},"requestId":"req-1"})");
}

TEST(ErrorBody, EscapesAndCarriesDetails) {
    ApiError error = map_db_error({"22023", "bad \"quote\"\n", "line\tdetail"});
    rapidjson::Document doc;
    ASSERT_TRUE(json::parse_object(render_error_body(error, "r"), doc));
    EXPECT_STREQ(doc["error"]["message"].GetString(), "bad \"quote\"\n");
    EXPECT_STREQ(doc["error"]["details"].GetString(), "line\tdetail");
}
