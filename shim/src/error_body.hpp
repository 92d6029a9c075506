// Renders an ApiError as the body seed 000..003 clients expect:
// {"error":{"code","message","details"},"requestId"}. Seed 004's problem+json goes beside it.
#pragma once

#include "error_map.hpp"

#include <string>
#include <string_view>

namespace profiles {

inline constexpr const char* kJsonContentType = "application/json";

std::string render_error_body(const ApiError& error, std::string_view request_id);

} // namespace profiles
