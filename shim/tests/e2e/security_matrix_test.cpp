// The authorization matrix: every route of every seed, as every kind of caller, on the caller's
// own target and on someone else's. One table (kRoutes) drives it: a new route joins by adding
// a row, and SecurityMatrixCoverage fails while profiles.api_operation lists a route that has
// no row (or a row whose access rule disagrees with the documented one).
#include "security_fixtures.hpp"

#include "jwt.hpp"

#include <ctime>
#include <iterator>
#include <map>
#include <sstream>
#include <vector>

using namespace profiles::e2e;
using namespace profiles::e2e::security;

namespace {

// Who may call a route, as profiles.api_operation.roles documents it.
enum class Access {
    Admin,      // admins only: 403 for everyone else, whatever the target
    OwnOrAdmin, // the target's owner (or creator) and admins; 403 for other users
    AnyUser,    // every authenticated, enabled user
    Listing,    // everyone, but a user only sees their own rows (others are filtered out)
};

// How a route answers a user who may not touch the target.
enum class Denial {
    Status,  // 403 FORBIDDEN (problem+json on seed 004)
    PerItem, // bulk routes: 200, and the item fails with FORBIDDEN
    Hidden,  // listings: 200 without the row
};

// Fixtures a route needs beyond the caller's and the other user's profiles.
enum Needs : unsigned {
    kNothing = 0,
    kContact = 1u << 0, // a contact on each target profile: {contactId}
    kExport = 1u << 1,  // an export created by each target user: {uploadId}
};

// How many rows a listing answer shows (Access::Listing).
using Count = long (*)(const Reply&);

long total_count_header(const Reply& r) {
    std::string total = r.header("X-Total-Count");
    return total.empty() ? -1 : std::stol(total);
}
long total_count_member(const Reply& r) {
    return static_cast<long>(r.integer({"total_count"}));
}

struct Route {
    const char* name;    // test name suffix
    const char* seed;    // as profiles.api_operation.seed
    const char* method;  // as profiles.api_operation.method
    const char* pattern; // exactly as profiles.api_operation.path
    const char* action;  // seed 000: the envelope action this row exercises; else nullptr
    Access access;
    bool targeted; // true: run once on the caller's own target and once on another user's
    unsigned needs;
    // Appended after '?' and the request body, both templates (see fill()); nullptr: none.
    const char* query;
    const char* body;
    int ok; // the status of an allowed call
    Denial denial;
    Count count = nullptr; // Listing only
};

// Templates: {target} (= {profileId}, {userId}) the target's user / profile id, {contactId},
// {uploadId}, {marker} the target profile's unique last name, {fresh} a user without a profile,
// {tag} a fresh random string.
// clang-format off
const Route kRoutes[] = {
    // ---- seed 000: one route, one row per action ----
    {"s000_all", "000", "POST", "/functions/v1/api", "all", Access::Admin, false, kNothing,
     nullptr, R"({"resource":"profiles","action":"all"})", 200, Denial::Status},
    {"s000_list", "000", "POST", "/functions/v1/api", "list", Access::Admin, false, kNothing,
     nullptr, R"({"resource":"profiles","action":"list","limit":5,"offset":0})", 200,
     Denial::Status},
    {"s000_create", "000", "POST", "/functions/v1/api", "create", Access::Admin, false, kNothing,
     nullptr,
     R"({"resource":"profiles","action":"create","data":{"id":"{fresh}","first_name":"Mx"}})",
     201, Denial::Status},
    {"s000_get", "000", "POST", "/functions/v1/api", "get", Access::OwnOrAdmin, true, kNothing,
     nullptr, R"({"resource":"profiles","action":"get","id":"{target}"})", 200, Denial::Status},
    {"s000_update", "000", "POST", "/functions/v1/api", "update", Access::OwnOrAdmin, true,
     kNothing, nullptr,
     R"({"resource":"profiles","action":"update","id":"{target}","data":{"middle_name":"{tag}"}})",
     200, Denial::Status},
    {"s000_delete", "000", "POST", "/functions/v1/api", "delete", Access::OwnOrAdmin, true,
     kNothing, nullptr, R"({"resource":"profiles","action":"delete","id":"{target}"})", 200,
     Denial::Status},

    // ---- seed 001: the current user ----
    {"s001_GET_me", "001", "GET", "/api/user/profile", nullptr, Access::AnyUser, false, kNothing,
     nullptr, nullptr, 200, Denial::Status},
    {"s001_PUT_me", "001", "PUT", "/api/user/profile", nullptr, Access::AnyUser, false, kNothing,
     nullptr, R"({"designation":"Matrix {tag}"})", 200, Denial::Status},

    // ---- seed 002: REST profiles and contacts ----
    {"s002_GET_profiles", "002", "GET", "/profiles", nullptr, Access::Listing, true, kNothing,
     "filter[lastName]={marker}", nullptr, 200, Denial::Hidden, total_count_header},
    {"s002_POST_profiles", "002", "POST", "/profiles", nullptr, Access::Admin, false, kNothing,
     nullptr, R"({"firstName":"Matrix","lastName":"{tag}"})", 201, Denial::Status},
    {"s002_GET_profile", "002", "GET", "/profiles/{profileId}", nullptr, Access::OwnOrAdmin, true,
     kNothing, nullptr, nullptr, 200, Denial::Status},
    {"s002_PUT_profile", "002", "PUT", "/profiles/{profileId}", nullptr, Access::OwnOrAdmin, true,
     kNothing, nullptr, R"({"middleName":"{tag}"})", 200, Denial::Status},
    {"s002_PATCH_profile", "002", "PATCH", "/profiles/{profileId}", nullptr, Access::OwnOrAdmin,
     true, kNothing, nullptr, R"({"middleName":"{tag}"})", 200, Denial::Status},
    {"s002_PUT_profile_singular", "002", "PUT", "/profile/{profileId}", nullptr,
     Access::OwnOrAdmin, true, kNothing, nullptr, R"({"middleName":"{tag}"})", 200,
     Denial::Status},
    {"s002_PATCH_profile_singular", "002", "PATCH", "/profile/{profileId}", nullptr,
     Access::OwnOrAdmin, true, kNothing, nullptr, R"({"middleName":"{tag}"})", 200,
     Denial::Status},
    {"s002_DELETE_profile", "002", "DELETE", "/profiles/{profileId}", nullptr, Access::OwnOrAdmin,
     true, kNothing, nullptr, nullptr, 204, Denial::Status},
    {"s002_GET_contacts", "002", "GET", "/profiles/{profileId}/contacts", nullptr,
     Access::OwnOrAdmin, true, kContact, nullptr, nullptr, 200, Denial::Status},
    {"s002_POST_contacts", "002", "POST", "/profiles/{profileId}/contacts", nullptr,
     Access::OwnOrAdmin, true, kNothing, nullptr,
     R"({"key":"email","value":"mx-{tag}@e2e.example.com"})", 201, Denial::Status},
    {"s002_GET_contact", "002", "GET", "/profiles/{profileId}/contacts/{contactId}", nullptr,
     Access::OwnOrAdmin, true, kContact, nullptr, nullptr, 200, Denial::Status},
    {"s002_PUT_contact", "002", "PUT", "/profiles/{profileId}/contacts/{contactId}", nullptr,
     Access::OwnOrAdmin, true, kContact, nullptr,
     R"({"key":"email","value":"put-{tag}@e2e.example.com"})", 200, Denial::Status},
    {"s002_PATCH_contact", "002", "PATCH", "/profiles/{profileId}/contacts/{contactId}", nullptr,
     Access::OwnOrAdmin, true, kContact, nullptr, R"({"value":"patch-{tag}@e2e.example.com"})",
     200, Denial::Status},
    {"s002_DELETE_contact", "002", "DELETE", "/profiles/{profileId}/contacts/{contactId}",
     nullptr, Access::OwnOrAdmin, true, kContact, nullptr, nullptr, 204, Denial::Status},

    // ---- seed 003: artifacts ----
    {"s003_context", "003", "POST", "/api/v5/artifacts/profiles/context", nullptr,
     Access::AnyUser, false, kNothing, nullptr, "{}", 200, Denial::Status},
    {"s003_get", "003", "POST", "/api/v5/artifacts/profiles/get", nullptr, Access::OwnOrAdmin,
     true, kNothing, nullptr, R"({"target_profile_id":"{target}"})", 200, Denial::Status},
    {"s003_search", "003", "POST", "/api/v5/artifacts/profiles/search", nullptr, Access::Listing,
     true, kNothing, nullptr, R"({"search":"{marker}"})", 200, Denial::Hidden,
     total_count_member},
    {"s003_create", "003", "POST", "/api/v5/artifacts/profiles/create", nullptr, Access::Admin,
     false, kNothing, nullptr,
     R"({"profiles":[{"email":"bulk-{tag}@e2e.example.com","first_name":"Matrix"}]})", 200,
     Denial::Status},
    {"s003_update", "003", "POST", "/api/v5/artifacts/profiles/update", nullptr,
     Access::OwnOrAdmin, true, kNothing, nullptr,
     R"({"profiles":[{"profile_id":"{target}","job_title":"{tag}"}]})", 200, Denial::PerItem},
    {"s003_delete", "003", "POST", "/api/v5/artifacts/profiles/delete", nullptr,
     Access::OwnOrAdmin, true, kNothing, nullptr, R"({"profile_ids":["{target}"]})", 200,
     Denial::PerItem},
    {"s003_duplicate", "003", "POST", "/api/v5/artifacts/profiles/duplicate", nullptr,
     Access::Admin, true, kNothing, nullptr, R"({"target_profile_id":"{target}"})", 201,
     Denial::Status},
    {"s003_draft", "003", "PATCH", "/api/v5/artifacts/profiles/draft", nullptr, Access::AnyUser,
     false, kNothing, nullptr, R"({"name":"Matrix {tag}"})", 200, Denial::Status},
    {"s003_drafts", "003", "POST", "/api/v5/artifacts/profiles/drafts", nullptr, Access::AnyUser,
     false, kNothing, nullptr, "{}", 200, Denial::Status},
    {"s003_docs", "003", "POST", "/api/v5/artifacts/profiles/docs", nullptr, Access::AnyUser,
     false, kNothing, nullptr, R"({"entity_id":"export_profiles"})", 200, Denial::Status},
    {"s003_emulate", "003", "POST", "/api/v5/artifacts/profiles/emulate", nullptr, Access::Admin,
     true, kNothing, nullptr, R"({"target_profile_id":"{target}","ttl_minutes":5})", 200,
     Denial::Status},
    {"s003_unemulate", "003", "POST", "/api/v5/artifacts/profiles/unemulate", nullptr,
     Access::Admin, false, kNothing, nullptr, "{}", 200, Denial::Status},
    {"s003_export", "003", "POST", "/api/v5/artifacts/profiles/export", nullptr, Access::AnyUser,
     false, kNothing, nullptr, R"({"profile_export_id":"matrix-{tag}"})", 201, Denial::Status},
    {"s003_export_download", "003", "GET", "/api/v5/artifacts/profiles/export/{uploadId}",
     nullptr, Access::OwnOrAdmin, true, kExport, nullptr, nullptr, 200, Denial::Status},
    {"s003_refresh", "003", "POST", "/api/v5/artifacts/profiles/refresh", nullptr, Access::Admin,
     false, kNothing, nullptr, "{}", 200, Denial::Status},

    // ---- seed 004: user profile attributes (errors are problem+json) ----
    {"s004_GET_user_profile", "004", "GET", "/manage/api/users/{userId}/profile", nullptr,
     Access::OwnOrAdmin, true, kNothing, nullptr, nullptr, 200, Denial::Status},
    {"s004_PUT_user_profile", "004", "PUT", "/manage/api/users/{userId}/profile", nullptr,
     Access::OwnOrAdmin, true, kNothing, nullptr, R"({"timezone":"UTC"})", 200,
     Denial::Status},
};
// clang-format on

constexpr size_t kRouteCount = sizeof kRoutes / sizeof kRoutes[0];

enum class State { Active, Disabled, Deleted, NoToken };

struct Caller {
    const char* name;
    const char* role;
    State state;
};

// Disabled, deleted and token-less callers hold the admin role: even an admin is nobody
// without a valid, live identity.
const Caller kCallers[] = {
    {"consumer", "consumer", State::Active},
    {"standard_user", "standard_user", State::Active},
    {"internal_admin", "internal_admin", State::Active},
    {"internalx", "internalx", State::Active},           // not internal_*: no admin
    {"Internal_admin", "Internal_admin", State::Active}, // the prefix is case-sensitive
    {"disabled", "internal_admin", State::Disabled},
    {"deleted", "internal_admin", State::Deleted},
    {"no_token", "internal_admin", State::NoToken},
};

bool is_admin_role(const std::string& role) {
    return role.size() > 9 && role.compare(0, 9, "internal_") == 0;
}

enum class Expect { Allowed, Denied, Unauthorized };

Expect expected(const Route& route, const Caller& caller, bool own) {
    if (caller.state != State::Active) {
        return Expect::Unauthorized;
    }
    if (is_admin_role(caller.role)) {
        return Expect::Allowed;
    }
    switch (route.access) {
    case Access::Admin:
        return Expect::Denied;
    case Access::OwnOrAdmin:
    case Access::Listing:
        return own ? Expect::Allowed : Expect::Denied;
    case Access::AnyUser:
        return Expect::Allowed;
    }
    return Expect::Denied;
}

// What the templates of one request resolve to.
struct Target {
    std::string id;      // user id = profile id
    std::string marker;  // the profile's last name
    std::string contact; // kContact
    std::string upload;  // kExport
};

struct Cell {
    Target target;
    std::string fresh; // a user without profile, when the body asks for one
    std::string tag;
};

void replace_all(std::string& text, const std::string& from, const std::string& to) {
    for (size_t at = text.find(from); at != std::string::npos;
         at = text.find(from, at + to.size())) {
        text.replace(at, from.size(), to);
    }
}

std::string fill(std::string text, const Cell& cell) {
    for (const char* name : {"{target}", "{profileId}", "{userId}"}) {
        replace_all(text, name, cell.target.id);
    }
    replace_all(text, "{contactId}", cell.target.contact);
    replace_all(text, "{uploadId}", cell.target.upload);
    replace_all(text, "{marker}", cell.target.marker);
    replace_all(text, "{fresh}", cell.fresh);
    replace_all(text, "{tag}", cell.tag);
    return text;
}

// The item of a bulk answer, {success, error{code}}.
const rapidjson::Value* first_item(const Reply& r) {
    const rapidjson::Value* results = r.at({"results"});
    if (results == nullptr || !results->IsArray() || results->Empty()) {
        return nullptr;
    }
    return &(*results)[0];
}

class SecurityMatrix : public SecurityTest, public ::testing::WithParamInterface<size_t> {
  protected:
    void SetUp() override {
        SecurityTest::SetUp();
        if (HasFatalFailure()) {
            return;
        }
        admin_ = create_user("internal_admin");
        last_activity_ =
            db().scalar("SELECT coalesce(max(id), 0) FROM profiles.activities").value_or("0");
    }

