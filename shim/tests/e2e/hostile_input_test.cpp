// Hostile input over HTTP: SQL injection through every parameter that reaches SQL, odd bytes
// and traversal in path ids, broken UTF-8 and NUL in JSON, nesting bombs, oversized bodies and
// request lines, slow headers and header injection. Whatever comes in, the answer is a client
// error with the JSON error body and a request id (never a 5xx, never a crash), the database is
// untouched (a canary table and watched rows keep their fingerprint) and /live still answers.
#include "security_fixtures.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <future>
#include <memory>
#include <thread>
#include <vector>

using namespace profiles::e2e;
using namespace profiles::e2e::security;

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// Slower than this and a payload such as '||pg_sleep(3)||' may have run.
constexpr milliseconds kQuick{2500};
// How long a slow-client test waits at most for the shim to act.
constexpr std::chrono::seconds kSlowlorisGiveUp{15};

// SQL injection payloads; {canary} is the canary table's name.
const char* const kPayloads[] = {
    "' OR '1'='1",
    "'; DROP TABLE public.{canary}; --",
    "1; DROP TABLE public.{canary}",
    "1) OR (1=1",
    "\" OR \"\"=\"",
    "%' OR 1=1 --",
    "'||pg_sleep(3)||'",
    "$$; DROP TABLE public.{canary}; $$",
    "\\'; DELETE FROM profiles.profile; --",
    "1 UNION SELECT id FROM profiles.users --",
    "name DESC; UPDATE profiles.profile SET first_name = 'pwned'",
    "E'\\x27'; TRUNCATE public.{canary}; --",
    "*/ DROP TABLE public.{canary} /*",
};

class HostileInput : public SecurityTest {
  protected:
    void SetUp() override {
        SecurityTest::SetUp();
        if (HasFatalFailure()) {
            return;
        }
        admin_ = create_user("internal_admin");
        user_ = create_user("standard_user");
        ASSERT_EQ(api(admin_, "create", "",
                      R"({"id":")" + user_ + R"(","first_name":"Plain","last_name":"Person"})")
                      .status,
                  201);
        bystander_ = create_user("consumer");
        ASSERT_EQ(
            api(admin_, "create", "",
                R"({"id":")" + bystander_ + R"(","first_name":"Innocent","last_name":"Bystander"})")
                .status,
            201);
        canary_ = std::make_unique<Canary>(db(), std::vector<std::string>{user_, bystander_});
    }

    // A user with a profile the canary does not watch: for the requests that legitimately
    // store a hostile string as data.
    std::string scratch_user() {
        std::string id = create_user("standard_user");
        EXPECT_EQ(
            api(admin_, "create", "", R"({"id":")" + id + R"(","first_name":"Scratch"})").status,
            201);
        return id;
    }

    void TearDown() override {
        if (canary_) {
            canary_->expect_intact("the whole test");
            canary_.reset();
        }
        SecurityTest::TearDown();
    }

    std::string payload(const char* text) const {
        std::string out = text;
        for (size_t at = out.find("{canary}"); at != std::string::npos;
             at = out.find("{canary}", at)) {
            out.replace(at, 8, canary_->table());
        }
        return out;
    }

    // One hostile request as `who` (a user id; empty: none). Checks that it answered quickly
    // and that the database is as it was.
    Reply attempt(const std::string& who, const std::string& method, const std::string& target,
                  const std::optional<std::string>& body = std::nullopt,
                  const std::string& content_type = "application/json") {
        httplib::Headers headers;
        if (!who.empty()) {
            headers = bearer(who);
        }
        auto started = Clock::now();
        Reply r = send(method, target, headers, body, content_type);
        auto took = std::chrono::duration_cast<milliseconds>(Clock::now() - started);
        std::string what = method + " " + target + (body ? " " + body->substr(0, 200) : "");
        EXPECT_LT(took.count(), kQuick.count()) << "slow answer to " << what;
        EXPECT_NE(r.status, 0) << "no answer to " << what;
        EXPECT_LT(r.status, 500) << what << "\n" << r.body.substr(0, 300);
        canary_->expect_intact(what);
        return r;
    }

    // A refused hostile request: `status`, the JSON error body.
    void expect_refused(const Reply& r, int status, const std::string& what) {
        expect_error_body(r, status, what);
    }

    std::string admin_;
    std::string user_;
    std::string bystander_;
    std::unique_ptr<Canary> canary_;
};

std::string json_string(const std::string& text) {
    return json_quote(text);
}

bool has_header(const Reply& r, const char* name) {
    return r.headers.find(name) != r.headers.end();
}

} // namespace

// ---- SQL injection ------------------------------------------------------------------------------

