// Seed 001: GET / PUT /api/user/profile, the authenticated user and persona.
#include "seed_fixtures.hpp"

#include <algorithm>
#include <sstream>

using namespace profiles::e2e;

namespace {

constexpr const char* kPath = "/api/user/profile";

class CurrentUser : public SeedTest {
  protected:
    // An organization; returns its id. `sms` is a SQL array literal such as '{+14165550100}'.
    static std::string create_organization(const std::string& sms, bool persona_override) {
        return *db().scalar("INSERT INTO profiles.organization (name, address, city, website, "
                            "sms_numbers, persona_override) VALUES ('Acme Corp', '500 Bay St', "
                            "'Toronto', 'https://acme.example', $1, $2) RETURNING id",
                            {sms, persona_override ? "true" : "false"});
    }
    // A standard user of `organization` with the given access role and a unique email.
    static std::string member(const std::string& organization,
                              const std::string& access_role = "SALES_REP") {
        return create_user_with("standard_user", "organization_id = '" + organization +
                                                     "', access_role = '" + access_role +
                                                     "', full_name = 'Acme Member'");
    }
    static Reply put(const std::string& user, const std::string& body,
                     const std::string& request_id = "") {
        return send("PUT", kPath, bearer(user, request_id), body);
    }
    static std::string unique_email() { return "alex-" + new_uuid() + "@acme.example"; }
};

} // namespace

TEST_F(CurrentUser, GetAnswersTheUserAndANullPersona) {
    std::string org = create_organization("{}", false);
    std::string user = member(org, "DEPARTMENT_HEAD");
    Reply r = as(user, "GET", kPath);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.header("Content-Type"), "application/json");
    EXPECT_EQ(member_names(&r.json), "persona,user");
    EXPECT_EQ(r.text({"user", "_id"}), user);
    EXPECT_EQ(r.text({"user", "email"}), "u-" + user + "@e2e.example.com");
    EXPECT_EQ(r.text({"user", "fullName"}), "Acme Member");
    EXPECT_EQ(r.text({"user", "organizationId"}), org);
    EXPECT_EQ(r.text({"user", "accessRole"}), "DEPARTMENT_HEAD");
    EXPECT_TRUE(r.at({"persona"}) != nullptr && r.at({"persona"})->IsNull()) << r.body;
    // Sensitive columns never leave the database.
    for (const char* hidden :
         {"db_role", "dbRole", "disabled", "deleted_at", "deletedAt", "role"}) {
        EXPECT_EQ(r.at({"user", hidden}), nullptr) << hidden;
    }
}

TEST_F(CurrentUser, PutAsTheSeedWritesIt) {
    std::string user = member(create_organization("{}", false));
    std::string email = unique_email();
    std::string rid = new_request_id();
    Reply r = put(user,
                  R"({
  "fullName": "Alex Rep",
  "email": ")" + email +
                      R"(",
  "phoneNumber": "+14155550199",
  "designation": "Senior Account Executive",
  "callForwardingEnabled": true
})",
                  rid);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.header("Content-Type"), "application/json");
    EXPECT_EQ(member_names(&r.json), "persona,user");
    EXPECT_EQ(r.text({"user", "_id"}), user);
    EXPECT_EQ(r.text({"user", "fullName"}), "Alex Rep");
    EXPECT_EQ(r.text({"user", "email"}), email);
    EXPECT_EQ(r.text({"user", "phoneNumber"}), "+14155550199");
    EXPECT_EQ(r.text({"user", "designation"}), "Senior Account Executive");
    EXPECT_TRUE(r.is_true({"user", "callForwardingEnabled"}));
    EXPECT_EQ(r.text({"user", "accessRole"}), "SALES_REP");
    EXPECT_EQ(activities(rid), 1);
    EXPECT_EQ(activities(rid, "profile_updated"), 1);
    EXPECT_EQ(db().scalar("SELECT metadata->>'updated_fields' FROM profiles.activities "
                          "WHERE request_id = $1",
                          {rid}),
              R"(["callForwardingEnabled", "designation", "email", "fullName", "phoneNumber"])");
    Reply again = as(user, "GET", kPath);
    EXPECT_EQ(again.text({"user", "fullName"}), "Alex Rep");
}

