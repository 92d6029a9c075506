#include "jwt.hpp"

#include "base64url.hpp"
#include "json_parse.hpp"
#include "openssl_ptr.hpp"
#include "uuid.hpp"

#include <openssl/crypto.h>
#include <openssl/hmac.h>

#include <array>

namespace profiles::jwt {

namespace {

constexpr size_t kSha256Bytes = 32;
constexpr size_t kEs256SignatureBytes = 64; // r || s, 32 bytes each (RFC 7518 §3.4)
// profiles.set_actor refuses longer session ids; such a token is unusable, so it is refused here
// as a bad token (401) rather than surfacing later as a validation error.
constexpr size_t kMaxSessionIdBytes = 256;

struct Parts {
    std::string_view header;
    std::string_view payload;
    std::string_view signature;
};

std::optional<Parts> split(std::string_view token) {
    size_t first = token.find('.');
    if (first == std::string_view::npos) {
        return std::nullopt;
    }
    size_t second = token.find('.', first + 1);
    if (second == std::string_view::npos || token.find('.', second + 1) != std::string_view::npos) {
        return std::nullopt;
    }
    return Parts{token.substr(0, first), token.substr(first + 1, second - first - 1),
                 token.substr(second + 1)};
}

std::string hmac_sha256(std::string_view key, std::string_view data) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
    unsigned int length = 0;
    HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
         reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac.data(), &length);
    return std::string(reinterpret_cast<const char*>(mac.data()), length);
}

bool digest_verify(EVP_PKEY* key, std::string_view data, const unsigned char* signature,
                   size_t signature_length) {
    ossl::MdCtxPtr ctx(EVP_MD_CTX_new());
    return ctx && EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key) == 1 &&
           EVP_DigestVerify(ctx.get(), signature, signature_length,
                            reinterpret_cast<const unsigned char*>(data.data()), data.size()) == 1;
}

bool rs256_ok(EVP_PKEY* key, std::string_view data, const std::string& signature) {
    // PKCS#1 v1.5 signatures are exactly as long as the modulus.
    if (signature.size() != static_cast<size_t>(EVP_PKEY_get_size(key))) {
        return false;
    }
    return digest_verify(key, data, reinterpret_cast<const unsigned char*>(signature.data()),
                         signature.size());
}

bool es256_ok(EVP_PKEY* key, std::string_view data, const std::string& signature) {
    if (signature.size() != kEs256SignatureBytes) {
        return false;
    }
    // JWS carries raw r || s; OpenSSL verifies the DER-encoded ECDSA-Sig-Value.
    const auto* raw = reinterpret_cast<const unsigned char*>(signature.data());
    ossl::EcdsaSigPtr sig(ECDSA_SIG_new());
    ossl::BignumPtr r(BN_bin2bn(raw, 32, nullptr));
    ossl::BignumPtr s(BN_bin2bn(raw + 32, 32, nullptr));
    if (!sig || !r || !s || ECDSA_SIG_set0(sig.get(), r.get(), s.get()) != 1) {
        return false;
    }
    r.release(); // now owned by sig
    s.release();
    unsigned char* der = nullptr;
    int der_length = i2d_ECDSA_SIG(sig.get(), &der);
    if (der_length <= 0) {
        return false;
    }
    bool ok = digest_verify(key, data, der, static_cast<size_t>(der_length));
    OPENSSL_free(der);
    return ok;
}

std::optional<std::string> string_claim(const rapidjson::Value& object, const char* name,
                                        bool& wrong_type) {
    const rapidjson::Value* value = json::find(object, name);
    if (value == nullptr) {
        return std::nullopt;
    }
    if (!value->IsString()) {
        wrong_type = true;
        return std::nullopt;
    }
    return std::string(value->GetString(), value->GetStringLength());
}

// A NumericDate claim: absent is fine, present must be a number.
bool numeric_date(const rapidjson::Value& payload, const char* name, std::optional<double>& out) {
    const rapidjson::Value* value = json::find(payload, name);
    if (value == nullptr) {
        return true;
    }
    if (!value->IsNumber()) {
        return false;
    }
    out = value->GetDouble();
    return true;
}