TEST_F(HostileInput, ListParametersOfSeed002) {
    for (const char* raw_payload : kPayloads) {
        std::string p = url_encode(payload(raw_payload));
        for (const std::string& query :
             {"sort_by=" + p, "sort_order=" + p, "limit=" + p, "offset=" + p, "limit=10" + p,
              "filter[" + p + "]=1", "filter[uuid]=" + p, "filter[enabled]=" + p,
              "filter%5B" + p + "%5D=x"}) {
            Reply r = attempt(admin_, "GET", "/profiles?" + query);
            expect_refused(r, 400, query);
            EXPECT_EQ(r.error_code(), "VALIDATION_ERROR") << query;
        }
        // Name filters compare the value as text: nothing matches, nothing runs.
        for (const char* name :
             {"firstName", "lastName", "middleName", "name", "profileFirstName"}) {
            std::string query = std::string("filter[") + name + "]=" + p;
            Reply r = attempt(user_, "GET", "/profiles?" + query);
            EXPECT_EQ(r.status, 200) << query << " " << r.body;
            EXPECT_EQ(r.header("X-Total-Count"), "0") << query << " " << r.body;
        }
    }
}

TEST_F(HostileInput, NameFiltersAreNotPatterns) {
    // Equality, case-insensitive: LIKE's % and _ match only themselves.
    for (const char* value : {"%", "%25", "_", "P%", "Pla_n", "%lain", "*", ".*"}) {
        Reply r = attempt(user_, "GET", std::string("/profiles?filter[firstName]=") + value);
        EXPECT_EQ(r.status, 200) << value << " " << r.body;
        EXPECT_EQ(r.header("X-Total-Count"), "0") << value;
    }
    Reply exact = attempt(user_, "GET", "/profiles?filter[firstName]=PLAIN");
    EXPECT_EQ(exact.header("X-Total-Count"), "1") << exact.body;
}

TEST_F(HostileInput, EnvelopeOfSeed000) {
    const std::string scratch = scratch_user();
    for (const char* raw_payload : kPayloads) {
        std::string p = json_string(payload(raw_payload));
        const std::string bodies[] = {
            R"({"resource":"profiles","action":"list","limit":)" + p + "}",
            R"({"resource":"profiles","action":"list","offset":)" + p + "}",
            R"({"resource":"profiles","action":"get","id":)" + p + "}",
            R"({"resource":"profiles","action":"update","id":)" + p + R"(,"data":{}})",
            R"({"resource":"profiles","action":"delete","id":)" + p + "}",
            R"({"resource":)" + p + R"(,"action":"all"})",
            R"({"resource":"profiles","action":)" + p + "}",
            R"({"resource":"profiles","action":"create","data":{"id":)" + p + "}}",
        };
        for (const std::string& body : bodies) {
            Reply r = attempt(admin_, "POST", "/functions/v1/api", body);
            expect_refused(r, 400, body);
        }
        // A value in a field is stored as text, never run.
        Reply stored = attempt(scratch, "POST", "/functions/v1/api",
                               R"({"resource":"profiles","action":"update","id":")" + scratch +
                                   R"(","data":{"middle_name":)" + p + "}}");
        EXPECT_EQ(stored.status, 200) << stored.body;
        EXPECT_EQ(stored.text({"data", "middle_name"}), payload(raw_payload));
    }
    for (const char* number :
         {"-1", "1e308", "1.5", "99999999999999999999", "[10]", "{\"$gt\":0}", "null"}) {
        std::string body =
            std::string(R"({"resource":"profiles","action":"list","limit":)") + number + "}";
        Reply r = attempt(admin_, "POST", "/functions/v1/api", body);
        EXPECT_TRUE(r.status == 400 || (r.status == 200 && std::string(number) == "null"))
            << body << " " << r.body;
    }
}

TEST_F(HostileInput, SearchOfSeed003) {
    const std::string search = "/api/v5/artifacts/profiles/search";
    for (const char* raw_payload : kPayloads) {
        std::string p = json_string(payload(raw_payload));
        for (const char* field : {"search", "cohort_search", "department_search", "role_search"}) {
            std::string body = std::string("{\"") + field + "\":" + p + "}";
            Reply r = attempt(user_, "POST", search, body);
            EXPECT_EQ(r.status, 200) << body << " " << r.body;
            if (std::string(field) == "search") {
                EXPECT_EQ(r.integer({"total_count"}), 0) << body << " " << r.body;
            }
        }
        for (const std::string& body :
             {R"({"role_filter":)" + p + "}", R"({"cohort_ids":[)" + p + "]}",
              R"({"filter_department_ids":[)" + p + "]}", R"({"page_size":)" + p + "}",
              R"({"page_offset":)" + p + "}"}) {
            Reply r = attempt(user_, "POST", search, body);
            EXPECT_TRUE(r.status == 200 || r.status == 400) << body << " " << r.body;
            if (r.status == 200) {
                EXPECT_EQ(r.integer({"total_count"}), 0) << body << " " << r.body;
            } else {
                expect_refused(r, 400, body);
            }
        }
    }
}