    // No refused request of this test wrote an activity. One query at the end: request_id has
    // no index, but the rows written since SetUp are a short range of the primary key.
    void TearDown() override {
        if (!refused_.empty()) {
            std::string ids = "{";
            for (const auto& [rid, cell] : refused_) {
                ids += (ids.size() > 1 ? "," : "") + rid;
            }
            ids += "}";
            std::optional<std::string> written =
                db().scalar("SELECT string_agg(DISTINCT request_id, ',') FROM profiles.activities "
                            "WHERE id > $1::bigint AND request_id = ANY($2::text[])",
                            {last_activity_, ids});
            if (written) {
                std::string cells;
                for (const auto& [rid, cell] : refused_) {
                    if (written->find(rid) != std::string::npos) {
                        cells += "\n  " + cell;
                    }
                }
                ADD_FAILURE() << "refused requests wrote activities:" << cells;
            }
        }
        SecurityTest::TearDown();
    }

    // HS256 token with a session id (emulation is bound to it; other routes ignore it).
    static std::string token(const std::string& sub, const std::string& sid) {
        long now = static_cast<long>(std::time(nullptr));
        std::string payload = R"({"sub":")" + sub + R"(","sid":")" + sid + R"(","iat":)" +
                              std::to_string(now - 60) + R"(,"exp":)" + std::to_string(now + 600) +
                              "}";
        return profiles::jwt::sign_hs256(R"({"alg":"HS256","typ":"JWT"})", payload,
                                         Shared::get().secret());
    }

