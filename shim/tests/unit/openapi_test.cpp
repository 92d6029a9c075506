#include "openapi.hpp"

#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <rapidjson/pointer.h>

#include <set>
#include <string>

using namespace profiles;
using namespace profiles::openapi;

namespace {

// Exactly the routes the metadata table describes, as a router would list them.
std::vector<Router::RouteInfo> described_routes() {
    std::vector<Router::RouteInfo> routes;
    for (const Operation& op : operations()) {
        routes.push_back({op.method, op.path});
    }
    return routes;
}

rapidjson::Document parse(const std::string& json) {
    rapidjson::Document doc;
    doc.Parse(json.c_str());
    EXPECT_FALSE(doc.HasParseError());
    return doc;
}

// Every "$ref" anywhere under `value`.
void collect_refs(const rapidjson::Value& value, std::vector<std::string>& refs) {
    if (value.IsObject()) {
        for (const auto& m : value.GetObject()) {
            if (std::string(m.name.GetString()) == "$ref" && m.value.IsString()) {
                refs.emplace_back(m.value.GetString());
            } else {
                collect_refs(m.value, refs);
            }
        }
    } else if (value.IsArray()) {
        for (const auto& item : value.GetArray()) {
            collect_refs(item, refs);
        }
    }
}

std::string lower(std::string text) {
    for (char& c : text) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return text;
}

} // namespace

TEST(OpenApi, DescribesEveryRouteOfTheTableAndNothingElse) {
    Document generated = generate(described_routes(), "1.1.0");
    EXPECT_TRUE(generated.undocumented.empty());
    EXPECT_TRUE(generated.unrouted.empty());
    rapidjson::Document doc = parse(generated.json);
    EXPECT_STREQ(doc["openapi"].GetString(), "3.1.0");
    EXPECT_STREQ(doc["info"]["version"].GetString(), "1.1.0");
    EXPECT_FALSE(doc.HasMember("x-undocumented-routes"));
    size_t count = 0;
    for (const auto& path : doc["paths"].GetObject()) {
        count += path.value.MemberCount();
    }
    EXPECT_EQ(count, operations().size());
}

TEST(OpenApi, ARouteWithoutMetadataIsReported) {
    auto routes = described_routes();
    routes.push_back({"DELETE", "/brand/new/{thingId}"});
    Document generated = generate(routes, "1.1.0");
    ASSERT_EQ(generated.undocumented.size(), 1u);
    EXPECT_EQ(generated.undocumented[0], "DELETE /brand/new/{thingId}");
    rapidjson::Document doc = parse(generated.json);
    ASSERT_TRUE(doc.HasMember("x-undocumented-routes"));
    EXPECT_STREQ(doc["x-undocumented-routes"][0].GetString(), "DELETE /brand/new/{thingId}");
    // Still listed, so the page shows it exists.
    EXPECT_TRUE(doc["paths"]["/brand/new/{thingId}"].HasMember("delete"));
}

TEST(OpenApi, MetadataWithoutARouteIsReported) {
    auto routes = described_routes();
    routes.erase(routes.begin());
    Document generated = generate(routes, "1.1.0");
    ASSERT_EQ(generated.unrouted.size(), 1u);
    EXPECT_EQ(generated.unrouted[0],
              std::string(operations()[0].method) + " " + operations()[0].path);
}

TEST(OpenApi, OperationIdsAreUniqueAndMetadataEntriesDistinct) {
    std::set<std::string> ids;
    std::set<std::string> routes;
    for (const Operation& op : operations()) {
        EXPECT_TRUE(ids.insert(op.operation_id).second) << op.operation_id;
        EXPECT_TRUE(routes.insert(std::string(op.method) + " " + op.path).second) << op.path;
        EXPECT_NE(std::string(op.summary), "") << op.path;
        EXPECT_NE(std::string(op.description), "") << op.path;
    }
}

TEST(OpenApi, EveryReferenceResolves) {
    rapidjson::Document doc = parse(generate(described_routes(), "1.1.0").json);
    std::vector<std::string> refs;
    collect_refs(doc, refs);
    ASSERT_FALSE(refs.empty());
    for (const std::string& ref : refs) {
        ASSERT_EQ(ref.rfind("#/", 0), 0u) << ref;
        rapidjson::Pointer pointer(ref.substr(1).c_str());
        ASSERT_TRUE(pointer.IsValid()) << ref;
        EXPECT_NE(pointer.Get(doc), nullptr) << "dangling " << ref;
    }
}

TEST(OpenApi, PathParametersAreDeclaredAndDescribed) {
    rapidjson::Document doc = parse(generate(described_routes(), "1.1.0").json);
    for (const Operation& op : operations()) {
        const rapidjson::Value& operation = doc["paths"][op.path][lower(op.method).c_str()];
        std::set<std::string> declared;
        for (const auto& param : operation["parameters"].GetArray()) {
            if (param.HasMember("in") && std::string(param["in"].GetString()) == "path") {
                declared.insert(param["name"].GetString());
                EXPECT_TRUE(param["required"].GetBool());
                EXPECT_EQ(std::string(param["description"].GetString()).rfind("Path parameter", 0),
                          std::string::npos)
                    << "no description for " << param["name"].GetString() << " in " << op.path;
            }
        }
        std::set<std::string> in_path;
        std::string path = op.path;
        for (size_t at = path.find('{'); at != std::string::npos; at = path.find('{', at + 1)) {
            in_path.insert(path.substr(at + 1, path.find('}', at) - at - 1));
        }
        EXPECT_EQ(declared, in_path) << op.path;
    }
}

