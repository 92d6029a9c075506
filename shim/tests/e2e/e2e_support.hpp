// What the HTTP end-to-end tests share: one shim process for the whole run, an admin database
// connection, tokens, and small request helpers.
#pragma once

#include "admin_db.hpp"
#include "shim_process.hpp"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <string>

namespace profiles::e2e {

struct Reply {
    int status = 0; // 0: no HTTP response at all
    std::string body;
    httplib::Headers headers;
    rapidjson::Document json; // Null unless the body is JSON

    std::string header(const char* name) const;
    std::string error_code() const; // error.code of an error body, else ""
    std::string error_message() const;

    // The JSON value at a path of member names, e.g. at({"data", "id"}); nullptr when any step
    // is missing, so a wrong answer fails an expectation instead of aborting the run.
    const rapidjson::Value* at(std::initializer_list<const char*> path) const;
    std::string text(std::initializer_list<const char*> path) const; // "<missing>" if not a string
    bool is_true(std::initializer_list<const char*> path) const;
    int64_t integer(std::initializer_list<const char*> path) const; // -1 if not an integer
};

Reply to_reply(const httplib::Result& result);

// The shim and database every test in this binary talks to.
class Shared {
  public:
    static Shared& get();

    // Empty when the environment is complete and the shim is running; otherwise why not.
    const std::string& setup_error() const { return setup_error_; }
    ShimProcess& shim() { return *shim_; }
    AdminDb& db() { return *db_; }
    const std::string& secret() const { return secret_; }

    void start();
    int stop();

  private:
    std::string setup_error_;
    std::unique_ptr<ShimProcess> shim_;
    std::unique_ptr<AdminDb> db_;
    std::string secret_;
};

// Base fixture: fails each test with a clear message when the environment is missing.
class ShimTest : public ::testing::Test {
  protected:
    void SetUp() override;

    static AdminDb& db() { return Shared::get().db(); }

    // HS256 token for `sub` expiring `ttl` seconds from now (negative: already expired).
    static std::string token_for(const std::string& sub, long ttl = 600);

    static Reply post(const std::string& path, const std::string& token, const std::string& body,
                      const std::string& content_type = "application/json",
                      const httplib::Headers& extra = {});
    static Reply get(const std::string& path, const httplib::Headers& headers = {});

    // POST /functions/v1/api as `user` with {"resource":"profiles","action":...}.
    static Reply api(const std::string& user, const std::string& action, const std::string& id = "",
                     const std::string& data_json = "", const httplib::Headers& extra = {});

    // A profiles.users row with a fresh id and email; returns the id.
    static std::string create_user(const std::string& role);
    // create_user() plus its profile, created over HTTP by `admin`.
    static std::string create_user_with_profile(const std::string& role, const std::string& admin);
};

} // namespace profiles::e2e
