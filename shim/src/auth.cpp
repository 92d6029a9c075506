#include "auth.hpp"

#include <strings.h>

namespace profiles::auth {

std::optional<std::string_view> bearer_token(std::string_view authorization) {
    constexpr std::string_view kScheme = "Bearer";
    if (authorization.size() <= kScheme.size() ||
        strncasecmp(authorization.data(), kScheme.data(), kScheme.size()) != 0 ||
        authorization[kScheme.size()] != ' ') {
        return std::nullopt;
    }
    std::string_view token = authorization.substr(kScheme.size() + 1);
    while (!token.empty() && token.front() == ' ') {
        token.remove_prefix(1);
    }
    while (!token.empty() && token.back() == ' ') {
        token.remove_suffix(1);
    }
    if (token.empty()) {
        return std::nullopt;
    }
    return token;
}

jwt::Verification authenticate(std::string_view authorization, const jwt::Verifier& verifier,
                               int64_t now) {
    auto token = bearer_token(authorization);
    if (!token) {
        jwt::Verification refused;
        refused.failure = authorization.empty() ? "no Authorization header"
                                                : "Authorization is not a Bearer token";
        return refused;
    }
    return verifier.verify(*token, now);
}

Identification identify(std::string_view authorization, std::string_view cookie_header,
                        std::string_view api_key, const jwt::Verifier& verifier, int64_t now) {
    Identification result;
    if (!authorization.empty()) {
        jwt::Verification verified = authenticate(authorization, verifier, now);
        if (!verified.ok()) {
            result.failure = verified.failure;
            return result;
        }
        result.credential =
            Credential{CredentialKind::Jwt, verified.claims->sub, verified.claims->sid};
        return result;
    }
    for (std::string_view name : kSessionCookies) {
        if (auto token = cookie_value(cookie_header, name)) {
            if (token->size() > kMaxCredentialBytes) {
                result.failure = "session cookie too long";
                return result;
            }
            result.credential = Credential{CredentialKind::SessionCookie, *token, std::nullopt};
            return result;
        }
    }
    if (!api_key.empty()) {
        if (api_key.size() > kMaxCredentialBytes) {
            result.failure = "API key too long";
            return result;
        }
        result.credential = Credential{CredentialKind::ApiKey, std::string(api_key), std::nullopt};
        return result;
    }
    result.failure = "no credential";
    return result;
}

} // namespace profiles::auth
