// Seed 003 over HTTP: every artifact route, as an admin, a standard_user, a consumer and without
// credentials; bulk writes with a failing item; the draft version conflict.
#include "artifact_fixtures.hpp"

using namespace profiles::e2e;
using namespace profiles::e2e::seed003;

namespace {

class Seed003Routes : public ArtifactTest {
  protected:
    void SetUp() override {
        ArtifactTest::SetUp();
        admin_ = create_user("internal_admin");
        other_ = create_user_with_profile("standard_user", admin_);
    }

    static void expect_error(const Reply& r, int status, const char* code) {
        EXPECT_EQ(r.status, status) << r.body;
        EXPECT_EQ(r.error_code(), code) << r.body;
        EXPECT_FALSE(r.text({"requestId"}).empty()) << r.body;
    }

    // The result item `index` of a bulk answer.
    static const rapidjson::Value* item(const Reply& r, rapidjson::SizeType index) {
        const rapidjson::Value* results = r.at({"results"});
        if (results == nullptr || !results->IsArray() || results->Size() <= index) {
            return nullptr;
        }
        return &(*results)[index];
    }
    static bool item_ok(const Reply& r, rapidjson::SizeType index) {
        const rapidjson::Value* v = item(r, index);
        return v != nullptr && (*v)["success"].IsBool() && (*v)["success"].GetBool();
    }
    static std::string item_error(const Reply& r, rapidjson::SizeType index) {
        const rapidjson::Value* v = item(r, index);
        if (v == nullptr || !(*v)["error"].IsObject()) {
            return "";
        }
        return (*v)["error"]["code"].GetString();
    }
    static std::string item_id(const Reply& r, rapidjson::SizeType index) {
        const rapidjson::Value* v = item(r, index);
        return v != nullptr && (*v)["profile_id"].IsString() ? (*v)["profile_id"].GetString() : "";
    }

    std::string admin_;
    std::string other_;
};

// Regular users, each role in turn.
class Seed003RegularUser : public Seed003Routes, public ::testing::WithParamInterface<const char*> {
  protected:
    void SetUp() override {
        Seed003Routes::SetUp();
        me_ = create_user_with_profile(GetParam(), admin_);
    }
    std::string me_;
};

bool contains_string(const rapidjson::Value* array, const std::string& value) {
    if (array == nullptr || !array->IsArray()) {
        return false;
    }
    for (const auto& v : array->GetArray()) {
        if (v.IsString() && v.GetString() == value) {
            return true;
        }
    }
    return false;
}

} // namespace

// --- no credentials, malformed requests -----------------------------------------------------

TEST_F(Seed003Routes, EveryRouteNeedsCredentials) {
    for (const char* action :
         {"context", "get", "search", "create", "update", "delete", "duplicate", "drafts", "docs",
          "emulate", "unemulate", "export", "refresh"}) {
        expect_error(artifact(action, "", "{}"), 401, "UNAUTHORIZED");
    }
    Reply patch = to_reply(Shared::get().shim().client()->Patch(
        (std::string(kArtifactsPrefix) + "draft").c_str(), "{}", "application/json"));
    expect_error(patch, 401, "UNAUTHORIZED");
    expect_error(download(new_uuid(), ""), 401, "UNAUTHORIZED");
    expect_error(artifact("context", "not-a-token"), 401, "UNAUTHORIZED");
    expect_error(artifact("context", token_for(admin_, -120)), 401, "UNAUTHORIZED");
}

TEST_F(Seed003Routes, UnknownUserIsUnauthorized) {
    expect_error(artifact("context", token_for(new_uuid())), 401, "UNAUTHORIZED");
}

TEST_F(Seed003Routes, RoutesAnswerOnlyTheirMethod) {
    Reply r = get(std::string(kArtifactsPrefix) + "context");
    EXPECT_EQ(r.status, 405) << r.body;
    EXPECT_EQ(r.header("Allow"), "POST");
    Reply draft = as(admin_, "draft", "{}");
    EXPECT_EQ(draft.status, 405) << draft.body;
    EXPECT_EQ(draft.header("Allow"), "PATCH");
    EXPECT_EQ(as(admin_, "nope").status, 404);
}

