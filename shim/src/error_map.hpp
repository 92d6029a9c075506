// What an error means for an HTTP client: status, code, message, details. How that is written
// on the wire (seed 000 envelope, problem+json, ...) is error_body's job, not this file's.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace profiles {

struct ApiError {
    int status = 500;
    std::string code;
    std::string message;
    std::optional<std::string> details;
    bool retry_after = false; // 503: ask the client to come back in a second
};

// An error as PostgreSQL reported it (libpq's PG_DIAG_* fields).
struct DbError {
    std::string sqlstate;
    std::string message;
    std::string detail;
};

// One row of the SQLSTATE -> HTTP table.
struct SqlStateRule {
    std::string_view sqlstate; // five characters, or a two-character class
    int status;
    std::string_view code;
    std::string_view public_message; // empty: the database's own message is safe to show
    bool retry_after;
};

// The rows in lookup order (exact codes, then classes), without the fallback.
const std::vector<SqlStateRule>& sqlstate_rules();

// The row for `sqlstate`: exact match, else its class, else the 500 fallback.
const SqlStateRule& rule_for(std::string_view sqlstate);

ApiError map_db_error(const DbError& error);

// The errors the shim raises itself.
namespace errors {
inline constexpr std::string_view kUnauthorizedMessage = "Invalid or missing authentication token";

ApiError validation(std::string message);
ApiError unauthorized();
ApiError forbidden(std::string message);
ApiError route_not_found();
ApiError method_not_allowed();
ApiError payload_too_large();
ApiError unsupported_media_type();
ApiError unavailable(); // database down or pool exhausted
ApiError internal();
// For a status the HTTP library set on its own.
ApiError for_library_status(int status);
} // namespace errors

} // namespace profiles
