// Seed 002, profiles: POST/GET /profiles, GET/PUT/PATCH/DELETE /profiles/{profileId},
// PUT /profile/{profileId}; ETag, If-Match, If-None-Match; list sorting, filters, pagination.
#include "seed_fixtures.hpp"

#include <algorithm>
#include <set>
#include <sstream>
#include <vector>

using namespace profiles::e2e;

namespace {

// The seed's "Add a new profile" request body, as the seed writes it.
const std::string kSeedCreateBody = R"({
  "contacts": [
    {
      "key": "email",
      "value": "client@email.com",
      "uuid": null
    },
    {
      "key": "phone",
      "value": "+9876543210",
      "uuid": null
    }
  ],
  "countryNumericCode": "840",
  "enabled": true,
  "firstName": "Mary",
  "middleName": "Jane",
  "lastName": "Smith",
  "uuid": null
})";

// The seed's "Update a profile" request body.
const std::string kSeedUpdateBody = R"({
  "enabled": true,
  "firstName": "Mary",
  "lastName": "Smith",
  "middleName": "Jane",
  "countryNumericCode": "840",
  "uuid": null
})";

class RestProfiles : public SeedTest {
  protected:
    void SetUp() override {
        SeedTest::SetUp();
        admin_ = create_user("internal_admin");
    }

    // POST /profiles as the admin; the new profileId (its user is a consumer with that id).
    std::string create_profile(const std::string& body) {
        Reply r = as(admin_, "POST", "/profiles", body);
        EXPECT_EQ(r.status, 201) << r.body;
        return r.text({"profileId"});
    }
    std::string create_named(const std::string& first, const std::string& last,
                             bool enabled = true) {
        return create_profile(R"({"firstName":)" + json_quote(first) + R"(,"lastName":)" +
                              json_quote(last) + R"(,"enabled":)" + (enabled ? "true" : "false") +
                              "}");
    }

    // The firstName of every element of a list answer, in order.
    static std::vector<std::string> first_names(const Reply& r) {
        std::vector<std::string> names;
        if (!r.json.IsArray()) {
            return names;
        }
        for (const auto& item : r.json.GetArray()) {
            names.emplace_back(item.HasMember("firstName") && item["firstName"].IsString()
                                   ? item["firstName"].GetString()
                                   : "<none>");
        }
        return names;
    }

    // A last name no other test run uses, so list totals are exact on a shared database.
    static std::string unique_name() {
        std::string id = new_uuid();
        id.erase(std::remove(id.begin(), id.end(), '-'), id.end());
        return "Ln" + id.substr(0, 16);
    }

    std::string admin_;
};

using Names = std::vector<std::string>;

} // namespace

// ---- create ------------------------------------------------------------------------------

TEST_F(RestProfiles, CreateWithContactsAsTheSeedWritesIt) {
    std::string rid = new_request_id();
    Reply r = send("POST", "/profiles", bearer(admin_, rid), kSeedCreateBody);
    ASSERT_EQ(r.status, 201) << r.body;
    EXPECT_EQ(r.header("Content-Type"), "application/json");
    std::string id = r.text({"profileId"});
    EXPECT_EQ(r.header("Location"), "/profiles/" + id);
    EXPECT_EQ(r.header("ETag"), "\"1\"");
    EXPECT_EQ(r.text({"firstName"}), "Mary");
    EXPECT_EQ(r.text({"middleName"}), "Jane");
    EXPECT_EQ(r.text({"lastName"}), "Smith");
    EXPECT_EQ(r.text({"name"}), "Mary Jane Smith");
    EXPECT_TRUE(r.is_true({"enabled"}));
    EXPECT_TRUE(r.at({"uuid"}) != nullptr && r.at({"uuid"})->IsNull());
    EXPECT_NE(r.text({"createTime"}), "<missing>");
    EXPECT_NE(r.text({"updateTime"}), "<missing>");
    const rapidjson::Value* tags = r.at({"tags"});
    EXPECT_TRUE(tags != nullptr && tags->IsArray());

    const rapidjson::Value* contacts = r.at({"contacts"});
    ASSERT_TRUE(contacts != nullptr && contacts->IsArray()) << r.body;
    ASSERT_EQ(contacts->Size(), 2u);
    std::set<std::string> pairs;
    for (const auto& c : contacts->GetArray()) {
        pairs.insert(std::string(c["key"].GetString()) + "=" + c["value"].GetString());
        EXPECT_TRUE(c.HasMember("contactId") && c["contactId"].IsString());
        EXPECT_TRUE(c.HasMember("uuid") && c["uuid"].IsNull());
    }
    EXPECT_EQ(pairs, (std::set<std::string>{"email=client@email.com", "phone=+9876543210"}));

    // The country comes from the ISO 3166 table with its UN M49 region.
    EXPECT_EQ(r.text({"countryNumericCode"}), "840");
    EXPECT_EQ(r.text({"country", "countryName"}), "United States");
    EXPECT_EQ(r.text({"country", "alpha2Code"}), "US");
    EXPECT_EQ(r.text({"country", "alpha3Code"}), "USA");
    EXPECT_EQ(r.text({"country", "numericCode"}), "840");
    EXPECT_EQ(r.text({"country", "geographicRegionNumericCode"}), "021");
    EXPECT_EQ(r.text({"country", "geographicRegionName"}), "Northern America");
    EXPECT_NE(r.text({"country", "countryId"}), "<missing>");

    EXPECT_EQ(activities(rid, "profile_created"), 1);
    EXPECT_EQ(activities(rid, "contact_created"), 2);
    EXPECT_EQ(db().scalar("SELECT role FROM profiles.users WHERE id = $1", {id}), "consumer");
}