TEST_F(Seed003Routes, BodiesMustBeJsonObjects) {
    std::string token = token_for(admin_);
    expect_error(artifact("context", token, "[1]"), 400, "VALIDATION_ERROR");
    expect_error(artifact("search", token, "{"), 400, "VALIDATION_ERROR");
    Reply text = post(std::string(kArtifactsPrefix) + "search", token, "{}", "text/plain");
    expect_error(text, 415, "UNSUPPORTED_MEDIA_TYPE");
    // Required bodies: an empty one is not an object.
    expect_error(artifact("create", token, ""), 400, "VALIDATION_ERROR");
}

TEST_F(Seed003Routes, ScalarFieldsOfTheWrongTypeAre400) {
    std::string token = token_for(admin_);
    struct Case {
        const char* action;
        const char* body;
        const char* message;
    } cases[] = {
        {"context", R"({"department_id":5})", "department_id must be a UUID string"},
        {"context", R"({"department_id":"x"})", "department_id must be a UUID string"},
        {"get", R"({"target_profile_id":true})", "target_profile_id must be a UUID string"},
        {"get", R"({"draft_id":["a"]})", "draft_id must be a UUID string"},
        {"duplicate", "{}", "target_profile_id is required"},
        {"emulate", R"({"target_profile_id":null})", "target_profile_id is required"},
        {"docs", R"({"entity_id":1})", "entity_id must be a string"},
        {"export", R"({"profile_export_id":{}})", "profile_export_id must be a string"},
    };
    for (const Case& c : cases) {
        Reply r = artifact(c.action, token, c.body);
        expect_error(r, 400, "VALIDATION_ERROR");
        EXPECT_EQ(r.error_message(), c.message) << c.action << " " << c.body;
    }
    std::string emulate = R"({"target_profile_id":")" + other_ + R"(","ttl_minutes":"15"})";
    expect_error(artifact("emulate", token, emulate), 400, "VALIDATION_ERROR");
}

// --- context ---------------------------------------------------------------------------------

TEST_F(Seed003Routes, AdminContext) {
    Reply r = as(admin_, "context");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.header("Content-Type"), "application/json");
    EXPECT_EQ(r.text({"id"}), admin_);
    EXPECT_EQ(r.text({"role"}), "internal_admin");
    EXPECT_TRUE(r.is_true({"active"}));
    EXPECT_FALSE(r.is_true({"is_emulation"}));
    EXPECT_EQ(r.integer({"emulation_depth"}), 0);
    EXPECT_TRUE(contains_string(r.at({"role_artifacts"}), "profiles.export"));
    EXPECT_TRUE(contains_string(r.at({"available_sections"}), "roles"));
}

TEST_F(Seed003Routes, ContextWithoutBodyOrWithNullDepartment) {
    Reply none = post(std::string(kArtifactsPrefix) + "context", token_for(admin_), "", "");
    ASSERT_EQ(none.status, 200) << none.body;
    EXPECT_EQ(none.text({"id"}), admin_);
    Reply null_department = as(admin_, "context", R"({"department_id":null})");
    ASSERT_EQ(null_department.status, 200) << null_department.body;
    EXPECT_EQ(null_department.text({"id"}), admin_);
}

TEST_P(Seed003RegularUser, Context) {
    Reply r = as(me_, "context", R"({"department_id":")" + new_uuid() + R"("})");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.text({"id"}), me_);
    EXPECT_EQ(r.text({"role"}), GetParam());
    EXPECT_FALSE(contains_string(r.at({"role_artifacts"}), "profiles.admin"));
    EXPECT_FALSE(contains_string(r.at({"available_sections"}), "roles"));
}

// --- get -------------------------------------------------------------------------------------

TEST_F(Seed003Routes, AdminGetsAnyProfile) {
    Reply r = as(admin_, "get", R"({"target_profile_id":")" + other_ + R"("})");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.text({"profile_id"}), other_);
    EXPECT_TRUE(r.is_true({"profile_exists"}));
    EXPECT_TRUE(r.is_true({"can_edit"}));
    EXPECT_EQ(r.text({"names", "first_name"}), "Test");
    EXPECT_TRUE(r.at({"roles", "role"}) != nullptr) << r.body;
}

