// JSON Web Key Sets (RFC 7517): the public keys that may sign RS256 and ES256 tokens.
#pragma once

#include <openssl/types.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace profiles::jwks {

enum class KeyType { Rsa, EcP256 };

struct PublicKey {
    std::string kid; // empty when the JWK has none
    KeyType type;
    std::string alg; // empty: any algorithm of its key type
    std::shared_ptr<EVP_PKEY> pkey;
};

using KeySet = std::vector<PublicKey>;

struct LoadResult {
    KeySet keys;
    std::string error;                // non-empty: the set must not be used
    std::vector<std::string> skipped; // keys ignored on purpose (other kty, curve or use)
};

// Parses a JWK Set document. A key that claims a supported type but is malformed is an error
// rather than a skip: a typo in the operator's key file should stop the start, not hide.
LoadResult parse(std::string_view json);

LoadResult load_file(const std::string& path);

} // namespace profiles::jwks
