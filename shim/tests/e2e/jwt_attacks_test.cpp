// Forged, tampered and malformed JSON Web Tokens: every one is refused with the same 401 body
// (a fixed X-Request-Id makes the bodies byte-identical), on the shared shim (HS256 secret) and
// on shims that also, or only, trust an RSA key from a JWKS file. Each group first shows that
// the untouched token is accepted, so a refusal means the attack failed and not the set-up.
#include "security_fixtures.hpp"

#include "base64url.hpp"
#include "jwt.hpp"
#include "openssl_ptr.hpp"

#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <map>
#include <memory>

using namespace profiles::e2e;
using namespace profiles::e2e::security;
namespace b64 = profiles::base64url;
namespace ossl = profiles::ossl;

namespace {

constexpr const char* kProbe = "/api/user/profile"; // any authenticated user: 200
constexpr const char* kRequestId = "jwt-attack-probe";
constexpr const char* kHs256Header = R"({"alg":"HS256","typ":"JWT"})";

long now() {
    return static_cast<long>(std::time(nullptr));
}

std::string claims(const std::string& sub, long exp_in = 600) {
    return R"({"sub":")" + sub + R"(","iat":)" + std::to_string(now() - 60) + R"(,"exp":)" +
           std::to_string(now() + exp_in) + "}";
}

// The three dot-separated parts of a compact token.
struct Parts {
    std::string header, payload, signature;
};
Parts split(const std::string& jwt) {
    size_t a = jwt.find('.');
    size_t b = jwt.find('.', a + 1);
    return {jwt.substr(0, a), jwt.substr(a + 1, b - a - 1), jwt.substr(b + 1)};
}

// ---- RSA keys with OpenSSL ------------------------------------------------------------------

ossl::PkeyPtr generate_rsa() {
    return ossl::PkeyPtr(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<size_t>(2048)));
}

std::string bignum_param(EVP_PKEY* key, const char* name) {
    BIGNUM* raw = nullptr;
    if (EVP_PKEY_get_bn_param(key, name, &raw) != 1) {
        return "";
    }
    ossl::BignumPtr bn(raw);
    std::string out(static_cast<size_t>(BN_num_bytes(bn.get())), '\0');
    BN_bn2bin(bn.get(), reinterpret_cast<unsigned char*>(out.data()));
    return out;
}

std::string public_jwk(EVP_PKEY* key, const std::string& kid) {
    return R"({"kty":"RSA","kid":")" + kid + R"(","use":"sig","alg":"RS256","n":")" +
           b64::encode(bignum_param(key, OSSL_PKEY_PARAM_RSA_N)) + R"(","e":")" +
           b64::encode(bignum_param(key, OSSL_PKEY_PARAM_RSA_E)) + R"("})";
}

std::string public_pem(EVP_PKEY* key) {
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), &BIO_free);
    PEM_write_bio_PUBKEY(bio.get(), key);
    char* data = nullptr;
    long length = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<size_t>(length));
}

std::string public_der(EVP_PKEY* key) {
    unsigned char* der = nullptr;
    int length = i2d_PUBKEY(key, &der);
    std::string out(reinterpret_cast<char*>(der), static_cast<size_t>(std::max(length, 0)));
    OPENSSL_free(der);
    return out;
}

std::string sign_rs256(EVP_PKEY* key, const std::string& input) {
    ossl::MdCtxPtr ctx(EVP_MD_CTX_new());
    size_t length = 0;
    const auto* data = reinterpret_cast<const unsigned char*>(input.data());
    if (EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key) != 1 ||
        EVP_DigestSign(ctx.get(), nullptr, &length, data, input.size()) != 1) {
        return "";
    }
    std::string signature(length, '\0');
    EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &length, data,
                   input.size());
    signature.resize(length);
    return signature;
}

std::string rs256_token(EVP_PKEY* key, const std::string& header, const std::string& payload) {
    std::string input = b64::encode(header) + "." + b64::encode(payload);
    return input + "." + b64::encode(sign_rs256(key, input));
}

// ---- the fixture ------------------------------------------------------------------------------

