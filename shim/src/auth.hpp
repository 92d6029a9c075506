// Authorization header -> verified claims. Which check failed is for the debug log only: every
// failure answers the same 401.
#pragma once

#include "jwt.hpp"

#include <optional>
#include <string_view>

namespace profiles::auth {

// The token of "Bearer <token>" (scheme case-insensitive, RFC 7235), else nullopt.
std::optional<std::string_view> bearer_token(std::string_view authorization);

jwt::Verification authenticate(std::string_view authorization, const jwt::Verifier& verifier,
                               int64_t now);

} // namespace profiles::auth
