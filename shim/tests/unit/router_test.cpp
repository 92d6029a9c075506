#include "router.hpp"

#include <gtest/gtest.h>

using namespace profiles;

namespace {

// Handlers are never run here: the tests look at what matched.
Router make_router() {
    Router router;
    auto add = [&](const char* method, const char* pattern) {
        router.add(method, pattern, [](Exchange&) {});
    };
    add("GET", "/live");
    add("POST", "/functions/v1/api");
    add("GET", "/profiles/{id}");
    add("PUT", "/profiles/{id}");
    add("GET", "/profiles/{id}/contacts/{contact}");
    return router;
}

} // namespace

TEST(Router, FindsExactRoutes) {
    Router router = make_router();
    auto match = router.match("POST", "/functions/v1/api");
    EXPECT_EQ(match.kind, Router::Match::Kind::Found);
    EXPECT_NE(match.handler, nullptr);
    EXPECT_TRUE(match.params.empty());
}

TEST(Router, CapturesParameters) {
    Router router = make_router();
    auto match = router.match("GET", "/profiles/abc/contacts/7");
    ASSERT_EQ(match.kind, Router::Match::Kind::Found);
    ASSERT_EQ(match.params.size(), 2u);
    EXPECT_EQ(match.params[0], std::make_pair(std::string("id"), std::string("abc")));
    EXPECT_EQ(match.params[1], std::make_pair(std::string("contact"), std::string("7")));
}

TEST(Router, UnknownPathIs404) {
    Router router = make_router();
    EXPECT_EQ(router.match("GET", "/nope").kind, Router::Match::Kind::NotFound);
    EXPECT_EQ(router.match("GET", "/live/").kind, Router::Match::Kind::NotFound);
    EXPECT_EQ(router.match("GET", "/profiles/").kind, Router::Match::Kind::NotFound);
    EXPECT_EQ(router.match("GET", "/profiles").kind, Router::Match::Kind::NotFound);
    EXPECT_EQ(router.match("POST", "/functions/v1/api/extra").kind, Router::Match::Kind::NotFound);
    EXPECT_EQ(router.match("GET", "").kind, Router::Match::Kind::NotFound);
}

TEST(Router, KnownPathWrongMethodIs405WithAllow) {
    Router router = make_router();
    auto api = router.match("GET", "/functions/v1/api");
    EXPECT_EQ(api.kind, Router::Match::Kind::MethodNotAllowed);
    EXPECT_EQ(api.allow, "POST");
    auto live = router.match("DELETE", "/live");
    EXPECT_EQ(live.kind, Router::Match::Kind::MethodNotAllowed);
    EXPECT_EQ(live.allow, "GET, HEAD");
    auto profile = router.match("PATCH", "/profiles/1");
    EXPECT_EQ(profile.allow, "GET, HEAD, PUT");
}

TEST(Router, HeadIsServedByGet) {
    Router router = make_router();
    EXPECT_EQ(router.match("HEAD", "/live").kind, Router::Match::Kind::Found);
    EXPECT_EQ(router.match("HEAD", "/functions/v1/api").kind,
              Router::Match::Kind::MethodNotAllowed);
}

TEST(Router, MethodsAreCaseSensitive) {
    Router router = make_router();
    EXPECT_EQ(router.match("get", "/live").kind, Router::Match::Kind::MethodNotAllowed);
}
