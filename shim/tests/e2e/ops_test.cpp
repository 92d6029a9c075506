// /live, /ready, start-up refusals and shutdown, with and without a database.
#include "e2e_support.hpp"

#include "jwt.hpp"

#include <sys/wait.h>

#include <cstdio>
#include <ctime>

using namespace profiles::e2e;

namespace {

const std::string kTestSecret = "e2e-secret-e2e-secret-e2e-secret-e2e";

// A shim whose database cannot be reached: nothing listens on port 1.
std::unique_ptr<ShimProcess> start_without_database(std::string& error) {
    return ShimProcess::start({{"DATABASE_URL", "postgresql://nobody@127.0.0.1:1/none"},
                               {"PROFILES_JWT_SECRET", kTestSecret},
                               {"PROFILES_POOL_TIMEOUT_MS", "500"}},
                              error);
}

// Runs the binary with only `env` in its environment, to completion; returns its exit status
// and what it printed (stdout and stderr).
int run_binary(const std::string& env, const std::string& args, std::string& output) {
    std::string command =
        "env -i " + env + " " + env_or("SHIM_BIN", "./profiles-shim") + " " + args + " 2>&1";
    FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr) {
        return -1;
    }
    char buf[512];
    while (fgets(buf, sizeof buf, pipe) != nullptr) {
        output += buf;
    }
    int status = pclose(pipe);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

class Ops : public ShimTest {};

} // namespace

TEST_F(Ops, LiveAndReadyWithTheDatabaseUp) {
    Reply live = get("/live");
    EXPECT_EQ(live.status, 200);
    EXPECT_EQ(live.body, R"({"status":"ok"})");
    Reply ready = get("/ready");
    EXPECT_EQ(ready.status, 200) << ready.body;
    EXPECT_EQ(ready.body, R"({"status":"ready"})");
}

TEST_F(Ops, HeadLiveHasNoBody) {
    auto res = Shared::get().shim().client()->Head("/live");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200);
    EXPECT_TRUE(res->body.empty());
}

TEST_F(Ops, StopsWithExitZeroOnSigterm) {
    std::string error;
    auto shim = ShimProcess::start({}, error);
    ASSERT_TRUE(shim) << error;
    EXPECT_EQ(shim->client()->Get("/ready")->status, 200);
    EXPECT_EQ(shim->stop(), 0) << shim->log();
    std::string log = shim->log();
    EXPECT_NE(log.find("\"path\":\"/ready\""), std::string::npos) << log;
    EXPECT_NE(log.find("\"stopped\""), std::string::npos) << log;
}

// The tests below need only the binary, not a database.

TEST(OpsWithoutDatabase, LiveAnswersReadyAndApiAre503) {
    std::string error;
    auto shim = start_without_database(error);
    ASSERT_TRUE(shim) << error;
    auto client = shim->client();
    EXPECT_EQ(client->Get("/live")->status, 200);

    Reply ready = to_reply(client->Get("/ready"));
    EXPECT_EQ(ready.status, 503) << ready.body;
    EXPECT_EQ(ready.error_code(), "UNAVAILABLE");
    EXPECT_EQ(ready.header("Retry-After"), "1");

    std::string token = profiles::jwt::sign_hs256(
        R"({"alg":"HS256"})", R"({"sub":"6f1c1a52-3a8e-4f0e-9d39-0c2b8f6b7a10"})", kTestSecret);
    Reply call =
        to_reply(client->Post("/functions/v1/api", {{"Authorization", "Bearer " + token}},
                              R"({"resource":"profiles","action":"all"})", "application/json"));
    EXPECT_EQ(call.status, 503) << call.body;
    EXPECT_EQ(call.error_code(), "UNAVAILABLE");
    EXPECT_EQ(call.header("Retry-After"), "1");
    // No connection detail leaks to the client.
    EXPECT_EQ(call.body.find("127.0.0.1"), std::string::npos) << call.body;

    EXPECT_EQ(shim->stop(), 0) << shim->log();
}

TEST(OpsWithoutDatabase, RefusesToStartWithAShortSecret) {
    std::string output;
    int status =
        run_binary("DATABASE_URL=postgresql:///x PROFILES_JWT_SECRET=tooshort", "", output);
    EXPECT_EQ(status, 2) << output;
    EXPECT_NE(output.find("at least 32 bytes"), std::string::npos) << output;
}

TEST(OpsWithoutDatabase, RefusesToStartWithoutDatabaseUrl) {
    std::string output;
    EXPECT_EQ(run_binary("PROFILES_JWT_SECRET=" + kTestSecret, "", output), 2);
    EXPECT_NE(output.find("DATABASE_URL"), std::string::npos) << output;
}

TEST(OpsWithoutDatabase, TokenSubcommandMintsAVerifiableToken) {
    std::string output;
    int status = run_binary("PROFILES_JWT_SECRET=" + kTestSecret,
                            "token --sub 6f1c1a52-3a8e-4f0e-9d39-0c2b8f6b7a10 --sid s1", output);
    ASSERT_EQ(status, 0) << output;
    std::string token = output.substr(0, output.find('\n'));
    profiles::jwt::Verifier verifier(kTestSecret, {}, {});
    auto verified = verifier.verify(token, std::time(nullptr));
    ASSERT_TRUE(verified.ok()) << verified.failure;
    EXPECT_EQ(verified.claims->sid, std::optional<std::string>("s1"));
}
