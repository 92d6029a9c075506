// Seed 003 emulation over HTTP (bound to the JWT's sid claim), and the other credentials:
// X-Api-Key, the better-auth session cookie, and X-MCP recorded as the client kind.
#include "artifact_fixtures.hpp"

using namespace profiles::e2e;
using namespace profiles::e2e::seed003;

namespace {

class Seed003Emulation : public ArtifactTest {
  protected:
    void SetUp() override {
        ArtifactTest::SetUp();
        admin_ = create_user("internal_admin");
        sid_ = "e2e-sid-" + new_uuid();
        token_ = session_token(admin_, sid_);
    }

    Reply emulate(const std::string& target, const std::string& extra = "") const {
        return artifact("emulate", token_,
                        R"({"target_profile_id":")" + target + "\"" + extra + "}");
    }
    Reply context() const { return artifact("context", token_); }

    std::string admin_;
    std::string sid_;
    std::string token_;
};

class Seed003Credentials : public ArtifactTest {};

} // namespace

TEST_F(Seed003Emulation, NextRequestsActAsTheTargetAndLayersNestAndPop) {
    std::string t1 = create_user("standard_user");
    std::string t2 = create_user("consumer");
    std::string t3 = create_user("consumer");
    std::string t4 = create_user("consumer");

    Reply first = emulate(t1, R"(,"ttl_minutes":5)");
    ASSERT_EQ(first.status, 200) << first.body;
    EXPECT_TRUE(first.is_true({"allowed"})) << first.body;
    EXPECT_NE(first.text({"grant_id"}), "<missing>");
    EXPECT_NE(first.text({"expires_at"}), "<missing>");

    Reply as_t1 = context();
    ASSERT_EQ(as_t1.status, 200) << as_t1.body;
    EXPECT_EQ(as_t1.text({"id"}), t1);
    EXPECT_EQ(as_t1.text({"role"}), "standard_user");
    EXPECT_TRUE(as_t1.is_true({"is_emulation"}));
    EXPECT_EQ(as_t1.integer({"emulation_depth"}), 1);
    EXPECT_EQ(as_t1.text({"session_id"}), sid_);
    // Acting as a standard user, admin-only routes are closed...
    EXPECT_EQ(artifact("refresh", token_).status, 403);
    // ...while the real admin may still emulate further.
    Reply second = emulate(t2);
    ASSERT_EQ(second.status, 200) << second.body;
    EXPECT_TRUE(second.is_true({"allowed"})) << second.body;
    EXPECT_EQ(context().text({"id"}), t2);
    Reply third = emulate(t3);
    ASSERT_TRUE(third.is_true({"allowed"})) << third.body;
    Reply at_three = context();
    EXPECT_EQ(at_three.text({"id"}), t3);
    EXPECT_EQ(at_three.integer({"emulation_depth"}), 3);

    Reply fourth = emulate(t4);
    ASSERT_EQ(fourth.status, 200) << fourth.body;
    EXPECT_FALSE(fourth.is_true({"allowed"})) << fourth.body;
    EXPECT_NE(fourth.text({"reason"}).find("depth"), std::string::npos) << fourth.body;
    EXPECT_EQ(context().text({"id"}), t3);

    Reply pop = artifact("unemulate", token_);
    ASSERT_EQ(pop.status, 200) << pop.body;
    EXPECT_TRUE(pop.is_true({"ok"})) << pop.body;
    Reply at_two = context();
    EXPECT_EQ(at_two.text({"id"}), t2);
    EXPECT_EQ(at_two.integer({"emulation_depth"}), 2);
    EXPECT_TRUE(artifact("unemulate", token_).is_true({"ok"}));
    EXPECT_EQ(context().text({"id"}), t1);
    EXPECT_TRUE(artifact("unemulate", token_).is_true({"ok"}));
    Reply back = context();
    EXPECT_EQ(back.text({"id"}), admin_);
    EXPECT_FALSE(back.is_true({"is_emulation"}));
    Reply nothing_left = artifact("unemulate", token_);
    ASSERT_EQ(nothing_left.status, 200) << nothing_left.body;
    EXPECT_FALSE(nothing_left.is_true({"ok"})) << nothing_left.body;

    EXPECT_EQ(count("SELECT count(*) FROM profiles.activities WHERE action = 'emulation_started' "
                    "AND real_actor_id = $1::uuid",
                    {admin_}),
              3);
    EXPECT_EQ(count("SELECT count(*) FROM profiles.activities WHERE action = 'emulation_ended' "
                    "AND real_actor_id = $1::uuid",
                    {admin_}),
              3);
}

