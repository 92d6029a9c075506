// What the seed 001 / 002 / 004 end-to-end tests share: any-method requests with any
// credential, a request id to find the activities a request wrote, and the problem+json check.
#pragma once

#include "e2e_support.hpp"

#include <optional>
#include <string>

namespace profiles::e2e {

class SeedTest : public ShimTest {
  protected:
    // One request. `body` nullopt: none at all; otherwise sent with `content_type`.
    static Reply send(const std::string& method, const std::string& path,
                      const httplib::Headers& headers,
                      const std::optional<std::string>& body = std::nullopt,
                      const std::string& content_type = "application/json");

    // Authorization: Bearer <token for user>, plus X-Request-Id when `request_id` is given.
    static httplib::Headers bearer(const std::string& user, const std::string& request_id = "");

    // `method` on `path` as `user` (Bearer JWT), with a JSON body when one is given.
    static Reply as(const std::string& user, const std::string& method, const std::string& path,
                    const std::optional<std::string>& body = std::nullopt,
                    const httplib::Headers& extra = {});

    // A fresh X-Request-Id, to find what one request wrote in profiles.activities.
    static std::string new_request_id();
    // How many activities the request wrote (with that action, when given).
    static long activities(const std::string& request_id, const std::string& action = "");

    // Percent-encodes a query string value (RFC 3986 unreserved characters stay).
    static std::string url_encode(const std::string& text);

    // A users row with the given role plus extra columns set by `assignments` (SQL, e.g.
    // "access_role = 'ADMIN'"); returns its id.
    static std::string create_user_with(const std::string& role, const std::string& assignments);
};

// A JSON string literal for `text`.
std::string json_quote(const std::string& text);

// The status, media type and every member of a seed 004 problem+json error: code and title
// for the status, detail = error.message, instance = `path`, requestId = the X-Request-Id.
void expect_problem(const Reply& reply, int status, const std::string& path);

// The members of an object, sorted, joined with ","; "" when `value` is not an object.
std::string member_names(const rapidjson::Value* value);

} // namespace profiles::e2e
