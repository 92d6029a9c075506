// Seed 002, contacts: GET/POST /profiles/{profileId}/contacts and
// GET/PUT/PATCH/DELETE /profiles/{profileId}/contacts/{contactId}.
#include "seed_fixtures.hpp"

using namespace profiles::e2e;

namespace {

class RestContacts : public SeedTest {
  protected:
    void SetUp() override {
        SeedTest::SetUp();
        admin_ = create_user("internal_admin");
        owner_ = create_profile_as_admin();
        other_ = create_profile_as_admin();
    }

    // A profile (and its consumer user) created over HTTP by the admin.
    std::string create_profile_as_admin() {
        Reply r = as(admin_, "POST", "/profiles",
                     std::string(R"({"firstName":"Contact","lastName":"Owner"})"));
        EXPECT_EQ(r.status, 201) << r.body;
        return r.text({"profileId"});
    }

    static std::string contacts_of(const std::string& profile) {
        return "/profiles/" + profile + "/contacts";
    }

    // POST a contact to `profile` as `user`; its contactId.
    static std::string add_contact(const std::string& user, const std::string& profile,
                                   const std::string& body) {
        Reply r = as(user, "POST", contacts_of(profile), body);
        EXPECT_EQ(r.status, 201) << r.body;
        return r.text({"contactId"});
    }

    std::string admin_;
    std::string owner_;
    std::string other_;
};

} // namespace

TEST_F(RestContacts, CreateAsTheSeedWritesIt) {
    std::string rid = new_request_id();
    Reply r = send("POST", contacts_of(owner_), bearer(owner_, rid),
                   R"({
  "key": "email",
  "value": "client@email.com",
  "uuid": null
})");
    ASSERT_EQ(r.status, 201) << r.body;
    EXPECT_EQ(r.header("Content-Type"), "application/json");
    std::string id = r.text({"contactId"});
    EXPECT_EQ(r.header("Location"), contacts_of(owner_) + "/" + id);
    EXPECT_EQ(r.text({"key"}), "email");
    EXPECT_EQ(r.text({"value"}), "client@email.com");
    EXPECT_TRUE(r.at({"uuid"}) != nullptr && r.at({"uuid"})->IsNull());
    EXPECT_NE(r.text({"createTime"}), "<missing>");
    EXPECT_NE(r.text({"updateTime"}), "<missing>");
    EXPECT_EQ(activities(rid, "contact_created"), 1);

    std::string integration = new_uuid();
    Reply phone = as(admin_, "POST", contacts_of(owner_),
                     R"({"key":"phone","value":"+14155550100","uuid":")" + integration + "\"}");
    ASSERT_EQ(phone.status, 201) << phone.body;
    EXPECT_EQ(phone.text({"uuid"}), integration);
}

TEST_F(RestContacts, ListOwnOtherAndAsAdmin) {
    std::string a = add_contact(owner_, owner_, R"({"key":"email","value":"one@e2e.example"})");
    std::string b = add_contact(admin_, owner_, R"({"key":"phone","value":"+14155550101"})");
    Reply own = as(owner_, "GET", contacts_of(owner_));
    ASSERT_EQ(own.status, 200) << own.body;
    EXPECT_EQ(own.header("Content-Type"), "application/json");
    ASSERT_TRUE(own.json.IsArray() && own.json.Size() == 2) << own.body;
    EXPECT_EQ(std::string(own.json[0]["contactId"].GetString()), a);
    EXPECT_EQ(std::string(own.json[1]["contactId"].GetString()), b);
    Reply admin = as(admin_, "GET", contacts_of(owner_));
    EXPECT_EQ(admin.status, 200);
    EXPECT_EQ(admin.body, own.body);
    Reply other = as(other_, "GET", contacts_of(owner_));
    EXPECT_EQ(other.status, 403) << other.body;
    EXPECT_EQ(other.error_code(), "FORBIDDEN");
    Reply empty = as(other_, "GET", contacts_of(other_));
    EXPECT_EQ(empty.status, 200);
    EXPECT_EQ(empty.body, "[]");
    EXPECT_EQ(as(admin_, "GET", contacts_of(new_uuid())).status, 404);
    EXPECT_EQ(as(admin_, "GET", "/profiles/nope/contacts").status, 404);
}

TEST_F(RestContacts, CreateValidation) {
    for (const char* body :
         {R"({"key":"fax","value":"+14155550100"})", R"({"key":"email","value":"nope"})",
          R"({"key":"phone","value":"4155550100"})", R"({"key":"phone","value":"+1 415 555"})",
          R"({"value":"a@b.example"})", R"({"key":"email"})",
          R"({"key":"email","value":"a@b.example","uuid":"zzz"})",
          R"({"key":"email","value":"a@b.example","uuid":5})",
          R"({"key":"email","value":"a@b.example","colour":"red"})"}) {
        std::string rid = new_request_id();
        Reply r = send("POST", contacts_of(owner_), bearer(owner_, rid), body);
        EXPECT_EQ(r.status, 400) << body << " " << r.body;
        EXPECT_EQ(r.error_code(), "VALIDATION_ERROR") << body;
        EXPECT_EQ(activities(rid), 0);
    }
    auto headers = bearer(owner_);
    EXPECT_EQ(send("POST", contacts_of(owner_), headers).status, 400);
    EXPECT_EQ(send("POST", contacts_of(owner_), headers, "").status, 400);
    EXPECT_EQ(send("POST", contacts_of(owner_), headers, "[]").status, 400);
    EXPECT_EQ(send("POST", contacts_of(owner_), headers, "{\"key\"").status, 400);
    EXPECT_EQ(send("POST", contacts_of(owner_), headers, R"({"key":"email","value":"a@b.example"})",
                   "text/plain")
                  .status,
              415);
    EXPECT_EQ(as(owner_, "GET", contacts_of(owner_)).body, "[]");
}

