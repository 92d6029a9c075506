// Key material for the JWT tests, generated at run time with OpenSSL's EVP APIs, and the
// claims they share.
#pragma once

#include "openssl_ptr.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace profiles::test {

// The subject, HS256 header and clock the HS256 token tests share.
inline const std::string kSubject = "6f1c1a52-3a8e-4f0e-9d39-0c2b8f6b7a10";
inline const std::string kHs256Header = R"({"alg":"HS256","typ":"JWT"})";
constexpr int64_t kNow = 1700000000;

// {"sub":"<kSubject>"<extra>}: `extra` adds members, each starting with a comma.
std::string payload_with(const std::string& extra);

ossl::PkeyPtr generate_rsa(int bits);
ossl::PkeyPtr generate_p256();

// The public half as a JWK object (JSON text).
std::string rsa_jwk(EVP_PKEY* key, std::string_view kid);
std::string ec_jwk(EVP_PKEY* key, std::string_view kid);

// Signatures as JWS wants them: RS256 = PKCS#1 v1.5, ES256 = raw r || s (64 bytes).
std::string sign_rs256(EVP_PKEY* key, std::string_view input);
std::string sign_es256(EVP_PKEY* key, std::string_view input);
// ES256 left in OpenSSL's DER form: a verifier must refuse it.
std::string sign_es256_der(EVP_PKEY* key, std::string_view input);

// base64url(header).base64url(payload).base64url(signature of the first two)
template <class Signer>
std::string make_token(std::string_view header, std::string_view payload, Signer sign);

// The RSA public key as DER (SubjectPublicKeyInfo): what an attacker would use as an HMAC key.
std::string rsa_public_der(EVP_PKEY* key);

// A fresh directory under /tmp, and a file written into it.
std::string make_temp_dir();
std::string write_file(const std::string& dir, const std::string& name, const std::string& text);

} // namespace profiles::test

#include "base64url.hpp"

template <class Signer>
std::string profiles::test::make_token(std::string_view header, std::string_view payload,
                                       Signer sign) {
    std::string input = base64url::encode(header) + "." + base64url::encode(payload);
    return input + "." + base64url::encode(sign(input));
}