TEST_F(HostileInput, SearchTextIsLiteral) {
    const std::string search = "/api/v5/artifacts/profiles/search";
    auto total = [&](const std::string& who, const std::string& text) {
        Reply r = attempt(who, "POST", search, R"({"search":)" + json_string(text) + "}");
        EXPECT_EQ(r.status, 200) << text << " " << r.body;
        return r.integer({"total_count"});
    };
    // The user sees one profile, "Plain Person": metacharacters match nothing in it.
    EXPECT_EQ(total(user_, "plain"), 1);
    for (const char* text :
         {"%", "_", "%%", "\\", "\\%", "%' OR 1=1 --", "P%n", "Pl_in", "[a-z]", ".*", "*"}) {
        EXPECT_EQ(total(user_, text), 0) << "search [" << text << "] matched a plain name";
    }
    // A user whose name holds the metacharacters finds them as text, and only as text.
    std::string odd = create_user("standard_user");
    ASSERT_EQ(api(admin_, "create", "",
                  R"({"id":")" + odd + R"(","first_name":"100%_sure","last_name":"back\\slash"})")
                  .status,
              201);
    EXPECT_EQ(total(odd, "%"), 1);
    EXPECT_EQ(total(odd, "_"), 1);
    EXPECT_EQ(total(odd, "0%_s"), 1);
    EXPECT_EQ(total(odd, "\\"), 1);
    EXPECT_EQ(total(odd, "k\\s"), 1);
    EXPECT_EQ(total(odd, "0%s"), 0) << "% worked as a wildcard";
    EXPECT_EQ(total(odd, "1_0"), 0) << "_ worked as a wildcard";
    EXPECT_EQ(total(odd, "k\\\\s"), 0) << "a backslash escaped the next character";
    EXPECT_EQ(total(odd, "back%slash"), 0) << "% worked as a wildcard";
}

TEST_F(HostileInput, PathIds) {
    const std::string uuid = new_uuid();
    const std::string ids[] = {
        "1%27%20OR%201=1",
        "1'%20OR%20'1'='1",
        "%27%3B%20DROP%20TABLE%20public." + canary_->table() + "%3B--",
        uuid + "%27%20OR%20%271%27=%271",
        uuid + "%20OR%201=1",
        uuid + "';--",
        "%25",
        "*",
        "..",
        "%2e%2e",
        "(select%20id%20from%20profiles.users%20limit%201)",
    };
    const std::string contact = "/profiles/" + user_ + "/contacts/";
    for (const std::string& id : ids) {
        const std::pair<std::string, std::string> requests[] = {
            {"GET", "/profiles/" + id},
            {"PUT", "/profiles/" + id},
            {"PATCH", "/profiles/" + id},
            {"DELETE", "/profiles/" + id},
            {"PUT", "/profile/" + id},
            {"GET", "/profiles/" + id + "/contacts"},
            {"POST", "/profiles/" + id + "/contacts"},
            {"GET", contact + id},
            {"PUT", contact + id},
            {"PATCH", contact + id},
            {"DELETE", contact + id},
            {"GET", "/manage/api/users/" + id + "/profile"},
            {"PUT", "/manage/api/users/" + id + "/profile"},
            {"GET", "/api/v5/artifacts/profiles/export/" + id},
        };
        for (const auto& [method, path] : requests) {
            bool has_body = method == "PUT" || method == "PATCH" || method == "POST";
            Reply r = attempt(admin_, method, path,
                              has_body ? std::optional<std::string>("{}") : std::nullopt);
            expect_client_error(r, method + " " + path);
            EXPECT_TRUE(r.status == 404 || r.status == 400) << method << " " << path;
        }
    }
    // Ids in bodies: not UUIDs, refused before any SQL sees them.
    for (const char* raw_payload : kPayloads) {
        std::string p = json_string(payload(raw_payload));
        for (const char* action : {"get", "duplicate", "emulate"}) {
            std::string body = R"({"target_profile_id":)" + p + "}";
            Reply r =
                attempt(admin_, "POST", std::string("/api/v5/artifacts/profiles/") + action, body);
            expect_refused(r, 400, std::string(action) + " " + body);
        }
        Reply draft =
            attempt(user_, "POST", "/api/v5/artifacts/profiles/get", R"({"draft_id":)" + p + "}");
        expect_refused(draft, 400, "draft_id");
        Reply bulk = attempt(admin_, "POST", "/api/v5/artifacts/profiles/delete",
                             R"({"profile_ids":[)" + p + "]}");
        EXPECT_TRUE(bulk.status == 400 || bulk.status == 200) << bulk.body;
        if (bulk.status == 200) {
            EXPECT_EQ(bulk.body.find("\"success\":true"), std::string::npos) << bulk.body;
        }
    }
}

