#include "caller.hpp"

#include "auth.hpp"
#include "db_access.hpp"
#include "error_map.hpp"
#include "json_parse.hpp"
#include "logging.hpp"
#include "media_type.hpp"

#include <ctime>
#include <strings.h>

namespace profiles {

namespace {

bool same_name(std::string_view a, std::string_view b) {
    return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

// The headers that can carry a credential, found in one pass over the request's headers.
struct CredentialHeaders {
    std::string_view authorization, cookie, api_key;
    int authorization_count = 0, api_key_count = 0, cookie_count = 0;

    explicit CredentialHeaders(const httplib::Headers& headers) {
        for (const auto& [name, value] : headers) {
            if (same_name(name, "Authorization")) {
                take(authorization, authorization_count, value);
            } else if (same_name(name, "X-Api-Key")) {
                take(api_key, api_key_count, value);
            } else if (same_name(name, "Cookie")) {
                take(cookie, cookie_count, value);
            }
        }
    }

  private:
    static void take(std::string_view& first, int& count, const std::string& value) {
        if (count++ == 0) {
            first = value;
        }
    }
};

} // namespace

std::optional<Credential> authenticate_caller(AppContext& app, Exchange& ex) {
    const CredentialHeaders headers(ex.request().headers);
    // Two credentials of one kind could be read differently by different layers: refuse.
    if (headers.authorization_count > 1 || headers.api_key_count > 1) {
        log::write(log::Level::Debug, "authentication failed",
                   {{"request_id", ex.request_id()}, {"reason", "repeated credential header"}});
        ex.send_error(errors::unauthorized());
        return std::nullopt;
    }
    auth::Identification id = auth::identify(headers.authorization, headers.cookie, headers.api_key,
                                             app.verifier, std::time(nullptr));
    if (!id.credential) {
        log::write(log::Level::Debug, "authentication failed",
                   {{"request_id", ex.request_id()}, {"reason", id.failure}});
        ex.send_error(errors::unauthorized());
        return std::nullopt;
    }
    ex.set_actor(id.credential->kind == CredentialKind::Jwt             ? id.credential->value
                 : id.credential->kind == CredentialKind::SessionCookie ? "session"
                                                                        : "api-key");
    return id.credential;
}

std::optional<DbOutcome> run_as(AppContext& app, Exchange& ex, const Credential& who,
                                const Statement& statement,
                                std::vector<std::optional<std::string>> params,
                                const DbErrorAnswer& own_answer) {
    DbCall call{who, ex.request_id(), std::nullopt, &statement, std::move(params)};
    if (ex.request().has_header("X-MCP")) {
        call.client = "mcp";
    }
    auto on_primary = [&app](const DbCall& c) {
        return with_connection(app.pool, [&c](PgConnection& conn) { return conn.call(c); });
    };
    DbOutcome outcome;
    if (read_routing::ReadRouter* reads = read_routing::active()) {
        read_routing::Target served = read_routing::Target::Primary;
        outcome = reads->run(call, on_primary, served);
        ex.set_header("X-Served-By",
                      served == read_routing::Target::Replica ? "replica" : "primary");
    } else {
        outcome = on_primary(call);
    }
    if (!outcome.ok) {
        if (own_answer && own_answer(outcome.error)) {
            return std::nullopt;
        }
        // An unknown, expired or revoked session/API key is the same 401 as a bad token.
        if (outcome.error.sqlstate == "28000" || outcome.error.sqlstate == "28P01") {
            ex.send_error(errors::unauthorized());
        } else {
            ex.send_db_error(outcome.error);
        }
        return std::nullopt;
    }
    return outcome;
}

std::unique_ptr<read_routing::ReadRouter>
open_read_replicas(const Config& config, std::vector<std::unique_ptr<Pool>>& pools) {
    std::vector<read_routing::ReadRouter::Backend> backends;
    for (const std::string& url : read_routing::split_conninfos(config.read_urls)) {
        pools.push_back(std::make_unique<Pool>(PoolSettings{
            {url, config.statement_timeout_ms}, config.pool_size, config.pool_timeout_ms}));
        Pool* pool = pools.back().get();
        backends.push_back({"replica" + std::to_string(pools.size()),
                            [pool](const DbCall& call) {
                                return with_connection(
                                    *pool, [&call](PgConnection& conn) { return conn.call(call); });
                            },
                            [pool] {
                                DbOutcome ping = with_connection(
                                    *pool, [](PgConnection& conn) { return conn.ping(); });
                                return ping.ok || ping.error.sqlstate == "53300"; // busy is alive
                            }});
    }
    if (backends.empty()) {
        return nullptr;
    }
    return std::make_unique<read_routing::ReadRouter>(
        std::move(backends),
        read_routing::ReadRouter::Settings{std::chrono::milliseconds(config.read_your_writes_ms),
                                           std::chrono::milliseconds(config.replica_check_ms)});
}

std::optional<std::string> read_json_body(AppContext& app, Exchange& ex, bool empty_is_object) {
    const size_t limit = app.config.max_body_bytes;
    if (!ex.declares_body() && empty_is_object) {
        return std::string("{}");
    }
    if (!is_json_media_type(ex.content_type())) {
        ex.send_error(errors::unsupported_media_type());
        return std::nullopt;
    }
    if (ex.declares_more_than(limit)) {
        ex.send_error(errors::payload_too_large());
        return std::nullopt;
    }
    std::string body;
    switch (ex.read_body(limit, body)) {
    case Exchange::BodyStatus::Ok:
        break;
    case Exchange::BodyStatus::TooLarge:
        ex.send_error(errors::payload_too_large());
        return std::nullopt;
    case Exchange::BodyStatus::Unreadable:
        ex.send_error(errors::validation("Request body could not be read"));
        return std::nullopt;
    }
    if (body.empty() && empty_is_object) {
        return std::string("{}");
    }
    json::SmallDocument doc;
    if (!json::parse_object(body, doc.get())) {
        ex.send_error(errors::validation("Request body must be a JSON object"));
        return std::nullopt;
    }
    return body;
}

std::optional<std::string> read_required_body(AppContext& app, Exchange& ex) {
    if (!ex.declares_body()) {
        ex.send_error(errors::validation("Request body is required"));
        return std::nullopt;
    }
    return read_json_body(app, ex);
}

} // namespace profiles