    // For each role, a users row and its profile (last name: a fresh marker), plus what `needs`
    // asks for. Written in one transaction through the SQL API (as the admin): per-request
    // commits would make the matrix slow without testing anything more.
    std::vector<Target> make_targets(const std::vector<std::string>& roles, unsigned needs) {
        std::vector<Target> targets;
        AdminDb& sql = db();
        sql.exec("BEGIN");
        try {
            sql.exec("SELECT profiles.set_actor($1::uuid, NULL, $2)",
                     {admin_, "mx-setup-" + random_tag()});
            for (const std::string& role : roles) {
                Target t{new_uuid(), "Mx" + random_tag(), "", ""};
                sql.exec("INSERT INTO profiles.users (id, email, role) VALUES ($1, $2, $3)",
                         {t.id, "u-" + t.id + "@e2e.example.com", role});
                sql.exec("SELECT profiles.profile_create($1::jsonb)",
                         {R"({"id":")" + t.id + R"(","first_name":"Matrix","last_name":")" +
                          t.marker + "\"}"});
                if (needs & kContact) {
                    t.contact = sql.scalar("SELECT profiles.rest_contact_create($1::uuid, "
                                           "$2::jsonb)::json ->> 'contactId'",
                                           {t.id, R"({"key":"email","value":"c-)" + random_tag() +
                                                      R"(@e2e.example.com"})"})
                                    .value_or("");
                }
                if (needs & kExport) {
                    const std::string csv = "profile_id\r\n";
                    t.upload = sql.scalar("INSERT INTO profiles.export (creator_id, file_name, "
                                          "row_count, byte_count, status, finished_at) VALUES "
                                          "($1, 'matrix.csv', 0, length($2), 'done', now()) "
                                          "RETURNING id",
                                          {t.id, csv})
                                   .value_or("");
                    sql.exec("INSERT INTO profiles.export_chunk (export_id, seq, data) "
                             "VALUES ($1, 0, $2)",
                             {t.upload, csv});
                }
                targets.push_back(std::move(t));
            }
            sql.exec("COMMIT");
        } catch (...) {
            sql.exec("ROLLBACK");
            throw;
        }
        return targets;
    }

    void run_cell(const Route& route, const Caller& caller, const std::string& token,
                  const Cell& cell, bool own) {
        std::string path = fill(route.pattern, cell);
        std::string target = path + (route.query ? "?" + fill(route.query, cell) : "");
        std::optional<std::string> body;
        if (route.body != nullptr) {
            body = fill(route.body, cell);
        }
        std::string rid = "mx-" + random_tag(20);
        httplib::Headers headers = {{"X-Request-Id", rid}};
        if (!token.empty()) {
            headers.emplace("Authorization", "Bearer " + token);
        }
        Reply r = send(route.method, target, headers, body);
        const bool problem = std::string(route.seed) == "004";
        const Expect expect = expected(route, caller, own);

        if (expect == Expect::Unauthorized) {
            if (problem) {
                expect_problem(r, 401, path);
            } else {
                expect_error_body(r, 401);
                EXPECT_EQ(r.error_code(), "UNAUTHORIZED");
                EXPECT_EQ(r.error_message(), "Invalid or missing authentication token");
            }
        } else if (expect == Expect::Denied && route.denial == Denial::Status) {
            if (problem) {
                expect_problem(r, 403, path);
            } else {
                expect_error_body(r, 403);
                EXPECT_EQ(r.error_code(), "FORBIDDEN");
            }
        } else if (expect == Expect::Denied && route.denial == Denial::PerItem) {
            EXPECT_EQ(r.status, 200) << r.body;
            const rapidjson::Value* item = first_item(r);
            ASSERT_NE(item, nullptr) << r.body;
            EXPECT_TRUE(item->HasMember("success") && (*item)["success"].IsFalse()) << r.body;
            EXPECT_TRUE(item->HasMember("error") && (*item)["error"].IsObject() &&
                        std::string((*item)["error"]["code"].GetString()) == "FORBIDDEN")
                << r.body;
        } else if (expect == Expect::Denied) { // Hidden
            EXPECT_EQ(r.status, route.ok) << r.body;
            EXPECT_EQ(route.count(r), 0) << "a user sees someone else's row: " << r.body;
        } else {
            EXPECT_EQ(r.status, route.ok) << r.body.substr(0, 400);
            if (route.denial == Denial::PerItem) {
                const rapidjson::Value* item = first_item(r);
                EXPECT_TRUE(item != nullptr && item->HasMember("success") &&
                            (*item)["success"].IsTrue())
                    << r.body;
            }
            if (route.access == Access::Listing) {
                EXPECT_EQ(route.count(r), 1) << r.body.substr(0, 400);
            }
        }
        if (expect != Expect::Allowed) {
            refused_.emplace_back(rid,
                                  std::string(route.method) + " " + target + " as " + caller.name);
        }
    }

    std::string admin_;
    std::string last_activity_;
    std::vector<std::pair<std::string, std::string>> refused_; // request id, what it was
};

