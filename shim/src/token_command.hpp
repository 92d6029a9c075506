// `profiles-shim token --sub <uuid> [--ttl 3600] [--sid <session>]`: prints an HS256 token
// signed with the configured secret, for demos, curl and tests. Needs no database.
#pragma once

#include "config.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace profiles {

struct TokenRequest {
    std::string sub;
    std::optional<std::string> sid;
    int64_t ttl_seconds = 3600;
    std::vector<std::string> rest; // arguments left for load_config
    std::string error;
};

TokenRequest parse_token_args(const std::vector<std::string>& args);

// Claims: sub, sid when given, iat, exp, and aud/iss when configured so the shim accepts it.
std::string mint_token(const Config& config, const TokenRequest& request, int64_t now);

// The subcommand; returns the exit status.
int run_token_command(const std::vector<std::string>& args, const EnvLookup& env, unsigned cores);

} // namespace profiles