TEST_F(RestProfiles, CreateIsAdminOnly) {
    std::string user = create_user("standard_user");
    std::string rid = new_request_id();
    Reply r = send("POST", "/profiles", bearer(user, rid), kSeedCreateBody);
    EXPECT_EQ(r.status, 403) << r.body;
    EXPECT_EQ(r.error_code(), "FORBIDDEN");
    EXPECT_EQ(activities(rid), 0);
}

TEST_F(RestProfiles, UnknownCountryIs400) {
    std::string rid = new_request_id();
    Reply r = send("POST", "/profiles", bearer(admin_, rid),
                   R"({"firstName":"Nowhere","countryNumericCode":"999"})");
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(r.error_code(), "VALIDATION_ERROR");
    EXPECT_NE(r.error_message().find("countryNumericCode"), std::string::npos) << r.body;
    EXPECT_EQ(activities(rid), 0);
    // Not a string, not three digits: refused too.
    EXPECT_EQ(as(admin_, "POST", "/profiles", R"({"countryNumericCode":840})").status, 400);
    EXPECT_EQ(as(admin_, "POST", "/profiles", R"({"countryNumericCode":"US"})").status, 400);
}

TEST_F(RestProfiles, OtherCountriesResolveToo) {
    std::string id = create_profile(R"({"firstName":"Can","countryNumericCode":"124"})");
    Reply r = as(admin_, "GET", "/profiles/" + id);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.text({"country", "alpha2Code"}), "CA");
    EXPECT_EQ(r.text({"country", "alpha3Code"}), "CAN");
    EXPECT_EQ(r.text({"country", "countryName"}), "Canada");
    Reply without = as(admin_, "GET", "/profiles/" + create_profile(R"({"firstName":"None"})"));
    EXPECT_TRUE(without.at({"country"}) != nullptr && without.at({"country"})->IsNull())
        << without.body;
}

TEST_F(RestProfiles, NamesLongerThan255AreRefused) {
    for (const char* field : {"firstName", "middleName", "lastName"}) {
        std::string body = std::string(R"({")") + field + R"(":")" + std::string(256, 'a') + "\"}";
        Reply r = as(admin_, "POST", "/profiles", body);
        EXPECT_EQ(r.status, 400) << field << " " << r.body;
        EXPECT_EQ(r.error_code(), "VALIDATION_ERROR");
    }
    std::string ok = create_profile(R"({"firstName":")" + std::string(255, 'a') + "\"}");
    ASSERT_FALSE(ok.empty());
    Reply r =
        as(admin_, "PUT", "/profiles/" + ok, R"({"lastName":")" + std::string(256, 'b') + "\"}");
    EXPECT_EQ(r.status, 400) << r.body;
}

TEST_F(RestProfiles, InvalidContactsInACreateAreRefused) {
    for (const char* contact :
         {R"({"key":"fax","value":"123"})", R"({"key":"email","value":"not-an-email"})",
          R"({"key":"phone","value":"555-0100"})", R"("client@email.com")",
          R"({"key":"email","value":"a@b.example","extra":1})"}) {
        std::string rid = new_request_id();
        Reply r = send("POST", "/profiles", bearer(admin_, rid),
                       std::string(R"({"firstName":"C","contacts":[)") + contact + "]}");
        EXPECT_EQ(r.status, 400) << contact << " " << r.body;
        EXPECT_EQ(activities(rid), 0) << "a refused create left activities";
    }
    EXPECT_EQ(as(admin_, "POST", "/profiles", R"({"contacts":{}})").status, 400);
}

TEST_F(RestProfiles, UnknownFieldsAreRefused) {
    Reply r = as(admin_, "POST", "/profiles", R"({"firstName":"A","favouriteColour":"red"})");
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(r.error_code(), "VALIDATION_ERROR");
}

