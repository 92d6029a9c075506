#include "request_id.hpp"

#include <gtest/gtest.h>

#include <set>

using namespace profiles;

TEST(RequestId, AcceptsWellFormedIds) {
    EXPECT_TRUE(request_id::is_acceptable("a"));
    EXPECT_TRUE(request_id::is_acceptable("req-123_abc.def:GHI"));
    EXPECT_TRUE(request_id::is_acceptable(std::string(128, 'x')));
}

TEST(RequestId, RefusesAnythingElse) {
    EXPECT_FALSE(request_id::is_acceptable(""));
    EXPECT_FALSE(request_id::is_acceptable(std::string(129, 'x')));
    EXPECT_FALSE(request_id::is_acceptable("has space"));
    EXPECT_FALSE(request_id::is_acceptable("line\nbreak"));
    EXPECT_FALSE(request_id::is_acceptable("quote\""));
    EXPECT_FALSE(request_id::is_acceptable("semi;colon"));
    EXPECT_FALSE(request_id::is_acceptable("caf\xc3\xa9"));
    EXPECT_FALSE(request_id::is_acceptable("a/b"));
}

TEST(RequestId, EchoesOrGenerates) {
    EXPECT_EQ(request_id::from_header("abc-1"), "abc-1");
    std::string generated = request_id::from_header("bad id");
    EXPECT_NE(generated, "bad id");
    EXPECT_TRUE(request_id::is_acceptable(generated));
}

TEST(RequestId, GeneratesDistinct32HexIds) {
    std::set<std::string> ids;
    for (int i = 0; i < 1000; ++i) {
        std::string id = request_id::generate();
        ASSERT_EQ(id.size(), 32u);
        ASSERT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos) << id;
        ids.insert(id);
    }
    EXPECT_EQ(ids.size(), 1000u);
}