TEST_F(HostileInput, JsonKeysInBodies) {
    for (const char* raw_key : {"first_name; DROP TABLE public.{canary}", "last_name\" = 'x'; --",
                                "firstName') OR 1=1 --", "*", "id", "version", ""}) {
        std::string key = json_string(payload(raw_key));
        struct Case {
            const char* who; // "admin" or "user"
            const char* method;
            std::string path;
            std::string body;
            int status;
        };
        const std::string contacts = "/profiles/" + user_ + "/contacts";
        const Case cases[] = {
            {"admin", "POST", "/functions/v1/api",
             R"({"resource":"profiles","action":"update","id":")" + user_ + R"(","data":{)" + key +
                 ":1}}",
             400},
            {"admin", "POST", "/functions/v1/api",
             R"({"resource":"profiles","action":"create","data":{"id":")" + new_uuid() + "\"," +
                 key + ":1}}",
             400},
            {"admin", "POST", "/profiles", "{" + key + R"(:"x"})", 400},
            {"user", "PATCH", "/profiles/" + user_, "{" + key + R"(:"x"})", 400},
            {"user", "PUT", "/profiles/" + user_, "{" + key + R"(:"x"})", 400},
            {"user", "POST", contacts, R"({"key":"email","value":"a@b.example",)" + key + ":1}",
             400},
            {"user", "PUT", "/api/user/profile", "{" + key + R"(:"x"})", 400},
            {"user", "POST", "/api/v5/artifacts/profiles/search", "{" + key + R"(:"x"})", 400},
            {"user", "PATCH", "/api/v5/artifacts/profiles/draft", "{" + key + R"(:"x"})", 400},
            {"user", "PUT", "/manage/api/users/" + user_ + "/profile", "{" + key + R"(:"UTC"})",
             422},
        };
        for (const Case& c : cases) {
            // "id" and "version" are real columns: refused as read-only or unknown alike.
            std::string who = std::string(c.who) == "admin" ? admin_ : user_;
            Reply r = attempt(who, c.method, c.path, c.body);
            std::string what = std::string(c.method) + " " + c.path + " " + c.body;
            if (std::string(raw_key) == "id" && c.path == "/functions/v1/api" &&
                c.body.find("create") != std::string::npos) {
                continue; // a duplicate "id" member: covered by the duplicate-key refusal below
            }
            expect_refused(r, c.status, what);
        }
        // Bulk updates report the bad item.
        Reply bulk = attempt(user_, "POST", "/api/v5/artifacts/profiles/update",
                             R"({"profiles":[{"profile_id":")" + user_ + "\"," + key + ":1}]}");
        EXPECT_TRUE(bulk.status == 400 ||
                    (bulk.status == 200 && bulk.body.find("VALIDATION_ERROR") != std::string::npos))
            << bulk.body;
    }
    // Free-form attributes (seed 004) keep any key, as data.
    std::string key = payload("x'); DROP TABLE public.{canary}; --");
    const std::string scratch = scratch_user();
    Reply stored = attempt(scratch, "PUT", "/manage/api/users/" + scratch + "/profile",
                           R"({"attributes":{)" + json_string(key) + ":1}}");
    EXPECT_TRUE(stored.status == 200 || stored.status == 201) << stored.body;
    EXPECT_EQ(stored.integer({"attributes", key.c_str()}), 1) << stored.body;
    // Duplicate members: two readers could disagree on which one counts.
    Reply twice = attempt(admin_, "POST", "/functions/v1/api",
                          R"({"resource":"profiles","action":"get","id":")" + user_ +
                              R"(","id":")" + bystander_ + "\"}");
    expect_refused(twice, 400, "duplicate id member");
}

// ---- odd bytes in paths
// ---------------------------------------------------------------------------

TEST_F(HostileInput, TraversalAndOddBytesInPathIds) {
    const std::string token = "Authorization: Bearer " + token_for(admin_);
    const std::string targets[] = {
        "/profiles/..%2f..%2fetc%2fpasswd",
        "/profiles/..%2F..%2F..%2F..%2Fetc%2Fpasswd",
        "/profiles/%2e%2e/%2e%2e/etc/passwd",
        "/profiles/../../../etc/passwd",
        "/../../../../etc/passwd",
        "/profiles/..\\..\\..\\etc\\passwd",
        "/profiles/%00",
        "/profiles/" + user_ + "%00",
        "/profiles/" + user_ + "%00/contacts",
        "/profiles/%C0%AE%C0%AE%C0%AF",
        "/profiles/%E0%80%AE%E0%80%AE",
        "/profiles/%F0%80%80%AE",
        "/profiles/%FF%FE%FD",
        "/profiles/%ED%A0%80",
        "/profiles/%",
        "/profiles/%zz",
        "/profiles/%0",
        "/profiles/%0d%0aSet-Cookie:%20x",
        "/profiles/" + std::string(4000, 'a'),
        "/manage/api/users/..%2f..%2f..%2fetc%2fpasswd/profile",
        "/manage/api/users/%00/profile",
        "/api/v5/artifacts/profiles/export/..%2F..%2F..%2Fetc%2Fpasswd",
        "/api/v5/artifacts/profiles/export/%00",
        "/docs/..%2f..%2f..%2f..%2fetc%2fpasswd",
        "/docs/redoc.standalone.js/../../../../etc/passwd",
        "/openapi.json/../../../../etc/passwd",
        "/live%00",
        "/live/..",
        "http://evil.example/../../etc/passwd",
    };
    for (const std::string& target : targets) {
        for (const char* method : {"GET", "DELETE"}) {
            std::string what = std::string(method) + " " + target.substr(0, 100);
            Reply r = raw(raw_request(method, target, {token, "X-Request-Id: odd-path"}));
            expect_client_error(r, what);
            EXPECT_TRUE(r.status == 400 || r.status == 404 || r.status == 405)
                << what << ": " << r.status;
            if (r.status == 404) {
                std::string code = r.header("Content-Type") == "application/problem+json"
                                       ? r.text({"code"})
                                       : r.text({"error", "code"});
                EXPECT_TRUE(code == "NOT_FOUND" || code == "not_found") << what << " " << r.body;
            }
            EXPECT_EQ(r.body.find("root:"), std::string::npos) << what;
            EXPECT_FALSE(has_header(r, "Set-Cookie")) << what;
        }
        canary_->expect_intact(target);
    }
}