TEST_F(RestProfiles, BodiesThatAreNotJsonObjects) {
    auto headers = bearer(admin_);
    Reply empty = send("POST", "/profiles", headers, "");
    EXPECT_EQ(empty.status, 400) << empty.body;
    EXPECT_EQ(empty.error_message(), "Request body is required");
    Reply none = send("POST", "/profiles", headers);
    EXPECT_EQ(none.status, 400) << none.body;
    EXPECT_EQ(send("POST", "/profiles", headers, "{\"firstName\":").status, 400);
    EXPECT_EQ(send("POST", "/profiles", headers, "[{}]").status, 400);
    Reply text = send("POST", "/profiles", headers, kSeedCreateBody, "text/plain");
    EXPECT_EQ(text.status, 415) << text.body;
    EXPECT_EQ(text.error_code(), "UNSUPPORTED_MEDIA_TYPE");
    EXPECT_EQ(
        send("POST", "/profiles", headers, kSeedCreateBody, "application/x-www-form-urlencoded")
            .status,
        415);
    EXPECT_EQ(send("POST", "/profiles", headers, kSeedCreateBody, "application/json; charset=utf-8")
                  .status,
              201);
}

// ---- read ----------------------------------------------------------------------------------

TEST_F(RestProfiles, GetOwnOtherAndAsAdmin) {
    std::string mine = create_named("Own", "Er");
    std::string theirs = create_named("Their", "S");
    Reply own = as(mine, "GET", "/profiles/" + mine);
    ASSERT_EQ(own.status, 200) << own.body;
    EXPECT_EQ(own.header("Content-Type"), "application/json");
    EXPECT_EQ(own.text({"profileId"}), mine);
    EXPECT_EQ(own.header("ETag"), "\"1\"");
    Reply other = as(mine, "GET", "/profiles/" + theirs);
    EXPECT_EQ(other.status, 403) << other.body;
    EXPECT_EQ(other.error_code(), "FORBIDDEN");
    Reply admin = as(admin_, "GET", "/profiles/" + theirs);
    EXPECT_EQ(admin.status, 200) << admin.body;
    EXPECT_EQ(admin.text({"firstName"}), "Their");
}

TEST_F(RestProfiles, MissingAndMalformedIdsAre404) {
    Reply missing = as(admin_, "GET", "/profiles/" + new_uuid());
    EXPECT_EQ(missing.status, 404) << missing.body;
    EXPECT_EQ(missing.error_code(), "NOT_FOUND");
    for (const char* bad : {"60ba407d15951453e60e49f8", "nope", "1", "%27%3B--",
                            "{00000000-0000-0000-0000-000000000000}"}) {
        std::string path = std::string("/profiles/") + bad;
        for (const char* method : {"GET", "PUT", "PATCH", "DELETE"}) {
            Reply r = as(admin_, method, path,
                         std::string(method) == "GET" || std::string(method) == "DELETE"
                             ? std::nullopt
                             : std::optional<std::string>("{}"));
            EXPECT_EQ(r.status, 404) << method << " " << path << " " << r.body;
            EXPECT_EQ(r.error_code(), "NOT_FOUND");
        }
        EXPECT_EQ(as(admin_, "PUT", std::string("/profile/") + bad, std::string("{}")).status, 404);
    }
}

TEST_F(RestProfiles, IfNoneMatchAnswers304) {
    std::string id = create_named("Cache", "Able");
    std::string path = "/profiles/" + id;
    Reply fresh = as(admin_, "GET", path, std::nullopt, {{"If-None-Match", "\"1\""}});
    EXPECT_EQ(fresh.status, 304);
    EXPECT_TRUE(fresh.body.empty());
    EXPECT_EQ(fresh.header("ETag"), "\"1\"");
    EXPECT_FALSE(fresh.header("X-Request-Id").empty());
    EXPECT_EQ(as(admin_, "GET", path, std::nullopt, {{"If-None-Match", "W/\"1\""}}).status, 304);
    EXPECT_EQ(as(admin_, "GET", path, std::nullopt, {{"If-None-Match", "\"7\", \"1\""}}).status,
              304);
    EXPECT_EQ(as(admin_, "GET", path, std::nullopt, {{"If-None-Match", "*"}}).status, 304);

    ASSERT_EQ(as(admin_, "PATCH", path, std::string(R"({"lastName":"Changed"})")).status, 200);
    Reply stale = as(admin_, "GET", path, std::nullopt, {{"If-None-Match", "\"1\""}});
    EXPECT_EQ(stale.status, 200) << stale.body;
    EXPECT_EQ(stale.header("ETag"), "\"2\"");
    EXPECT_EQ(stale.text({"lastName"}), "Changed");
    // A malformed field is ignored rather than trusted.
    EXPECT_EQ(as(admin_, "GET", path, std::nullopt, {{"If-None-Match", "2"}}).status, 200);
    // The condition never hides an authorization failure.
    std::string stranger = create_named("Str", "Anger");
    EXPECT_EQ(as(stranger, "GET", path, std::nullopt, {{"If-None-Match", "*"}}).status, 403);
}

// ---- update --------------------------------------------------------------------------------

