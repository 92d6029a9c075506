#include "read_routing.hpp"

#include "config.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <thread>

using namespace profiles;
using namespace profiles::read_routing;

namespace {

const Statement kGet{"rest_profile_get", "SELECT 1", 1};
const Statement kUpdate{"rest_profile_update", "SELECT 1", 3};
const Statement kApi{"api", "SELECT 1", 1};
const Statement kUnknown{"brand_new_statement", "SELECT 1", 0};

Credential jwt(const std::string& sub) {
    return Credential{CredentialKind::Jwt, sub, std::nullopt};
}

DbCall call_of(const Statement& statement, const std::string& sub = "user-a",
               std::vector<std::optional<std::string>> params = {std::string("x")}) {
    return DbCall{jwt(sub), "req", std::nullopt, &statement, std::move(params)};
}

DbOutcome ok(const std::string& value) {
    DbOutcome outcome;
    outcome.ok = true;
    outcome.value = value;
    return outcome;
}

DbOutcome failed(const std::string& sqlstate) {
    DbOutcome outcome;
    outcome.error = {sqlstate, "failed", ""};
    return outcome;
}

// A replica whose answers and health the test decides.
struct FakeReplica {
    std::atomic<int> calls{0};
    std::atomic<bool> up{true};
    std::string fail_with; // non-empty: every call fails with this SQLSTATE

    ReadRouter::Backend backend(const std::string& name) {
        return {name,
                [this, name](const DbCall&) {
                    ++calls;
                    return fail_with.empty() ? ok(name) : failed(fail_with);
                },
                [this] { return up.load(); }};
    }
};

struct Primary {
    int calls = 0;
    ReadRouter::Run run() {
        return [this](const DbCall&) {
            ++calls;
            return ok("primary");
        };
    }
};

ReadRouter::Settings fast_settings(int ryw_ms = 2000) {
    return {std::chrono::milliseconds(ryw_ms), std::chrono::milliseconds(20)};
}

} // namespace

TEST(ReadRouting, SplitsConninfoListsKeepingMultiHostUris) {
    EXPECT_TRUE(split_conninfos("").empty());
    EXPECT_TRUE(split_conninfos(" , ").empty());
    EXPECT_EQ(split_conninfos("postgresql://r1/db,postgresql://r2/db"),
              (std::vector<std::string>{"postgresql://r1/db", "postgresql://r2/db"}));
    EXPECT_EQ(split_conninfos("postgresql://a,b:5433/db?target_session_attrs=any, host=r2 port=5"),
              (std::vector<std::string>{"postgresql://a,b:5433/db?target_session_attrs=any",
                                        "host=r2 port=5"}));
    EXPECT_EQ(split_conninfos("host=a,b port=1,2 dbname=x,host=c"),
              (std::vector<std::string>{"host=a,b port=1,2 dbname=x", "host=c"}));
}

TEST(ReadRouting, KnowsWhichStatementsOnlyRead) {
    EXPECT_TRUE(is_read_only("rest_profile_get", {}));
    EXPECT_TRUE(is_read_only("artifacts_search", {}));
    EXPECT_FALSE(is_read_only("rest_profile_update", {}));
    EXPECT_FALSE(is_read_only("artifacts_export", {}));
    EXPECT_FALSE(is_read_only("brand_new_statement", {})); // unknown: the primary
    for (const char* action : {"get", "list", "all"}) {
        std::string body = std::string(R"({"resource":"profiles","action":")") + action +
                           R"(","id":"00000000-0000-0000-0000-000000000001"})";
        EXPECT_TRUE(is_read_only("api", {body})) << action;
    }
    for (const char* action : {"create", "update", "delete"}) {
        std::string body = std::string(R"({"resource":"profiles","action":")") + action +
                           R"(","id":"00000000-0000-0000-0000-000000000001","data":{}})";
        EXPECT_FALSE(is_read_only("api", {body})) << action;
    }
    EXPECT_FALSE(is_read_only("api", {std::string("not json")}));
    EXPECT_FALSE(is_read_only("api", {std::nullopt}));
    EXPECT_FALSE(is_read_only("api", {}));
}

TEST(ReadRouting, RecentWritersExpireAfterTheWindow) {
    RecentWriters writers(std::chrono::milliseconds(100));
    auto t0 = Clock::now();
    writers.wrote(jwt("a"), t0);
    EXPECT_TRUE(writers.recent(jwt("a"), t0 + std::chrono::milliseconds(50)));
    EXPECT_FALSE(writers.recent(jwt("b"), t0 + std::chrono::milliseconds(50)));
    EXPECT_FALSE(writers.recent(jwt("a"), t0 + std::chrono::milliseconds(150)));
    // The same secret as another kind of credential is another caller.
    EXPECT_FALSE(writers.recent(Credential{CredentialKind::ApiKey, "a", std::nullopt},
                                t0 + std::chrono::milliseconds(50)));
    RecentWriters off(std::chrono::milliseconds(0));
    off.wrote(jwt("a"), t0);
    EXPECT_FALSE(off.recent(jwt("a"), t0));
}

