// JSON Web Tokens (RFC 7519) in compact JWS form: parse, verify, and HS256 signing for the
// `token` subcommand. Pure logic: no sockets, no database.
#pragma once

#include "jwks.hpp"

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

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

// The time claims of a token (NumericDate, seconds); absent ones are nullopt.
struct Times {
    std::optional<double> exp, nbf, iat;
};

// Tokens that passed every check, by their exact bytes, with their claims and times. Everything
// but the clock depends only on the token's bytes and the verifier's fixed keys and policy, so a
// repeated token skips decoding, parsing and the signature; its times are checked at every use.
// Bounded: when full, an arbitrary entry makes room.
class VerifiedTokens {
  public:
    static constexpr size_t kCapacity = 4096;
    static constexpr size_t kMaxTokenBytes = 2048; // longer tokens are verified every time

    struct Entry {
        Claims claims;
        Times times;
    };
    // Entries are shared, never changed: a hit copies no claims under the lock.
    std::shared_ptr<const Entry> find(std::string_view token) const;
    void remember(std::string_view token, Entry entry);
    void forget(std::string_view token);
    size_t size() const;

  private:
    mutable std::mutex mutex_;
    std::unordered_map<std::string, std::shared_ptr<const Entry>> entries_;
};

class Verifier {
  public:
    // `hs256_secret` empty: HS256 is refused. `keys` empty: RS256/ES256 are refused.
    Verifier(std::string hs256_secret, jwks::KeySet keys, Policy policy);

    Verification verify(std::string_view token, int64_t now) const;

    // Tokens remembered as verified (see VerifiedTokens).
    size_t cached_tokens() const { return verified_->size(); }

  private:
    bool signature_ok(std::string_view alg, const std::string* kid, std::string_view signing_input,
                      const std::string& signature, std::string& failure) const;
    Verification verify_uncached(std::string_view token, int64_t now, Times& times) const;

    std::string hs256_secret_;
    jwks::KeySet keys_;
    Policy policy_;
    std::unique_ptr<VerifiedTokens> verified_;
};

// base64url(header) "." base64url(payload) "." base64url(HMAC-SHA256(secret, first two)).
std::string sign_hs256(std::string_view header_json, std::string_view payload_json,
                       std::string_view secret);

} // namespace profiles::jwt