TEST_F(RestProfiles, UpdateAsTheSeedWritesItOnEveryRoute) {
    std::string id = create_named("Old", "Name");
    int version = 1;
    for (const char* route : {"PUT /profile/", "PUT /profiles/", "PATCH /profiles/"}) {
        std::string method = std::string(route).substr(0, std::string(route).find(' '));
        std::string path = std::string(route).substr(method.size() + 1) + id;
        // Alternate the names so every call is a real change.
        std::string body = kSeedUpdateBody;
        if (version % 2 == 0) {
            body.replace(body.find("Mary"), 4, "Anne");
        }
        std::string rid = new_request_id();
        httplib::Headers headers = bearer(admin_, rid);
        headers.emplace("If-Match", "\"" + std::to_string(version) + "\"");
        Reply r = send(method, path, headers, body);
        ASSERT_EQ(r.status, 200) << route << " " << r.body;
        ++version;
        EXPECT_EQ(r.header("ETag"), "\"" + std::to_string(version) + "\"") << route;
        EXPECT_EQ(r.header("Content-Type"), "application/json");
        EXPECT_EQ(r.text({"firstName"}), version % 2 == 0 ? "Mary" : "Anne") << route;
        EXPECT_EQ(r.text({"name"}), r.text({"firstName"}) + " Jane Smith");
        EXPECT_EQ(r.text({"country", "alpha3Code"}), "USA");
        EXPECT_EQ(activities(rid, "profile_updated"), 1) << route;
    }
}

TEST_F(RestProfiles, UpdateIsPartialAndRecordsTheFields) {
    std::string id = create_profile(
        R"({"firstName":"Keep","lastName":"Me","middleName":"M","countryNumericCode":"840"})");
    std::string rid = new_request_id();
    Reply r =
        send("PATCH", "/profiles/" + id, bearer(admin_, rid), R"({"countryNumericCode":"124"})");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.text({"firstName"}), "Keep");
    EXPECT_EQ(r.text({"lastName"}), "Me");
    EXPECT_EQ(r.text({"country", "countryName"}), "Canada");
    EXPECT_EQ(db().scalar("SELECT metadata->>'updated_fields' FROM profiles.activities "
                          "WHERE request_id = $1 AND action = 'profile_updated'",
                          {rid}),
              R"(["country_numeric_code"])");
}

TEST_F(RestProfiles, AFetchedDocumentCanBeSentBack) {
    std::string id = create_profile(kSeedCreateBody);
    Reply fetched = as(admin_, "GET", "/profiles/" + id);
    ASSERT_EQ(fetched.status, 200);
    Reply back =
        as(admin_, "PUT", "/profiles/" + id, fetched.body, {{"If-Match", fetched.header("ETag")}});
    EXPECT_EQ(back.status, 200) << back.body;
    EXPECT_EQ(back.text({"name"}), "Mary Jane Smith");
    // A different profileId in the body is not a way to move the document.
    Reply moved = as(admin_, "PUT", "/profiles/" + id,
                     R"({"profileId":")" + new_uuid() + R"(","firstName":"X"})");
    EXPECT_EQ(moved.status, 400) << moved.body;
}

TEST_F(RestProfiles, StaleIfMatchIs412AndChangesNothing) {
    std::string id = create_named("Before", "Race");
    std::string path = "/profiles/" + id;
    ASSERT_EQ(
        as(admin_, "PATCH", path, std::string(R"({"firstName":"Winner"})"), {{"If-Match", "\"1\""}})
            .status,
        200);
    std::string rid = new_request_id();
    httplib::Headers headers = bearer(admin_, rid);
    headers.emplace("If-Match", "\"1\"");
    Reply lost = send("PUT", path, headers, R"({"firstName":"Loser"})");
    EXPECT_EQ(lost.status, 412) << lost.body;
    EXPECT_EQ(lost.error_code(), "PRECONDITION_FAILED");
    EXPECT_EQ(lost.text({"error", "details"}), "current version is 2");
    EXPECT_EQ(activities(rid), 0);
    Reply now = as(admin_, "GET", path);
    EXPECT_EQ(now.text({"firstName"}), "Winner");
    EXPECT_EQ(now.header("ETag"), "\"2\"");
    // The same stale write on the seed's /profile/ spelling and with PATCH.
    EXPECT_EQ(as(admin_, "PUT", "/profile/" + id, std::string(R"({"firstName":"L"})"),
                 {{"If-Match", "\"1\""}})
                  .status,
              412);
    EXPECT_EQ(
        as(admin_, "PATCH", path, std::string(R"({"firstName":"L"})"), {{"If-Match", "W/\"1\""}})
            .status,
        412);
}

