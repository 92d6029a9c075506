// Authorization header -> verified claims. Which check failed is for the debug log only: every
// failure answers the same 401.
#pragma once

#include "credential.hpp"
#include "jwt.hpp"

#include <optional>
#include <string_view>

namespace profiles::auth {

// The token of "Bearer <token>" (scheme case-insensitive, RFC 7235), else nullopt.
std::optional<std::string_view> bearer_token(std::string_view authorization);

jwt::Verification authenticate(std::string_view authorization, const jwt::Verifier& verifier,
                               int64_t now);

// Cookies whose value is a database session token (better-auth), in order of preference.
inline constexpr std::string_view kSessionCookies[] = {"better-auth.session_token",
                                                       "__Secure-better-auth.session_token"};
inline constexpr size_t kMaxCredentialBytes = 4096;

// The caller's credential: a valid Bearer JWT, else a better-auth session cookie, else an
// X-Api-Key. A present but invalid Authorization header is a failure (no fallback), so a
// client never silently acts as someone else. nullopt with `failure` set when none is usable.
struct Identification {
    std::optional<Credential> credential;
    std::string failure; // for the debug log only
};
Identification identify(std::string_view authorization, std::string_view cookie_header,
                        std::string_view api_key, const jwt::Verifier& verifier, int64_t now);

} // namespace profiles::auth
