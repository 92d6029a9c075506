// Seed 004: GET / PUT /manage/api/users/{userId}/profile. Every error is problem+json.
#include "seed_fixtures.hpp"

#include <sstream>

using namespace profiles::e2e;

namespace {

class UserProfile : public SeedTest {
  protected:
    void SetUp() override {
        SeedTest::SetUp();
        user_ = create_user("standard_user");
        path_ = path_of(user_);
    }
    static std::string path_of(const std::string& user) {
        return "/manage/api/users/" + user + "/profile";
    }
    std::string user_;
    std::string path_;
};

} // namespace

TEST_F(UserProfile, UpsertCreatesThenUpdates) {
    std::string rid = new_request_id();
    Reply created = send("PUT", path_, bearer(user_, rid),
                         R"({"attributes":{"plan":"pro","seats":3},"timezone":"Europe/Paris"})");
    ASSERT_EQ(created.status, 201) << created.body;
    EXPECT_EQ(created.header("Content-Type"), "application/json");
    EXPECT_EQ(created.header("Location"), path_);
    EXPECT_EQ(member_names(&created.json), "attributes,createdAt,id,timezone,updatedAt,userId");
    EXPECT_EQ(created.text({"id"}), user_);
    EXPECT_EQ(created.text({"userId"}), user_);
    EXPECT_EQ(created.text({"timezone"}), "Europe/Paris");
    EXPECT_EQ(created.text({"attributes", "plan"}), "pro");
    EXPECT_EQ(created.integer({"attributes", "seats"}), 3);
    EXPECT_NE(created.text({"createdAt"}), "<missing>");
    EXPECT_EQ(activities(rid, "profile_created"), 1);

    rid = new_request_id();
    Reply updated = send("PUT", path_, bearer(user_, rid), R"({"timezone":"America/Toronto"})");
    ASSERT_EQ(updated.status, 200) << updated.body;
    EXPECT_EQ(updated.header("Location"), "");
    EXPECT_EQ(updated.text({"timezone"}), "America/Toronto");
    EXPECT_EQ(updated.text({"attributes", "plan"}), "pro"); // left out: kept
    EXPECT_EQ(updated.text({"createdAt"}), created.text({"createdAt"}));
    EXPECT_EQ(activities(rid, "profile_updated"), 1);

    Reply got = as(user_, "GET", path_);
    ASSERT_EQ(got.status, 200) << got.body;
    EXPECT_EQ(got.header("Content-Type"), "application/json");
    EXPECT_EQ(got.body, updated.body);
}

TEST_F(UserProfile, TheSeedsEmptyObjectUpserts) {
    Reply created = as(user_, "PUT", path_, std::string("{}"));
    EXPECT_EQ(created.status, 201) << created.body;
    Reply again = as(user_, "PUT", path_, std::string("{}"));
    EXPECT_EQ(again.status, 200) << again.body;
}

TEST_F(UserProfile, AttributesTakeAnyJson) {
    for (const char* attributes : {R"([1,"two",{"three":3}])", R"("text")", "42", "true", "null",
                                   R"({"nested":{"deep":[{}]}})"}) {
        Reply r = as(user_, "PUT", path_, std::string(R"({"attributes":)") + attributes + "}");
        EXPECT_TRUE(r.status == 200 || r.status == 201) << attributes << " " << r.body;
    }
    Reply r = as(user_, "GET", path_);
    EXPECT_TRUE(r.at({"attributes", "nested", "deep"}) != nullptr) << r.body;
}

TEST_F(UserProfile, BadTimezoneIs422) {
    for (const char* body : {R"({"timezone":"Mars/Olympus"})", R"({"timezone":42})",
                             R"({"timezone":""})", R"({"nickname":"x"})"}) {
        std::string rid = new_request_id();
        Reply r = send("PUT", path_, bearer(user_, rid), body);
        expect_problem(r, 422, path_);
        EXPECT_EQ(activities(rid), 0) << body;
    }
    EXPECT_EQ(as(user_, "GET", path_).status, 404); // nothing was created
}

TEST_F(UserProfile, OwnOtherAndAdmin) {
    std::string other = create_user("standard_user");
    ASSERT_EQ(as(other, "PUT", path_of(other), std::string("{}")).status, 201);
    expect_problem(as(user_, "GET", path_of(other)), 403, path_of(other));
    std::string rid = new_request_id();
    Reply put = send("PUT", path_of(other), bearer(user_, rid), R"({"timezone":"UTC"})");
    expect_problem(put, 403, path_of(other));
    EXPECT_EQ(activities(rid), 0);

    std::string admin = create_user("internal_admin");
    EXPECT_EQ(as(admin, "GET", path_of(other)).status, 200);
    Reply by_admin = as(admin, "PUT", path_, std::string(R"({"timezone":"Asia/Tokyo"})"));
    EXPECT_EQ(by_admin.status, 201) << by_admin.body;
    EXPECT_EQ(as(user_, "GET", path_).text({"timezone"}), "Asia/Tokyo");
}

