// JSON Web Tokens (RFC 7519) in compact JWS form: parse, verify, and HS256 signing for the
// `token` subcommand. Pure logic: no sockets, no database.
#pragma once

#include "jwks.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace profiles::jwt {

struct Claims {
    std::string sub;                // a UUID: profiles.users.id
    std::optional<std::string> sid; // session id, when the token carries one
};

struct Policy {
    std::string audience; // empty: `aud` is not checked
    std::string issuer;   // empty: `iss` is not checked
    int64_t leeway_seconds = 30;
    size_t max_token_bytes = 8192;
};

struct Verification {
    std::optional<Claims> claims;
    std::string failure; // why a token was refused: for debug logs, never for clients

    bool ok() const { return claims.has_value(); }
};

class Verifier {
  public:
    // `hs256_secret` empty: HS256 is refused. `keys` empty: RS256/ES256 are refused.
    Verifier(std::string hs256_secret, jwks::KeySet keys, Policy policy);

    Verification verify(std::string_view token, int64_t now) const;

  private:
    bool signature_ok(std::string_view alg, const std::string* kid, std::string_view signing_input,
                      const std::string& signature, std::string& failure) const;

    std::string hs256_secret_;
    jwks::KeySet keys_;
    Policy policy_;
};

// base64url(header) "." base64url(payload) "." base64url(HMAC-SHA256(secret, first two)).
std::string sign_hs256(std::string_view header_json, std::string_view payload_json,
                       std::string_view secret);

} // namespace profiles::jwt
