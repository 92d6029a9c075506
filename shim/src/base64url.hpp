// base64url (RFC 4648 §5) as JWS uses it: no padding, no whitespace.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace profiles::base64url {

// Encodes without '=' padding.
std::string encode(std::string_view bytes);

// Strict decode: only the URL-safe alphabet, no padding, and the unused low bits of the last
// character must be zero, so every byte string has exactly one accepted encoding.
std::optional<std::string> decode(std::string_view text);

} // namespace profiles::base64url