TEST_F(Seed003Emulation, EmulationBelongsToTheSession) {
    std::string target = create_user("consumer");
    ASSERT_TRUE(emulate(target).is_true({"allowed"}));
    EXPECT_EQ(context().text({"id"}), target);
    Reply other_session = artifact("context", session_token(admin_, "e2e-sid-" + new_uuid()));
    EXPECT_EQ(other_session.text({"id"}), admin_) << other_session.body;
    Reply no_session = artifact("context", token_for(admin_));
    EXPECT_EQ(no_session.text({"id"}), admin_) << no_session.body;
}

TEST_F(Seed003Emulation, WritesRecordRealAndEffectiveActor) {
    std::string target = create_user_with_profile("standard_user", admin_);
    ASSERT_TRUE(emulate(target).is_true({"allowed"}));
    std::string request_id = "e2e-emu-" + new_uuid();
    Reply r = artifact("update", token_,
                       R"({"profiles":[{"profile_id":")" + target + R"(","city":"Oslo"}]})",
                       {{"X-Request-Id", request_id}});
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(count("SELECT count(*) FROM profiles.activities WHERE request_id = $1 "
                    "AND actor_id = $2::uuid AND real_actor_id = $3::uuid AND session_id = $4",
                    {request_id, target, admin_, sid_}),
              1);
}

TEST_F(Seed003Emulation, RefusalsAnswerAllowedFalse) {
    Reply self = emulate(admin_);
    ASSERT_EQ(self.status, 200) << self.body;
    EXPECT_FALSE(self.is_true({"allowed"})) << self.body;

    std::string disabled = create_user("consumer");
    db().exec("UPDATE profiles.users SET disabled = true WHERE id = $1", {disabled});
    Reply off = emulate(disabled);
    ASSERT_EQ(off.status, 200) << off.body;
    EXPECT_FALSE(off.is_true({"allowed"})) << off.body;

    // A JWT without sid has no session to bind the grant to.
    Reply sessionless = artifact("emulate", token_for(admin_),
                                 R"({"target_profile_id":")" + create_user("consumer") + "\"}");
    ASSERT_EQ(sessionless.status, 200) << sessionless.body;
    EXPECT_FALSE(sessionless.is_true({"allowed"})) << sessionless.body;

    EXPECT_EQ(context().text({"id"}), admin_);
}

TEST_F(Seed003Emulation, HigherRoleTargetIsRefused) {
    // Both are admins: the organization access role decides (the admin's is SALES_REP).
    std::string boss = create_user("internal_admin");
    db().exec("UPDATE profiles.users SET access_role = 'SUPERADMIN' WHERE id = $1", {boss});
    Reply r = emulate(boss);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_FALSE(r.is_true({"allowed"})) << r.body;
    EXPECT_NE(r.text({"reason"}).find("higher role"), std::string::npos) << r.body;
    EXPECT_EQ(context().text({"id"}), admin_);
}

