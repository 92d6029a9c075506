// 401 for every way a caller can fail to authenticate, always with the same message.
#include "e2e_support.hpp"

#include "jwt.hpp"

using namespace profiles::e2e;

namespace {

const std::string kAllBody = R"({"resource":"profiles","action":"all"})";

class Unauthenticated : public ShimTest {
  protected:
    static void expect_401(const Reply& r) {
        EXPECT_EQ(r.status, 401) << r.body;
        EXPECT_EQ(r.error_code(), "UNAUTHORIZED");
        EXPECT_EQ(r.error_message(), "Invalid or missing authentication token");
        const rapidjson::Value* details = r.at({"error", "details"});
        EXPECT_TRUE(details != nullptr && details->IsNull()) << r.body;
    }
};

} // namespace

TEST_F(Unauthenticated, NoAuthorizationHeader) {
    expect_401(post("/functions/v1/api", "", kAllBody));
}

TEST_F(Unauthenticated, NotABearerToken) {
    httplib::Headers basic = {{"Authorization", "Basic dXNlcjpwYXNz"}};
    expect_401(post("/functions/v1/api", "", kAllBody, "application/json", basic));
}

TEST_F(Unauthenticated, GarbageToken) {
    expect_401(post("/functions/v1/api", "not.a.token", kAllBody));
}

TEST_F(Unauthenticated, WrongSecret) {
    std::string admin = create_user("internal_admin");
    std::string forged =
        profiles::jwt::sign_hs256(R"({"alg":"HS256"})", R"({"sub":")" + admin + R"("})",
                                  "a-different-secret-of-enough-length");
    expect_401(post("/functions/v1/api", forged, kAllBody));
}

TEST_F(Unauthenticated, ExpiredToken) {
    std::string admin = create_user("internal_admin");
    expect_401(post("/functions/v1/api", token_for(admin, -120), kAllBody));
}

TEST_F(Unauthenticated, UnknownSubject) {
    expect_401(post("/functions/v1/api", token_for(new_uuid()), kAllBody));
}

TEST_F(Unauthenticated, DisabledUser) {
    std::string admin = create_user("internal_admin");
    ASSERT_EQ(api(admin, "all").status, 200);
    db().exec("UPDATE profiles.users SET disabled = true WHERE id = $1", {admin});
    expect_401(post("/functions/v1/api", token_for(admin), kAllBody));
}

TEST_F(Unauthenticated, DeletedUser) {
    std::string admin = create_user("internal_admin");
    db().exec("UPDATE profiles.users SET deleted_at = now() WHERE id = $1", {admin});
    expect_401(post("/functions/v1/api", token_for(admin), kAllBody));
}

TEST_F(Unauthenticated, CheckedBeforeTheBodyIsRead) {
    // A malformed body still answers 401, not 400: nothing is parsed for a stranger.
    expect_401(post("/functions/v1/api", "", "{not json"));
}

TEST_F(Unauthenticated, RepeatedAuthorizationHeader) {
    // Two credentials of one kind could be read differently by a proxy and by us: neither wins.
    std::string admin = create_user("internal_admin");
    httplib::Headers twice = {{"Authorization", "Bearer " + token_for(admin)},
                              {"authorization", "Bearer " + token_for(admin)}};
    expect_401(post("/functions/v1/api", "", kAllBody, "application/json", twice));
}

TEST_F(Unauthenticated, HeaderNamesInAnyCase) {
    // HTTP header names are case-insensitive: the credential and the body's framing are found
    // whatever case the client writes them in.
    std::string admin = create_user("internal_admin");
    httplib::Headers lower = {{"AUTHORIZATION", "Bearer " + token_for(admin)}};
    Reply r = post("/functions/v1/api", "", kAllBody, "application/json", lower);
    EXPECT_EQ(r.status, 200) << r.body;
}