class JwtAttack : public SecurityTest {
  protected:
    static void SetUpTestSuite() {
        if (!Shared::get().setup_error().empty()) {
            return;
        }
        key_ = generate_rsa();
        attacker_key_ = generate_rsa();
        char dir[] = "/tmp/shim-jwks-XXXXXX";
        if (key_ == nullptr || attacker_key_ == nullptr || mkdtemp(dir) == nullptr) {
            suite_error_ = "cannot generate RSA keys or a temporary directory";
            return;
        }
        dir_ = dir;
        jwks_path_ = dir_ + "/jwks.json";
        std::ofstream(jwks_path_) << R"({"keys":[)" << public_jwk(key_.get(), kKid) << "]}";
        std::string error;
        // Both an HS256 secret and the RSA key: the configuration the key-confusion attack needs.
        with_jwks_ = ShimProcess::start({{"PROFILES_JWKS_FILE", jwks_path_}}, error);
        if (!with_jwks_) {
            suite_error_ = "shim with a JWKS file did not start: " + error;
            return;
        }
        jwks_only_ = ShimProcess::start(
            {{"PROFILES_JWKS_FILE", jwks_path_}, {"PROFILES_JWT_SECRET", ""}}, error);
        if (!jwks_only_) {
            suite_error_ = "shim with only a JWKS file did not start: " + error;
        }
    }

    static void TearDownTestSuite() {
        for (auto* shim : {&with_jwks_, &jwks_only_}) {
            if (*shim) {
                EXPECT_EQ((*shim)->stop(), 0);
                shim->reset();
            }
        }
        if (!dir_.empty()) {
            std::remove(jwks_path_.c_str());
            rmdir(dir_.c_str());
        }
        key_.reset();
        attacker_key_.reset();
    }

    void SetUp() override {
        SecurityTest::SetUp();
        if (HasFatalFailure()) {
            return;
        }
        ASSERT_TRUE(suite_error_.empty()) << suite_error_;
        user_ = create_user("standard_user");
        other_ = create_user("internal_admin");
    }

    // GET kProbe on `shim` with these Authorization values (none: no header at all).
    static Reply probe(ShimProcess& shim, const std::vector<std::string>& authorizations) {
        std::vector<std::string> headers = {std::string("X-Request-Id: ") + kRequestId};
        for (const std::string& value : authorizations) {
            headers.push_back("Authorization: " + value);
        }
        return raw_exchange(shim.port(), raw_request("GET", kProbe, headers));
    }
    static Reply bearer_on(ShimProcess& shim, const std::string& jwt) {
        return probe(shim, {"Bearer " + jwt});
    }
    static Reply bearer(const std::string& jwt) { return bearer_on(Shared::get().shim(), jwt); }

    // The answer to a request without credentials: what every refused token must get too.
    static void expect_refused_on(ShimProcess& shim, const Reply& r, const std::string& what) {
        static std::map<int, std::string> baseline;
        std::string& expected = baseline[shim.port()];
        if (expected.empty()) {
            Reply none = probe(shim, {});
            ASSERT_EQ(none.status, 401) << none.body;
            expected = none.body;
        }
        EXPECT_EQ(r.status, 401) << what << "\n" << r.body.substr(0, 300);
        EXPECT_EQ(r.body, expected) << what;
        EXPECT_EQ(r.header("Content-Type"), "application/json") << what;
        EXPECT_EQ(r.header("X-Request-Id"), kRequestId) << what;
    }
    static void expect_refused(const std::string& jwt, const std::string& what) {
        expect_refused_on(Shared::get().shim(), bearer(jwt), what);
    }
    static void expect_accepted(const Reply& r, const std::string& user, const std::string& what) {
        ASSERT_EQ(r.status, 200) << what << "\n" << r.body.substr(0, 300);
        EXPECT_EQ(r.text({"user", "_id"}), user) << what;
    }

    std::string hs256(const std::string& payload) const {
        return profiles::jwt::sign_hs256(kHs256Header, payload, Shared::get().secret());
    }

    static constexpr const char* kKid = "e2e-rsa-1";
    static inline ossl::PkeyPtr key_;
    static inline ossl::PkeyPtr attacker_key_;
    static inline std::string dir_;
    static inline std::string jwks_path_;
    static inline std::unique_ptr<ShimProcess> with_jwks_;
    static inline std::unique_ptr<ShimProcess> jwks_only_;
    static inline std::string suite_error_;

    std::string user_;
    std::string other_;
};

} // namespace

TEST_F(JwtAttack, UntouchedTokensAreAccepted) {
    expect_accepted(bearer(hs256(claims(user_))), user_, "HS256 on the shared shim");
    expect_accepted(bearer_on(*with_jwks_, hs256(claims(user_))), user_, "HS256 beside JWKS");
    std::string rs =
        rs256_token(key_.get(), R"({"alg":"RS256","typ":"JWT","kid":"e2e-rsa-1"})", claims(user_));
    expect_accepted(bearer_on(*with_jwks_, rs), user_, "RS256 beside HS256");
    expect_accepted(bearer_on(*jwks_only_, rs), user_, "RS256 alone");
    // Without a kid the key is found by its type.
    expect_accepted(
        bearer_on(*jwks_only_, rs256_token(key_.get(), R"({"alg":"RS256"})", claims(user_))), user_,
        "RS256 without kid");
}

