// Seed 000 as a regular user (standard_user, consumer): own profile yes, others and admin-only
// actions 403.
#include "e2e_support.hpp"

using namespace profiles::e2e;

namespace {

class RegularUserApi : public ShimTest, public ::testing::WithParamInterface<const char*> {
  protected:
    void SetUp() override {
        ShimTest::SetUp();
        admin_ = create_user("internal_admin");
        me_ = create_user_with_profile(GetParam(), admin_);
        other_ = create_user_with_profile("standard_user", admin_);
    }

    static void expect_forbidden(const Reply& r) {
        EXPECT_EQ(r.status, 403) << r.body;
        EXPECT_EQ(r.error_code(), "FORBIDDEN") << r.body;
        EXPECT_FALSE(r.error_message().empty());
    }

    std::string admin_;
    std::string me_;
    std::string other_;
};

} // namespace

TEST_P(RegularUserApi, AllIsAdminOnly) {
    expect_forbidden(api(me_, "all"));
}

TEST_P(RegularUserApi, ListIsAdminOnly) {
    expect_forbidden(api(me_, "list"));
}

TEST_P(RegularUserApi, CreateIsAdminOnly) {
    std::string id = create_user("consumer");
    expect_forbidden(api(me_, "create", "", R"({"id":")" + id + R"(","first_name":"X"})"));
}

TEST_P(RegularUserApi, GetOwnProfile) {
    Reply r = api(me_, "get", me_);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.text({"data", "id"}), me_);
}

TEST_P(RegularUserApi, GetOtherProfileIsForbidden) {
    expect_forbidden(api(me_, "get", other_));
}

TEST_P(RegularUserApi, UpdateOwnProfile) {
    Reply r = api(me_, "update", me_, R"({"last_name":"Mine"})");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.text({"data", "last_name"}), "Mine");
}

TEST_P(RegularUserApi, UpdateOtherProfileIsForbidden) {
    expect_forbidden(api(me_, "update", other_, R"({"last_name":"Theirs"})"));
    Reply check = api(admin_, "get", other_);
    EXPECT_EQ(check.text({"data", "last_name"}), "User");
}

TEST_P(RegularUserApi, DeleteOwnProfile) {
    Reply r = api(me_, "delete", me_);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_TRUE(r.is_true({"data", "deleted"}));
    EXPECT_EQ(api(admin_, "get", me_).status, 404);
}

TEST_P(RegularUserApi, DeleteOtherProfileIsForbidden) {
    expect_forbidden(api(me_, "delete", other_));
    EXPECT_EQ(api(admin_, "get", other_).status, 200);
}

INSTANTIATE_TEST_SUITE_P(Roles, RegularUserApi, ::testing::Values("standard_user", "consumer"));
