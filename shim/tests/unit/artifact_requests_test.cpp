#include "artifact_requests.hpp"

#include <gtest/gtest.h>

#include <thread>

using namespace profiles::artifacts;

namespace {

const char* kId = "0b6c8a52-3f7e-4c1d-9a55-1d2f3e4a5b6c";

} // namespace

TEST(ExtractFields, AbsentAndNullAreNull) {
    Fields f = extract_fields(
        R"({"b":null})", {{"a", FieldKind::Uuid}, {"b", FieldKind::Text}, {"c", FieldKind::Int32}});
    ASSERT_FALSE(f.error) << *f.error;
    ASSERT_EQ(f.params.size(), 3u);
    EXPECT_FALSE(f.params[0]);
    EXPECT_FALSE(f.params[1]);
    EXPECT_FALSE(f.params[2]);
}

TEST(ExtractFields, ReadsValuesInSpecOrder) {
    Fields f = extract_fields(
        std::string(R"({"ttl":30,"id":")") + kId + R"(","label":"q\"x"})",
        {{"id", FieldKind::Uuid}, {"ttl", FieldKind::Int32}, {"label", FieldKind::Text}});
    ASSERT_FALSE(f.error) << *f.error;
    ASSERT_EQ(f.params.size(), 3u);
    EXPECT_EQ(f.params[0].value_or(""), kId);
    EXPECT_EQ(f.params[1].value_or(""), "30");
    EXPECT_EQ(f.params[2].value_or(""), "q\"x");
}

TEST(ExtractFields, UnknownMembersAreIgnored) {
    Fields f = extract_fields(R"({"other":[1,2],"x":{}})", {{"id", FieldKind::Uuid}});
    EXPECT_FALSE(f.error);
    ASSERT_EQ(f.params.size(), 1u);
}

TEST(ExtractFields, WrongTypesAreRefused) {
    struct Case {
        const char* body;
        FieldKind kind;
        const char* message;
    } cases[] = {
        {R"({"f":42})", FieldKind::Uuid, "f must be a UUID string"},
        {R"({"f":"not-a-uuid"})", FieldKind::Uuid, "f must be a UUID string"},
        {R"({"f":["0b6c8a52-3f7e-4c1d-9a55-1d2f3e4a5b6c"]})", FieldKind::Uuid,
         "f must be a UUID string"},
        {R"({"f":true})", FieldKind::Text, "f must be a string"},
        {R"({"f":{}})", FieldKind::Text, "f must be a string"},
        {R"({"f":"15"})", FieldKind::Int32, "f must be an integer"},
        {R"({"f":1.5})", FieldKind::Int32, "f must be an integer"},
        {R"({"f":2147483648})", FieldKind::Int32, "f must be an integer"},
        {R"({"f":-2147483649})", FieldKind::Int32, "f must be an integer"},
    };
    for (const Case& c : cases) {
        Fields f = extract_fields(c.body, {{"f", c.kind}});
        ASSERT_TRUE(f.error) << c.body;
        EXPECT_EQ(*f.error, c.message) << c.body;
        EXPECT_TRUE(f.params.empty());
    }
}

TEST(ExtractFields, Int32Bounds) {
    Fields f = extract_fields(R"({"a":-2147483648,"b":2147483647})",
                              {{"a", FieldKind::Int32}, {"b", FieldKind::Int32}});
    ASSERT_FALSE(f.error);
    EXPECT_EQ(f.params[0].value_or(""), "-2147483648");
    EXPECT_EQ(f.params[1].value_or(""), "2147483647");
}

TEST(ExtractFields, RequiredFieldMustBePresentAndNotNull) {
    for (const char* body : {"{}", R"({"id":null})"}) {
        Fields f = extract_fields(body, {{"id", FieldKind::Uuid, true}});
        ASSERT_TRUE(f.error) << body;
        EXPECT_EQ(*f.error, "id is required");
    }
}

TEST(ExtractFields, NotAnObjectIsRefused) {
    for (const char* body : {"[]", "", "{", R"({"a":1,"a":2})"}) {
        Fields f = extract_fields(body, {{"a", FieldKind::Int32}});
        EXPECT_TRUE(f.error) << body;
    }
}

TEST(AttachmentDisposition, QuotesAPlainName) {
    EXPECT_EQ(attachment_disposition("profiles-20260101120000.csv"),
              "attachment; filename=\"profiles-20260101120000.csv\"");
}