TEST_F(JwtAttack, AlgNoneWithAndWithoutSignature) {
    std::string valid = hs256(claims(user_));
    std::string real_signature = split(valid).signature;
    for (const char* alg : {"none", "None", "NONE", "nOnE"}) {
        std::string header = std::string(R"({"alg":")") + alg + R"(","typ":"JWT"})";
        std::string unsigned_token = b64::encode(header) + "." + b64::encode(claims(user_)) + ".";
        expect_refused(unsigned_token, std::string("alg ") + alg + ", empty signature");
        expect_refused(unsigned_token + real_signature,
                       std::string("alg ") + alg + ", a real HS256 signature");
        expect_refused(b64::encode(header) + "." + b64::encode(claims(user_)),
                       std::string("alg ") + alg + ", two parts");
        expect_refused_on(*with_jwks_, bearer_on(*with_jwks_, unsigned_token),
                          std::string("alg ") + alg + " on the JWKS shim");
    }
    // No alg, or one that is not a string.
    for (const char* header : {R"({"typ":"JWT"})", R"({"alg":""})", R"({"alg":null})",
                               R"({"alg":["HS256"]})", R"({"alg":"HS256 "})", R"({"alg":"hs256"})",
                               R"({"alg":"HS512"})", R"({"alg":"HS256","alg":"none"})"}) {
        std::string input = b64::encode(header) + "." + b64::encode(claims(user_));
        std::string signed_input =
            profiles::jwt::sign_hs256(header, claims(user_), Shared::get().secret());
        expect_refused(signed_input, std::string("header ") + header);
        expect_refused(input + ".", std::string("header ") + header + ", no signature");
    }
}

TEST_F(JwtAttack, Hs256SignedWithTheRsaPublicKey) {
    const std::string pem = public_pem(key_.get());
    std::string pem_trimmed = pem;
    while (!pem_trimmed.empty() && pem_trimmed.back() == '\n') {
        pem_trimmed.pop_back();
    }
    const std::string jwk = public_jwk(key_.get(), kKid);
    const std::pair<std::string, std::string> secrets[] = {
        {"PEM", pem},
        {"PEM without the final newline", pem_trimmed},
        {"DER", public_der(key_.get())},
        {"JWK text", jwk},
        {"modulus bytes", bignum_param(key_.get(), OSSL_PKEY_PARAM_RSA_N)},
    };
    for (const std::string& header :
         {std::string(kHs256Header), std::string(R"({"alg":"HS256","kid":"e2e-rsa-1"})")}) {
        for (const auto& [name, secret] : secrets) {
            std::string forged = profiles::jwt::sign_hs256(header, claims(user_), secret);
            std::string what = "HS256 keyed with the RSA " + name + ", header " + header;
            expect_refused_on(*with_jwks_, bearer_on(*with_jwks_, forged), what + " (JWKS+secret)");
            expect_refused_on(*jwks_only_, bearer_on(*jwks_only_, forged), what + " (JWKS only)");
            expect_refused(forged, what + " (secret only)");
        }
    }
}

TEST_F(JwtAttack, ForeignRsaKeys) {
    // Signed by a key the shim does not trust, whatever the header claims about it.
    std::string attacker_jwk = public_jwk(attacker_key_.get(), kKid);
    const std::string headers[] = {
        R"({"alg":"RS256","kid":"e2e-rsa-1"})",
        R"({"alg":"RS256","kid":"attacker"})",
        R"({"alg":"RS256"})",
        R"({"alg":"RS256","jku":"http://127.0.0.1:9/jwks.json","kid":"attacker"})",
        R"({"alg":"RS256","jwk":)" + attacker_jwk + "}",
        R"({"alg":"RS256","kid":"../../../../dev/null"})",
    };
    for (const std::string& header : headers) {
        std::string forged = rs256_token(attacker_key_.get(), header, claims(user_));
        expect_refused_on(*with_jwks_, bearer_on(*with_jwks_, forged), "attacker key, " + header);
        expect_refused_on(*jwks_only_, bearer_on(*jwks_only_, forged), "attacker key, " + header);
    }
    // A genuine RS256 token on a shim without any RSA key.
    expect_refused(rs256_token(key_.get(), R"({"alg":"RS256"})", claims(user_)),
                   "RS256 without a JWKS");
    // A genuine one whose header names a key that is not in the set.
    expect_refused_on(*with_jwks_,
                      bearer_on(*with_jwks_, rs256_token(key_.get(), R"({"alg":"RS256","kid":"x"})",
                                                         claims(user_))),
                      "RS256 with an unknown kid");
    // A critical extension the shim does not implement.
    expect_refused_on(
        *with_jwks_,
        bearer_on(*with_jwks_, rs256_token(key_.get(), R"({"alg":"RS256","crit":["exp"],"exp":1})",
                                           claims(user_))),
        "crit header");
}

TEST_F(JwtAttack, TamperedHeaderPayloadOrSignature) {
    std::string valid = hs256(claims(user_));
    expect_accepted(bearer(valid), user_, "the untouched token");
    Parts p = split(valid);

    // Header: any change breaks the signature, even one the JSON reader would not notice.
    for (const char* header :
         {R"({"alg":"HS256","typ":"JWT","kid":"x"})", R"({"typ":"JWT","alg":"HS256"})",
          R"({"alg":"HS256", "typ":"JWT"})", R"({"alg":"HS256","typ":"JWS"})"}) {
        expect_refused(b64::encode(header) + "." + p.payload + "." + p.signature,
                       std::string("header ") + header);
    }
    // Payload: another subject (an admin), a longer life, an extra claim.
    for (const std::string& payload :
         {claims(other_), claims(user_, 86400),
          claims(user_).substr(0, claims(user_).size() - 1) + R"(,"role":"internal_admin"})"}) {
        expect_refused(p.header + "." + b64::encode(payload) + "." + p.signature,
                       "payload " + payload);
    }
    // Signature: one bit, truncated, extended, empty, another token's, missing.
    std::string raw_signature = *b64::decode(p.signature);
    for (size_t at : {size_t{0}, raw_signature.size() / 2, raw_signature.size() - 1}) {
        std::string flipped = raw_signature;
        flipped[at] = static_cast<char>(flipped[at] ^ 0x01);
        expect_refused(p.header + "." + p.payload + "." + b64::encode(flipped),
                       "signature bit flipped at " + std::to_string(at));
    }
    expect_refused(p.header + "." + p.payload + "." + b64::encode(raw_signature.substr(0, 31)),
                   "truncated signature");
    expect_refused(p.header + "." + p.payload + "." + b64::encode(raw_signature + "x"),
                   "extended signature");
    expect_refused(p.header + "." + p.payload + ".", "empty signature");
    expect_refused(p.header + "." + p.payload, "no signature part");
    expect_refused(p.header + "." + p.payload + "." + split(hs256(claims(other_))).signature,
                   "another token's signature");
    expect_refused(valid + "." + p.signature, "four parts");
    expect_refused("." + p.payload + "." + p.signature, "no header");
}

TEST_F(JwtAttack, ExpiredAndNotYetValid) {
    expect_refused(hs256(claims(user_, -120)), "expired two minutes ago");
    expect_refused(hs256(R"({"sub":")" + user_ + R"(","exp":0})"), "exp 0");
    expect_refused(hs256(R"({"sub":")" + user_ + R"(","nbf":)" + std::to_string(now() + 600) +
                         R"(,"exp":)" + std::to_string(now() + 1200) + "}"),
                   "nbf ten minutes ahead");
    expect_refused(hs256(R"({"sub":")" + user_ + R"(","iat":)" + std::to_string(now() + 600) +
                         R"(,"exp":)" + std::to_string(now() + 1200) + "}"),
                   "issued ten minutes in the future");
    for (const char* exp : {R"("9999999999")", "null", "true", R"({"$gt":0})"}) {
        expect_refused(hs256(R"({"sub":")" + user_ + R"(","exp":)" + exp + "}"),
                       std::string("exp ") + exp);
    }
    // Inside the leeway a token is still good: the refusals above are about time, not format.
    expect_accepted(bearer(hs256(claims(user_, -5))), user_, "expired five seconds ago");
}

TEST_F(JwtAttack, MissingOrUnknownSubject) {
    long exp = now() + 600;
    std::string tail = R"("exp":)" + std::to_string(exp) + "}";
    expect_refused(hs256("{" + tail), "no sub");
    for (const std::string& sub :
         {std::string(R"("")"), std::string("null"), std::string("42"), R"([")" + user_ + R"("])",
          std::string(R"("' OR 1=1 --")"), R"(")" + user_ + R"( ")",
          R"(")" + user_.substr(0, 35) + R"(")"}) {
        expect_refused(hs256(R"({"sub":)" + sub + "," + tail), "sub " + sub);
    }
    expect_refused(hs256(claims(new_uuid())), "sub of a user that does not exist");
    // The same user id in upper case is the same UUID: accepted, nothing to exploit.
    std::string upper = user_;
    for (char& c : upper) {
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    Reply r = bearer(hs256(claims(upper)));
    EXPECT_TRUE(r.status == 200 || r.status == 401) << r.body;
}

TEST_F(JwtAttack, HugeTokens) {
    // The largest token an 8 KiB header line lets through reaches the verifier: refused there.
    std::string padded = hs256(claims(user_).substr(0, claims(user_).size() - 1) + R"(,"pad":")" +
                               std::string(5600, 'p') + "\"}");
    ASSERT_GT(padded.size(), 7500u);
    ASSERT_LT(padded.size(), 8100u);
    expect_accepted(bearer(padded), user_, "a valid 7.5 KB token");
    expect_refused(padded.substr(0, padded.size() - 2) + "AA", "a forged 7.5 KB token");
    // 100 KB: refused before anything is verified. cpp-httplib's header limit answers it, so
    // this one is a client error with the JSON error body rather than the 401 body.
    std::string huge = std::string(100 * 1024, 'A') + "." + std::string(100, 'B') + ".C";
    Reply r = bearer(huge);
    expect_client_error(r, "100 KB token");
    EXPECT_TRUE(r.status == 401 || r.status == 431 || r.status == 400) << r.status;
    EXPECT_TRUE(shim_is_live());
}

TEST_F(JwtAttack, NonBase64UrlCharacters) {
    std::string valid = hs256(claims(user_));
    Parts p = split(valid);
    // Standard base64 (+ /), padding, whitespace, other punctuation, bytes beyond ASCII.
    for (const std::string& bad :
         {p.header + "=." + p.payload + "." + p.signature,
          p.header + "." + p.payload + "==." + p.signature,
          p.header + "." + p.payload + "." + p.signature + "=",
          p.header + "." + p.payload + "." + p.signature.substr(0, 10) + "+" +
              p.signature.substr(11),
          p.header + "." + p.payload + "." + p.signature.substr(0, 10) + "/" +
              p.signature.substr(11),
          p.header + "." + p.payload.substr(0, 5) + " " + p.payload.substr(5) + "." + p.signature,
          p.header + "." + p.payload.substr(0, 5) + "*" + p.payload.substr(6) + "." + p.signature,
          p.header + "." + p.payload + "." + p.signature.substr(0, 10) + "\xc3\xa9" +
              p.signature.substr(11),
          p.header + "." + p.payload + "." + p.signature.substr(0, 10) + "%2B" +
              p.signature.substr(11),
          std::string("!!!.???.###")}) {
        expect_refused(bad, "token [" + bad.substr(0, 60) + "...]");
    }
    // The last character changed: either other bytes or a non-canonical encoding.
    std::string last = p.signature;
    last.back() = last.back() == 'A' ? 'B' : 'A';
    expect_refused(p.header + "." + p.payload + "." + last, "changed last character");
}

TEST_F(JwtAttack, SchemeNameIsCaseInsensitive) {
    // RFC 7235 §2.1: the auth-scheme is case-insensitive.
    std::string valid = hs256(claims(user_));
    for (const char* scheme : {"Bearer ", "bearer ", "BEARER ", "bEaReR "}) {
        expect_accepted(probe(Shared::get().shim(), {scheme + valid}), user_, scheme);
    }
    for (const std::string& value : {"Bearer" + valid, "Basic " + valid, "Token " + valid,
                                     std::string("Bearer"), std::string("Bearer "), valid}) {
        expect_refused_on(Shared::get().shim(), probe(Shared::get().shim(), {value}),
                          "Authorization: " + value.substr(0, 20));
    }
}

TEST_F(JwtAttack, TwoAuthorizationHeaders) {
    // Which one a proxy, a log or the server honours may differ: two credentials are none.
    std::string mine = hs256(claims(user_));
    std::string admins = hs256(claims(other_));
    const std::vector<std::string> cases[] = {
        {"Bearer " + mine, "Bearer garbage"},
        {"Bearer garbage", "Bearer " + mine},
        {"Bearer " + mine, "Bearer " + admins},
        {"Bearer " + mine, "Bearer " + mine},
    };
    for (const auto& headers : cases) {
        expect_refused_on(Shared::get().shim(), probe(Shared::get().shim(), headers),
                          "Authorization: " + headers[0].substr(0, 20) + "... and " +
                              headers[1].substr(0, 20) + "...");
    }
    // Two credentials in one header are no better.
    expect_refused_on(Shared::get().shim(),
                      probe(Shared::get().shim(), {"Bearer " + mine + ", Bearer " + admins}),
                      "two tokens in one header");
}
