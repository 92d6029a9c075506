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

} // namespace profiles::auth
