// What the shim answers itself: bad bodies, media types, sizes, routes, methods.
#include "e2e_support.hpp"

using namespace profiles::e2e;

namespace {

class HttpErrors : public ShimTest {
  protected:
    void SetUp() override {
        ShimTest::SetUp();
        admin_ = create_user("internal_admin");
    }
    Reply post_as_admin(const std::string& body,
                        const std::string& content_type = "application/json") {
        return post("/functions/v1/api", token_for(admin_), body, content_type);
    }
    std::string admin_;
};

} // namespace

TEST_F(HttpErrors, MalformedJsonIs400) {
    Reply r = post_as_admin("{\"resource\":");
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(r.error_code(), "VALIDATION_ERROR");
}

TEST_F(HttpErrors, NonObjectBodyIs400) {
    Reply r = post_as_admin("[1,2,3]");
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(r.error_code(), "VALIDATION_ERROR");
}

TEST_F(HttpErrors, MissingIdIs400WithTheSeedMessage) {
    for (const char* action : {"get", "update", "delete"}) {
        Reply r = post_as_admin(std::string(R"({"resource":"profiles","action":")") + action +
                                R"(","data":{}})");
        EXPECT_EQ(r.status, 400) << action << " " << r.body;
        EXPECT_EQ(r.error_code(), "VALIDATION_ERROR");
        EXPECT_EQ(r.error_message(), "Profile ID not provided");
    }
}

TEST_F(HttpErrors, UnknownResourceAndActionAre400) {
    EXPECT_EQ(post_as_admin(R"({"resource":"users","action":"all"})").status, 400);
    EXPECT_EQ(post_as_admin(R"({"action":"all"})").status, 400);
    EXPECT_EQ(post_as_admin(R"({"resource":"profiles","action":"truncate"})").status, 400);
    EXPECT_EQ(post_as_admin(R"({"resource":"profiles"})").status, 400);
}

TEST_F(HttpErrors, InvalidProfileIdIs400) {
    Reply r = post_as_admin(R"({"resource":"profiles","action":"get","id":"not-a-uuid"})");
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(r.error_code(), "VALIDATION_ERROR");
}

TEST_F(HttpErrors, WrongContentTypeIs415) {
    Reply r = post_as_admin(R"({"resource":"profiles","action":"all"})", "text/plain");
    EXPECT_EQ(r.status, 415) << r.body;
    EXPECT_EQ(r.error_code(), "UNSUPPORTED_MEDIA_TYPE");
    Reply form = post_as_admin("resource=profiles", "application/x-www-form-urlencoded");
    EXPECT_EQ(form.status, 415);
}

TEST_F(HttpErrors, JsonWithCharsetIsAccepted) {
    Reply r = post_as_admin(R"({"resource":"profiles","action":"all"})",
                            "application/json; charset=utf-8");
    EXPECT_EQ(r.status, 200) << r.body;
}

TEST_F(HttpErrors, TooLargeBodyIs413AndTheConnectionStaysUsable) {
    std::string big =
        R"({"resource":"profiles","action":"all","pad":")" + std::string(1100000, 'x') + "\"}";
    auto client = Shared::get().shim().client();
    httplib::Headers auth = {{"Authorization", "Bearer " + token_for(admin_)}};
    Reply r = to_reply(client->Post("/functions/v1/api", auth, big, "application/json"));
    EXPECT_EQ(r.status, 413) << r.body.substr(0, 200);
    EXPECT_EQ(r.error_code(), "PAYLOAD_TOO_LARGE");
    Reply next =
        to_reply(client->Post("/functions/v1/api", auth,
                              R"({"resource":"profiles","action":"all"})", "application/json"));
    EXPECT_EQ(next.status, 200) << next.body;
}

TEST_F(HttpErrors, RejectedBodiesDoNotBreakKeepAlive) {
    auto client = Shared::get().shim().client();
    client->set_keep_alive(true);
    std::string body = R"({"resource":"profiles","action":"all"})";
    // 401 and 415 answer without reading the body; the next request must still parse.
    EXPECT_EQ(client->Post("/functions/v1/api", body, "application/json")->status, 401);
    EXPECT_EQ(client->Post("/functions/v1/api", body, "text/plain")->status, 415);
    httplib::Headers auth = {{"Authorization", "Bearer " + token_for(admin_)}};
    auto ok = client->Post("/functions/v1/api", auth, body, "application/json");
    ASSERT_TRUE(ok);
    EXPECT_EQ(ok->status, 200) << ok->body;
}

TEST_F(HttpErrors, UnknownRouteIs404) {
    Reply r = get("/functions/v1/nope");
    EXPECT_EQ(r.status, 404) << r.body;
    EXPECT_EQ(r.error_code(), "NOT_FOUND");
    EXPECT_EQ(post("/nope", token_for(admin_), "{}").status, 404);
}

TEST_F(HttpErrors, WrongMethodIs405WithAllow) {
    Reply r = get("/functions/v1/api");
    EXPECT_EQ(r.status, 405) << r.body;
    EXPECT_EQ(r.error_code(), "METHOD_NOT_ALLOWED");
    EXPECT_EQ(r.header("Allow"), "POST");
    Reply live = post("/live", "", "{}");
    EXPECT_EQ(live.status, 405);
    EXPECT_EQ(live.header("Allow"), "GET, HEAD");
}

TEST_F(HttpErrors, ErrorBodiesHaveTheSeedShape) {
    Reply r = post_as_admin("nope");
    ASSERT_TRUE(r.json.IsObject()) << r.body;
    EXPECT_EQ(r.header("Content-Type"), "application/json");
    EXPECT_NE(r.text({"error", "code"}), "<missing>");
    EXPECT_NE(r.text({"error", "message"}), "<missing>");
    EXPECT_NE(r.at({"error", "details"}), nullptr);
    EXPECT_EQ(r.text({"requestId"}), r.header("X-Request-Id"));
}