TEST_F(Seed003Routes, GetMissingProfileIs404) {
    Reply r = as(admin_, "get", R"({"target_profile_id":")" + new_uuid() + R"("})");
    expect_error(r, 404, "NOT_FOUND");
}

TEST_P(Seed003RegularUser, GetsOwnProfileByDefault) {
    Reply r = as(me_, "get");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.text({"profile_id"}), me_);
    EXPECT_TRUE(r.is_true({"can_edit"}));
    const rapidjson::Value* roles = r.at({"roles"});
    EXPECT_TRUE(roles != nullptr && roles->IsNull()) << r.body;
}

TEST_P(Seed003RegularUser, GetOtherProfileIsForbidden) {
    expect_error(as(me_, "get", R"({"target_profile_id":")" + other_ + R"("})"), 403, "FORBIDDEN");
}

TEST_P(Seed003RegularUser, GetWithOwnDraft) {
    Reply draft = patch_draft(token_for(me_), R"({"name":"Draft Name"})");
    ASSERT_EQ(draft.status, 200) << draft.body;
    Reply r = as(me_, "get", R"({"draft_id":")" + draft.text({"draft_id"}) + R"("})");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.integer({"draft_version"}), 1);
    EXPECT_EQ(r.text({"names", "name"}), "Draft Name");
    // Someone else's draft does not exist for this user.
    Reply theirs = as(other_, "get", R"({"draft_id":")" + draft.text({"draft_id"}) + R"("})");
    expect_error(theirs, 404, "NOT_FOUND");
}

// --- search ----------------------------------------------------------------------------------

TEST_F(Seed003Routes, AdminSearchFindsByName) {
    std::string last = "Srch" + new_uuid().substr(0, 8);
    ASSERT_EQ(api(admin_, "update", other_, R"({"last_name":")" + last + R"("})").status, 200);
    Reply r = as(admin_, "search", R"({"search":")" + last + R"(","page_size":5})");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.integer({"total_count"}), 1);
    const rapidjson::Value* profiles = r.at({"profiles"});
    ASSERT_TRUE(profiles != nullptr && profiles->IsArray() && profiles->Size() == 1) << r.body;
    EXPECT_EQ(std::string((*profiles)[0]["profile_id"].GetString()), other_);
    EXPECT_TRUE(r.at({"department_filter", "options"}) != nullptr) << r.body;
}

// Names that begin with the search text come first, whatever their place in name order; the
// text is compared in any case, beyond ASCII too (UTF-8 through the shim and back).
TEST_F(Seed003Routes, SearchAnswersBestMatchesFirstInAnyCase) {
    std::string tag = new_uuid().substr(0, 8);
    std::string second = create_user_with_profile("standard_user", admin_);
    ASSERT_EQ(api(admin_, "update", other_,
                  R"({"first_name":"Aaron","last_name":"x\u00e9q)" + tag + R"("})")
                  .status,
              200);
    ASSERT_EQ(
        api(admin_, "update", second, R"({"first_name":"\u00c9q)" + tag + R"(","last_name":"Zed"})")
            .status,
        200);
    Reply r = as(admin_, "search", R"({"search":"\u00c9Q)" + tag + R"("})");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.integer({"total_count"}), 2) << r.body;
    const rapidjson::Value* profiles = r.at({"profiles"});
    ASSERT_TRUE(profiles != nullptr && profiles->IsArray() && profiles->Size() == 2) << r.body;
    EXPECT_EQ(std::string((*profiles)[0]["profile_id"].GetString()), second) << r.body;
    EXPECT_EQ(std::string((*profiles)[0]["name"].GetString()), "\u00c9q" + tag + " Zed");
    EXPECT_EQ(std::string((*profiles)[1]["profile_id"].GetString()), other_) << r.body;
}

