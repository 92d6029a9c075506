// RS256 and ES256 against keys loaded from a JWKS file, and the alg/key-type confusions.
#include "jwks.hpp"
#include "jwt.hpp"
#include "test_keys.hpp"

#include <gtest/gtest.h>

#include <filesystem>

using namespace profiles;
using namespace profiles::test;

namespace {

const std::string kPayload = payload_with(R"(,"exp":1700000600)");

class JwtJwks : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        rsa_ = generate_rsa(2048).release();
        other_rsa_ = generate_rsa(2048).release();
        ec_ = generate_p256().release();
        other_ec_ = generate_p256().release();
        dir_ = make_temp_dir();
    }
    static void TearDownTestSuite() {
        for (EVP_PKEY* key : {rsa_, other_rsa_, ec_, other_ec_}) {
            EVP_PKEY_free(key);
        }
        std::filesystem::remove_all(dir_);
    }

    // A verifier whose JWKS file holds `jwks_keys` (comma-separated JWK objects).
    static jwt::Verifier verifier_with(const std::string& jwks_keys,
                                       const std::string& secret = "") {
        std::string path = write_file(dir_, "jwks.json", R"({"keys":[)" + jwks_keys + "]}");
        jwks::LoadResult loaded = jwks::load_file(path);
        EXPECT_EQ(loaded.error, "");
        return jwt::Verifier(secret, loaded.keys, {});
    }

    static std::string rs256(EVP_PKEY* key, const std::string& header,
                             const std::string& payload = kPayload) {
        return make_token(header, payload,
                          [key](std::string_view in) { return sign_rs256(key, in); });
    }
    static std::string es256(EVP_PKEY* key, const std::string& header,
                             const std::string& payload = kPayload) {
        return make_token(header, payload,
                          [key](std::string_view in) { return sign_es256(key, in); });
    }

    static EVP_PKEY* rsa_;
    static EVP_PKEY* other_rsa_;
    static EVP_PKEY* ec_;
    static EVP_PKEY* other_ec_;
    static std::string dir_;
};

EVP_PKEY* JwtJwks::rsa_ = nullptr;
EVP_PKEY* JwtJwks::other_rsa_ = nullptr;
EVP_PKEY* JwtJwks::ec_ = nullptr;
EVP_PKEY* JwtJwks::other_ec_ = nullptr;
std::string JwtJwks::dir_;

} // namespace

TEST_F(JwtJwks, Rs256GoodTokenWithKid) {
    auto v = verifier_with(rsa_jwk(rsa_, "r1") + "," + ec_jwk(ec_, "e1"));
    auto result = v.verify(rs256(rsa_, R"({"alg":"RS256","kid":"r1"})"), kNow);
    ASSERT_TRUE(result.ok()) << result.failure;
    EXPECT_EQ(result.claims->sub, "6f1c1a52-3a8e-4f0e-9d39-0c2b8f6b7a10");
}

TEST_F(JwtJwks, Rs256WithoutKidTriesEveryRsaKey) {
    auto v = verifier_with(rsa_jwk(other_rsa_, "r0") + "," + rsa_jwk(rsa_, "r1"));
    EXPECT_TRUE(v.verify(rs256(rsa_, R"({"alg":"RS256"})"), kNow).ok());
}

TEST_F(JwtJwks, Rs256RefusesUnknownKidAndForeignKey) {
    auto v = verifier_with(rsa_jwk(rsa_, "r1"));
    EXPECT_FALSE(v.verify(rs256(rsa_, R"({"alg":"RS256","kid":"r2"})"), kNow).ok());
    EXPECT_FALSE(v.verify(rs256(other_rsa_, R"({"alg":"RS256","kid":"r1"})"), kNow).ok());
}

TEST_F(JwtJwks, Rs256RefusesTamperedPayload) {
    auto v = verifier_with(rsa_jwk(rsa_, "r1"));
    std::string good = rs256(rsa_, R"({"alg":"RS256","kid":"r1"})");
    std::string forged = base64url::encode(R"({"sub":"00000000-0000-0000-0000-000000000001"})");
    size_t first = good.find('.');
    size_t second = good.find('.', first + 1);
    EXPECT_FALSE(v.verify(good.substr(0, first + 1) + forged + good.substr(second), kNow).ok());
}

TEST_F(JwtJwks, Rs256StillChecksClaims) {
    auto v = verifier_with(rsa_jwk(rsa_, "r1"));
    std::string expired = R"({"sub":"6f1c1a52-3a8e-4f0e-9d39-0c2b8f6b7a10","exp":1699990000})";
    EXPECT_FALSE(v.verify(rs256(rsa_, R"({"alg":"RS256"})", expired), kNow).ok());
}

TEST_F(JwtJwks, Es256GoodToken) {
    auto v = verifier_with(ec_jwk(ec_, "e1"));
    auto result = v.verify(es256(ec_, R"({"alg":"ES256","kid":"e1"})"), kNow);
    EXPECT_TRUE(result.ok()) << result.failure;
    EXPECT_TRUE(v.verify(es256(ec_, R"({"alg":"ES256"})"), kNow).ok());
}