TEST(ReadRouting, ReadsGoToReplicasRoundRobinAndWritesToThePrimary) {
    FakeReplica r1, r2;
    ReadRouter router({r1.backend("replica1"), r2.backend("replica2")}, fast_settings());
    router.check_now();
    Primary primary;
    Target served;
    for (int i = 0; i < 10; ++i) {
        DbOutcome outcome = router.run(call_of(kGet, "reader"), primary.run(), served);
        EXPECT_EQ(served, Target::Replica);
        EXPECT_TRUE(outcome.ok);
    }
    EXPECT_EQ(r1.calls, 5);
    EXPECT_EQ(r2.calls, 5);
    EXPECT_EQ(primary.calls, 0);

    router.run(call_of(kUpdate, "writer"), primary.run(), served);
    EXPECT_EQ(served, Target::Primary);
    router.run(call_of(kUnknown, "writer"), primary.run(), served);
    EXPECT_EQ(served, Target::Primary);
    EXPECT_EQ(primary.calls, 2);
}

TEST(ReadRouting, AWritersReadsStayOnThePrimaryForTheWindow) {
    FakeReplica r1;
    ReadRouter router({r1.backend("replica1")}, fast_settings(150));
    router.check_now();
    Primary primary;
    Target served;
    router.remember_if_write(call_of(kUpdate, "writer")); // as PgConnection::call reports it
    router.run(call_of(kGet, "writer"), primary.run(), served);
    EXPECT_EQ(served, Target::Primary);
    router.run(call_of(kGet, "someone-else"), primary.run(), served);
    EXPECT_EQ(served, Target::Replica);
    // Reads do not start a window.
    router.remember_if_write(call_of(kGet, "reader"));
    router.run(call_of(kGet, "reader"), primary.run(), served);
    EXPECT_EQ(served, Target::Replica);
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    router.run(call_of(kGet, "writer"), primary.run(), served);
    EXPECT_EQ(served, Target::Replica);
}

TEST(ReadRouting, AFailingReplicaIsSkippedAndTheReadRunsOnThePrimary) {
    FakeReplica r1, r2;
    ReadRouter router({r1.backend("replica1"), r2.backend("replica2")}, fast_settings());
    router.check_now();
    r1.fail_with = "08006";
    Primary primary;
    Target served;
    int on_primary = 0;
    for (int i = 0; i < 6; ++i) {
        DbOutcome outcome = router.run(call_of(kGet, "reader"), primary.run(), served);
        EXPECT_TRUE(outcome.ok); // never an error for the client
        on_primary += served == Target::Primary;
    }
    EXPECT_EQ(r1.calls, 1); // tried once, then out of rotation
    EXPECT_FALSE(router.replica_healthy(0));
    EXPECT_TRUE(router.replica_healthy(1));
    EXPECT_EQ(on_primary, 1);
    EXPECT_EQ(r2.calls, 5);
}

TEST(ReadRouting, WithNoHealthyReplicaThePrimaryServes) {
    FakeReplica r1;
    r1.up = false;
    ReadRouter router({r1.backend("replica1")}, fast_settings());
    router.check_now();
    Primary primary;
    Target served;
    router.run(call_of(kGet), primary.run(), served);
    EXPECT_EQ(served, Target::Primary);
    EXPECT_EQ(r1.calls, 0);
    EXPECT_EQ(primary.calls, 1);
}