// ---- broken JSON strings
// --------------------------------------------------------------------------

TEST_F(HostileInput, InvalidUtf8AndNulInJsonStrings) {
    const std::string bad_strings[] = {
        "\"a\xff\"",                // not UTF-8 at all
        "\"\xc0\xaf\"",             // overlong '/'
        "\"\xe0\x80\xae\"",         // overlong '.'
        "\"\xed\xa0\x80\"",         // an encoded surrogate
        "\"\xf4\x90\x80\x80\"",     // beyond U+10FFFF
        "\"\xe2\x82\"",             // truncated sequence
        "\"a\\u0000b\"",            // an escaped NUL
        "\"a\\u0000\"",             // a trailing escaped NUL
        std::string("\"a\0b\"", 5), // a raw NUL byte (invalid JSON)
        "\"\\ud800\"",              // a lone high surrogate
        "\"\\udc00x\"",             // a lone low surrogate
    };
    const std::string contacts = "/profiles/" + user_ + "/contacts";
    for (const std::string& s : bad_strings) {
        struct Case {
            std::string who, method, path, body;
        };
        const Case cases[] = {
            {admin_, "POST", "/functions/v1/api",
             R"({"resource":"profiles","action":"create","data":{"id":")" + new_uuid() +
                 R"(","first_name":)" + s + "}}"},
            {user_, "POST", "/functions/v1/api",
             R"({"resource":"profiles","action":"update","id":")" + user_ +
                 R"(","data":{"last_name":)" + s + "}}"},
            {admin_, "POST", "/profiles", R"({"firstName":)" + s + "}"},
            {user_, "PATCH", "/profiles/" + user_, R"({"lastName":)" + s + "}"},
            {user_, "POST", contacts, R"({"key":"email","value":)" + s + "}"},
            {user_, "PUT", "/api/user/profile", R"({"designation":)" + s + "}"},
            {user_, "POST", "/api/v5/artifacts/profiles/search", R"({"search":)" + s + "}"},
            {user_, "PATCH", "/api/v5/artifacts/profiles/draft", R"({"name":)" + s + "}"},
            {user_, "POST", "/api/v5/artifacts/profiles/update",
             R"({"profiles":[{"profile_id":")" + user_ + R"(","job_title":)" + s + "}]}"},
            {user_, "POST", "/api/v5/artifacts/profiles/docs", R"({"entity_id":)" + s + "}"},
            {user_, "POST", "/api/v5/artifacts/profiles/export",
             R"({"profile_export_id":)" + s + "}"},
            {user_, "POST", "/api/v5/artifacts/profiles/get",
             R"({"target_profile_id":")" + user_ + s.substr(1) + "}"},
            {user_, "PUT", "/manage/api/users/" + user_ + "/profile",
             R"({"attributes":{"note":)" + s + "}}"},
        };
        for (const Case& c : cases) {
            Reply r = attempt(c.who, c.method, c.path, c.body);
            std::string what = c.method + " " + c.path + " " + c.body;
            if (c.path.rfind("/manage/", 0) == 0) {
                expect_client_error(r, what);
                EXPECT_TRUE(r.status == 400 || r.status == 422) << what << " " << r.status;
            } else if (c.path.find("/update") != std::string::npos && r.status == 200) {
                // A bulk update may report the item instead.
                EXPECT_NE(r.body.find("VALIDATION_ERROR"), std::string::npos) << what << r.body;
            } else {
                expect_refused(r, 400, what);
            }
        }
    }
    // A NUL right after a valid UUID does not make it that UUID.
    for (const char* field : {"target_profile_id", "draft_id"}) {
        Reply r = attempt(user_, "POST", "/api/v5/artifacts/profiles/get",
                          std::string("{\"") + field + "\":\"" + user_ + "\\u0000\"}");
        expect_refused(r, 400, std::string(field) + " with a NUL after the UUID");
    }
    // Nothing of the above reached a row.
    EXPECT_EQ(db().scalar("SELECT count(*) FROM profiles.export WHERE creator_id = $1", {user_}),
              "0");
    EXPECT_EQ(db().scalar("SELECT count(*) FROM profiles.draft WHERE owner_id = $1", {user_}), "0");
}

// ---- sizes and shapes
// -----------------------------------------------------------------------------

