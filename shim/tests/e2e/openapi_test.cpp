// GET /openapi.json from the real binary: it documents every route the router serves (an
// undocumented one fails here), every operation of the database's route table
// (profiles.api_operation) is both served and documented, and Redocly's linter (installed by
// the build into shim/docs/node_modules) accepts the document with warnings treated as errors.
#include "e2e_support.hpp"

#include <rapidjson/document.h>

#include <sys/wait.h>
#include <unistd.h>

#include <climits>
#include <cstdlib>
#include <fstream>
#include <sstream>

using namespace profiles::e2e;

namespace {

std::string lower(std::string text) {
    for (char& c : text) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return text;
}

// shim/docs, next to the binary under test.
std::string docs_dir() {
    std::string binary = env_or("SHIM_BIN", "./profiles-shim");
    char resolved[PATH_MAX];
    if (realpath(binary.c_str(), resolved) != nullptr) {
        binary = resolved;
    }
    return binary.substr(0, binary.rfind('/')) + "/docs";
}

// Runs `command` through the shell; its exit status and combined output.
int run(const std::string& command, std::string& output) {
    FILE* pipe = popen((command + " 2>&1").c_str(), "r");
    if (pipe == nullptr) {
        return -1;
    }
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) {
        output.append(buf, n);
    }
    int status = pclose(pipe);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

class OpenApiDocument : public ShimTest {
  protected:
    static Reply document() {
        Reply reply = get("/openapi.json");
        EXPECT_EQ(reply.status, 200);
        EXPECT_EQ(reply.header("Content-Type"), "application/json");
        EXPECT_TRUE(reply.json.IsObject());
        return reply;
    }
};

} // namespace

TEST_F(OpenApiDocument, IsOpenApi31AndDocumentsEveryServedRoute) {
    Reply reply = document();
    ASSERT_TRUE(reply.json.IsObject());
    EXPECT_STREQ(reply.json["openapi"].GetString(), "3.1.0");
    // The shim lists routes it serves without metadata here (and logs them at start).
    if (reply.json.HasMember("x-undocumented-routes")) {
        std::string list;
        for (const auto& route : reply.json["x-undocumented-routes"].GetArray()) {
            list += std::string(route.GetString()) + "; ";
        }
        ADD_FAILURE() << "routes without OpenAPI metadata in shim/src/openapi.cpp: " << list;
    }
    std::string log = Shared::get().shim().log();
    EXPECT_EQ(log.find("OpenAPI metadata for a route that is not served"), std::string::npos)
        << "stale metadata in shim/src/openapi.cpp: see the shim log";
    for (const char* ops : {"/live", "/ready", "/metrics", "/openapi.json", "/docs"}) {
        EXPECT_TRUE(reply.json["paths"].HasMember(ops)) << ops;
    }
}

TEST_F(OpenApiDocument, EveryRouteOfTheDatabaseRouteTableIsServedAndDocumented) {
    std::optional<std::string> rows =
        db().scalar("SELECT string_agg(method || ' ' || path, E'\\n' ORDER BY path, method) "
                    "FROM profiles.api_operation");
    ASSERT_TRUE(rows);
    Reply reply = document();
    ASSERT_TRUE(reply.json.IsObject());
    const rapidjson::Value& paths = reply.json["paths"];
    std::istringstream lines(*rows);
    std::string line;
    int checked = 0;
    while (std::getline(lines, line)) {
        const std::string method = line.substr(0, line.find(' '));
        const std::string path = line.substr(line.find(' ') + 1);
        SCOPED_TRACE(line);
        ASSERT_TRUE(paths.HasMember(path.c_str())) << "not documented";
        EXPECT_TRUE(paths[path.c_str()].HasMember(lower(method).c_str())) << "not documented";

        // Served: without credentials the route itself answers 401, not the router's 404/405.
        std::string concrete = path;
        for (size_t at; (at = concrete.find('{')) != std::string::npos;) {
            concrete.replace(at, concrete.find('}', at) - at + 1, new_uuid());
        }
        auto client = Shared::get().shim().client();
        httplib::Result res =
            method == "GET"      ? client->Get(concrete.c_str())
            : method == "DELETE" ? client->Delete(concrete.c_str())
            : method == "PUT"    ? client->Put(concrete.c_str(), "{}", "application/json")
            : method == "PATCH"  ? client->Patch(concrete.c_str(), "{}", "application/json")
                                 : client->Post(concrete.c_str(), "{}", "application/json");
        Reply answer = to_reply(res);
        EXPECT_EQ(answer.status, 401) << answer.body;
        ++checked;
    }
    EXPECT_GE(checked, 33);
}

TEST_F(OpenApiDocument, RedoclyLintAcceptsIt) {
    const std::string dir = docs_dir();
    const std::string redocly = dir + "/node_modules/.bin/redocly";
    ASSERT_EQ(access(redocly.c_str(), X_OK), 0)
        << redocly << " is missing: make -C shim installs it (npm ci in shim/docs)";
    Reply reply = document();
    char path[] = "/tmp/profiles-openapi-XXXXXX.json";
    int fd = mkstemps(path, 5);
    ASSERT_GE(fd, 0);
    close(fd);
    std::ofstream(path) << reply.body;
    std::string output;
    int status = run("cd '" + dir + "' && NO_COLOR=1 REDOCLY_TELEMETRY=off " +
                         "REDOCLY_SUPPRESS_UPDATE_NOTICE=true node_modules/.bin/redocly lint " +
                         "--config redocly.yaml '" + path + "'",
                     output);
    unlink(path);
    EXPECT_EQ(status, 0) << output;
    EXPECT_NE(output.find("valid"), std::string::npos) << output;
}