// RFC 7519: the token is valid strictly before exp. Once expired it never becomes valid again.
bool is_expired(const Times& times, int64_t now, int64_t leeway) {
    return times.exp && static_cast<double>(now) >= *times.exp + static_cast<double>(leeway);
}

std::string check_times(const Times& times, int64_t now, int64_t leeway) {
    auto t = static_cast<double>(now);
    auto slack = static_cast<double>(leeway);
    if (is_expired(times, now, leeway)) {
        return "expired";
    }
    // ... and valid from nbf on.
    if (times.nbf && t + slack < *times.nbf) {
        return "not valid yet (nbf)";
    }
    if (times.iat && *times.iat > t + slack) {
        return "issued in the future (iat)";
    }
    return {};
}

bool audience_matches(const rapidjson::Value& aud, const std::string& expected) {
    auto equals = [&](const rapidjson::Value& v) {
        return v.IsString() && std::string_view(v.GetString(), v.GetStringLength()) == expected;
    };
    if (aud.IsArray()) {
        for (const auto& entry : aud.GetArray()) {
            if (equals(entry)) {
                return true;
            }
        }
        return false;
    }
    return equals(aud);
}

} // namespace

std::shared_ptr<const VerifiedTokens::Entry> VerifiedTokens::find(std::string_view token) const {
    if (token.size() > kMaxTokenBytes) {
        return nullptr;
    }
    const std::string key(token); // built before taking the lock
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = entries_.find(key);
    return it == entries_.end() ? nullptr : it->second;
}

void VerifiedTokens::remember(std::string_view token, Entry entry) {
    if (token.size() > kMaxTokenBytes) {
        return;
    }
    std::string key(token);
    auto shared = std::make_shared<const Entry>(std::move(entry));
    std::shared_ptr<const Entry> evicted; // released after the lock
    std::lock_guard<std::mutex> lock(mutex_);
    if (entries_.size() >= kCapacity && entries_.find(key) == entries_.end()) {
        evicted = std::move(entries_.begin()->second);
        entries_.erase(entries_.begin());
    }
    entries_.insert_or_assign(std::move(key), std::move(shared));
}

void VerifiedTokens::forget(std::string_view token) {
    const std::string key(token);
    std::lock_guard<std::mutex> lock(mutex_);
    entries_.erase(key);
}

size_t VerifiedTokens::size() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return entries_.size();
}

Verifier::Verifier(std::string hs256_secret, jwks::KeySet keys, Policy policy)
    : hs256_secret_(std::move(hs256_secret)), keys_(std::move(keys)), policy_(std::move(policy)),
      verified_(std::make_unique<VerifiedTokens>()) {}

bool Verifier::signature_ok(std::string_view alg, const std::string* kid,
                            std::string_view signing_input, const std::string& signature,
                            std::string& failure) const {
    if (alg == "HS256") {
        // Only the configured secret: never key material from the JWKS, which is public.
        if (hs256_secret_.empty()) {
            failure = "HS256 token but no secret configured";
            return false;
        }
        std::string expected = hmac_sha256(hs256_secret_, signing_input);
        if (signature.size() != kSha256Bytes ||
            CRYPTO_memcmp(expected.data(), signature.data(), kSha256Bytes) != 0) {
            failure = "bad HS256 signature";
            return false;
        }
        return true;
    }
    jwks::KeyType wanted;
    if (alg == "RS256") {
        wanted = jwks::KeyType::Rsa;
    } else if (alg == "ES256") {
        wanted = jwks::KeyType::EcP256;
    } else {
        failure = "unsupported alg";
        return false;
    }
    bool found_key = false;
    for (const auto& key : keys_) {
        if (key.type != wanted || (!key.alg.empty() && key.alg != alg) ||
            (kid != nullptr && key.kid != *kid)) {
            continue;
        }
        found_key = true;
        bool ok = wanted == jwks::KeyType::Rsa ? rs256_ok(key.pkey.get(), signing_input, signature)
                                               : es256_ok(key.pkey.get(), signing_input, signature);
        if (ok) {
            return true;
        }
    }
    failure = found_key ? "bad signature" : "no key for alg/kid";
    return false;
}