TEST_F(CurrentUser, EmailTakenIs409) {
    std::string taken_by = create_user("standard_user");
    std::string user = create_user("standard_user");
    std::string rid = new_request_id();
    std::string email = "u-" + taken_by + "@e2e.example.com";
    Reply r = put(user, R"({"email":")" + email + "\"}", rid);
    EXPECT_EQ(r.status, 409) << r.body;
    EXPECT_EQ(r.error_code(), "CONFLICT");
    EXPECT_EQ(activities(rid), 0);
    // Case does not make an address different.
    std::string upper = email;
    std::transform(upper.begin(), upper.end(), upper.begin(), ::toupper);
    EXPECT_EQ(put(user, R"({"email":")" + upper + "\"}").status, 409);
    // Your own address is not "taken".
    EXPECT_EQ(put(user, R"({"email":"u-)" + user + R"(@e2e.example.com"})").status, 200);
    EXPECT_EQ(as(user, "GET", kPath).text({"user", "email"}), "u-" + user + "@e2e.example.com");
}

TEST_F(CurrentUser, PhoneNumberCollidingWithAnOrganizationSmsNumberIs409) {
    std::string org = create_organization("{+14165550100,+14165550101}", false);
    std::string user = member(org);
    std::string rid = new_request_id();
    Reply r = put(user, R"({"phoneNumber":"+14165550101"})", rid);
    EXPECT_EQ(r.status, 409) << r.body;
    EXPECT_EQ(r.error_code(), "CONFLICT");
    EXPECT_EQ(activities(rid), 0);
    // Numbers set on the organization later are checked too.
    db().exec("UPDATE profiles.organization SET sms_numbers = sms_numbers || "
              "'+14165550199'::profiles.e164 WHERE id = $1",
              {org});
    EXPECT_EQ(put(user, R"({"phoneNumber":"+14165550199"})").status, 409);
    Reply ok = put(user, R"({"phoneNumber":"+14165550102"})");
    EXPECT_EQ(ok.status, 200) << ok.body;
    EXPECT_EQ(ok.text({"user", "phoneNumber"}), "+14165550102");
    EXPECT_EQ(put(user, R"({"phoneNumber":"416-555-0102"})").status, 400);
}

TEST_F(CurrentUser, NobodyRaisesTheirOwnAccessRole) {
    std::string org = create_organization("{}", false);
    for (const char* from : {"SALES_REP", "DEPARTMENT_HEAD"}) {
        std::string user = member(org, from);
        for (const char* to : {"ADMIN", "SUPERADMIN", "DEPARTMENT_HEAD", "SALES_REP"}) {
            if (std::string(from) == to) {
                continue;
            }
            std::string rid = new_request_id();
            Reply r = put(user, std::string(R"({"accessRole":")") + to + "\"}", rid);
            EXPECT_EQ(r.status, 403) << from << " -> " << to << " " << r.body;
            EXPECT_EQ(r.error_code(), "FORBIDDEN");
            EXPECT_EQ(activities(rid), 0);
        }
        EXPECT_EQ(as(user, "GET", kPath).text({"user", "accessRole"}), from);
        // Sending the role you already have is no change.
        EXPECT_EQ(put(user, std::string(R"({"accessRole":")") + from + "\"}").status, 200);
    }
    std::string admin = member(org, "ADMIN");
    EXPECT_EQ(put(admin, R"({"accessRole":"SUPERADMIN"})").status, 403);
    Reply lower = put(admin, R"({"accessRole":"DEPARTMENT_HEAD"})");
    EXPECT_EQ(lower.status, 200) << lower.body;
    EXPECT_EQ(lower.text({"user", "accessRole"}), "DEPARTMENT_HEAD");
    // A platform admin (internal_*) may set any role; an unknown role is invalid for anyone.
    std::string platform = create_user("internal_admin");
    EXPECT_EQ(put(platform, R"({"accessRole":"SUPERADMIN"})").status, 200);
    EXPECT_EQ(put(platform, R"({"accessRole":"ROOT"})").status, 400);
}