TEST_P(SecurityMatrix, EveryCallerOwnAndOther) {
    const Route& route = kRoutes[GetParam()];
    // Per caller: their own user and profile, and (for targeted routes) another user's.
    const size_t per_caller = route.targeted ? 2 : 1;
    std::vector<std::string> roles;
    for (const Caller& caller : kCallers) {
        roles.emplace_back(caller.role);
        if (route.targeted) {
            roles.emplace_back("standard_user");
        }
    }
    std::vector<Target> targets = make_targets(roles, route.needs);
    for (size_t i = 0; i < std::size(kCallers); ++i) {
        const Caller& caller = kCallers[i];
        const Target& own = targets[per_caller * i];
        const Target& other = targets[per_caller * i + per_caller - 1];
        if (caller.state == State::Disabled) {
            db().exec("UPDATE profiles.users SET disabled = true WHERE id = $1", {own.id});
        } else if (caller.state == State::Deleted) {
            db().exec("UPDATE profiles.users SET deleted_at = now() WHERE id = $1", {own.id});
        }
        std::string bearer_token =
            caller.state == State::NoToken ? "" : token(own.id, "mx-sid-" + random_tag());
        for (bool is_own : {true, false}) {
            if (!is_own && !route.targeted) {
                continue;
            }
            SCOPED_TRACE(
                std::string(route.method) + " " + route.pattern + " as " + caller.name +
                (route.targeted ? (is_own ? " on own target" : " on other's target") : ""));
            Cell cell{is_own ? own : other, "", random_tag()};
            if (route.body != nullptr &&
                std::string(route.body).find("{fresh}") != std::string::npos) {
                cell.fresh = create_user("consumer");
            }
            run_cell(route, caller, bearer_token, cell, is_own);
        }
    }
}

