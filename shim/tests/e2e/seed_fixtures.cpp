#include "seed_fixtures.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <vector>

namespace profiles::e2e {

Reply SeedTest::send(const std::string& method, const std::string& path,
                     const httplib::Headers& headers, const std::optional<std::string>& body,
                     const std::string& content_type) {
    httplib::Request request;
    request.method = method;
    request.path = path;
    request.headers = headers;
    if (body) {
        request.body = *body;
        if (!content_type.empty()) {
            request.set_header("Content-Type", content_type);
        }
    }
    return to_reply(Shared::get().shim().client()->send(request));
}

httplib::Headers SeedTest::bearer(const std::string& user, const std::string& request_id) {
    httplib::Headers headers = {{"Authorization", "Bearer " + token_for(user)}};
    if (!request_id.empty()) {
        headers.emplace("X-Request-Id", request_id);
    }
    return headers;
}

Reply SeedTest::as(const std::string& user, const std::string& method, const std::string& path,
                   const std::optional<std::string>& body, const httplib::Headers& extra) {
    httplib::Headers headers = bearer(user);
    headers.insert(extra.begin(), extra.end());
    return send(method, path, headers, body);
}

std::string SeedTest::new_request_id() {
    return "e2e-" + new_uuid();
}

long SeedTest::activities(const std::string& request_id, const std::string& action) {
    std::optional<std::string> count =
        db().scalar("SELECT count(*) FROM profiles.activities WHERE request_id = $1 "
                    "AND ($2::text IS NULL OR action = $2)",
                    {request_id, action.empty() ? std::nullopt : std::optional(action)});
    return count ? std::stol(*count) : -1;
}

std::string SeedTest::url_encode(const std::string& text) {
    std::string out;
    for (unsigned char c : text) {
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
            out += static_cast<char>(c);
        } else {
            char hex[4];
            std::snprintf(hex, sizeof hex, "%%%02X", c);
            out += hex;
        }
    }
    return out;
}

std::string SeedTest::create_user_with(const std::string& role, const std::string& assignments) {
    std::string id = create_user(role);
    db().exec("UPDATE profiles.users SET " + assignments + " WHERE id = $1", {id});
    return id;
}

std::string json_quote(const std::string& text) {
    std::string out = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\') {
            out += '\\';
        }
        out += c;
    }
    return out + "\"";
}

std::string member_names(const rapidjson::Value* value) {
    if (value == nullptr || !value->IsObject()) {
        return "";
    }
    std::vector<std::string> names;
    for (const auto& member : value->GetObject()) {
        names.emplace_back(member.name.GetString());
    }
    std::sort(names.begin(), names.end());
    std::string joined;
    for (const auto& name : names) {
        joined += (joined.empty() ? "" : ",") + name;
    }
    return joined;
}

void expect_problem(const Reply& reply, int status, const std::string& path) {
    struct Name {
        int status;
        const char* code;
        const char* title;
    };
    static const Name kNames[] = {
        {400, "bad_request", "Bad Request"},
        {401, "unauthorized", "Unauthorized"},
        {403, "forbidden", "Forbidden"},
        {404, "not_found", "Not Found"},
        {405, "method_not_allowed", "Method Not Allowed"},
        {413, "payload_too_large", "Payload Too Large"},
        {415, "unsupported_media_type", "Unsupported Media Type"},
        {422, "unprocessable_entity", "Unprocessable Entity"},
    };
    const Name* name = nullptr;
    for (const Name& n : kNames) {
        if (n.status == status) {
            name = &n;
        }
    }
    ASSERT_NE(name, nullptr) << "no expectation for status " << status;
    EXPECT_EQ(reply.status, status) << reply.body;
    EXPECT_EQ(reply.header("Content-Type"), "application/problem+json") << reply.body;
    ASSERT_TRUE(reply.json.IsObject()) << reply.body;
    EXPECT_EQ(member_names(&reply.json), "code,detail,error,instance,requestId,status,title")
        << reply.body;
    EXPECT_EQ(member_names(reply.at({"error"})), "code,message") << reply.body;
    EXPECT_EQ(reply.text({"code"}), name->code);
    EXPECT_EQ(reply.text({"title"}), name->title);
    EXPECT_EQ(reply.integer({"status"}), status);
    EXPECT_EQ(reply.text({"instance"}), path);
    EXPECT_FALSE(reply.header("X-Request-Id").empty());
    EXPECT_EQ(reply.text({"requestId"}), reply.header("X-Request-Id"));
    EXPECT_EQ(reply.text({"error", "code"}), name->code);
    EXPECT_FALSE(reply.text({"detail"}).empty());
    EXPECT_EQ(reply.text({"error", "message"}), reply.text({"detail"}));
}

} // namespace profiles::e2e