TEST_F(UserProfile, NotFound) {
    // A user without a profile, a user that does not exist, an id that is not a UUID.
    expect_problem(as(user_, "GET", path_), 404, path_);
    std::string admin = create_user("internal_admin");
    std::string ghost = path_of(new_uuid());
    expect_problem(as(admin, "GET", ghost), 404, ghost);
    expect_problem(as(admin, "PUT", ghost, std::string("{}")), 404, ghost);
    for (const char* id : {"user_123", "60ba407d15951453e60e49f8", "1"}) {
        std::string path = std::string("/manage/api/users/") + id + "/profile";
        expect_problem(as(admin, "GET", path), 404, path);
        expect_problem(as(admin, "PUT", path, std::string("{}")), 404, path);
    }
    // A deleted user has no profile to write.
    std::string deleted = create_user("standard_user");
    db().exec("UPDATE profiles.users SET deleted_at = now() WHERE id = $1", {deleted});
    expect_problem(as(admin, "PUT", path_of(deleted), std::string("{}")), 404, path_of(deleted));
}

TEST_F(UserProfile, ProblemShapeFor400) {
    auto headers = bearer(user_);
    expect_problem(send("PUT", path_, headers, "{\"timezone\":"), 400, path_);
    expect_problem(send("PUT", path_, headers, "[]"), 400, path_);
    expect_problem(send("PUT", path_, headers, ""), 400, path_);
    Reply none = send("PUT", path_, headers);
    expect_problem(none, 400, path_);
    EXPECT_EQ(none.text({"detail"}), "Request body is required");
    expect_problem(send("PUT", path_, headers, "{}", "text/plain"), 415, path_);
}

TEST_F(UserProfile, ProblemShapeFor401) {
    for (const char* method : {"GET", "PUT"}) {
        expect_problem(send(method, path_, {}, std::string("{}")), 401, path_);
        expect_problem(
            send(method, path_, {{"Authorization", "Bearer not.a.jwt"}}, std::string("{}")), 401,
            path_);
        expect_problem(send(method, path_,
                            {{"Cookie", "better-auth.session_token=no-such-session"}},
                            std::string("{}")),
                       401, path_);
        expect_problem(send(method, path_, {{"X-Api-Key", "pgp_unknown"}}, std::string("{}")), 401,
                       path_);
    }
    // The request id in the body is the one the client sent.
    Reply r = send("GET", path_, {{"X-Request-Id", "trace-004.problem"}});
    expect_problem(r, 401, path_);
    EXPECT_EQ(r.text({"requestId"}), "trace-004.problem");
}

TEST_F(UserProfile, ProblemShapeFor413) {
    std::string big = R"({"attributes":")" + std::string(1100000, 'x') + "\"}";
    expect_problem(as(user_, "PUT", path_, big), 413, path_);
}

TEST_F(UserProfile, SessionCookie) {
    std::string session = *db().scalar("SELECT profiles.create_session($1)", {user_});
    httplib::Headers cookie = {{"Cookie", "theme=dark; better-auth.session_token=" + session}};
    std::string rid = new_request_id();
    httplib::Headers with_id = cookie;
    with_id.emplace("X-Request-Id", rid);
    Reply put = send("PUT", path_, with_id, R"({"timezone":"UTC"})");
    EXPECT_EQ(put.status, 201) << put.body;
    EXPECT_EQ(activities(rid, "profile_created"), 1);
    EXPECT_EQ(
        db().scalar("SELECT actor_id::text FROM profiles.activities WHERE request_id = $1", {rid}),
        user_);
    EXPECT_EQ(send("GET", path_, cookie).status, 200);
    EXPECT_EQ(
        send("GET", path_, {{"Cookie", "__Secure-better-auth.session_token=" + session}}).status,
        200);
    // The cookie acts as its own user only.
    std::string other = create_user("standard_user");
    expect_problem(send("GET", path_of(other), cookie), 403, path_of(other));

    db().exec("UPDATE profiles.session SET revoked_at = now() WHERE user_id = $1", {user_});
    expect_problem(send("GET", path_, cookie), 401, path_);
    expect_problem(send("PUT", path_, cookie, std::string("{}")), 401, path_);

    std::string expired = *db().scalar("SELECT profiles.create_session($1, '-1 second')", {user_});
    expect_problem(send("GET", path_, {{"Cookie", "better-auth.session_token=" + expired}}), 401,
                   path_);
}

TEST_F(UserProfile, ApiKey) {
    std::string key = *db().scalar("SELECT profiles.create_api_key($1)", {user_});
    Reply put = send("PUT", path_, {{"X-Api-Key", key}}, R"({"timezone":"Europe/Berlin"})");
    EXPECT_EQ(put.status, 201) << put.body;
    Reply got = send("GET", path_, {{"X-Api-Key", key}});
    EXPECT_EQ(got.status, 200) << got.body;
    EXPECT_EQ(got.text({"timezone"}), "Europe/Berlin");
    db().exec("UPDATE profiles.api_key SET revoked_at = now() WHERE user_id = $1", {user_});
    expect_problem(send("GET", path_, {{"X-Api-Key", key}}), 401, path_);
}

TEST_F(UserProfile, TheRouteTableIsServed) {
    std::optional<std::string> rows =
        db().scalar("SELECT string_agg(method || ' ' || path, E'\\n' ORDER BY method) "
                    "FROM profiles.api_operation WHERE seed = '004'");
    ASSERT_TRUE(rows);
    std::istringstream lines(*rows);
    int count = 0;
    for (std::string line; std::getline(lines, line); ++count) {
        std::string method = line.substr(0, line.find(' '));
        std::string path = line.substr(method.size() + 1);
        path.replace(path.find("{userId}"), 8, user_);
        expect_problem(send(method, path, {}, std::string("{}")), 401, path);
    }
    EXPECT_EQ(count, 2);
}