TEST_F(RestProfiles, IfMatchForms) {
    std::string id = create_named("If", "Match");
    std::string path = "/profiles/" + id;
    auto patch = [&](const std::string& if_match, const std::string& first) {
        return as(admin_, "PATCH", path, R"({"firstName":")" + first + "\"}",
                  {{"If-Match", if_match}});
    };
    EXPECT_EQ(patch("W/\"1\"", "A").status, 200);      // weak tags are accepted -> version 2
    EXPECT_EQ(patch("*", "B").status, 200);            // any version -> 3
    EXPECT_EQ(patch("\"9\", \"3\"", "C").status, 412); // two versions: refused
    EXPECT_EQ(patch("\"x\", \"3\"", "C").status, 200); // a foreign tag matches nothing -> 4
    for (const char* malformed : {"4", "\"4", "W/4", "\"4\" \"5\"", "*, \"4\""}) {
        Reply r = patch(malformed, "D");
        EXPECT_EQ(r.status, 412) << "[" << malformed << "] " << r.body;
        EXPECT_EQ(r.error_code(), "PRECONDITION_FAILED");
    }
    EXPECT_EQ(patch("\"abc\"", "D").status, 412);
    EXPECT_EQ(patch("\"99999999999\"", "D").status, 412);
    EXPECT_EQ(as(admin_, "GET", path).header("ETag"), "\"4\"");
    // Without If-Match a write is unconditional.
    EXPECT_EQ(as(admin_, "PATCH", path, std::string(R"({"firstName":"E"})")).status, 200);
    // Preconditions never hide a missing profile or someone else's.
    EXPECT_EQ(
        as(admin_, "PATCH", "/profiles/" + new_uuid(), std::string("{}"), {{"If-Match", "\"1\""}})
            .status,
        404);
    std::string stranger = create_named("Str", "Anger");
    EXPECT_EQ(as(stranger, "PATCH", path, std::string("{}"), {{"If-Match", "\"5\""}}).status, 403);
    // Not even a condition that no version meets (RFC 9110 13.2.1: 403 and 404 first).
    EXPECT_EQ(as(stranger, "PATCH", path, std::string("{}"), {{"If-Match", "4"}}).status, 403);
    EXPECT_EQ(as(admin_, "PUT", "/profile/" + new_uuid(), std::string("{}"), {{"If-Match", "W/4"}})
                  .status,
              404);
}

TEST_F(RestProfiles, UpdateOwnOtherAndAsAdmin) {
    std::string mine = create_named("Mine", "Self");
    std::string theirs = create_named("Theirs", "Other");
    Reply own = as(mine, "PATCH", "/profiles/" + mine, std::string(R"({"middleName":"Q"})"));
    EXPECT_EQ(own.status, 200) << own.body;
    EXPECT_EQ(own.text({"name"}), "Mine Q Self");
    std::string rid = new_request_id();
    Reply other = send("PUT", "/profile/" + theirs, bearer(mine, rid), R"({"firstName":"Hijack"})");
    EXPECT_EQ(other.status, 403) << other.body;
    EXPECT_EQ(activities(rid), 0);
    EXPECT_EQ(as(admin_, "GET", "/profiles/" + theirs).text({"firstName"}), "Theirs");
    EXPECT_EQ(
        as(admin_, "PATCH", "/profiles/" + theirs, std::string(R"({"enabled":false})")).status,
        200);
}

TEST_F(RestProfiles, UpdateValidation) {
    std::string id = create_named("Valid", "Ation");
    std::string path = "/profiles/" + id;
    for (const char* body :
         {R"({"countryNumericCode":"999"})", R"({"enabled":"yes"})", R"({"uuid":"not-a-uuid"})",
          R"({"tags":"blue"})", R"({"firstName":12})", R"({"version":3})"}) {
        Reply r = as(admin_, "PATCH", path, std::string(body));
        EXPECT_EQ(r.status, 400) << body << " " << r.body;
        EXPECT_EQ(r.error_code(), "VALIDATION_ERROR") << body;
    }
    EXPECT_EQ(as(admin_, "PUT", path, std::nullopt).status, 400);
    EXPECT_EQ(as(admin_, "PUT", path, std::string("")).status, 400);
    EXPECT_EQ(send("PUT", path, bearer(admin_), "{}", "text/plain").status, 415);
    EXPECT_EQ(as(admin_, "GET", path).header("ETag"), "\"1\"");
}

// ---- delete --------------------------------------------------------------------------------

TEST_F(RestProfiles, DeleteAnswers204WithoutABody) {
    std::string id = create_profile(kSeedCreateBody);
    std::string rid = new_request_id();
    Reply r = send("DELETE", "/profiles/" + id, bearer(admin_, rid));
    EXPECT_EQ(r.status, 204);
    EXPECT_TRUE(r.body.empty()) << r.body;
    EXPECT_EQ(r.header("Content-Type"), "");
    EXPECT_EQ(activities(rid, "profile_deleted"), 1);
    EXPECT_EQ(as(admin_, "GET", "/profiles/" + id).status, 404);
    EXPECT_EQ(as(admin_, "DELETE", "/profiles/" + id).status, 404);
    EXPECT_EQ(db().scalar("SELECT count(*) FROM profiles.contact WHERE profile_id = $1", {id}),
              "0");
}