TEST(AttachmentDisposition, ReplacesWhatCouldBreakOut) {
    EXPECT_EQ(attachment_disposition("a\"b\\c\r\nSet-Cookie: x\x7f\xc3\xa9.csv"),
              "attachment; filename=\"a_b_c__Set-Cookie: x___.csv\"");
}

TEST(AnswerCache, DisabledCacheNeitherServesNorStores) {
    AnswerCache cache(8);
    AnswerCache::Ticket ticket;
    EXPECT_FALSE(cache.find(std::nullopt, ticket));
    EXPECT_FALSE(ticket.storable);
    EXPECT_FALSE(cache.store(std::nullopt, ticket, "x"));
    EXPECT_EQ(cache.size(), 0u);
}

TEST(AnswerCache, StoresAndServesPerKey) {
    AnswerCache cache(8);
    cache.set_enabled(true);
    AnswerCache::Ticket ticket;
    EXPECT_FALSE(cache.find(std::nullopt, ticket));
    ASSERT_TRUE(cache.store(std::nullopt, ticket, "all"));
    EXPECT_FALSE(cache.find(std::string(), ticket)) << "NULL and '' are different keys";
    ASSERT_TRUE(cache.store(std::string(), ticket, "empty"));
    ASSERT_TRUE(cache.store(std::string("f"), ticket, "one"));
    EXPECT_EQ(cache.find(std::nullopt, ticket).value_or(""), "all");
    EXPECT_EQ(cache.find(std::string(), ticket).value_or(""), "empty");
    EXPECT_EQ(cache.find(std::string("f"), ticket).value_or(""), "one");
    EXPECT_EQ(cache.size(), 3u);
}

TEST(AnswerCache, InvalidateDropsEverything) {
    AnswerCache cache(8);
    cache.set_enabled(true);
    AnswerCache::Ticket ticket;
    cache.find(std::nullopt, ticket);
    cache.store(std::nullopt, ticket, "old");
    cache.invalidate();
    EXPECT_FALSE(cache.find(std::nullopt, ticket));
    EXPECT_EQ(cache.size(), 0u);
}

TEST(AnswerCache, AnswerStartedBeforeAnInvalidationIsNotStored) {
    AnswerCache cache(8);
    cache.set_enabled(true);
    AnswerCache::Ticket before;
    cache.find(std::nullopt, before);
    cache.invalidate(); // a NOTIFY arrives while the old answer is being computed
    EXPECT_FALSE(cache.store(std::nullopt, before, "stale"));
    AnswerCache::Ticket after;
    EXPECT_FALSE(cache.find(std::nullopt, after));
    EXPECT_TRUE(cache.store(std::nullopt, after, "fresh"));
    EXPECT_EQ(cache.find(std::nullopt, after).value_or(""), "fresh");
}

TEST(AnswerCache, DisablingDropsAndStopsStoring) {
    AnswerCache cache(8);
    cache.set_enabled(true);
    AnswerCache::Ticket ticket;
    cache.find(std::nullopt, ticket);
    cache.store(std::nullopt, ticket, "x");
    cache.set_enabled(false); // the listener lost its connection
    EXPECT_EQ(cache.size(), 0u);
    EXPECT_FALSE(cache.store(std::nullopt, ticket, "y"));
    cache.set_enabled(true);
    EXPECT_FALSE(cache.store(std::nullopt, ticket, "z")) << "a ticket from before stays stale";
}

TEST(AnswerCache, StaysBounded) {
    AnswerCache cache(3, 4);
    cache.set_enabled(true);
    AnswerCache::Ticket ticket;
    cache.find(std::nullopt, ticket);
    for (int i = 0; i < 10; ++i) {
        EXPECT_TRUE(cache.store(std::to_string(i), ticket, "v"));
        EXPECT_LE(cache.size(), 3u);
    }
    EXPECT_TRUE(cache.find(std::string("9"), ticket)) << "the newest answer is kept";
    AnswerCache::Ticket long_key;
    EXPECT_FALSE(cache.find(std::string("12345"), long_key));
    EXPECT_FALSE(long_key.storable);
    EXPECT_FALSE(cache.store(std::string("12345"), long_key, "v"));
}

TEST(AnswerCache, ConcurrentUseIsSafe) {
    AnswerCache cache(16);
    cache.set_enabled(true);
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&cache, t] {
            for (int i = 0; i < 2000; ++i) {
                AnswerCache::Ticket ticket;
                std::string key = std::to_string((i + t) % 20);
                if (!cache.find(key, ticket)) {
                    cache.store(key, ticket, key);
                }
                if (i % 97 == 0) {
                    cache.invalidate();
                }
            }
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    EXPECT_LE(cache.size(), 16u);
}