INSTANTIATE_TEST_SUITE_P(SecurityRoutes, SecurityMatrix, ::testing::Range<size_t>(0, kRouteCount),
                         [](const ::testing::TestParamInfo<size_t>& info) {
                             return std::string(kRoutes[info.param].name);
                         });

// ---- the matrix against the route table ---------------------------------------------------

// The access rule a profiles.api_operation.roles text documents.
std::optional<Access> documented_access(const std::string& roles) {
    static const std::map<std::string, Access> kTexts = {
        {"admin", Access::Admin},
        {"own or admin", Access::OwnOrAdmin},
        {"own or admin per item", Access::OwnOrAdmin},
        {"creator or admin", Access::OwnOrAdmin},
        {"any user", Access::AnyUser},
        {"any user (own drafts)", Access::AnyUser},
        {"any user (visible profiles)", Access::AnyUser},
        {"own (users), all (admins)", Access::Listing},
    };
    auto it = kTexts.find(roles);
    if (it == kTexts.end()) {
        return std::nullopt;
    }
    return it->second;
}

std::string trim(const std::string& text) {
    size_t first = text.find_first_not_of(' ');
    size_t last = text.find_last_not_of(' ');
    return first == std::string::npos ? "" : text.substr(first, last - first + 1);
}

// "all, list, create: admin; get, update: own or admin" -> {all: admin, ...}.
std::map<std::string, std::string> roles_per_action(const std::string& roles) {
    std::map<std::string, std::string> out;
    std::istringstream groups(roles);
    for (std::string group; std::getline(groups, group, ';');) {
        size_t colon = group.find(':');
        if (colon == std::string::npos) {
            continue;
        }
        std::string rule = trim(group.substr(colon + 1));
        std::istringstream actions(group.substr(0, colon));
        for (std::string action; std::getline(actions, action, ',');) {
            out[trim(action)] = rule;
        }
    }
    return out;
}