TEST_F(RestProfiles, DeleteHonoursIfMatch) {
    std::string id = create_named("Del", "Cond");
    std::string path = "/profiles/" + id;
    ASSERT_EQ(as(admin_, "PATCH", path, std::string(R"({"middleName":"V2"})")).status, 200);
    std::string rid = new_request_id();
    httplib::Headers stale = bearer(admin_, rid);
    stale.emplace("If-Match", "\"1\"");
    Reply refused = send("DELETE", path, stale);
    EXPECT_EQ(refused.status, 412) << refused.body;
    EXPECT_EQ(refused.error_code(), "PRECONDITION_FAILED");
    EXPECT_EQ(activities(rid), 0);
    EXPECT_EQ(as(admin_, "GET", path).status, 200);
    EXPECT_EQ(as(admin_, "DELETE", path, std::nullopt, {{"If-Match", "\"x\""}}).status, 412);
    EXPECT_EQ(as(admin_, "DELETE", path, std::nullopt, {{"If-Match", "\"2\""}}).status, 204);
    EXPECT_EQ(as(admin_, "GET", path).status, 404);
    // A precondition never hides a missing profile.
    EXPECT_EQ(as(admin_, "DELETE", path, std::nullopt, {{"If-Match", "\"2\""}}).status, 404);
}

TEST_F(RestProfiles, DeleteOwnOtherAndAsAdmin) {
    std::string mine = create_named("Del", "Mine");
    std::string theirs = create_named("Del", "Theirs");
    EXPECT_EQ(as(mine, "DELETE", "/profiles/" + theirs).status, 403);
    EXPECT_EQ(as(admin_, "GET", "/profiles/" + theirs).status, 200);
    EXPECT_EQ(as(mine, "DELETE", "/profiles/" + mine).status, 204);
    EXPECT_EQ(as(admin_, "DELETE", "/profiles/" + theirs).status, 204);
}

// ---- list ----------------------------------------------------------------------------------

TEST_F(RestProfiles, ListWithTheSeedsQuery) {
    std::string uuid = new_uuid();
    std::string id = create_profile(
        R"({"firstName":"Westley","middleName":"Daniel","lastName":"Ivanov","enabled":true,)"
        R"("uuid":")" +
        uuid + "\"}");
    std::string query = "/profiles?limit=10&offset=0&sort_by=createTime&sort_order=desc"
                        "&filter[enabled]=1&filter[firstName]=Westley&filter[lastName]=Ivanov"
                        "&filter[middleName]=Daniel&filter[name]=Westley%20Daniel%20Ivanov"
                        "&filter[uuid]=" +
                        uuid;
    Reply r = as(admin_, "GET", query);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.header("Content-Type"), "application/json");
    EXPECT_EQ(r.header("X-Total-Count"), "1");
    ASSERT_TRUE(r.json.IsArray() && r.json.Size() == 1) << r.body;
    EXPECT_EQ(std::string(r.json[0]["profileId"].GetString()), id);
    EXPECT_TRUE(r.json[0]["contacts"].IsArray());
    EXPECT_TRUE(r.json[0].HasMember("country"));

    // The seed's example verbatim: its filter[uuid]=9 is not a UUID.
    Reply verbatim = as(admin_, "GET",
                        "/profiles?limit=10&offset=0&sort_by=createTime&sort_order=desc"
                        "&filter[enabled]=1&filter[firstName]=Westley&filter[lastName]=Daniel"
                        "&filter[middleName]=Ivanov&filter[name]=Westley Daniel Ivanov"
                        "&filter[uuid]=9");
    EXPECT_EQ(verbatim.status, 400) << verbatim.body;
    EXPECT_EQ(verbatim.error_code(), "VALIDATION_ERROR");
    // ... and with a UUID there it is a valid query that matches nothing.
    Reply none = as(admin_, "GET",
                    "/profiles?limit=10&offset=0&sort_by=createTime&sort_order=desc"
                    "&filter[enabled]=1&filter[firstName]=Westley&filter[lastName]=Daniel"
                    "&filter[middleName]=Ivanov&filter[name]=Westley%20Daniel%20Ivanov"
                    "&filter[uuid]=" +
                        new_uuid());
    EXPECT_EQ(none.status, 200) << none.body;
    EXPECT_EQ(none.header("X-Total-Count"), "0");
    EXPECT_EQ(none.body, "[]");
}

