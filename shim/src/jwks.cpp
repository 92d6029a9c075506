#include "jwks.hpp"

#include "base64url.hpp"
#include "json_parse.hpp"
#include "openssl_ptr.hpp"

#include <openssl/core_names.h>

#include <fstream>
#include <optional>
#include <sstream>

namespace profiles::jwks {

namespace {

// Shorter RSA moduli are factorable in practice; such a key is a configuration mistake.
constexpr int kMinRsaBits = 2048;
constexpr size_t kP256CoordinateBytes = 32;

std::optional<std::string> string_member(const rapidjson::Value& key, const char* name) {
    const rapidjson::Value* value = json::find(key, name);
    if (value == nullptr || !value->IsString()) {
        return std::nullopt;
    }
    return std::string(value->GetString(), value->GetStringLength());
}

std::optional<std::string> decoded_member(const rapidjson::Value& key, const char* name) {
    auto text = string_member(key, name);
    if (!text) {
        return std::nullopt;
    }
    return base64url::decode(*text);
}

ossl::BignumPtr to_bignum(const std::string& big_endian) {
    return ossl::BignumPtr(BN_bin2bn(reinterpret_cast<const unsigned char*>(big_endian.data()),
                                     static_cast<int>(big_endian.size()), nullptr));
}

std::shared_ptr<EVP_PKEY> key_from_params(const char* algorithm, const OSSL_PARAM* params) {
    ossl::PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, algorithm, nullptr));
    EVP_PKEY* raw = nullptr;
    if (!ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
        EVP_PKEY_fromdata(ctx.get(), &raw, EVP_PKEY_PUBLIC_KEY, const_cast<OSSL_PARAM*>(params)) !=
            1) {
        return nullptr;
    }
    ossl::PkeyPtr pkey(raw);
    ossl::PkeyCtxPtr check(EVP_PKEY_CTX_new_from_pkey(nullptr, pkey.get(), nullptr));
    if (!check || EVP_PKEY_public_check(check.get()) != 1) {
        return nullptr;
    }
    return std::shared_ptr<EVP_PKEY>(pkey.release(), EVP_PKEY_free);
}

std::shared_ptr<EVP_PKEY> rsa_key(const rapidjson::Value& jwk, std::string& error) {
    auto n = decoded_member(jwk, "n");
    auto e = decoded_member(jwk, "e");
    if (!n || !e || n->empty() || e->empty()) {
        error = "RSA key needs base64url members n and e";
        return nullptr;
    }
    ossl::BignumPtr bn_n = to_bignum(*n);
    ossl::BignumPtr bn_e = to_bignum(*e);
    if (!bn_n || !bn_e) {
        error = "RSA key: cannot read n or e";
        return nullptr;
    }
    if (BN_num_bits(bn_n.get()) < kMinRsaBits) {
        error = "RSA key is shorter than 2048 bits";
        return nullptr;
    }
    ossl::ParamBldPtr builder(OSSL_PARAM_BLD_new());
    if (!builder || OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_N, bn_n.get()) != 1 ||
        OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_E, bn_e.get()) != 1) {
        error = "RSA key: out of memory";
        return nullptr;
    }
    ossl::ParamPtr params(OSSL_PARAM_BLD_to_param(builder.get()));
    auto pkey = params ? key_from_params("RSA", params.get()) : nullptr;
    if (!pkey) {
        error = "RSA key is not a valid public key";
    }
    return pkey;
}

std::shared_ptr<EVP_PKEY> ec_p256_key(const rapidjson::Value& jwk, std::string& error) {
    auto x = decoded_member(jwk, "x");
    auto y = decoded_member(jwk, "y");
    if (!x || !y || x->size() != kP256CoordinateBytes || y->size() != kP256CoordinateBytes) {
        error = "EC key needs base64url members x and y of 32 bytes each";
        return nullptr;
    }
    // Uncompressed SEC1 point: 0x04 || x || y.
    std::string point = "\x04" + *x + *y;
    char group[] = "prime256v1";
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, group, 0),
        OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size()),
        OSSL_PARAM_construct_end(),
    };
    auto pkey = key_from_params("EC", params);
    if (!pkey) {
        error = "EC key is not a point on P-256";
    }
    return pkey;
}

// Reads one JWK. Returns false with `error` set for a broken key, false with `skip` set for a
// key of a kind the shim does not verify with, true when `out` is filled.
bool read_key(const rapidjson::Value& jwk, PublicKey& out, std::string& error, std::string& skip) {
    if (!jwk.IsObject()) {
        error = "every entry of \"keys\" must be an object";
        return false;
    }
    auto kty = string_member(jwk, "kty");
    if (!kty) {
        error = "key without a \"kty\" string";
        return false;
    }
    out.kid = string_member(jwk, "kid").value_or("");
    out.alg = string_member(jwk, "alg").value_or("");
    std::string label = out.kid.empty() ? "(no kid)" : "kid " + out.kid;
    if (auto use = string_member(jwk, "use"); use && *use != "sig") {
        skip = label + ": use is not \"sig\"";
        return false;
    }
    std::string key_error;
    if (*kty == "RSA") {
        if (!out.alg.empty() && out.alg != "RS256") {
            skip = label + ": alg " + out.alg + " is not supported";
            return false;
        }
        out.type = KeyType::Rsa;
        out.pkey = rsa_key(jwk, key_error);
    } else if (*kty == "EC") {
        auto crv = string_member(jwk, "crv");
        if (!crv || *crv != "P-256" || (!out.alg.empty() && out.alg != "ES256")) {
            skip = label + ": only EC keys on P-256 for ES256 are supported";
            return false;
        }
        out.type = KeyType::EcP256;
        out.pkey = ec_p256_key(jwk, key_error);
    } else {
        skip = label + ": kty " + *kty + " is not supported";
        return false;
    }
    if (!out.pkey) {
        error = label + ": " + key_error;
        return false;
    }
    return true;
}

} // namespace

LoadResult parse(std::string_view text) {
    LoadResult result;
    rapidjson::Document doc;
    if (!json::parse_object(text, doc)) {
        result.error = "not a JSON object";
        return result;
    }
    const rapidjson::Value* keys = json::find(doc, "keys");
    if (keys == nullptr || !keys->IsArray()) {
        result.error = "missing \"keys\" array";
        return result;
    }
    for (const auto& jwk : keys->GetArray()) {
        PublicKey key;
        std::string error;
        std::string skip;
        if (read_key(jwk, key, error, skip)) {
            result.keys.push_back(std::move(key));
        } else if (!error.empty()) {
            result.error = error;
            result.keys.clear();
            return result;
        } else {
            result.skipped.push_back(skip);
        }
    }
    if (result.keys.empty()) {
        result.error = "no usable RS256 or ES256 public key";
    }
    return result;
}

LoadResult load_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        LoadResult result;
        result.error = "cannot read " + path;
        return result;
    }
    std::ostringstream content;
    content << in.rdbuf();
    LoadResult result = parse(content.str());
    if (!result.error.empty()) {
        result.error = path + ": " + result.error;
    }
    return result;
}

} // namespace profiles::jwks
