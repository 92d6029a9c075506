// Who the caller claims to be, once its credential has been checked as far as the shim can:
// a verified JWT's subject, or a session cookie / API key the database will look up (hashed).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace profiles {

enum class CredentialKind { Jwt, SessionCookie, ApiKey };

struct Credential {
    CredentialKind kind = CredentialKind::Jwt;
    std::string value;                     // Jwt: the verified sub; else the raw secret
    std::optional<std::string> session_id; // Jwt: the sid claim
};

// The value of cookie `name` in a Cookie header ("a=1; b=2"), else nullopt.
std::optional<std::string> cookie_value(std::string_view header, std::string_view name);

} // namespace profiles
