// X-Request-Id on every response, and in the activity rows HTTP mutations write.
#include "e2e_support.hpp"

using namespace profiles::e2e;

namespace {

class RequestIds : public ShimTest {
  protected:
    void SetUp() override {
        ShimTest::SetUp();
        admin_ = create_user("internal_admin");
    }

    std::optional<std::string> last_activity_request_id(const std::string& entity_id) {
        return db().scalar("SELECT request_id FROM profiles.activities WHERE entity_id = $1 "
                           "ORDER BY id DESC LIMIT 1",
                           {entity_id});
    }
    std::optional<std::string> last_activity_action(const std::string& entity_id) {
        return db().scalar("SELECT action FROM profiles.activities WHERE entity_id = $1 "
                           "ORDER BY id DESC LIMIT 1",
                           {entity_id});
    }

    std::string admin_;
};

bool is_generated_id(const std::string& id) {
    return id.size() == 32 && id.find_first_not_of("0123456789abcdef") == std::string::npos;
}

} // namespace

TEST_F(RequestIds, EchoesAWellFormedId) {
    Reply r = get("/live", {{"X-Request-Id", "trace-42.a:b_c"}});
    EXPECT_EQ(r.header("X-Request-Id"), "trace-42.a:b_c");
}

TEST_F(RequestIds, GeneratesOneWhenMissingOrMalformed) {
    Reply none = get("/live");
    EXPECT_TRUE(is_generated_id(none.header("X-Request-Id"))) << none.header("X-Request-Id");
    Reply bad = get("/live", {{"X-Request-Id", "has spaces and ;"}});
    EXPECT_TRUE(is_generated_id(bad.header("X-Request-Id"))) << bad.header("X-Request-Id");
    Reply too_long = get("/live", {{"X-Request-Id", std::string(129, 'a')}});
    EXPECT_TRUE(is_generated_id(too_long.header("X-Request-Id")));
    EXPECT_NE(none.header("X-Request-Id"), bad.header("X-Request-Id"));
}

TEST_F(RequestIds, ErrorsCarryTheIdInHeaderAndBody) {
    Reply r = post("/functions/v1/api", "", "{}", "application/json", {{"X-Request-Id", "err-1"}});
    EXPECT_EQ(r.status, 401);
    EXPECT_EQ(r.header("X-Request-Id"), "err-1");
    EXPECT_EQ(r.text({"requestId"}), "err-1");
}

TEST_F(RequestIds, ActivitiesRecordTheRequestIdOfEachMutation) {
    std::string id = create_user("standard_user");
    std::string create_id = "create-" + new_uuid();
    Reply created = api(admin_, "create", "", R"({"id":")" + id + R"(","first_name":"Act"})",
                        {{"X-Request-Id", create_id}});
    ASSERT_EQ(created.status, 201) << created.body;
    EXPECT_EQ(last_activity_request_id(id), create_id);
    EXPECT_EQ(last_activity_action(id), std::optional<std::string>("profile_created"));

    std::string update_id = "update-" + new_uuid();
    ASSERT_EQ(
        api(admin_, "update", id, R"({"first_name":"Changed"})", {{"X-Request-Id", update_id}})
            .status,
        200);
    EXPECT_EQ(last_activity_request_id(id), update_id);
    EXPECT_EQ(last_activity_action(id), std::optional<std::string>("profile_updated"));

    std::string delete_id = "delete-" + new_uuid();
    ASSERT_EQ(api(admin_, "delete", id, "", {{"X-Request-Id", delete_id}}).status, 200);
    EXPECT_EQ(last_activity_request_id(id), delete_id);
    EXPECT_EQ(last_activity_action(id), std::optional<std::string>("profile_deleted"));
}

TEST_F(RequestIds, GeneratedIdsReachTheActivityRowToo) {
    std::string id = create_user("consumer");
    Reply created = api(admin_, "create", "", R"({"id":")" + id + R"(","first_name":"Gen"})");
    ASSERT_EQ(created.status, 201) << created.body;
    EXPECT_EQ(last_activity_request_id(id), created.header("X-Request-Id"));
}

TEST_F(RequestIds, FailedMutationsLeaveNoActivity) {
    std::string me = create_user_with_profile("standard_user", admin_);
    std::string other = create_user_with_profile("standard_user", admin_);
    auto before =
        db().scalar("SELECT count(*) FROM profiles.activities WHERE entity_id = $1", {other});
    ASSERT_EQ(api(me, "update", other, R"({"first_name":"Nope"})").status, 403);
    EXPECT_EQ(db().scalar("SELECT count(*) FROM profiles.activities WHERE entity_id = $1", {other}),
              before);
}