TEST(ReadRouting, HealthChecksTakeReplicasOutAndBringThemBack) {
    FakeReplica r1;
    ReadRouter router({r1.backend("replica1")}, fast_settings());
    router.start();
    EXPECT_TRUE(router.replica_healthy(0));
    r1.up = false;
    for (int i = 0; i < 100 && router.replica_healthy(0); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    EXPECT_FALSE(router.replica_healthy(0));
    r1.up = true;
    for (int i = 0; i < 100 && !router.replica_healthy(0); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    EXPECT_TRUE(router.replica_healthy(0));
}

TEST(ReadRouting, AStatementThatWritesOnTheStandbyRunsOnThePrimaryWithoutFailingTheReplica) {
    FakeReplica r1;
    r1.fail_with = "25006"; // cannot execute ... in a read-only transaction
    ReadRouter router({r1.backend("replica1")}, fast_settings());
    router.check_now();
    Primary primary;
    Target served;
    DbOutcome outcome = router.run(call_of(kGet), primary.run(), served);
    EXPECT_TRUE(outcome.ok);
    EXPECT_EQ(served, Target::Primary);
    EXPECT_TRUE(router.replica_healthy(0));
}

TEST(ReadRouting, AnAnswerOfTheReplicaIsKeptEvenWhenItIsAnError) {
    FakeReplica r1;
    r1.fail_with = "P0002"; // not found: the replica answered
    ReadRouter router({r1.backend("replica1")}, fast_settings());
    router.check_now();
    Primary primary;
    Target served;
    DbOutcome outcome = router.run(call_of(kGet), primary.run(), served);
    EXPECT_FALSE(outcome.ok);
    EXPECT_EQ(outcome.error.sqlstate, "P0002");
    EXPECT_EQ(served, Target::Replica);
    EXPECT_EQ(primary.calls, 0);
}

TEST(ReadRouting, EnvelopeReadsAreRoutedByAction) {
    FakeReplica r1;
    ReadRouter router({r1.backend("replica1")}, fast_settings());
    router.check_now();
    Primary primary;
    Target served;
    router.run(call_of(kApi, "a", {std::string(R"({"resource":"profiles","action":"list"})")}),
               primary.run(), served);
    EXPECT_EQ(served, Target::Replica);
    router.run(
        call_of(kApi, "a", {std::string(R"({"resource":"profiles","action":"create","data":{}})")}),
        primary.run(), served);
    EXPECT_EQ(served, Target::Primary);
}

TEST(ReadRouting, MetricsNameReplicasAndReasons) {
    FakeReplica r1;
    ReadRouter router({r1.backend("replica1")}, fast_settings());
    router.check_now();
    Primary primary;
    Target served;
    router.run(call_of(kGet), primary.run(), served);
    router.run(call_of(kUpdate), primary.run(), served);
    std::string out;
    router.render_metrics(out);
    EXPECT_NE(out.find("profiles_read_replica_healthy{replica=\"replica1\"} 1\n"),
              std::string::npos)
        << out;
    EXPECT_NE(out.find("profiles_read_replica_statements_total{replica=\"replica1\"} 1\n"),
              std::string::npos);
    EXPECT_NE(out.find("profiles_read_primary_statements_total{reason=\"write\"} 1\n"),
              std::string::npos);
}

TEST(ReadRouting, InstallAndNoteCallsAreSafeWithoutARouter) {
    install(nullptr);
    EXPECT_EQ(active(), nullptr);
    note_call(call_of(kUpdate)); // nothing to remember
    FakeReplica r1;
    ReadRouter router({r1.backend("replica1")}, fast_settings());
    router.check_now();
    install(&router);
    note_call(call_of(kUpdate, "writer"));
    Primary primary;
    Target served;
    router.run(call_of(kGet, "writer"), primary.run(), served);
    EXPECT_EQ(served, Target::Primary);
    install(nullptr);
}

TEST(ReadRouting, SettingsHaveDefaultsFlagsAndHelp) {
    std::map<std::string, std::string> env = {
        {"DATABASE_URL", "postgresql://x@/db"},
        {"PROFILES_JWT_SECRET", "0123456789abcdef0123456789abcdef"}};
    auto lookup = [&env](const char* name) -> std::optional<std::string> {
        auto it = env.find(name);
        return it == env.end() ? std::nullopt : std::optional<std::string>(it->second);
    };
    ConfigResult defaults = load_config(lookup, {}, Purpose::Serve, 2);
    ASSERT_EQ(defaults.error, "");
    EXPECT_EQ(defaults.config.read_urls, "");
    EXPECT_EQ(defaults.config.read_your_writes_ms, 2000);
    EXPECT_EQ(defaults.config.replica_check_ms, 1000);
    EXPECT_EQ(defaults.config.docs_dir, "");

    env["PROFILES_READ_URLS"] = "host=r1,host=r2";
    env["PROFILES_READ_YOUR_WRITES_MS"] = "0";
    ConfigResult set = load_config(lookup, {"--replica-check-ms", "250", "--docs-dir=/srv/redoc"},
                                   Purpose::Serve, 2);
    ASSERT_EQ(set.error, "");
    EXPECT_EQ(split_conninfos(set.config.read_urls),
              (std::vector<std::string>{"host=r1", "host=r2"}));
    EXPECT_EQ(set.config.read_your_writes_ms, 0);
    EXPECT_EQ(set.config.replica_check_ms, 250);
    EXPECT_EQ(set.config.docs_dir, "/srv/redoc");

    env["PROFILES_REPLICA_CHECK_MS"] = "0";
    EXPECT_NE(load_config(lookup, {}, Purpose::Serve, 2).error, "");

    std::string help = help_text(2);
    for (const char* name : {"PROFILES_READ_URLS", "--read-urls", "PROFILES_READ_YOUR_WRITES_MS",
                             "PROFILES_REPLICA_CHECK_MS", "PROFILES_DOCS_DIR"}) {
        EXPECT_NE(help.find(name), std::string::npos) << name;
    }
}
