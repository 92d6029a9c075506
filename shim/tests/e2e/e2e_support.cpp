#include "e2e_support.hpp"

#include "jwt.hpp"

#include <ctime>

namespace profiles::e2e {

namespace {

// Starts the shared shim before the first test and stops it after the last.
class SharedEnvironment : public ::testing::Environment {
  public:
    void SetUp() override { Shared::get().start(); }
    void TearDown() override {
        int status = Shared::get().stop();
        EXPECT_EQ(status, 0) << "profiles-shim did not exit cleanly on SIGTERM";
    }
};

[[maybe_unused]] ::testing::Environment* const kEnvironment =
    ::testing::AddGlobalTestEnvironment(new SharedEnvironment);

std::string json_string(const std::string& text) {
    std::string out = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\') {
            out += '\\';
        }
        out += c;
    }
    return out + "\"";
}

} // namespace

std::string Reply::header(const char* name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
}

const rapidjson::Value* Reply::at(std::initializer_list<const char*> path) const {
    const rapidjson::Value* value = &json;
    for (const char* name : path) {
        if (!value->IsObject() || !value->HasMember(name)) {
            return nullptr;
        }
        value = &(*value)[name];
    }
    return value;
}

std::string Reply::text(std::initializer_list<const char*> path) const {
    const rapidjson::Value* value = at(path);
    return value != nullptr && value->IsString() ? value->GetString() : "<missing>";
}

bool Reply::is_true(std::initializer_list<const char*> path) const {
    const rapidjson::Value* value = at(path);
    return value != nullptr && value->IsBool() && value->GetBool();
}

int64_t Reply::integer(std::initializer_list<const char*> path) const {
    const rapidjson::Value* value = at(path);
    return value != nullptr && value->IsInt64() ? value->GetInt64() : -1;
}

std::string Reply::error_code() const {
    return at({"error", "code"}) != nullptr ? text({"error", "code"}) : "";
}

std::string Reply::error_message() const {
    return at({"error", "message"}) != nullptr ? text({"error", "message"}) : "";
}

Reply to_reply(const httplib::Result& result) {
    Reply reply;
    if (!result) {
        return reply;
    }
    reply.status = result->status;
    reply.body = result->body;
    reply.headers = result->headers;
    reply.json.Parse(reply.body.c_str());
    if (reply.json.HasParseError()) {
        reply.json.SetNull();
    }
    return reply;
}

Shared& Shared::get() {
    static Shared shared;
    return shared;
}

void Shared::start() {
    secret_ = env_or("PROFILES_JWT_SECRET", "");
    std::string database_url = env_or("DATABASE_URL", "");
    std::string admin_url = env_or("ADMIN_DATABASE_URL", "");
    if (secret_.empty() || database_url.empty() || admin_url.empty()) {
        setup_error_ = "set DATABASE_URL, ADMIN_DATABASE_URL and PROFILES_JWT_SECRET "
                       "(source .pgdata/env after scripts/cluster.sh start)";
        return;
    }
    try {
        db_ = std::make_unique<AdminDb>(admin_url);
    } catch (const std::exception& e) {
        setup_error_ = e.what();
        return;
    }
    shim_ = ShimProcess::start({}, setup_error_);
}

int Shared::stop() {
    if (!shim_) {
        return 0;
    }
    int status = shim_->stop();
    if (status != 0) {
        std::fprintf(stderr, "profiles-shim log:\n%s\n", shim_->log().c_str());
    }
    return status;
}

void ShimTest::SetUp() {
    if (!Shared::get().setup_error().empty()) {
        GTEST_FAIL() << Shared::get().setup_error();
    }
}

std::string ShimTest::token_for(const std::string& sub, long ttl) {
    long now = static_cast<long>(std::time(nullptr));
    std::string payload = R"({"sub":")" + sub + R"(","iat":)" + std::to_string(now - 60) +
                          R"(,"exp":)" + std::to_string(now + ttl) + "}";
    return jwt::sign_hs256(R"({"alg":"HS256","typ":"JWT"})", payload, Shared::get().secret());
}

Reply ShimTest::post(const std::string& path, const std::string& token, const std::string& body,
                     const std::string& content_type, const httplib::Headers& extra) {
    httplib::Headers headers = extra;
    if (!token.empty()) {
        headers.emplace("Authorization", "Bearer " + token);
    }
    return to_reply(
        Shared::get().shim().client()->Post(path.c_str(), headers, body, content_type.c_str()));
}

Reply ShimTest::get(const std::string& path, const httplib::Headers& headers) {
    return to_reply(Shared::get().shim().client()->Get(path.c_str(), headers));
}

Reply ShimTest::api(const std::string& user, const std::string& action, const std::string& id,
                    const std::string& data_json, const httplib::Headers& extra) {
    std::string body = R"({"resource":"profiles","action":")" + action + "\"";
    if (!id.empty()) {
        body += ",\"id\":" + json_string(id);
    }
    if (!data_json.empty()) {
        body += ",\"data\":" + data_json;
    }
    body += "}";
    return post("/functions/v1/api", token_for(user), body, "application/json", extra);
}

std::string ShimTest::create_user(const std::string& role) {
    std::string id = new_uuid();
    db().exec("INSERT INTO profiles.users (id, email, role) VALUES ($1, $2, $3)",
              {id, "u-" + id + "@e2e.example.com", role});
    return id;
}

std::string ShimTest::create_user_with_profile(const std::string& role, const std::string& admin) {
    std::string id = create_user(role);
    Reply created =
        api(admin, "create", "",
            R"({"id":")" + id + R"(","first_name":"Test","last_name":"User","email":"p-)" + id +
                R"(@e2e.example.com"})");
    EXPECT_EQ(created.status, 201) << created.body;
    return id;
}

} // namespace profiles::e2e
