#include "config.hpp"

#include "logging.hpp"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <limits>
#include <sstream>

namespace profiles {

namespace {

// Parses a whole decimal string into [min, max]; nullopt otherwise.
template <class T> std::optional<T> parse_number(const std::string& text, T min, T max) {
    T value{};
    const char* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (text.empty() || ec != std::errc() || ptr != end || value < min || value > max) {
        return std::nullopt;
    }
    return value;
}

// Assigns a raw value to its field; returns an error message or "".
using Assign = std::function<std::string(Config&, const std::string&)>;

struct Setting {
    const char* env;
    const char* flag;
    std::string default_text;
    const char* help;
    Assign assign;
};

Assign text(std::string Config::*field) {
    return [field](Config& c, const std::string& v) {
        c.*field = v;
        return std::string();
    };
}

Assign integer(int Config::*field, int min, int max, const char* name) {
    return [=](Config& c, const std::string& v) {
        auto parsed = parse_number<int>(v, min, max);
        if (!parsed) {
            return std::string(name) + " must be an integer from " + std::to_string(min) + " to " +
                   std::to_string(max) + " (got \"" + v + "\")";
        }
        c.*field = *parsed;
        return std::string();
    };
}

// Twice the cores keeps them busy while others wait on the network; past 16 a pool mostly
// holds idle server processes (and with several shims exhausts max_connections).
int default_pool_size(unsigned cores) {
    return std::clamp(static_cast<int>(cores) * 2, 2, 16);
}

std::vector<Setting> settings(unsigned cores) {
    constexpr int kIntMax = std::numeric_limits<int>::max();
    return {
        {"DATABASE_URL", "--database-url", "(required)",
         "libpq connection string or URI of the shim's login role", text(&Config::database_url)},
        {"HOST", "--host", "127.0.0.1", "address to listen on", text(&Config::host)},
        {"PORT", "--port", "8080", "TCP port; 0 picks a free one",
         integer(&Config::port, 0, 65535, "PORT")},
        {"PROFILES_JWT_SECRET", "--jwt-secret", "(unset)", "HS256 secret, at least 32 bytes",
         text(&Config::jwt_secret)},
        {"PROFILES_JWKS_FILE", "--jwks-file", "(unset)",
         "JWK Set file with RSA / EC P-256 public keys for RS256 / ES256",
         text(&Config::jwks_file)},
        {"PROFILES_JWT_AUD", "--jwt-aud", "(unset: not checked)", "required token audience",
         text(&Config::jwt_aud)},
        {"PROFILES_JWT_ISS", "--jwt-iss", "(unset: not checked)", "required token issuer",
         text(&Config::jwt_iss)},
        {"PROFILES_POOL_SIZE", "--pool-size", std::to_string(default_pool_size(cores)),
         "database connections (2 x cores, from 2 to 16)",
         integer(&Config::pool_size, 2, 1000, "PROFILES_POOL_SIZE")},
        {"PROFILES_POOL_TIMEOUT_MS", "--pool-timeout-ms", "2000",
         "wait for a free connection before answering 503",
         integer(&Config::pool_timeout_ms, 1, kIntMax, "PROFILES_POOL_TIMEOUT_MS")},
        {"PROFILES_STATEMENT_TIMEOUT_MS", "--statement-timeout-ms", "5000",
         "statement_timeout of every connection; 0 disables it",
         integer(&Config::statement_timeout_ms, 0, kIntMax, "PROFILES_STATEMENT_TIMEOUT_MS")},
        {"PROFILES_EXPORT_STATEMENT_TIMEOUT_MS", "--export-statement-timeout-ms", "300000",
         "statement_timeout of the CSV export (export_profiles), which can take long; 0 "
         "disables it",
         integer(&Config::export_statement_timeout_ms, 0, kIntMax,
                 "PROFILES_EXPORT_STATEMENT_TIMEOUT_MS")},
        {"PROFILES_MAX_BODY_BYTES", "--max-body-bytes", "1048576", "largest request body accepted",
         [](Config& c, const std::string& v) {
             auto parsed = parse_number<size_t>(v, 1, size_t{1} << 30);
             if (!parsed) {
                 return "PROFILES_MAX_BODY_BYTES must be an integer from 1 to 1073741824 (got \"" +
                        v + "\")";
             }
             c.max_body_bytes = *parsed;
             return std::string();
         }},
        {"PROFILES_THREADS", "--threads", "pool size + 4",
         "HTTP worker threads (each serves one connection at a time)",
         integer(&Config::threads, 1, 10000, "PROFILES_THREADS")},
        {"PROFILES_HEADER_TIMEOUT_MS", "--header-timeout-ms", "10000",
         "a client must send its whole request head (request line and headers) within this, "
         "or the connection is closed",
         integer(&Config::header_timeout_ms, 100, 3600000, "PROFILES_HEADER_TIMEOUT_MS")},
        {"PROFILES_BODY_TIMEOUT_MS", "--body-timeout-ms", "10000",
         "how long, in total, the server waits for a request body's bytes, extended by 1 s for "
         "every PROFILES_BODY_MIN_RATE bytes received",
         integer(&Config::body_timeout_ms, 100, 3600000, "PROFILES_BODY_TIMEOUT_MS")},
        {"PROFILES_BODY_MIN_RATE", "--body-min-rate", "1024",
         "bytes per second a slow upload must keep up to extend its body timeout; 0: no "
         "extension",
         integer(&Config::body_min_rate, 0, kIntMax, "PROFILES_BODY_MIN_RATE")},
        {"PROFILES_DRAIN_TIMEOUT_MS", "--drain-timeout-ms", "30000",
         "on SIGTERM, how long requests in flight (streamed downloads included) may take to "
         "finish",
         integer(&Config::drain_timeout_ms, 0, kIntMax, "PROFILES_DRAIN_TIMEOUT_MS")},
        {"PROFILES_LOG_LEVEL", "--log-level", "info", "debug, info, warn or error",
         [](Config& c, const std::string& v) {
             if (!log::parse_level(v)) {
                 return "PROFILES_LOG_LEVEL must be debug, info, warn or error (got \"" + v + "\")";
             }
             c.log_level = v;
             return std::string();
         }},
        {"PROFILES_DOCS_DIR", "--docs-dir", "docs/node_modules/redoc/bundles next to the binary",
         "directory holding redoc.standalone.js, served for the /docs page",
         text(&Config::docs_dir)},
        {"PROFILES_READ_URLS", "--read-urls", "(unset: every statement goes to DATABASE_URL)",
         "comma-separated conninfos of streaming replicas; read-only statements go to them "
         "round-robin",
         text(&Config::read_urls)},
        {"PROFILES_READ_YOUR_WRITES_MS", "--read-your-writes-ms", "2000",
         "after a caller's write, that caller's reads stay on the primary this long",
         integer(&Config::read_your_writes_ms, 0, 3600000, "PROFILES_READ_YOUR_WRITES_MS")},
        {"PROFILES_REPLICA_CHECK_MS", "--replica-check-ms", "1000",
         "how often each replica is health-checked (SELECT 1)",
         integer(&Config::replica_check_ms, 50, 600000, "PROFILES_REPLICA_CHECK_MS")},
    };
}

std::string validate(const Config& c, Purpose purpose) {
    if (purpose == Purpose::Serve && c.database_url.empty()) {
        return "DATABASE_URL is required (a libpq connection string or URI)";
    }
    if (!c.jwt_secret.empty() && c.jwt_secret.size() < kMinSecretBytes) {
        return "PROFILES_JWT_SECRET must be at least " + std::to_string(kMinSecretBytes) +
               " bytes (got " + std::to_string(c.jwt_secret.size()) +
               "); generate one with: openssl rand -hex 32";
    }
    if (purpose == Purpose::Token && c.jwt_secret.empty()) {
        return "PROFILES_JWT_SECRET is required to sign a token";
    }
    if (purpose == Purpose::Serve && c.jwt_secret.empty() && c.jwks_file.empty()) {
        return "set PROFILES_JWT_SECRET or PROFILES_JWKS_FILE: without one no token can be "
               "verified";
    }
    return {};
}

} // namespace

ConfigResult load_config(const EnvLookup& env, const std::vector<std::string>& args,
                         Purpose purpose, unsigned cores) {
    ConfigResult result;
    Config& c = result.config;
    c.pool_size = default_pool_size(cores);
    const auto table = settings(cores);

    for (const auto& setting : table) {
        if (auto value = env(setting.env); value && !value->empty()) {
            if (auto error = setting.assign(c, *value); !error.empty()) {
                result.error = error;
                return result;
            }
        }
    }
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg == "--help" || arg == "-h") {
            result.help = true;
            return result;
        }
        std::string name = arg;
        std::optional<std::string> value;
        if (auto eq = arg.find('='); arg.rfind("--", 0) == 0 && eq != std::string::npos) {
            name = arg.substr(0, eq);
            value = arg.substr(eq + 1);
        }
        const Setting* setting = nullptr;
        for (const auto& candidate : table) {
            if (name == candidate.flag) {
                setting = &candidate;
            }
        }
        if (setting == nullptr) {
            result.error = "unknown option " + name + " (see --help)";
            return result;
        }
        if (!value) {
            if (i + 1 >= args.size()) {
                result.error = name + " needs a value";
                return result;
            }
            value = args[++i];
        }
        if (auto error = setting->assign(c, *value); !error.empty()) {
            result.error = error;
            return result;
        }
    }
    if (c.threads == 0) {
        c.threads = c.pool_size + 4;
    }
    result.error = validate(c, purpose);
    return result;
}

std::string help_text(unsigned cores) {
    std::ostringstream out;
    out << "profiles-shim: HTTP front end of the pg_profiles extension\n\n"
           "Usage:\n"
           "  profiles-shim [--flag value ...]          serve HTTP\n"
           "  profiles-shim token --sub <uuid> [--ttl 3600] [--sid <session>]\n"
           "                                            print an HS256 token signed with the "
           "secret\n\n"
           "Settings (environment variable, flag, default):\n";
    for (const auto& setting : settings(cores)) {
        out << "  " << setting.env << "\n      " << setting.flag << " <value>   " << setting.help
            << "\n      default: " << setting.default_text << "\n";
    }
    return out.str();
}

EnvLookup process_env() {
    return [](const char* name) -> std::optional<std::string> {
        const char* value = std::getenv(name);
        if (value == nullptr) {
            return std::nullopt;
        }
        return std::string(value);
    };
}

} // namespace profiles