TEST(OpenApi, AuthenticatedOperationsNameTheThreeSchemesAndTheirErrors) {
    rapidjson::Document doc = parse(generate(described_routes(), "1.1.0").json);
    const auto& schemes = doc["components"]["securitySchemes"];
    EXPECT_STREQ(schemes["bearerAuth"]["scheme"].GetString(), "bearer");
    EXPECT_STREQ(schemes["cookieAuth"]["name"].GetString(), "better-auth.session_token");
    EXPECT_STREQ(schemes["cookieAuth"]["in"].GetString(), "cookie");
    EXPECT_STREQ(schemes["apiKeyAuth"]["name"].GetString(), "X-Api-Key");
    EXPECT_STREQ(schemes["apiKeyAuth"]["in"].GetString(), "header");
    for (const Operation& op : operations()) {
        const rapidjson::Value& operation = doc["paths"][op.path][lower(op.method).c_str()];
        const rapidjson::Value& security = operation["security"];
        const rapidjson::Value& responses = operation["responses"];
        if (op.auth == Auth::None) {
            EXPECT_EQ(security.Size(), 0u) << op.path;
            continue;
        }
        EXPECT_EQ(security.Size(), 3u) << op.path;
        const char* prefix = op.errors == Errors::Problem ? "#/components/responses/Problem"
                                                          : "#/components/responses/Error";
        for (const char* status : {"400", "401", "403", "500", "503"}) {
            ASSERT_TRUE(responses.HasMember(status)) << op.path << " " << status;
            EXPECT_EQ(std::string(responses[status]["$ref"].GetString()),
                      std::string(prefix) + status);
        }
    }
}

TEST(OpenApi, ErrorBodiesAreTheStandardShapeAndProblemJsonForSeed004) {
    rapidjson::Document doc = parse(generate(described_routes(), "1.1.0").json);
    const auto& responses = doc["components"]["responses"];
    EXPECT_TRUE(responses["Error404"]["content"].HasMember("application/json"));
    EXPECT_TRUE(responses["Problem404"]["content"].HasMember("application/problem+json"));
    EXPECT_TRUE(responses["Error503"]["headers"].HasMember("Retry-After"));
    const auto& error = doc["components"]["schemas"]["Error"];
    EXPECT_TRUE(error["properties"].HasMember("requestId"));
    for (const char* field : {"code", "message", "details"}) {
        EXPECT_TRUE(error["properties"]["error"]["properties"].HasMember(field)) << field;
    }
    const auto& problem = doc["components"]["schemas"]["Problem"]["properties"];
    for (const char* field : {"title", "status", "detail", "instance", "code", "requestId"}) {
        EXPECT_TRUE(problem.HasMember(field)) << field;
    }
    const auto& seed004 = doc["paths"]["/manage/api/users/{userId}/profile"]["put"]["responses"];
    EXPECT_TRUE(seed004.HasMember("422"));
    EXPECT_TRUE(seed004.HasMember("201"));
}

TEST(OpenApi, EveryTagIsDeclaredAndEveryResponseCarriesTheRequestId) {
    rapidjson::Document doc = parse(generate(described_routes(), "1.1.0").json);
    std::set<std::string> tags;
    for (const auto& tag : doc["tags"].GetArray()) {
        tags.insert(tag["name"].GetString());
        EXPECT_TRUE(tag.HasMember("description"));
    }
    for (const Operation& op : operations()) {
        EXPECT_EQ(tags.count(op.tag), 1u) << op.tag;
        const rapidjson::Value& responses =
            doc["paths"][op.path][lower(op.method).c_str()]["responses"];
        for (const auto& response : responses.GetObject()) {
            const rapidjson::Value* target = &response.value;
            if (target->HasMember("$ref")) {
                target =
                    rapidjson::Pointer(std::string(target->FindMember("$ref")->value.GetString())
                                           .substr(1)
                                           .c_str())
                        .Get(doc);
            }
            ASSERT_NE(target, nullptr);
            EXPECT_TRUE((*target)["headers"].HasMember("X-Request-Id"))
                << op.path << " " << response.name.GetString();
        }
    }
}

// What generation relies on: the router lists its routes in order, and a match names its index.
TEST(OpenApi, RouterListsRoutesAndMatchesNameTheirIndex) {
    Router router;
    router.add("GET", "/live", [](Exchange&) {});
    router.add("GET", "/profiles/{profileId}", [](Exchange&) {});
    router.add("PUT", "/profiles/{profileId}", [](Exchange&) {});
    std::vector<Router::RouteInfo> routes = router.routes();
    ASSERT_EQ(routes.size(), 3u);
    EXPECT_EQ(routes[1].method, "GET");
    EXPECT_EQ(routes[1].pattern, "/profiles/{profileId}");
    EXPECT_EQ(router.match("PUT", "/profiles/abc").route, 2);
    EXPECT_EQ(router.match("HEAD", "/live").route, 0);
    EXPECT_EQ(router.match("GET", "/nope").route, -1);
    EXPECT_EQ(router.match("POST", "/live").route, -1);
}
