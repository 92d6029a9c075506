// Settings from the environment, each overridable by a `--flag value` (or `--flag=value`).
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace profiles {

struct Config {
    std::string database_url;
    std::string host = "127.0.0.1";
    int port = 8080; // 0: any free port (the start line says which)
    std::string jwt_secret;
    std::string jwks_file;
    std::string jwt_aud;
    std::string jwt_iss;
    int pool_size = 0; // 0 until load_config fills the default
    int pool_timeout_ms = 2000;
    int statement_timeout_ms = 5000;
    int export_statement_timeout_ms = 300000; // the CSV export's statement; 0: no timeout
    size_t max_body_bytes = 1048576;
    int threads = 0;               // 0 until load_config fills the default
    int header_timeout_ms = 10000; // a request head (line and headers) must arrive within this
    int body_timeout_ms = 10000;   // waiting for a body, plus 1 s per body_min_rate bytes
    int body_min_rate = 1024;      // bytes per second
    int drain_timeout_ms = 30000;  // on SIGTERM, how long requests in flight may still take
    std::string log_level = "info";
    std::string docs_dir;  // "": docs/node_modules/redoc/bundles next to the binary
    std::string read_urls; // comma-separated conninfos of streaming replicas; "": none
    int read_your_writes_ms = 2000;
    int replica_check_ms = 1000;
};

// What the settings are for: serving needs a database, minting a token needs only the secret.
enum class Purpose { Serve, Token };

struct ConfigResult {
    Config config;
    std::string error; // non-empty: refuse to start and print it
    bool help = false; // --help was given
};

inline constexpr size_t kMinSecretBytes = 32;

using EnvLookup = std::function<std::optional<std::string>(const char* name)>;

// `cores` sizes the defaults: pool 2 x cores (at least 2), threads pool + 4.
ConfigResult load_config(const EnvLookup& env, const std::vector<std::string>& args,
                         Purpose purpose, unsigned cores);

std::string help_text(unsigned cores);

// getenv-backed lookup for main().
EnvLookup process_env();

} // namespace profiles