TEST_F(Seed003Routes, SearchWithoutBodyAndBadPageSize) {
    Reply none = post(std::string(kArtifactsPrefix) + "search", token_for(admin_), "", "");
    ASSERT_EQ(none.status, 200) << none.body;
    EXPECT_GE(none.integer({"total_count"}), 1);
    expect_error(as(admin_, "search", R"({"page_size":500})"), 400, "VALIDATION_ERROR");
    expect_error(as(admin_, "search", R"({"unknown_filter":1})"), 400, "VALIDATION_ERROR");
}

TEST_P(Seed003RegularUser, SearchSeesOnlyOwnProfile) {
    std::string last = "Own" + new_uuid().substr(0, 8);
    ASSERT_EQ(api(admin_, "update", other_, R"({"last_name":")" + last + R"("})").status, 200);
    Reply theirs = as(me_, "search", R"({"search":")" + last + R"("})");
    ASSERT_EQ(theirs.status, 200) << theirs.body;
    EXPECT_EQ(theirs.integer({"total_count"}), 0);
    Reply mine = as(me_, "search");
    ASSERT_EQ(mine.status, 200) << mine.body;
    EXPECT_EQ(mine.integer({"total_count"}), 1);
}

// --- bulk create / update / delete -----------------------------------------------------------

TEST_F(Seed003Routes, BulkCreateReportsEachItemAndLogsOnlyTheGoodOnes) {
    std::string request_id = "e2e-bulk-" + new_uuid();
    std::string a = "bulk-a-" + new_uuid() + "@e2e.example.com";
    std::string c = "bulk-c-" + new_uuid() + "@e2e.example.com";
    std::string body = R"({"profiles":[{"email":")" + a +
                       R"(","first_name":"Good","role":"consumer"},)" +
                       R"({"email":"not-an-email","first_name":"Bad"},)" + R"({"email":")" + c +
                       R"(","first_name":"Also good"}]})";
    Reply r = artifact("create", token_for(admin_), body, {{"X-Request-Id", request_id}});
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.header("X-Request-Id"), request_id);
    EXPECT_TRUE(item_ok(r, 0)) << r.body;
    EXPECT_FALSE(item_ok(r, 1)) << r.body;
    EXPECT_EQ(item_error(r, 1), "VALIDATION_ERROR");
    EXPECT_TRUE(item_ok(r, 2)) << r.body;
    std::string first = item_id(r, 0);
    std::string third = item_id(r, 2);
    EXPECT_EQ(db().scalar("SELECT u.role FROM profiles.users u WHERE u.id = $1", {first}),
              "consumer");
    EXPECT_EQ(count("SELECT count(*) FROM profiles.activities WHERE request_id = $1 "
                    "AND action = 'profile_created'",
                    {request_id}),
              2);
    EXPECT_EQ(count("SELECT count(*) FROM profiles.activities WHERE request_id = $1 "
                    "AND entity_id IN ($2::uuid, $3::uuid) AND actor_id = $4::uuid",
                    {request_id, first, third, admin_}),
              2);
    EXPECT_EQ(count("SELECT count(*) FROM profiles.users WHERE email = 'not-an-email'"), 0);
}

TEST_F(Seed003Routes, BulkCreateNeedsAProfilesArray) {
    expect_error(as(admin_, "create", R"({"profiles":{}})"), 400, "VALIDATION_ERROR");
    expect_error(as(admin_, "create", "{}"), 400, "VALIDATION_ERROR");
}

TEST_P(Seed003RegularUser, BulkCreateIsAdminOnly) {
    Reply r = as(me_, "create", R"({"profiles":[{"first_name":"X"}]})");
    expect_error(r, 403, "FORBIDDEN");
}

TEST_P(Seed003RegularUser, BulkUpdateOwnYesOthersNo) {
    std::string request_id = "e2e-upd-" + new_uuid();
    std::string body = R"({"profiles":[{"profile_id":")" + me_ +
                       R"(","last_name":"Mine"},{"profile_id":")" + other_ +
                       R"(","last_name":"Theirs"}]})";
    Reply r = artifact("update", token_for(me_), body, {{"X-Request-Id", request_id}});
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_TRUE(item_ok(r, 0)) << r.body;
    EXPECT_EQ(item_error(r, 1), "FORBIDDEN") << r.body;
    EXPECT_EQ(db().scalar("SELECT last_name FROM profiles.profile WHERE id = $1", {me_}), "Mine");
    EXPECT_EQ(db().scalar("SELECT last_name FROM profiles.profile WHERE id = $1", {other_}),
              "User");
    EXPECT_EQ(count("SELECT count(*) FROM profiles.activities WHERE request_id = $1", {request_id}),
              1);
}