Verification Verifier::verify(std::string_view token, int64_t now) const {
    if (token.empty() || token.size() > policy_.max_token_bytes) {
        Verification refused;
        refused.failure = "empty or oversized token";
        return refused;
    }
    if (std::shared_ptr<const VerifiedTokens::Entry> hit = verified_->find(token)) {
        Verification result;
        result.failure = check_times(hit->times, now, policy_.leeway_seconds);
        if (!result.failure.empty()) {
            if (is_expired(hit->times, now, policy_.leeway_seconds)) {
                verified_->forget(token);
            }
            return result;
        }
        result.claims = hit->claims;
        return result;
    }
    Times times;
    Verification result = verify_uncached(token, now, times);
    if (result.ok()) {
        verified_->remember(token, {*result.claims, times});
    }
    return result;
}

Verification Verifier::verify_uncached(std::string_view token, int64_t now, Times& times) const {
    Verification result;
    auto refuse = [&](std::string why) {
        result.failure = std::move(why);
        return result;
    };
    auto parts = split(token);
    if (!parts || parts->header.empty() || parts->payload.empty() || parts->signature.empty()) {
        return refuse("not three non-empty parts");
    }
    auto header_json = base64url::decode(parts->header);
    auto payload_json = base64url::decode(parts->payload);
    auto signature = base64url::decode(parts->signature);
    if (!header_json || !payload_json || !signature) {
        return refuse("bad base64url");
    }
    rapidjson::Document header;
    if (!json::parse_object(*header_json, header)) {
        return refuse("header is not a JSON object");
    }
    bool wrong_type = false;
    auto alg = string_claim(header, "alg", wrong_type);
    auto kid = string_claim(header, "kid", wrong_type);
    if (!alg || wrong_type) {
        return refuse("header alg/kid missing or not strings");
    }
    // We implement no header extensions, so any critical one must be refused (RFC 7515 §4.1.11).
    if (json::find(header, "crit") != nullptr) {
        return refuse("crit header present");
    }
    std::string_view signing_input =
        token.substr(0, parts->header.size() + 1 + parts->payload.size());
    if (!signature_ok(*alg, kid ? &*kid : nullptr, signing_input, *signature, result.failure)) {
        return result;
    }

    rapidjson::Document payload;
    if (!json::parse_object(*payload_json, payload)) {
        return refuse("payload is not a JSON object");
    }
    if (!numeric_date(payload, "exp", times.exp) || !numeric_date(payload, "nbf", times.nbf) ||
        !numeric_date(payload, "iat", times.iat)) {
        return refuse("exp, nbf or iat is not a number");
    }
    if (auto why = check_times(times, now, policy_.leeway_seconds); !why.empty()) {
        return refuse(why);
    }
    if (!policy_.audience.empty()) {
        const rapidjson::Value* aud = json::find(payload, "aud");
        if (aud == nullptr || !audience_matches(*aud, policy_.audience)) {
            return refuse("audience mismatch");
        }
    }
    if (!policy_.issuer.empty()) {
        auto iss = string_claim(payload, "iss", wrong_type);
        if (!iss || *iss != policy_.issuer) {
            return refuse("issuer mismatch");
        }
    }
    auto sub = string_claim(payload, "sub", wrong_type);
    if (!sub || !is_uuid(*sub)) {
        return refuse("sub missing or not a UUID");
    }
    auto sid = string_claim(payload, "sid", wrong_type);
    if (wrong_type) {
        return refuse("a string claim has another type");
    }
    if (sid && sid->size() > kMaxSessionIdBytes) {
        return refuse("sid longer than 256 bytes");
    }
    result.claims = Claims{std::move(*sub), std::move(sid)};
    return result;
}

std::string sign_hs256(std::string_view header_json, std::string_view payload_json,
                       std::string_view secret) {
    std::string token = base64url::encode(header_json) + "." + base64url::encode(payload_json);
    return token + "." + base64url::encode(hmac_sha256(secret, token));
}

} // namespace profiles::jwt