TEST_F(JwtJwks, Es256RefusesForeignKeyAndDerSignature) {
    auto v = verifier_with(ec_jwk(ec_, "e1"));
    EXPECT_FALSE(v.verify(es256(other_ec_, R"({"alg":"ES256","kid":"e1"})"), kNow).ok());
    std::string der = make_token(R"({"alg":"ES256"})", kPayload,
                                 [](std::string_view in) { return sign_es256_der(ec_, in); });
    EXPECT_FALSE(v.verify(der, kNow).ok());
}

TEST_F(JwtJwks, Es256RefusesTamperedSignature) {
    auto v = verifier_with(ec_jwk(ec_, "e1"));
    std::string good = es256(ec_, R"({"alg":"ES256"})");
    std::string tampered = good;
    char& c = tampered[tampered.rfind('.') + 5];
    c = c == 'A' ? 'B' : 'A';
    EXPECT_FALSE(v.verify(tampered, kNow).ok());
}

TEST_F(JwtJwks, AlgMustMatchKeyType) {
    auto rsa_only = verifier_with(rsa_jwk(rsa_, "k"));
    auto ec_only = verifier_with(ec_jwk(ec_, "k"));
    // The header names the other algorithm than the key that exists under that kid.
    EXPECT_FALSE(rsa_only.verify(rs256(rsa_, R"({"alg":"ES256","kid":"k"})"), kNow).ok());
    EXPECT_FALSE(ec_only.verify(es256(ec_, R"({"alg":"RS256","kid":"k"})"), kNow).ok());
}

TEST_F(JwtJwks, Hs256RefusedWhenOnlyJwksIsConfigured) {
    auto v = verifier_with(rsa_jwk(rsa_, "r1"));
    std::string hs =
        jwt::sign_hs256(R"({"alg":"HS256"})", kPayload, "any-secret-any-secret-any-secret");
    EXPECT_FALSE(v.verify(hs, kNow).ok());
}

TEST_F(JwtJwks, Hs256SignedWithThePublicKeyBytesIsRefused) {
    // The classic confusion: an attacker signs HS256 with the (public) RSA key as the secret.
    std::string public_der = rsa_public_der(rsa_);
    std::string forged = jwt::sign_hs256(R"({"alg":"HS256","kid":"r1"})", kPayload, public_der);
    EXPECT_FALSE(verifier_with(rsa_jwk(rsa_, "r1")).verify(forged, kNow).ok());
    EXPECT_FALSE(verifier_with(rsa_jwk(rsa_, "r1"), "a-real-secret-of-32-bytes-or-more!!")
                     .verify(forged, kNow)
                     .ok());
}

TEST_F(JwtJwks, KeyAlgRestrictsUse) {
    std::string jwk = rsa_jwk(rsa_, "r1");
    jwk.insert(jwk.size() - 1, R"(,"alg":"RS256","use":"sig")");
    auto v = verifier_with(jwk);
    EXPECT_TRUE(v.verify(rs256(rsa_, R"({"alg":"RS256"})"), kNow).ok());
}

TEST(Jwks, RefusesShortRsaKeys) {
    auto weak = generate_rsa(1024);
    auto loaded = jwks::parse(R"({"keys":[)" + rsa_jwk(weak.get(), "weak") + "]}");
    EXPECT_NE(loaded.error.find("2048"), std::string::npos) << loaded.error;
}

TEST(Jwks, RefusesAPointOffTheCurve) {
    std::string x = base64url::encode(std::string(32, '\x01'));
    std::string y = base64url::encode(std::string(32, '\x02'));
    auto loaded = jwks::parse(R"({"keys":[{"kty":"EC","crv":"P-256","x":")" + x + R"(","y":")" + y +
                              R"("}]})");
    EXPECT_FALSE(loaded.error.empty());
}

TEST(Jwks, SkipsKeysItDoesNotVerifyWith) {
    auto ec = generate_p256();
    auto loaded = jwks::parse(R"({"keys":[{"kty":"oct","k":"c2VjcmV0"},)" + ec_jwk(ec.get(), "e") +
                              R"(,{"kty":"EC","crv":"P-384","x":"AA","y":"AA"}]})");
    EXPECT_EQ(loaded.error, "");
    EXPECT_EQ(loaded.keys.size(), 1u);
    EXPECT_EQ(loaded.skipped.size(), 2u);
}

TEST(Jwks, RefusesSetsWithoutUsableKeys) {
    EXPECT_FALSE(jwks::parse(R"({"keys":[]})").error.empty());
    EXPECT_FALSE(jwks::parse(R"({"nokeys":1})").error.empty());
    EXPECT_FALSE(jwks::parse("not json").error.empty());
    EXPECT_FALSE(jwks::load_file("/nonexistent/jwks.json").error.empty());
}
