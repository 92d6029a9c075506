#include "test_keys.hpp"

#include "base64url.hpp"

#include <openssl/core_names.h>
#include <openssl/x509.h>

#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <vector>

namespace profiles::test {

namespace {

std::string bignum_bytes(const BIGNUM* bn) {
    std::string out(static_cast<size_t>(BN_num_bytes(bn)), '\0');
    BN_bn2bin(bn, reinterpret_cast<unsigned char*>(out.data()));
    return out;
}

std::string digest_sign(EVP_PKEY* key, std::string_view input) {
    ossl::MdCtxPtr ctx(EVP_MD_CTX_new());
    size_t length = 0;
    const auto* data = reinterpret_cast<const unsigned char*>(input.data());
    if (EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key) != 1 ||
        EVP_DigestSign(ctx.get(), nullptr, &length, data, input.size()) != 1) {
        throw std::runtime_error("sign init failed");
    }
    std::string signature(length, '\0');
    if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &length, data,
                       input.size()) != 1) {
        throw std::runtime_error("sign failed");
    }
    signature.resize(length);
    return signature;
}

} // namespace

ossl::PkeyPtr generate_rsa(int bits) {
    return ossl::PkeyPtr(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<size_t>(bits)));
}

ossl::PkeyPtr generate_p256() {
    return ossl::PkeyPtr(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
}

std::string rsa_jwk(EVP_PKEY* key, std::string_view kid) {
    BIGNUM* n = nullptr;
    BIGNUM* e = nullptr;
    EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_RSA_N, &n);
    EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_RSA_E, &e);
    std::string jwk = R"({"kty":"RSA","kid":")" + std::string(kid) + R"(","n":")" +
                      base64url::encode(bignum_bytes(n)) + R"(","e":")" +
                      base64url::encode(bignum_bytes(e)) + R"("})";
    BN_free(n);
    BN_free(e);
    return jwk;
}

std::string ec_jwk(EVP_PKEY* key, std::string_view kid) {
    unsigned char point[65];
    size_t length = 0;
    EVP_PKEY_get_octet_string_param(key, OSSL_PKEY_PARAM_PUB_KEY, point, sizeof point, &length);
    if (length != 65 || point[0] != 0x04) {
        throw std::runtime_error("expected an uncompressed P-256 point");
    }
    std::string x(reinterpret_cast<char*>(point + 1), 32);
    std::string y(reinterpret_cast<char*>(point + 33), 32);
    return R"({"kty":"EC","crv":"P-256","kid":")" + std::string(kid) + R"(","x":")" +
           base64url::encode(x) + R"(","y":")" + base64url::encode(y) + R"("})";
}

std::string sign_rs256(EVP_PKEY* key, std::string_view input) {
    return digest_sign(key, input);
}

std::string sign_es256_der(EVP_PKEY* key, std::string_view input) {
    return digest_sign(key, input);
}

std::string sign_es256(EVP_PKEY* key, std::string_view input) {
    std::string der = digest_sign(key, input);
    const auto* p = reinterpret_cast<const unsigned char*>(der.data());
    ossl::EcdsaSigPtr sig(d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der.size())));
    const BIGNUM* r = nullptr;
    const BIGNUM* s = nullptr;
    ECDSA_SIG_get0(sig.get(), &r, &s);
    std::string raw(64, '\0');
    BN_bn2binpad(r, reinterpret_cast<unsigned char*>(raw.data()), 32);
    BN_bn2binpad(s, reinterpret_cast<unsigned char*>(raw.data()) + 32, 32);
    return raw;
}

std::string rsa_public_der(EVP_PKEY* key) {
    unsigned char* der = nullptr;
    int length = i2d_PUBKEY(key, &der);
    std::string out(reinterpret_cast<char*>(der), static_cast<size_t>(length));
    OPENSSL_free(der);
    return out;
}

std::string payload_with(const std::string& extra) {
    return R"({"sub":")" + kSubject + "\"" + extra + "}";
}

std::string make_temp_dir() {
    char pattern[] = "/tmp/shim-test-XXXXXX";
    if (mkdtemp(pattern) == nullptr) {
        throw std::runtime_error("mkdtemp failed");
    }
    return pattern;
}

std::string write_file(const std::string& dir, const std::string& name, const std::string& text) {
    std::string path = dir + "/" + name;
    std::ofstream(path, std::ios::binary) << text;
    return path;
}

} // namespace profiles::test