class SecurityMatrixCoverage : public SecurityTest {};

TEST_F(SecurityMatrixCoverage, EveryApiOperationHasARowWithItsDocumentedAccess) {
    std::optional<std::string> table = db().scalar(
        "SELECT string_agg(seed || E'\\t' || method || E'\\t' || path || E'\\t' || roles, "
        "E'\\n' ORDER BY seed, path, method) FROM profiles.api_operation");
    ASSERT_TRUE(table);
    std::istringstream lines(*table);
    size_t operations = 0;
    std::vector<bool> used(kRouteCount, false);
    for (std::string line; std::getline(lines, line); ++operations) {
        std::istringstream fields(line);
        std::string seed, method, path, roles;
        std::getline(fields, seed, '\t');
        std::getline(fields, method, '\t');
        std::getline(fields, path, '\t');
        std::getline(fields, roles, '\t');
        SCOPED_TRACE(seed + " " + method + " " + path + " [" + roles + "]");

        std::vector<size_t> rows;
        for (size_t i = 0; i < kRouteCount; ++i) {
            if (seed == kRoutes[i].seed && method == kRoutes[i].method &&
                path == kRoutes[i].pattern) {
                rows.push_back(i);
                used[i] = true;
            }
        }
        EXPECT_FALSE(rows.empty()) << "no row in kRoutes (security_matrix_test.cpp): add one";
        if (roles.find(':') != std::string::npos) {
            // One route, several actions with their own rules (seed 000).
            for (const auto& [action, rule] : roles_per_action(roles)) {
                bool found = false;
                for (size_t i : rows) {
                    if (kRoutes[i].action != nullptr && action == kRoutes[i].action) {
                        found = true;
                        EXPECT_EQ(documented_access(rule), kRoutes[i].access)
                            << kRoutes[i].name << " vs \"" << rule << "\"";
                    }
                }
                EXPECT_TRUE(found) << "no row for action " << action;
            }
            continue;
        }
        std::optional<Access> access = documented_access(roles);
        EXPECT_TRUE(access) << "roles text unknown to documented_access(): map it";
        for (size_t i : rows) {
            EXPECT_EQ(access, kRoutes[i].access) << kRoutes[i].name;
        }
    }
    EXPECT_GE(operations, 33u);
    for (size_t i = 0; i < kRouteCount; ++i) {
        EXPECT_TRUE(used[i]) << kRoutes[i].name << " names no row of profiles.api_operation";
    }
}

TEST_F(SecurityMatrixCoverage, RowNamesAreUnique) {
    std::map<std::string, int> seen;
    for (const Route& route : kRoutes) {
        EXPECT_EQ(++seen[route.name], 1) << route.name;
        EXPECT_EQ(route.access == Access::Listing, route.count != nullptr) << route.name;
        EXPECT_EQ(route.access == Access::Listing, route.denial == Denial::Hidden) << route.name;
    }
}

} // namespace
