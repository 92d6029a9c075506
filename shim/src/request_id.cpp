#include "request_id.hpp"

#include <cstdio>
#include <random>

namespace profiles::request_id {

namespace {

uint64_t urandom_seed() {
    uint64_t seed = 0;
    if (FILE* f = std::fopen("/dev/urandom", "rb")) {
        size_t got = std::fread(&seed, sizeof seed, 1, f);
        std::fclose(f);
        if (got == 1) {
            return seed;
        }
    }
    std::random_device device;
    return (static_cast<uint64_t>(device()) << 32) ^ device();
}

// Request ids need to be unique, not secret: a seeded PRNG per thread avoids a syscall and any
// lock on the hot path.
std::mt19937_64& generator() {
    thread_local std::mt19937_64 engine(urandom_seed());
    return engine;
}

} // namespace

bool is_acceptable(std::string_view candidate) {
    if (candidate.empty() || candidate.size() > kMaxLength) {
        return false;
    }
    for (char c : candidate) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '.' || c == '_' || c == ':' || c == '-';
        if (!ok) {
            return false;
        }
    }
    return true;
}

std::string generate() {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string id(32, '0');
    auto& engine = generator();
    for (size_t half = 0; half < 2; ++half) {
        uint64_t bits = engine();
        for (size_t i = 0; i < 16; ++i) {
            id[half * 16 + i] = kHex[(bits >> (i * 4)) & 0xF];
        }
    }
    return id;
}

std::string from_header(std::string_view incoming) {
    return is_acceptable(incoming) ? std::string(incoming) : generate();
}

} // namespace profiles::request_id