TEST_F(HostileInput, DeeplyNestedJson) {
    const std::string open(100000, '[');
    const std::string close(100000, ']');
    std::string objects;
    for (int i = 0; i < 50000; ++i) {
        objects += R"({"a":)";
    }
    objects += "1" + std::string(50000, '}');
    struct Case {
        std::string who, method, path, body;
    };
    const Case cases[] = {
        {admin_, "POST", "/functions/v1/api", open},
        {admin_, "POST", "/functions/v1/api", open + close},
        {admin_, "POST", "/functions/v1/api",
         R"({"resource":"profiles","action":"update","id":")" + user_ + R"(","data":{"x":)" + open +
             close + "}}"},
        {admin_, "POST", "/profiles", R"({"firstName":)" + open + close + "}"},
        {user_, "PUT", "/api/user/profile", R"({"designation":)" + objects + "}"},
        {user_, "POST", "/api/v5/artifacts/profiles/search", R"({"search":)" + open + close + "}"},
        {user_, "PATCH", "/api/v5/artifacts/profiles/draft", R"({"name":)" + objects + "}"},
        {user_, "PUT", "/manage/api/users/" + user_ + "/profile",
         R"({"attributes":)" + open + close + "}"},
        {user_, "PUT", "/manage/api/users/" + user_ + "/profile",
         R"({"attributes":)" + objects + "}"},
    };
    for (const Case& c : cases) {
        auto started = Clock::now();
        Reply r = attempt(c.who, c.method, c.path, c.body);
        std::string what = c.method + " " + c.path + " " + c.body.substr(0, 60) + "...";
        EXPECT_LT(Clock::now() - started, std::chrono::seconds(2)) << what;
        if (c.path.rfind("/manage/", 0) == 0) {
            expect_client_error(r, what);
            EXPECT_TRUE(r.status == 400 || r.status == 422) << what << " " << r.status;
        } else {
            expect_refused(r, 400, what);
        }
    }
}

TEST_F(HostileInput, TenMegabyteBodies) {
    const std::string pad(10 * 1024 * 1024, 'x');
    const std::string envelope = R"({"resource":"profiles","action":"all","pad":")" + pad + "\"}";
    const std::string token = "Authorization: Bearer " + token_for(admin_);
    // Declared with Content-Length.
    Reply declared =
        raw(raw_request("POST", "/functions/v1/api", {token, "X-Request-Id: ten-mb"}, &envelope));
    expect_error_body(declared, 413, "10 MB with Content-Length");
    EXPECT_EQ(declared.error_code(), "PAYLOAD_TOO_LARGE");
    EXPECT_EQ(declared.header("X-Request-Id"), "ten-mb");
    // Chunked, without a length: counted while it arrives.
    std::string chunked = "POST /functions/v1/api HTTP/1.1\r\nHost: 127.0.0.1\r\n" + token +
                          "\r\nContent-Type: application/json\r\n"
                          "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
    const size_t chunk = 64 * 1024;
    for (size_t at = 0; at < envelope.size(); at += chunk) {
        std::string part = envelope.substr(at, chunk);
        char size[16];
        std::snprintf(size, sizeof size, "%zx\r\n", part.size());
        chunked += size + part + "\r\n";
    }
    chunked += "0\r\n\r\n";
    Reply streamed = raw(chunked);
    expect_error_body(streamed, 413, "10 MB chunked");
    // On every kind of route, and as problem+json on seed 004.
    const std::string big = R"({"pad":")" + pad + "\"}";
    for (const std::string& path :
         {std::string("/profiles"), "/profiles/" + user_, std::string("/api/user/profile"),
          std::string("/api/v5/artifacts/profiles/search"),
          "/manage/api/users/" + user_ + "/profile"}) {
        std::string method =
            path == "/profiles" || path.find("search") != std::string::npos ? "POST" : "PUT";
        Reply r = raw(raw_request(method, path, {token}, &big));
        expect_error_body(r, 413, method + " " + path);
    }
    EXPECT_TRUE(shim_is_live());
}

TEST_F(HostileInput, HugeRequestLineAndHeaders) {
    Reply line = raw(raw_request("GET", "/live?" + std::string(100 * 1024, 'a')));
    expect_client_error(line, "100 KB request line");
    Reply path = raw(raw_request("GET", "/profiles/" + std::string(100 * 1024, 'a')));
    expect_client_error(path, "100 KB path");
    Reply header = raw(raw_request("GET", "/live", {"X-Filler: " + std::string(100 * 1024, 'h')}));
    expect_client_error(header, "100 KB header");
    Reply cookie =
        raw(raw_request("GET", "/api/user/profile",
                        {"Cookie: better-auth.session_token=" + std::string(100 * 1024, 'c')}));
    expect_client_error(cookie, "100 KB cookie");
    EXPECT_TRUE(shim_is_live());
}

