// Seed 003 docs: the shim keeps profile_docs answers and drops them when the database notifies
// channel pg_profiles_cache (POST refresh, or any NOTIFY), or when its listener reconnects.
#include "artifact_fixtures.hpp"

#include <chrono>
#include <thread>

using namespace profiles::e2e;
using namespace profiles::e2e::seed003;

namespace {

using Clock = std::chrono::steady_clock;

constexpr const char* kListening = "listening for cache invalidations";

size_t occurrences(const std::string& text, const std::string& needle) {
    size_t n = 0;
    for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) {
        ++n;
    }
    return n;
}

// A function of its own in schema profiles, so profile_docs documents it and its COMMENT can
// change without touching the extension's objects.
class Seed003DocsCache : public ArtifactTest {
  protected:
    void SetUp() override {
        ArtifactTest::SetUp();
        admin_ = create_user("internal_admin");
        probe_ = "e2e_docs_probe_" + new_uuid().substr(0, 8);
        db().exec("CREATE FUNCTION profiles." + probe_ + "() RETURNS integer LANGUAGE sql AS " +
                  "'SELECT 1'");
        comment("first text");
        ASSERT_TRUE(wait_for_listeners(1)) << Shared::get().shim().log();
    }
    void TearDown() override { db().exec("DROP FUNCTION IF EXISTS profiles." + probe_ + "()"); }

    void comment(const std::string& text) {
        db().exec("COMMENT ON FUNCTION profiles." + probe_ + "() IS '" + text + "'");
    }

    // The probe's description as the docs route tells it, and whether it came from the cache.
    std::string described(const std::string& token, std::string* cache = nullptr) {
        Reply r = artifact("docs", token, R"({"entity_id":")" + probe_ + "\"}");
        EXPECT_EQ(r.status, 200) << r.body;
        if (cache != nullptr) {
            *cache = r.header("X-Cache");
        }
        const rapidjson::Value* entries = r.at({"entries"});
        if (entries == nullptr || !entries->IsArray() || entries->Size() != 1) {
            return "<no entry>";
        }
        return (*entries)[0]["description"].GetString();
    }

    // Invalidation is asynchronous (the listener thread receives the NOTIFY): ask until the
    // answer changes or a few seconds pass.
    bool eventually_described_as(const std::string& token, const std::string& expected) {
        for (auto deadline = Clock::now() + std::chrono::seconds(5); Clock::now() < deadline;) {
            if (described(token) == expected) {
                return true;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        return false;
    }

    static bool wait_for_listeners(size_t at_least) {
        for (auto deadline = Clock::now() + std::chrono::seconds(10); Clock::now() < deadline;) {
            if (occurrences(Shared::get().shim().log(), kListening) >= at_least) {
                return true;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        return false;
    }

    std::string admin_;
    std::string probe_;
};

} // namespace

TEST_F(Seed003DocsCache, CachedUntilRefresh) {
    std::string token = token_for(admin_);
    std::string cache;
    EXPECT_EQ(described(token, &cache), "first text");
    EXPECT_EQ(cache, "miss");
    comment("second text");
    EXPECT_EQ(described(token, &cache), "first text");
    EXPECT_EQ(cache, "hit");
    // Answers do not depend on the caller: another user gets the same cached answer.
    EXPECT_EQ(described(token_for(create_user("consumer")), &cache), "first text");
    EXPECT_EQ(cache, "hit");

    Reply refresh = artifact("refresh", token);
    ASSERT_EQ(refresh.status, 200) << refresh.body;
    EXPECT_TRUE(eventually_described_as(token, "second text"));
    EXPECT_EQ(described(token, &cache), "second text");
    EXPECT_EQ(cache, "hit");
}

TEST_F(Seed003DocsCache, AnyNotifyOnTheChannelInvalidates) {
    std::string token = token_for(admin_);
    EXPECT_EQ(described(token), "first text");
    comment("changed by a migration");
    EXPECT_EQ(described(token), "first text");
    db().exec("SELECT pg_notify('pg_profiles_cache', '{\"tags\":[\"docs\"]}')");
    EXPECT_TRUE(eventually_described_as(token, "changed by a migration"));
}

TEST_F(Seed003DocsCache, EntriesAreKeptPerEntityId) {
    std::string token = token_for(admin_);
    EXPECT_EQ(described(token), "first text");
    Reply all = artifact("docs", token);
    ASSERT_EQ(all.status, 200) << all.body;
    EXPECT_NE(all.body.find(probe_), std::string::npos);
    Reply other = artifact("docs", token, R"({"entity_id":"drafts"})");
    ASSERT_EQ(other.status, 200) << other.body;
    EXPECT_EQ(other.body.find(probe_), std::string::npos);
}

TEST_F(Seed003DocsCache, CachedAnswersStillCheckTheCaller) {
    std::string token = token_for(admin_);
    EXPECT_EQ(described(token), "first text");
    std::string cache;
    EXPECT_EQ(described(token, &cache), "first text");
    ASSERT_EQ(cache, "hit");
    std::string body = R"({"entity_id":")" + probe_ + "\"}";
    EXPECT_EQ(artifact("docs", "", body).status, 401);
    // The shim cannot tell a made-up API key or a disabled user: the database can.
    EXPECT_EQ(artifact("docs", "", body, {{"X-Api-Key", "pgp_made_up"}}).status, 401);
    std::string disabled = create_user("standard_user");
    db().exec("UPDATE profiles.users SET disabled = true WHERE id = $1", {disabled});
    EXPECT_EQ(artifact("docs", token_for(disabled), body).status, 401);
}

TEST_F(Seed003DocsCache, ListenerReconnectsAndStartsAfresh) {
    std::string token = token_for(admin_);
    EXPECT_EQ(described(token), "first text");
    comment("second text");
    EXPECT_EQ(described(token), "first text");

    size_t before = occurrences(Shared::get().shim().log(), kListening);
    // Every shim's listener goes; each reconnects on its own.
    db().exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
              "WHERE application_name LIKE '%-cache-listener'");
    ASSERT_TRUE(wait_for_listeners(before + 1)) << Shared::get().shim().log();
    // Notifications sent while nobody listened are lost: reconnecting dropped the cache.
    EXPECT_EQ(described(token), "second text");

    // And it listens again.
    comment("third text");
    std::string cache;
    EXPECT_EQ(described(token, &cache), "second text");
    EXPECT_EQ(cache, "hit");
    db().exec("NOTIFY pg_profiles_cache");
    EXPECT_TRUE(eventually_described_as(token, "third text"));
}
