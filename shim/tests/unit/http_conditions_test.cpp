#include "http_conditions.hpp"

#include <gtest/gtest.h>

using namespace profiles::conditions;

namespace {

using Kind = IfMatch::Kind;

IfMatch if_match(const char* value) {
    return read_if_match(std::string(value));
}

} // namespace

TEST(EntityTags, ParsesOneStrongTag) {
    auto list = parse_tag_list("\"7\"");
    ASSERT_TRUE(list);
    EXPECT_FALSE(list->any);
    ASSERT_EQ(list->tags.size(), 1u);
    EXPECT_FALSE(list->tags[0].weak);
    EXPECT_EQ(list->tags[0].opaque, "7");
}

TEST(EntityTags, ParsesWeakTagsListsAndStar) {
    auto list = parse_tag_list(" W/\"1\" ,\t\"x,y\",W/\"\" ");
    ASSERT_TRUE(list);
    ASSERT_EQ(list->tags.size(), 3u);
    EXPECT_TRUE(list->tags[0].weak);
    EXPECT_EQ(list->tags[0].opaque, "1");
    EXPECT_FALSE(list->tags[1].weak);
    EXPECT_EQ(list->tags[1].opaque, "x,y"); // a comma is a valid etagc inside the quotes
    EXPECT_TRUE(list->tags[2].weak);
    EXPECT_EQ(list->tags[2].opaque, "");

    auto star = parse_tag_list(" * ");
    ASSERT_TRUE(star);
    EXPECT_TRUE(star->any);
    EXPECT_TRUE(star->tags.empty());
}

TEST(EntityTags, AcceptsEmptyListElements) {
    auto list = parse_tag_list(", \"1\", , \"2\",");
    ASSERT_TRUE(list);
    ASSERT_EQ(list->tags.size(), 2u);
    EXPECT_EQ(list->tags[1].opaque, "2");
}

TEST(EntityTags, RefusesMalformedValues) {
    for (const char* bad : {"", "   ", ",", "7", "\"7", "7\"", "w/\"7\"", "W/7", "W/ \"7\"",
                            "\"7\" \"8\"", "\"7\";\"8\"", "*, \"7\"", "\"7\", *", "**", "\"a b\"",
                            "\"a\tb\"", "\"a\x7f\"", "\"7\"x"}) {
        EXPECT_FALSE(parse_tag_list(bad)) << "accepted: [" << bad << "]";
    }
}

TEST(EntityTags, AcceptsObsText) {
    auto list = parse_tag_list("\"caf\xc3\xa9\"");
    ASSERT_TRUE(list);
    EXPECT_EQ(list->tags[0].opaque, "caf\xc3\xa9");
}

TEST(EntityTags, EtagQuotesTheVersion) {
    EXPECT_EQ(etag("7"), "\"7\"");
    EXPECT_EQ(etag("123456"), "\"123456\"");
}

TEST(EntityTags, VersionOfTakesOnlyCanonicalNumbers) {
    EXPECT_EQ(version_of("7"), 7);
    EXPECT_EQ(version_of("0"), 0);
    EXPECT_EQ(version_of("2147483647"), 2147483647);
    for (const char* bad :
         {"", "07", "+7", "-1", "7a", " 7", "2147483648", "99999999999999999999", "1.0", "abc"}) {
        EXPECT_FALSE(version_of(bad)) << bad;
    }
}

TEST(IfMatchField, AbsentMeansUnconditional) {
    EXPECT_EQ(read_if_match(std::nullopt).kind, Kind::Absent);
}

TEST(IfMatchField, StarMeansAnyVersion) {
    EXPECT_EQ(if_match("*").kind, Kind::Any);
}

TEST(IfMatchField, StrongAndWeakTagsNameAVersion) {
    IfMatch strong = if_match("\"3\"");
    EXPECT_EQ(strong.kind, Kind::Version);
    EXPECT_EQ(strong.version, 3);
    IfMatch weak = if_match("W/\"12\"");
    EXPECT_EQ(weak.kind, Kind::Version);
    EXPECT_EQ(weak.version, 12);
}

TEST(IfMatchField, SeveralTagsOfOneVersionAreFine) {
    IfMatch same = if_match("\"4\", W/\"4\"");
    EXPECT_EQ(same.kind, Kind::Version);
    EXPECT_EQ(same.version, 4);
    // A tag this server never gives out matches nothing; the other one still counts.
    IfMatch mixed = if_match("\"not-ours\", \"5\"");
    EXPECT_EQ(mixed.kind, Kind::Version);
    EXPECT_EQ(mixed.version, 5);
}

TEST(IfMatchField, FailsWhenItCannotHold) {
    IfMatch malformed = if_match("3");
    EXPECT_EQ(malformed.kind, Kind::Fails);
    EXPECT_EQ(malformed.problem, "If-Match is not a valid entity tag list");

    IfMatch empty = if_match("");
    EXPECT_EQ(empty.kind, Kind::Fails);

    IfMatch foreign = if_match("\"abc\"");
    EXPECT_EQ(foreign.kind, Kind::Fails);
    EXPECT_EQ(foreign.problem, "If-Match does not match the current version");

    IfMatch too_big = if_match("\"2147483648\"");
    EXPECT_EQ(too_big.kind, Kind::Fails);

    IfMatch two = if_match("\"3\", \"4\"");
    EXPECT_EQ(two.kind, Kind::Fails);
    EXPECT_EQ(two.problem, "If-Match may name only one version");
}

TEST(IfNoneMatchField, MatchesWithWeakComparison) {
    EXPECT_TRUE(if_none_match_hits("\"3\"", "3"));
    EXPECT_TRUE(if_none_match_hits("W/\"3\"", "3"));
    EXPECT_TRUE(if_none_match_hits("\"1\", \"2\", \"3\"", "3"));
    EXPECT_TRUE(if_none_match_hits("*", "3"));
}

TEST(IfNoneMatchField, OtherVersionsAndMalformedValuesDoNotMatch) {
    EXPECT_FALSE(if_none_match_hits("\"2\"", "3"));
    EXPECT_FALSE(if_none_match_hits("\"03\"", "3"));
    EXPECT_FALSE(if_none_match_hits("3", "3"));
    EXPECT_FALSE(if_none_match_hits("", "3"));
    EXPECT_FALSE(if_none_match_hits("\"3", "3"));
}
