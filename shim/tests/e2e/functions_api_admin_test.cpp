// Seed 000 as an admin (role internal_admin): every action, on own and other profiles.
#include "e2e_support.hpp"

using namespace profiles::e2e;

namespace {

class AdminApi : public ShimTest {
  protected:
    void SetUp() override {
        ShimTest::SetUp();
        admin_ = create_user("internal_admin");
        other_ = create_user_with_profile("standard_user", admin_);
    }
    std::string admin_;
    std::string other_;
};

bool array_has_id(const rapidjson::Value& array, const std::string& id) {
    for (const auto& item : array.GetArray()) {
        if (item.IsObject() && item.HasMember("id") && item["id"].IsString() &&
            item["id"].GetString() == id) {
            return true;
        }
    }
    return false;
}

} // namespace

TEST_F(AdminApi, AllReturnsEveryProfileWithCount) {
    Reply r = api(admin_, "all");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.header("Content-Type"), "application/json");
    const rapidjson::Value* data = r.at({"data"});
    ASSERT_TRUE(data != nullptr && data->IsArray()) << r.body;
    EXPECT_EQ(r.integer({"count"}), static_cast<int64_t>(data->Size()));
    EXPECT_TRUE(array_has_id(*data, other_));
}

TEST_F(AdminApi, ListPaginates) {
    create_user_with_profile("consumer", admin_);
    Reply r = post("/functions/v1/api", token_for(admin_),
                   R"({"resource":"profiles","action":"list","limit":1,"offset":0})");
    ASSERT_EQ(r.status, 200) << r.body;
    const rapidjson::Value* data = r.at({"data"});
    ASSERT_TRUE(data != nullptr && data->IsArray()) << r.body;
    EXPECT_EQ(data->Size(), 1u);
    EXPECT_GE(r.integer({"count"}), 2);
    EXPECT_EQ(r.integer({"limit"}), 1);
    EXPECT_EQ(r.integer({"offset"}), 0);
}

TEST_F(AdminApi, GetOtherProfile) {
    Reply r = api(admin_, "get", other_);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.text({"data", "id"}), other_);
    EXPECT_EQ(r.text({"data", "first_name"}), "Test");
}

TEST_F(AdminApi, GetOwnProfile) {
    Reply created = api(admin_, "create", "", R"({"id":")" + admin_ + R"(","first_name":"Ada"})");
    ASSERT_EQ(created.status, 201) << created.body;
    Reply r = api(admin_, "get", admin_);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.text({"data", "first_name"}), "Ada");
}

TEST_F(AdminApi, GetMissingProfileIs404) {
    Reply r = api(admin_, "get", new_uuid());
    EXPECT_EQ(r.status, 404) << r.body;
    EXPECT_EQ(r.error_code(), "NOT_FOUND");
}

TEST_F(AdminApi, CreateIs201) {
    std::string id = create_user("consumer");
    Reply r = api(admin_, "create", "",
                  R"({"id":")" + id + R"(","first_name":"Grace","last_name":"Hopper"})");
    ASSERT_EQ(r.status, 201) << r.body;
    EXPECT_EQ(r.text({"data", "id"}), id);
    EXPECT_EQ(r.text({"data", "last_name"}), "Hopper");
}

TEST_F(AdminApi, CreateExistingIs409) {
    Reply r = api(admin_, "create", "", R"({"id":")" + other_ + R"(","first_name":"Again"})");
    EXPECT_EQ(r.status, 409) << r.body;
    EXPECT_EQ(r.error_code(), "CONFLICT");
}

TEST_F(AdminApi, CreateWithoutUserRowIs400) {
    Reply r = api(admin_, "create", "", R"({"id":")" + new_uuid() + R"(","first_name":"Nobody"})");
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(r.error_code(), "VALIDATION_ERROR");
}

TEST_F(AdminApi, UpdateOtherProfile) {
    Reply r = api(admin_, "update", other_, R"({"first_name":"Renamed"})");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.text({"data", "first_name"}), "Renamed");
    EXPECT_EQ(r.text({"data", "last_name"}), "User");
}

TEST_F(AdminApi, UpdateMissingProfileIs404) {
    Reply r = api(admin_, "update", new_uuid(), R"({"first_name":"Ghost"})");
    EXPECT_EQ(r.status, 404) << r.body;
    EXPECT_EQ(r.error_code(), "NOT_FOUND");
}

TEST_F(AdminApi, InvalidFieldValueIs400) {
    Reply r = api(admin_, "update", other_, R"({"first_name":")" + std::string(300, 'x') + "\"}");
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(r.error_code(), "VALIDATION_ERROR");
}

TEST_F(AdminApi, DeleteOtherProfile) {
    Reply r = api(admin_, "delete", other_);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.text({"data", "id"}), other_);
    EXPECT_TRUE(r.is_true({"data", "deleted"}));
    EXPECT_EQ(api(admin_, "get", other_).status, 404);
}

TEST_F(AdminApi, DeleteMissingProfileIs404) {
    Reply r = api(admin_, "delete", new_uuid());
    EXPECT_EQ(r.status, 404) << r.body;
    EXPECT_EQ(r.error_code(), "NOT_FOUND");
}