TEST_F(CurrentUser, PersonaIsCreatedThenMerged) {
    std::string org = create_organization("{}", false);
    std::string user = member(org);
    std::string rid = new_request_id();
    Reply first = put(user, R"({"persona":{"position":"Leasing Manager"}})", rid);
    ASSERT_EQ(first.status, 200) << first.body;
    EXPECT_EQ(first.text({"persona", "position"}), "Leasing Manager");
    EXPECT_EQ(first.text({"persona", "organization"}), "Acme Corp");
    EXPECT_EQ(first.text({"persona", "organizationCity"}), "Toronto");
    EXPECT_EQ(first.text({"persona", "userEmail"}), "u-" + user + "@e2e.example.com");
    EXPECT_EQ(first.text({"persona", "user"}), "Acme Member");
    EXPECT_EQ(activities(rid), 1);

    rid = new_request_id();
    Reply merged = put(user, R"({"designation":"Rep","persona":{"region":"Ontario"}})", rid);
    ASSERT_EQ(merged.status, 200) << merged.body;
    EXPECT_EQ(merged.text({"persona", "position"}), "Leasing Manager");
    EXPECT_EQ(merged.text({"persona", "region"}), "Ontario");
    EXPECT_EQ(merged.text({"user", "designation"}), "Rep");
    // One activity for the whole PUT, naming user and persona fields.
    EXPECT_EQ(activities(rid), 1);
    EXPECT_EQ(db().scalar("SELECT metadata->>'updated_fields' FROM profiles.activities "
                          "WHERE request_id = $1",
                          {rid}),
              R"(["designation", "persona.region"])");
    // Nothing changed: nothing recorded.
    rid = new_request_id();
    EXPECT_EQ(put(user, R"({"persona":{"region":"Ontario"}})", rid).status, 200);
    EXPECT_EQ(activities(rid), 0);
}

TEST_F(CurrentUser, BusinessHoursAndTimezoneNeedTheOverrideFlag) {
    std::string org = create_organization("{}", false);
    std::string user = member(org);
    ASSERT_EQ(put(user, R"({"persona":{"position":"Rep"}})").status, 200);
    for (const char* persona :
         {R"({"timezone":"America/Toronto"})", R"({"businessHours":"9am-6pm Mon-Fri"})",
          R"({"position":"Boss","timezone":"America/Toronto"})"}) {
        std::string rid = new_request_id();
        Reply r =
            put(user, std::string(R"({"fullName":"Changed","persona":)") + persona + "}", rid);
        EXPECT_EQ(r.status, 403) << persona << " " << r.body;
        EXPECT_EQ(r.error_code(), "FORBIDDEN");
        EXPECT_EQ(activities(rid), 0);
    }
    Reply unchanged = as(user, "GET", kPath);
    EXPECT_EQ(unchanged.text({"persona", "position"}), "Rep");
    EXPECT_EQ(unchanged.text({"user", "fullName"}), "Acme Member");

    db().exec("UPDATE profiles.organization SET persona_override = true WHERE id = $1", {org});
    Reply allowed = put(user, R"({"persona":{"timezone":"America/Toronto",)"
                              R"("businessHours":"9am-6pm Mon-Fri"}})");
    ASSERT_EQ(allowed.status, 200) << allowed.body;
    EXPECT_EQ(allowed.text({"persona", "timezone"}), "America/Toronto");
    EXPECT_EQ(allowed.text({"persona", "businessHours"}), "9am-6pm Mon-Fri");
    EXPECT_EQ(allowed.text({"persona", "position"}), "Rep");
    EXPECT_EQ(put(user, R"({"persona":{"timezone":"Mars/Olympus"}})").status, 400);
    // A user without an organization has no flag.
    std::string loner = create_user("standard_user");
    EXPECT_EQ(put(loner, R"({"persona":{"timezone":"UTC"}})").status, 403);
}

