#include "error_map.hpp"

namespace profiles {

namespace {

constexpr std::string_view kValidation = "VALIDATION_ERROR";
constexpr std::string_view kUnauthorized = "UNAUTHORIZED";
constexpr std::string_view kForbidden = "FORBIDDEN";
constexpr std::string_view kNotFound = "NOT_FOUND";
constexpr std::string_view kConflict = "CONFLICT";
constexpr std::string_view kUnavailable = "UNAVAILABLE";
constexpr std::string_view kInternal = "INTERNAL_ERROR";

constexpr std::string_view kFromDb = "";
constexpr std::string_view kUnavailableMessage = "Service temporarily unavailable";
constexpr std::string_view kTimeoutMessage = "Request timed out";
constexpr std::string_view kInternalMessage = "Internal server error";

// THE table. Exact codes first, then two-character classes; rule_for() walks it in this order.
const std::vector<SqlStateRule> kRules = {
    {"23502", 400, kValidation, kFromDb, false}, // not_null_violation
    {"23503", 400, kValidation, kFromDb, false}, // foreign_key_violation: id has no users row
    {"23514", 400, kValidation, kFromDb, false}, // check_violation
    {"28000", 401, kUnauthorized, errors::kUnauthorizedMessage, false}, // unknown/disabled user
    {"28P01", 401, kUnauthorized, errors::kUnauthorizedMessage, false},
    {"42501", 403, kForbidden, kFromDb, false},
    {"P0002", 404, kNotFound, kFromDb, false},
    {"23505", 409, kConflict, kFromDb, false},               // unique_violation
    {"40001", 409, kConflict, kFromDb, false},               // serialization_failure
    {"40P01", 409, kConflict, kFromDb, false},               // deadlock_detected
    {"57014", 503, kUnavailable, kTimeoutMessage, true},     // statement timeout / cancel
    {"57P01", 503, kUnavailable, kUnavailableMessage, true}, // admin shutdown
    {"57P02", 503, kUnavailable, kUnavailableMessage, true}, // crash shutdown
    {"57P03", 503, kUnavailable, kUnavailableMessage, true}, // cannot connect now
    {"54001", 400, kValidation, "The request is nested too deeply", false}, // stack depth
    {"22", 400, kValidation, kFromDb, false},                               // data exceptions
    {"08", 503, kUnavailable, kUnavailableMessage, true},                   // connection exceptions
    {"53", 503, kUnavailable, kUnavailableMessage, true}, // insufficient resources
};

const SqlStateRule kFallback = {"", 500, kInternal, kInternalMessage, false};

ApiError from_rule(const SqlStateRule& rule, std::string message) {
    ApiError error;
    error.status = rule.status;
    error.code = std::string(rule.code);
    error.message = std::move(message);
    error.retry_after = rule.retry_after;
    return error;
}

ApiError fixed(const SqlStateRule& rule) {
    return from_rule(rule, std::string(rule.public_message));
}

} // namespace

const std::vector<SqlStateRule>& sqlstate_rules() {
    return kRules;
}

const SqlStateRule& rule_for(std::string_view sqlstate) {
    if (sqlstate.size() == 5) {
        for (const auto& rule : kRules) {
            if (rule.sqlstate == sqlstate) {
                return rule;
            }
        }
        for (const auto& rule : kRules) {
            if (rule.sqlstate.size() == 2 && sqlstate.substr(0, 2) == rule.sqlstate) {
                return rule;
            }
        }
    }
    return kFallback;
}

ApiError map_db_error(const DbError& db) {
    const SqlStateRule& rule = rule_for(db.sqlstate);
    if (!rule.public_message.empty()) {
        return fixed(rule);
    }
    ApiError error = from_rule(rule, db.message);
    if (!db.detail.empty()) {
        error.details = db.detail;
    }
    return error;
}

namespace errors {

ApiError validation(std::string message) {
    return from_rule(rule_for("22023"), std::move(message));
}

ApiError unauthorized() {
    return fixed(rule_for("28000"));
}

ApiError forbidden(std::string message) {
    return from_rule(rule_for("42501"), std::move(message));
}

ApiError route_not_found() {
    return from_rule(rule_for("P0002"), "Route not found");
}

ApiError method_not_allowed() {
    return ApiError{405, "METHOD_NOT_ALLOWED", "Method not allowed", std::nullopt, false};
}

ApiError payload_too_large() {
    return ApiError{413, "PAYLOAD_TOO_LARGE", "Request body is too large", std::nullopt, false};
}

ApiError unsupported_media_type() {
    return ApiError{415, "UNSUPPORTED_MEDIA_TYPE", "Content-Type must be application/json",
                    std::nullopt, false};
}

ApiError unavailable() {
    return fixed(rule_for("08006"));
}

ApiError internal() {
    return fixed(kFallback);
}

ApiError for_library_status(int status) {
    switch (status) {
    case 400:
        return validation("Malformed HTTP request");
    case 413:
        return payload_too_large();
    case 404:
        return route_not_found();
    default:
        if (status >= 500) {
            return internal();
        }
        return ApiError{status, "BAD_REQUEST", "Bad request", std::nullopt, false};
    }
}

} // namespace errors

} // namespace profiles