TEST_F(Seed003Routes, BulkUpdateWithStaleVersionConflicts) {
    std::string body = R"({"profiles":[{"profile_id":")" + other_ +
                       R"(","expected_version":99,"first_name":"Late"}]})";
    Reply r = as(admin_, "update", body);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(item_error(r, 0), "CONFLICT") << r.body;
    std::string ok = R"({"profiles":[{"profile_id":")" + other_ +
                     R"(","expected_version":1,"first_name":"OnTime"}]})";
    Reply good = as(admin_, "update", ok);
    ASSERT_EQ(good.status, 200) << good.body;
    EXPECT_TRUE(item_ok(good, 0)) << good.body;
}

TEST_F(Seed003Routes, BulkDeletePartialFailure) {
    std::string doomed = create_user_with_profile("consumer", admin_);
    std::string missing = new_uuid();
    std::string request_id = "e2e-del-" + new_uuid();
    Reply r = artifact("delete", token_for(admin_),
                       R"({"profile_ids":[")" + doomed + R"(",")" + missing + R"(",42]})",
                       {{"X-Request-Id", request_id}});
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_TRUE(item_ok(r, 0)) << r.body;
    EXPECT_EQ(item_id(r, 0), doomed);
    EXPECT_EQ(item_error(r, 1), "NOT_FOUND") << r.body;
    EXPECT_EQ(item_error(r, 2), "VALIDATION_ERROR") << r.body;
    EXPECT_EQ(count("SELECT count(*) FROM profiles.profile WHERE id = $1", {doomed}), 0);
    EXPECT_EQ(count("SELECT count(*) FROM profiles.activities WHERE request_id = $1 "
                    "AND action = 'profile_deleted'",
                    {request_id}),
              1);
}

TEST_P(Seed003RegularUser, BulkDeleteOthersIsForbiddenPerItem) {
    Reply r = as(me_, "delete", R"({"profile_ids":[")" + other_ + R"("]})");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(item_error(r, 0), "FORBIDDEN") << r.body;
    EXPECT_EQ(count("SELECT count(*) FROM profiles.profile WHERE id = $1", {other_}), 1);
}

// --- duplicate -------------------------------------------------------------------------------

TEST_F(Seed003Routes, DuplicateIs201WithANewProfile) {
    Reply r = as(admin_, "duplicate", R"({"target_profile_id":")" + other_ + R"("})");
    ASSERT_EQ(r.status, 201) << r.body;
    EXPECT_TRUE(r.is_true({"success"}));
    std::string copy = r.text({"profile_id"});
    EXPECT_NE(copy, other_);
    EXPECT_EQ(db().scalar("SELECT last_name FROM profiles.profile WHERE id = $1::uuid", {copy}),
              "User (copy)");
    EXPECT_EQ(db().scalar("SELECT email FROM profiles.profile WHERE id = $1::uuid", {copy}),
              std::nullopt);
}

TEST_F(Seed003Routes, DuplicateMissingIs404) {
    expect_error(as(admin_, "duplicate", R"({"target_profile_id":")" + new_uuid() + R"("})"), 404,
                 "NOT_FOUND");
}

TEST_P(Seed003RegularUser, DuplicateIsAdminOnly) {
    expect_error(as(me_, "duplicate", R"({"target_profile_id":")" + me_ + R"("})"), 403,
                 "FORBIDDEN");
}

// --- drafts ----------------------------------------------------------------------------------