TEST_F(RestProfiles, ListSortsFiltersAndPaginates) {
    std::string last = unique_name();
    create_named("Bob", last);
    create_named("Cara", last, false);
    create_named("Anna", last);
    std::string base = "/profiles?filter[lastName]=" + last;

    Reply by_create = as(admin_, "GET", base);
    ASSERT_EQ(by_create.status, 200) << by_create.body;
    EXPECT_EQ(by_create.header("X-Total-Count"), "3");
    EXPECT_EQ(first_names(by_create), (Names{"Bob", "Cara", "Anna"})); // createTime asc

    EXPECT_EQ(first_names(as(admin_, "GET", base + "&sort_by=createTime&sort_order=desc")),
              (Names{"Anna", "Cara", "Bob"}));
    EXPECT_EQ(first_names(as(admin_, "GET", base + "&sort_by=firstName")),
              (Names{"Anna", "Bob", "Cara"}));
    EXPECT_EQ(first_names(as(admin_, "GET", base + "&sort_by=firstName&sort_order=desc")),
              (Names{"Cara", "Bob", "Anna"}));
    EXPECT_EQ(first_names(as(admin_, "GET", base + "&sort_by=name&sort_order=asc")),
              (Names{"Anna", "Bob", "Cara"}));
    for (const char* sort :
         {"enabled", "lastName", "middleName", "profileId", "updateTime", "createTime"}) {
        Reply r = as(admin_, "GET", base + "&sort_by=" + sort);
        EXPECT_EQ(r.status, 200) << sort << " " << r.body;
        EXPECT_EQ(first_names(r).size(), 3u) << sort;
    }

    Reply page1 = as(admin_, "GET", base + "&sort_by=firstName&limit=2&offset=0");
    EXPECT_EQ(page1.header("X-Total-Count"), "3");
    EXPECT_EQ(first_names(page1), (Names{"Anna", "Bob"}));
    Reply page2 = as(admin_, "GET", base + "&sort_by=firstName&limit=2&offset=2");
    EXPECT_EQ(page2.header("X-Total-Count"), "3");
    EXPECT_EQ(first_names(page2), (Names{"Cara"}));
    Reply beyond = as(admin_, "GET", base + "&limit=2&offset=10");
    EXPECT_EQ(beyond.status, 200);
    EXPECT_EQ(beyond.header("X-Total-Count"), "3");
    EXPECT_EQ(beyond.body, "[]");

    Reply disabled = as(admin_, "GET", base + "&filter[enabled]=0");
    EXPECT_EQ(disabled.header("X-Total-Count"), "1");
    EXPECT_EQ(first_names(disabled), (Names{"Cara"}));
    Reply enabled = as(admin_, "GET", base + "&filter[enabled]=true&sort_by=firstName");
    EXPECT_EQ(first_names(enabled), (Names{"Anna", "Bob"}));
    // The seed's filter names and their profile* spellings; names compare case-insensitively.
    EXPECT_EQ(first_names(as(admin_, "GET", base + "&filter[profileFirstName]=bob")),
              (Names{"Bob"}));
    EXPECT_EQ(
        first_names(as(admin_, "GET",
                       "/profiles?filter[profileLastName]=" + last + "&filter[firstName]=ANNA")),
        (Names{"Anna"}));
    EXPECT_EQ(first_names(as(admin_, "GET", "/profiles?filter[name]=Cara%20" + last)),
              (Names{"Cara"}));
}

TEST_F(RestProfiles, ListDefaultsToTwentyAndCapsTheLimit) {
    Reply r = as(admin_, "GET", "/profiles");
    ASSERT_EQ(r.status, 200) << r.body.substr(0, 200);
    ASSERT_TRUE(r.json.IsArray());
    EXPECT_LE(r.json.Size(), 20u);
    EXPECT_GE(std::stol(r.header("X-Total-Count")), static_cast<long>(r.json.Size()));
    EXPECT_EQ(as(admin_, "GET", "/profiles?limit=1000").status, 200);
    EXPECT_EQ(as(admin_, "GET", "/profiles?limit=1").json.Size(), 1u);
}

TEST_F(RestProfiles, ListRefusesBadParameters) {
    for (const char* query : {"limit=abc",
                              "limit=",
                              "limit=1.5",
                              "limit=0",
                              "limit=1001",
                              "limit=-1",
                              "offset=x",
                              "offset=-1",
                              "limit=99999999999",
                              "sort_by=nope",
                              "sort_by=",
                              "sort_order=up",
                              "sort_order=DESC%3B",
                              "filter[bogus]=1",
                              "filter[enabled]=maybe",
                              "filter[uuid]=9",
                              "filter=1",
                              "filter[=1",
                              "filter[]=1",
                              "limit=1&limit=2",
                              "sort_by=name&sort_by=name%20",
                              "filter[name]=a&filter[name]=b",
                              "sort_by=name%00%3Bdrop"}) {
        Reply r = as(admin_, "GET", std::string("/profiles?") + query);
        EXPECT_EQ(r.status, 400) << query << " " << r.body;
        EXPECT_EQ(r.error_code(), "VALIDATION_ERROR") << query;
    }
}