TEST_F(RestContacts, CreateOnSomeoneElsesProfileIsForbidden) {
    std::string rid = new_request_id();
    Reply r = send("POST", contacts_of(other_), bearer(owner_, rid),
                   R"({"key":"email","value":"intruder@e2e.example"})");
    EXPECT_EQ(r.status, 403) << r.body;
    EXPECT_EQ(activities(rid), 0);
    EXPECT_EQ(as(admin_, "POST", contacts_of(new_uuid()),
                 std::string(R"({"key":"email","value":"a@b.example"})"))
                  .status,
              404);
}

TEST_F(RestContacts, GetOne) {
    std::string id = add_contact(owner_, owner_, R"({"key":"email","value":"get@e2e.example"})");
    std::string path = contacts_of(owner_) + "/" + id;
    Reply r = as(owner_, "GET", path);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.text({"contactId"}), id);
    EXPECT_EQ(r.text({"value"}), "get@e2e.example");
    EXPECT_EQ(as(admin_, "GET", path).status, 200);
    EXPECT_EQ(as(other_, "GET", path).status, 403);
    // The contact exists, but not under that profile.
    Reply elsewhere = as(admin_, "GET", contacts_of(other_) + "/" + id);
    EXPECT_EQ(elsewhere.status, 404) << elsewhere.body;
    EXPECT_EQ(elsewhere.error_code(), "NOT_FOUND");
    EXPECT_EQ(as(owner_, "GET", contacts_of(owner_) + "/" + new_uuid()).status, 404);
    Reply malformed = as(owner_, "GET", contacts_of(owner_) + "/6006dda272f002519c3eb505");
    EXPECT_EQ(malformed.status, 404);
    EXPECT_EQ(malformed.error_code(), "NOT_FOUND");
}

TEST_F(RestContacts, UpdateWithPutAndPatch) {
    std::string id = add_contact(owner_, owner_, R"({"key":"email","value":"old@e2e.example"})");
    std::string path = contacts_of(owner_) + "/" + id;
    std::string rid = new_request_id();
    Reply put = send("PUT", path, bearer(owner_, rid),
                     R"({"key":"email","value":"client@email.com","uuid":null})");
    ASSERT_EQ(put.status, 200) << put.body;
    EXPECT_EQ(put.header("Content-Type"), "application/json");
    EXPECT_EQ(put.text({"value"}), "client@email.com");
    EXPECT_EQ(activities(rid, "contact_updated"), 1);

    // Fields left out keep their value; the new value is checked against the kept key.
    Reply patch = as(admin_, "PATCH", path, std::string(R"({"value":"new@e2e.example"})"));
    ASSERT_EQ(patch.status, 200) << patch.body;
    EXPECT_EQ(patch.text({"key"}), "email");
    EXPECT_EQ(patch.text({"value"}), "new@e2e.example");
    Reply mismatch = as(owner_, "PATCH", path, std::string(R"({"value":"+14155550100"})"));
    EXPECT_EQ(mismatch.status, 400) << mismatch.body;
    Reply switched =
        as(owner_, "PATCH", path, std::string(R"({"key":"phone","value":"+14155550100"})"));
    EXPECT_EQ(switched.status, 200) << switched.body;
    EXPECT_EQ(switched.text({"key"}), "phone");

    EXPECT_EQ(as(owner_, "PUT", path, std::string(R"({"key":"fax"})")).status, 400);
    EXPECT_EQ(as(owner_, "PUT", path, std::nullopt).status, 400);
    EXPECT_EQ(as(other_, "PUT", path, std::string(R"({"value":"x@e2e.example"})")).status, 403);
    EXPECT_EQ(as(owner_, "PUT", contacts_of(owner_) + "/" + new_uuid(),
                 std::string(R"({"value":"x@e2e.example"})"))
                  .status,
              404);
    EXPECT_EQ(as(owner_, "GET", path).text({"value"}), "+14155550100");
}

TEST_F(RestContacts, DeleteAnswers204WithoutABody) {
    std::string id = add_contact(owner_, owner_, R"({"key":"email","value":"del@e2e.example"})");
    std::string path = contacts_of(owner_) + "/" + id;
    EXPECT_EQ(as(other_, "DELETE", path).status, 403);
    std::string rid = new_request_id();
    Reply r = send("DELETE", path, bearer(owner_, rid));
    EXPECT_EQ(r.status, 204);
    EXPECT_TRUE(r.body.empty()) << r.body;
    EXPECT_EQ(r.header("Content-Type"), "");
    EXPECT_EQ(activities(rid, "contact_deleted"), 1);
    EXPECT_EQ(as(owner_, "GET", path).status, 404);
    EXPECT_EQ(as(owner_, "DELETE", path).status, 404);
    std::string kept = add_contact(admin_, owner_, R"({"key":"email","value":"kept@e2e.example"})");
    EXPECT_EQ(as(admin_, "DELETE", contacts_of(owner_) + "/" + kept).status, 204);
}

TEST_F(RestContacts, DeletingTheProfileDeletesItsContacts) {
    std::string id = add_contact(owner_, owner_, R"({"key":"email","value":"gone@e2e.example"})");
    std::string rid = new_request_id();
    EXPECT_EQ(send("DELETE", "/profiles/" + owner_, bearer(admin_, rid)).status, 204);
    EXPECT_EQ(db().scalar("SELECT count(*) FROM profiles.contact WHERE id = $1", {id}), "0");
    EXPECT_EQ(activities(rid, "profile_deleted"), 1);
    EXPECT_EQ(as(admin_, "GET", contacts_of(owner_) + "/" + id).status, 404);
}