TEST_F(HostileInput, HeaderInjectionInRequestId) {
    const std::string injections[] = {
        "X-Request-Id: abc\r\nSet-Cookie: injected=1",
        "X-Request-Id: abc\rSet-Cookie: injected=1",
        "X-Request-Id: abc\nSet-Cookie: injected=1",
        "X-Request-Id: abc%0d%0aSet-Cookie:%20injected=1",
        "X-Request-Id: abc\r\n Set-Cookie: injected=1", // obsolete line folding
        "X-Request-Id: <script>alert(1)</script>",
        "X-Request-Id: abc\x01\x7f",
    };
    for (const std::string& header : injections) {
        for (const char* path : {"/live", "/functions/v1/api", "/nope"}) {
            Reply r = raw(raw_request("GET", path, {header}));
            std::string what = std::string(path) + " with [" + header + "]";
            EXPECT_NE(r.status, 0) << what;
            EXPECT_LT(r.status, 500) << what;
            EXPECT_FALSE(has_header(r, "Set-Cookie")) << what;
            std::string id = r.header("X-Request-Id");
            EXPECT_FALSE(id.empty()) << what;
            EXPECT_EQ(id.find_first_not_of(
                          "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._:-"),
                      std::string::npos)
                << what << ": echoed [" << id << "]";
            EXPECT_EQ(r.body.find("injected"), std::string::npos) << what;
            EXPECT_EQ(r.body.find("<script>"), std::string::npos) << what;
            if (r.status >= 400) {
                expect_error_body(r, r.status, what);
            }
        }
    }
}

// ---- Slow clients (slowloris) -------------------------------------------------------------------

namespace {

// The deadlines of the shim the slow-client tests start: short, so the tests are quick.
constexpr milliseconds kHeaderTimeout{1500};
constexpr milliseconds kBodyTimeout{1500};
constexpr int kWorkers = 3;
// How often a slow client sends its next byte: well inside the per-read timeout, so only a
// deadline on the whole head (or body) can stop it.
constexpr milliseconds kTrickle{250};

class SlowClients : public SecurityTest {
  protected:
    static void SetUpTestSuite() {
        std::string error;
        shim_ = ShimProcess::start(
                    {{"PROFILES_THREADS", std::to_string(kWorkers)},
                     {"PROFILES_POOL_SIZE", "2"},
                     {"PROFILES_HEADER_TIMEOUT_MS", std::to_string(kHeaderTimeout.count())},
                     {"PROFILES_BODY_TIMEOUT_MS", std::to_string(kBodyTimeout.count())},
                     {"PROFILES_BODY_MIN_RATE", "0"}},
                    error)
                    .release();
        start_error_ = error;
    }
    static void TearDownTestSuite() {
        if (shim_ != nullptr) {
            EXPECT_EQ(shim_->stop(), 0);
            delete shim_;
            shim_ = nullptr;
        }
    }
    void SetUp() override {
        SecurityTest::SetUp();
        ASSERT_NE(shim_, nullptr) << start_error_;
    }

    static int port() { return shim_->port(); }

    // profiles_http_slow_clients_total{phase=...} of the test's shim; -1 when not found.
    static long long slow_clients(const std::string& phase) {
        auto res = shim_->client()->Get("/metrics");
        if (!res || res->status != 200) {
            return -1;
        }
        const std::string key = "profiles_http_slow_clients_total{phase=\"" + phase + "\"} ";
        size_t at = res->body.find(key);
        return at == std::string::npos ? -1 : std::atoll(res->body.c_str() + at + key.size());
    }

    static ShimProcess* shim_;
    static std::string start_error_;
};

ShimProcess* SlowClients::shim_ = nullptr;
std::string SlowClients::start_error_;

bool send_all(int fd, const std::string& bytes) {
    size_t sent = 0;
    while (sent < bytes.size()) {
        ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) {
            return false;
        }
        sent += static_cast<size_t>(n);
    }
    return true;
}

// Whether the server closed `fd` (end of stream or reset), without waiting. Anything the server
// sent is appended to `received`.
bool closed_by_server(int fd, std::string& received) {
    char buffer[4096];
    while (true) {
        ssize_t n = ::recv(fd, buffer, sizeof buffer, MSG_DONTWAIT);
        if (n > 0) {
            received.append(buffer, static_cast<size_t>(n));
            continue;
        }
        return n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK);
    }
}

// Reads until the server closes the connection or `give_up` passes.
std::string read_to_close(int fd, milliseconds give_up) {
    std::string received;
    const auto until = Clock::now() + give_up;
    while (Clock::now() < until) {
        if (closed_by_server(fd, received)) {
            break;
        }
        pollfd pfd{fd, POLLIN, 0};
        ::poll(&pfd, 1, 50);
    }
    return received;
}

// A connection that sends `head` one byte per kTrickle and never finishes it.
struct Trickler {
    int fd = -1;
    size_t next = 0;
};

const std::string kEndlessHead =
    "GET /live HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + std::string(4096, 'z');

} // namespace