TEST_F(RestProfiles, HostileSortByIsRefusedAndRunsNothing) {
    std::string table = "e2e_canary_" + new_uuid().substr(0, 8);
    db().exec("CREATE TABLE public." + table + " (id int)");
    Reply literal = as(admin_, "GET", "/profiles?sort_by=" + url_encode("name;drop table x"));
    EXPECT_EQ(literal.status, 400) << literal.body;
    EXPECT_EQ(literal.error_code(), "VALIDATION_ERROR");
    for (const std::string& hostile :
         {"name;drop table " + table, "name; drop table " + table + ";--",
          "(select 1 from pg_sleep(0)); drop table " + table}) {
        Reply r = as(admin_, "GET", "/profiles?sort_by=" + url_encode(hostile));
        EXPECT_EQ(r.status, 400) << hostile << " " << r.body;
        Reply order =
            as(admin_, "GET", "/profiles?sort_order=" + url_encode("asc; drop table " + table));
        EXPECT_EQ(order.status, 400) << order.body;
        Reply filter = as(
            admin_, "GET",
            "/profiles?" + url_encode("filter[name') or 1=1; drop table " + table + "--]") + "=1");
        EXPECT_EQ(filter.status, 400) << filter.body;
    }
    EXPECT_EQ(db().scalar("SELECT to_regclass($1)::text", {"public." + table}), table);
    EXPECT_EQ(db().scalar("SELECT to_regclass('profiles.profile')::text"), "profiles.profile");
    db().exec("DROP TABLE public." + table);
}

TEST_F(RestProfiles, UsersListOnlyTheirOwnProfile) {
    std::string last = unique_name();
    std::string mine = create_named("Me", last);
    create_named("You", last);
    Reply r = as(mine, "GET", "/profiles?filter[lastName]=" + last);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.header("X-Total-Count"), "1");
    EXPECT_EQ(first_names(r), (Names{"Me"}));
    Reply all = as(mine, "GET", "/profiles?limit=1000");
    EXPECT_EQ(all.header("X-Total-Count"), "1");
    // A user without a profile sees an empty page.
    Reply empty = as(create_user("standard_user"), "GET", "/profiles");
    EXPECT_EQ(empty.status, 200);
    EXPECT_EQ(empty.header("X-Total-Count"), "0");
    EXPECT_EQ(empty.body, "[]");
}

// ---- every route ---------------------------------------------------------------------------

TEST_F(RestProfiles, EveryRouteNeedsCredentials) {
    std::string id = create_named("Locked", "Out");
    const std::string contacts = "/profiles/" + id + "/contacts";
    const std::string contact = contacts + "/" + new_uuid();
    const std::pair<const char*, std::string> routes[] = {
        {"GET", "/profiles"},
        {"POST", "/profiles"},
        {"GET", "/profiles/" + id},
        {"PUT", "/profiles/" + id},
        {"PATCH", "/profiles/" + id},
        {"PUT", "/profile/" + id},
        {"DELETE", "/profiles/" + id},
        {"GET", contacts},
        {"POST", contacts},
        {"GET", contact},
        {"PUT", contact},
        {"PATCH", contact},
        {"DELETE", contact},
    };
    for (const auto& [method, path] : routes) {
        bool write = std::string(method) == "POST" || std::string(method) == "PUT" ||
                     std::string(method) == "PATCH";
        Reply r = send(method, path, {}, write ? std::optional<std::string>("{}") : std::nullopt);
        EXPECT_EQ(r.status, 401) << method << " " << path << " " << r.body;
        EXPECT_EQ(r.error_code(), "UNAUTHORIZED");
        Reply forged = send(method, path, {{"Authorization", "Bearer not.a.jwt"}},
                            write ? std::optional<std::string>("{}") : std::nullopt);
        EXPECT_EQ(forged.status, 401) << method << " " << path;
    }
    EXPECT_EQ(as(admin_, "GET", "/profiles/" + id).text({"firstName"}), "Locked");
}

TEST_F(RestProfiles, TheRouteTableIsServed) {
    // profiles.api_operation lists the operations the docs promise; each one must reach a
    // handler (401 without credentials), not 404/405.
    std::optional<std::string> rows =
        db().scalar("SELECT string_agg(method || ' ' || path, E'\\n' ORDER BY path, method) "
                    "FROM profiles.api_operation WHERE seed = '002'");
    ASSERT_TRUE(rows);
    std::istringstream lines(*rows);
    int count = 0;
    for (std::string line; std::getline(lines, line); ++count) {
        std::string method = line.substr(0, line.find(' '));
        std::string path = line.substr(method.size() + 1);
        for (const char* name : {"{profileId}", "{contactId}"}) {
            if (size_t at = path.find(name); at != std::string::npos) {
                path.replace(at, std::string(name).size(), new_uuid());
            }
        }
        Reply r = send(method, path, {}, std::string("{}"));
        EXPECT_EQ(r.status, 401) << line << " " << r.body;
    }
    EXPECT_EQ(count, 14);
}
