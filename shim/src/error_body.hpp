// Renders an ApiError as the body seed 000..003 clients expect:
// {"error":{"code","message","details"},"requestId"}. Seed 004's problem+json goes beside it.
#pragma once

#include "error_map.hpp"

#include <string>
#include <string_view>

namespace profiles {

inline constexpr const char* kJsonContentType = "application/json";

std::string render_error_body(const ApiError& error, std::string_view request_id);

// Seed 004's errors: application/problem+json (RFC 9457) with the seed's extra members,
// {code, detail, instance, requestId, status, title, error{code, message}}; code and title
// follow the status ("not_found", "Not Found").
inline constexpr const char* kProblemContentType = "application/problem+json";
std::string render_problem_body(const ApiError& error, std::string_view request_id,
                                std::string_view instance);

} // namespace profiles