// More slow-header connections than the shim has workers, reopened as the shim closes them (what
// a slowloris attack does): each is closed once its head deadline passes, and a normal request
// sent in the middle of it is answered.
TEST_F(SlowClients, SlowHeadersAreClosedAndOthersAreServed) {
    const long long closed_before = slow_clients("head");
    ASSERT_GE(closed_before, 0) << "no profiles_http_slow_clients_total in /metrics";
    constexpr int kSlow = 2 * kWorkers;
    std::vector<Trickler> slow(kSlow);
    auto open = [](Trickler& t) {
        t.fd = connect_loopback(port());
        t.next = 0;
        return t.fd >= 0;
    };
    for (Trickler& t : slow) {
        ASSERT_TRUE(open(t));
    }
    // Let them take every worker before the normal request arrives.
    std::this_thread::sleep_for(2 * kTrickle);
    auto normal = std::async(std::launch::async, [] {
        auto client = shim_->client();
        client->set_read_timeout(kSlowlorisGiveUp);
        auto res = client->Get("/live");
        return res ? res->status : 0;
    });

    int closed_by_shim = 0;
    bool answered_during_attack = false;
    const auto give_up = Clock::now() + kSlowlorisGiveUp;
    while (Clock::now() < give_up) {
        for (Trickler& t : slow) {
            std::string received;
            if (closed_by_server(t.fd, received) ||
                !send_all(t.fd, kEndlessHead.substr(t.next, 1))) {
                EXPECT_EQ(received, "") << "a client out of time gets no answer";
                ++closed_by_shim;
                ::close(t.fd);
                ASSERT_TRUE(open(t)); // the attacker comes back at once
            } else {
                ++t.next;
            }
        }
        if (!answered_during_attack &&
            normal.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
            answered_during_attack = true;
        }
        if (answered_during_attack && closed_by_shim >= kSlow) {
            break;
        }
        std::this_thread::sleep_for(kTrickle);
    }
    for (Trickler& t : slow) {
        ::close(t.fd);
    }
    EXPECT_TRUE(answered_during_attack) << "a normal request waited out the whole attack";
    EXPECT_EQ(normal.get(), 200);
    EXPECT_GE(closed_by_shim, kSlow) << "slow-header connections were not closed";
    EXPECT_GE(slow_clients("head") - closed_before, closed_by_shim);
    EXPECT_NE(shim_->log().find("closed a slow client"), std::string::npos);
}

// A client that is slow but finishes its head within the deadline is served.
TEST_F(SlowClients, SlowHeadWithinTheDeadlineIsServed) {
    int fd = connect_loopback(port());
    ASSERT_GE(fd, 0);
    const std::string parts[] = {"GET /live HT", "TP/1.1\r\nHost: 127.0.0.1\r\n",
                                 "X-Request-Id: slow-but-fine\r\n", "Connection: close\r\n\r\n"};
    for (const std::string& part : parts) {
        ASSERT_TRUE(send_all(fd, part));
        std::this_thread::sleep_for(kHeaderTimeout / 6);
    }
    std::string response = read_to_close(fd, kSlowlorisGiveUp);
    ::close(fd);
    EXPECT_EQ(response.rfind("HTTP/1.1 200", 0), 0u) << response.substr(0, 200);
    EXPECT_NE(response.find("slow-but-fine"), std::string::npos);
}

// A body that stops coming is cut off at the body deadline; one that arrives slowly but in
// time is read and answered.
TEST_F(SlowClients, BodyDeadline) {
    const std::string admin = create_user("internal_admin");
    const std::string body = R"({"resource":"profiles","action":"all"})";
    const std::string head = "POST /functions/v1/api HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                             "Authorization: Bearer " +
                             token_for(admin) +
                             "\r\nContent-Type: application/json\r\nConnection: close\r\n"
                             "Content-Length: " +
                             std::to_string(body.size()) + "\r\n\r\n";
    const long long closed_before = slow_clients("body");

    // In time: three pieces within the deadline.
    int fd = connect_loopback(port());
    ASSERT_GE(fd, 0);
    ASSERT_TRUE(send_all(fd, head));
    const size_t third = body.size() / 3;
    for (size_t at = 0; at < body.size(); at += third) {
        std::this_thread::sleep_for(kBodyTimeout / 6);
        ASSERT_TRUE(send_all(fd, body.substr(at, third)));
    }
    std::string response = read_to_close(fd, kSlowlorisGiveUp);
    ::close(fd);
    EXPECT_EQ(response.rfind("HTTP/1.1 200", 0), 0u) << response.substr(0, 300);

    // Out of time: a 4 KB body announced, then one byte per kTrickle.
    fd = connect_loopback(port());
    ASSERT_GE(fd, 0);
    std::string long_head = head;
    long_head.replace(long_head.find("Content-Length: ") + 16, std::to_string(body.size()).size(),
                      "4096");
    ASSERT_TRUE(send_all(fd, long_head + body.substr(0, body.size() / 2)));
    std::string received;
    bool closed = false;
    const auto give_up = Clock::now() + kSlowlorisGiveUp;
    while (!closed && Clock::now() < give_up) {
        std::this_thread::sleep_for(kTrickle);
        closed = closed_by_server(fd, received) || !send_all(fd, " ");
    }
    ::close(fd);
    EXPECT_TRUE(closed) << "a body trickled past its deadline kept its connection";
    EXPECT_EQ(received, "");
    EXPECT_EQ(slow_clients("body") - closed_before, 1);
}
