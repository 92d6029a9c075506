#include "token_command.hpp"

#include "jwt.hpp"
#include "uuid.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <charconv>
#include <cstdio>
#include <ctime>

namespace profiles {

namespace {

constexpr int64_t kMaxTtlSeconds = 366LL * 24 * 3600;

void put(rapidjson::Writer<rapidjson::StringBuffer>& writer, const char* key,
         const std::string& value) {
    writer.Key(key);
    writer.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
}

} // namespace

TokenRequest parse_token_args(const std::vector<std::string>& args) {
    TokenRequest request;
    bool have_sub = false;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        bool ours = arg == "--sub" || arg == "--ttl" || arg == "--sid";
        if (!ours) {
            request.rest.push_back(arg);
            continue;
        }
        if (i + 1 >= args.size()) {
            request.error = arg + " needs a value";
            return request;
        }
        const std::string& value = args[++i];
        if (arg == "--sub") {
            request.sub = value;
            have_sub = true;
        } else if (arg == "--sid") {
            request.sid = value;
        } else {
            int64_t ttl = 0;
            auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), ttl);
            if (ec != std::errc() || ptr != value.data() + value.size() || ttl <= 0 ||
                ttl > kMaxTtlSeconds) {
                request.error =
                    "--ttl must be a number of seconds from 1 to " + std::to_string(kMaxTtlSeconds);
                return request;
            }
            request.ttl_seconds = ttl;
        }
    }
    if (!have_sub || !is_uuid(request.sub)) {
        request.error = "--sub <uuid> is required (the profiles.users id)";
    }
    return request;
}

std::string mint_token(const Config& config, const TokenRequest& request, int64_t now) {
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
    writer.StartObject();
    put(writer, "sub", request.sub);
    if (request.sid) {
        put(writer, "sid", *request.sid);
    }
    writer.Key("iat");
    writer.Int64(now);
    writer.Key("exp");
    writer.Int64(now + request.ttl_seconds);
    if (!config.jwt_aud.empty()) {
        put(writer, "aud", config.jwt_aud);
    }
    if (!config.jwt_iss.empty()) {
        put(writer, "iss", config.jwt_iss);
    }
    writer.EndObject();
    return jwt::sign_hs256(R"({"alg":"HS256","typ":"JWT"})",
                           std::string_view(buffer.GetString(), buffer.GetSize()),
                           config.jwt_secret);
}

int run_token_command(const std::vector<std::string>& args, const EnvLookup& env, unsigned cores) {
    for (const auto& arg : args) {
        if (arg == "--help" || arg == "-h") {
            std::fputs(help_text(cores).c_str(), stdout);
            return 0;
        }
    }
    TokenRequest request = parse_token_args(args);
    if (!request.error.empty()) {
        std::fprintf(stderr, "profiles-shim token: %s\n", request.error.c_str());
        return 2;
    }
    ConfigResult loaded = load_config(env, request.rest, Purpose::Token, cores);
    if (!loaded.error.empty()) {
        std::fprintf(stderr, "profiles-shim token: %s\n", loaded.error.c_str());
        return 2;
    }
    std::string token = mint_token(loaded.config, request, std::time(nullptr));
    std::printf("%s\n", token.c_str());
    return 0;
}

} // namespace profiles
