#include "json_parse.hpp"

#include <gtest/gtest.h>

#include <string>

using namespace profiles;

namespace {

// An object with `n` members named k0..k{n-1}, the last one renamed to `last` when given.
std::string object_of(int n, const std::string& last = "") {
    std::string text = "{";
    for (int i = 0; i < n; ++i) {
        std::string name = (i == n - 1 && !last.empty()) ? last : "k" + std::to_string(i);
        text += (i ? "," : "") + ("\"" + name + "\":" + std::to_string(i));
    }
    return text + "}";
}

} // namespace

TEST(JsonParse, DuplicateMembersFoundInSmallAndLargeObjects) {
    // Up to 16 members are compared pairwise, more through a set: both must see a repeat.
    for (int n : {2, 3, 16, 17, 40}) {
        json::SmallDocument distinct, repeated;
        ASSERT_TRUE(json::parse(object_of(n), distinct.get())) << n;
        EXPECT_FALSE(json::has_duplicate_members(distinct.get())) << n;
        ASSERT_TRUE(json::parse(object_of(n, "k0"), repeated.get())) << n;
        EXPECT_TRUE(json::has_duplicate_members(repeated.get())) << n;
        EXPECT_FALSE(json::parse_object(object_of(n, "k0"), repeated.get())) << n;
    }
    json::SmallDocument nested;
    ASSERT_TRUE(json::parse(R"({"a":{"x":1,"x":2},"b":1})", nested.get()));
    EXPECT_FALSE(json::has_duplicate_members(nested.get())); // nested values are not looked into
}

TEST(JsonParse, SmallDocumentHoldsDocumentsLargerThanItsBuffer) {
    // Past the buffer inside the object, values continue on the heap.
    std::string big = R"({"items":[)";
    for (int i = 0; i < 2000; ++i) {
        big += (i ? "," : "") +
               ("{\"n\":" + std::to_string(i) + ",\"s\":\"value " + std::to_string(i) + "\"}");
    }
    big += "]}";
    json::SmallDocument doc;
    ASSERT_TRUE(json::parse_object(big, doc.get()));
    const rapidjson::Value* items = json::find(doc.get(), "items");
    ASSERT_TRUE(items != nullptr && items->IsArray());
    ASSERT_EQ(items->Size(), 2000u);
    EXPECT_EQ((*items)[1999]["n"].GetInt(), 1999);
    EXPECT_STREQ((*items)[1999]["s"].GetString(), "value 1999");
}

TEST(JsonParse, RefusesWhatIsNotOneJsonObject) {
    json::SmallDocument doc;
    EXPECT_FALSE(json::parse_object("[1,2]", doc.get()));
    EXPECT_FALSE(json::parse_object("{\"a\":1} trailing", doc.get()));
    EXPECT_FALSE(json::parse_object("", doc.get()));
    EXPECT_FALSE(json::parse_object("{\"a\":\"\xff\"}", doc.get())); // invalid UTF-8
    EXPECT_TRUE(json::parse_object("{}", doc.get()));
}