TEST_F(CurrentUser, ValidationErrorsAre400) {
    std::string org = create_organization("{}", false);
    std::string user = member(org);
    for (const char* body :
         {R"({"email":"not-an-email"})", R"({"phoneNumber":"12345"})",
          R"({"sinchPhoneNumber":"nope"})", R"({"callForwardingEnabled":"yes"})",
          R"({"notificationPreferences":{"calls":"yes"}})", R"({"automations":[1]})",
          R"({"departmentId":"not-a-uuid"})", R"({"persona":"Leasing"})",
          R"({"persona":{"favouriteColour":"red"}})", R"({"password":"x"})"}) {
        Reply r = put(user, body);
        EXPECT_EQ(r.status, 400) << body << " " << r.body;
        EXPECT_EQ(r.error_code(), "VALIDATION_ERROR") << body;
    }
    Reply long_name = put(user, R"({"fullName":")" + std::string(256, 'n') + "\"}");
    EXPECT_EQ(long_name.status, 400) << long_name.body;
    // A department of another organization is not yours to join.
    std::string foreign_department =
        *db().scalar("INSERT INTO profiles.department (organization_id, name) VALUES ($1, 'X') "
                     "RETURNING id",
                     {create_organization("{}", false)});
    EXPECT_EQ(put(user, R"({"departmentId":")" + foreign_department + "\"}").status, 400);
    std::string own_department =
        *db().scalar("INSERT INTO profiles.department (organization_id, name) VALUES ($1, 'Y') "
                     "RETURNING id",
                     {org});
    Reply joined =
        put(user, R"({"departmentId":")" + own_department +
                      R"(","notificationPreferences":{"calls":true,"escalations":false},)"
                      R"("automations":{"followUp":{"enabled":true}}})");
    EXPECT_EQ(joined.status, 200) << joined.body;
    EXPECT_EQ(joined.text({"user", "departmentId"}), own_department);
    EXPECT_TRUE(joined.is_true({"user", "notificationPreferences", "calls"}));
    EXPECT_TRUE(joined.is_true({"user", "automations", "followUp", "enabled"}));
}

TEST_F(CurrentUser, BodiesAndCredentials) {
    std::string user = create_user("standard_user");
    auto headers = bearer(user);
    Reply none = send("PUT", kPath, headers);
    EXPECT_EQ(none.status, 400) << none.body;
    EXPECT_EQ(none.error_message(), "Request body is required");
    EXPECT_EQ(send("PUT", kPath, headers, "").status, 400);
    EXPECT_EQ(send("PUT", kPath, headers, "{\"fullName\":").status, 400);
    EXPECT_EQ(send("PUT", kPath, headers, "[]").status, 400);
    EXPECT_EQ(send("PUT", kPath, headers, R"({"fullName":"X"})", "text/plain").status, 415);
    EXPECT_EQ(send("PUT", kPath, headers, R"({"fullName":"X"})", "application/json; charset=utf-8")
                  .status,
              200);
    // An empty object changes nothing and answers the current state.
    EXPECT_EQ(send("PUT", kPath, headers, "{}").status, 200);

    for (const char* method : {"GET", "PUT"}) {
        Reply r = send(method, kPath, {}, std::string(R"({"fullName":"Y"})"));
        EXPECT_EQ(r.status, 401) << method << " " << r.body;
        EXPECT_EQ(r.error_code(), "UNAUTHORIZED");
        EXPECT_EQ(send(method, kPath, {{"Authorization", "Bearer " + token_for(user, -120)}},
                       std::string("{}"))
                      .status,
                  401);
    }
    // Every credential kind reaches the same user.
    std::string session = *db().scalar("SELECT profiles.create_session($1)", {user});
    Reply by_cookie = send("GET", kPath, {{"Cookie", "better-auth.session_token=" + session}});
    EXPECT_EQ(by_cookie.status, 200) << by_cookie.body;
    EXPECT_EQ(by_cookie.text({"user", "_id"}), user);
    std::string key = *db().scalar("SELECT profiles.create_api_key($1)", {user});
    Reply by_key = send("PUT", kPath, {{"X-Api-Key", key}}, std::string(R"({"fullName":"Keyed"})"));
    EXPECT_EQ(by_key.status, 200) << by_key.body;
    EXPECT_EQ(by_key.text({"user", "fullName"}), "Keyed");
}

TEST_F(CurrentUser, TheRouteTableIsServed) {
    std::optional<std::string> rows =
        db().scalar("SELECT string_agg(method || ' ' || path, E'\\n' ORDER BY method) "
                    "FROM profiles.api_operation WHERE seed = '001'");
    ASSERT_TRUE(rows);
    std::istringstream lines(*rows);
    int count = 0;
    for (std::string line; std::getline(lines, line); ++count) {
        std::string method = line.substr(0, line.find(' '));
        Reply r = send(method, line.substr(method.size() + 1), {}, std::string("{}"));
        EXPECT_EQ(r.status, 401) << line << " " << r.body;
    }
    EXPECT_EQ(count, 2);
}