TEST_P(Seed003RegularUser, DraftVersionsAndConflict) {
    std::string token = token_for(me_);
    Reply created = patch_draft(token, R"({"name":"First"})");
    ASSERT_EQ(created.status, 200) << created.body;
    EXPECT_TRUE(created.is_true({"success"}));
    EXPECT_EQ(created.integer({"new_version"}), 1);
    std::string id = created.text({"draft_id"});

    Reply second = patch_draft(token, R"({"input_draft_id":")" + id +
                                          R"(","expected_version":1,"email":"d@e2e.example.com"})");
    ASSERT_EQ(second.status, 200) << second.body;
    EXPECT_EQ(second.integer({"new_version"}), 2);
    EXPECT_EQ(second.text({"form_state", "name"}), "First");

    Reply stale = patch_draft(token, R"({"input_draft_id":")" + id +
                                         R"(","expected_version":1,"name":"Lost update"})");
    EXPECT_EQ(stale.status, 409) << stale.body;
    EXPECT_EQ(stale.error_code(), "CONFLICT");
    EXPECT_EQ(stale.text({"error", "details"}), "current_version: 2");

    Reply list = as(me_, "drafts");
    ASSERT_EQ(list.status, 200) << list.body;
    const rapidjson::Value* entries = list.at({"entries"});
    ASSERT_TRUE(entries != nullptr && entries->IsArray() && entries->Size() >= 1) << list.body;
    EXPECT_EQ(std::string((*entries)[0]["draft_id"].GetString()), id);
    EXPECT_EQ((*entries)[0]["draft_version"].GetInt(), 2);
    EXPECT_EQ(std::string((*entries)[0]["form_state"]["name"].GetString()), "First");

    // Another user neither sees nor updates it.
    Reply theirs = as(other_, "drafts");
    ASSERT_EQ(theirs.status, 200) << theirs.body;
    EXPECT_EQ(theirs.body.find(id), std::string::npos);
    Reply foreign = patch_draft(token_for(other_), R"({"input_draft_id":")" + id +
                                                       R"(","expected_version":2,"name":"X"})");
    expect_error(foreign, 404, "NOT_FOUND");
}

TEST_F(Seed003Routes, DraftsAcceptsNoBody) {
    Reply r = post(std::string(kArtifactsPrefix) + "drafts", token_for(admin_), "", "");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_TRUE(r.at({"entries"}) != nullptr) << r.body;
}

TEST_F(Seed003Routes, DraftValidation) {
    std::string token = token_for(admin_);
    expect_error(patch_draft(token, R"({"unknown":1})"), 400, "VALIDATION_ERROR");
    expect_error(patch_draft(token, R"({"email":"nope"})"), 400, "VALIDATION_ERROR");
    expect_error(patch_draft(token, R"({"input_draft_id":")" + new_uuid() + R"("})"), 400,
                 "VALIDATION_ERROR");
}

// --- refresh, docs ---------------------------------------------------------------------------

TEST_F(Seed003Routes, AdminRefreshes) {
    Reply r = as(admin_, "refresh");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_TRUE(r.is_true({"success"}));
    EXPECT_TRUE(contains_string(r.at({"refreshed_views"}), "profiles.directory_facets"));
    EXPECT_TRUE(contains_string(r.at({"invalidated_tags"}), "docs"));
}

TEST_P(Seed003RegularUser, RefreshIsAdminOnly) {
    expect_error(as(me_, "refresh"), 403, "FORBIDDEN");
}

TEST_P(Seed003RegularUser, DocsForEveryone) {
    Reply r = as(me_, "docs");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.text({"name"}), "profiles");
    const rapidjson::Value* entries = r.at({"entries"});
    EXPECT_TRUE(entries != nullptr && entries->IsArray() && entries->Size() > 10) << r.body;
    Reply one = as(me_, "docs", R"({"entity_id":"export_profiles"})");
    ASSERT_EQ(one.status, 200) << one.body;
    const rapidjson::Value* narrowed = one.at({"entries"});
    ASSERT_TRUE(narrowed != nullptr && narrowed->IsArray() && narrowed->Size() == 1) << one.body;
    EXPECT_EQ(std::string((*narrowed)[0]["name"].GetString()), "export_profiles");
}

INSTANTIATE_TEST_SUITE_P(Roles, Seed003RegularUser, ::testing::Values("standard_user", "consumer"));