TEST_F(Seed003Emulation, BadTargetsAndTtl) {
    Reply missing = emulate(new_uuid());
    EXPECT_EQ(missing.status, 404) << missing.body;
    EXPECT_EQ(missing.error_code(), "NOT_FOUND");
    Reply ttl = emulate(create_user("consumer"), R"(,"ttl_minutes":0)");
    EXPECT_EQ(ttl.status, 400) << ttl.body;
    EXPECT_EQ(ttl.error_code(), "VALIDATION_ERROR");
}

TEST_F(Seed003Emulation, RegularUsersMayNotEmulate) {
    for (const char* role : {"standard_user", "consumer"}) {
        std::string user = create_user(role);
        std::string token = session_token(user, "e2e-sid-" + new_uuid());
        Reply r = artifact("emulate", token,
                           R"({"target_profile_id":")" + create_user("consumer") + "\"}");
        EXPECT_EQ(r.status, 403) << role << ": " << r.body;
        EXPECT_EQ(r.error_code(), "FORBIDDEN");
        Reply pop = artifact("unemulate", token);
        EXPECT_EQ(pop.status, 403) << role << ": " << pop.body;
    }
}

TEST_F(Seed003Credentials, ApiKeyAuthenticates) {
    std::string user = create_user_with_profile("standard_user", create_user("internal_admin"));
    std::string key = db().scalar("SELECT profiles.create_api_key($1::uuid)", {user}).value();
    Reply r = artifact("context", "", "{}", {{"X-Api-Key", key}});
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.text({"id"}), user);
    EXPECT_EQ(r.text({"session_id"}).rfind("key:", 0), 0u) << r.body;

    Reply wrong = artifact("context", "", "{}", {{"X-Api-Key", key + "x"}});
    EXPECT_EQ(wrong.status, 401) << wrong.body;
    EXPECT_EQ(wrong.error_code(), "UNAUTHORIZED");
    db().exec("UPDATE profiles.api_key SET revoked_at = now() WHERE user_id = $1", {user});
    Reply revoked = artifact("context", "", "{}", {{"X-Api-Key", key}});
    EXPECT_EQ(revoked.status, 401) << revoked.body;
}

TEST_F(Seed003Credentials, SessionCookieAuthenticates) {
    std::string user = create_user("consumer");
    std::string token = db().scalar("SELECT profiles.create_session($1::uuid)", {user}).value();
    Reply r = artifact("context", "", "{}", {{"Cookie", "better-auth.session_token=" + token}});
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.text({"id"}), user);
}

TEST_F(Seed003Credentials, McpRequestsAreRecordedAsSuch) {
    std::string user = create_user_with_profile("standard_user", create_user("internal_admin"));
    std::string key = db().scalar("SELECT profiles.create_api_key($1::uuid)", {user}).value();
    std::string body = R"({"profiles":[{"profile_id":")" + user + R"(","job_title":"Agent"}]})";

    std::string mcp_id = "e2e-mcp-" + new_uuid();
    Reply mcp = artifact("update", "", body,
                         {{"X-Api-Key", key}, {"X-MCP", "1"}, {"X-Request-Id", mcp_id}});
    ASSERT_EQ(mcp.status, 200) << mcp.body;
    EXPECT_EQ(db().scalar("SELECT metadata ->> 'client' FROM profiles.activities "
                          "WHERE request_id = $1 AND actor_id = $2::uuid",
                          {mcp_id, user}),
              "mcp");

    std::string plain_id = "e2e-plain-" + new_uuid();
    std::string again = R"({"profiles":[{"profile_id":")" + user + R"(","job_title":"Human"}]})";
    Reply plain = artifact("update", "", again, {{"X-Api-Key", key}, {"X-Request-Id", plain_id}});
    ASSERT_EQ(plain.status, 200) << plain.body;
    EXPECT_EQ(count("SELECT count(*) FROM profiles.activities WHERE request_id = $1", {plain_id}),
              1);
    EXPECT_EQ(db().scalar("SELECT metadata ->> 'client' FROM profiles.activities "
                          "WHERE request_id = $1",
                          {plain_id}),
              std::nullopt);
}
