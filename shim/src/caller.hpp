// What every database-backed route does: identify the caller (Bearer JWT, better-auth session
// cookie or X-Api-Key), then run one statement as that caller. Failures are answered here.
#pragma once

#include "app_context.hpp"
#include "http_exchange.hpp"
#include "pg_connection.hpp"
#include "read_routing.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace profiles {

// The caller's credential, or nullopt after answering 401 (which check failed is only logged).
std::optional<Credential> authenticate_caller(AppContext& app, Exchange& ex);

// A route's own answer to some database errors: true when it answered `error` itself.
using DbErrorAnswer = std::function<bool(const DbError& error)>;

// Runs `statement` with `params` as `who` (set_actor + statement, one round trip). nullopt
// after answering the database error: `own_answer` first when given, else the mapped one. The
// X-MCP header marks the client kind "mcp"; with replicas, X-Served-By says where it ran.
std::optional<DbOutcome> run_as(AppContext& app, Exchange& ex, const Credential& who,
                                const Statement& statement,
                                std::vector<std::optional<std::string>> params,
                                const DbErrorAnswer& own_answer = nullptr);

// PROFILES_READ_URLS: a pool per replica (appended to `pools`, which must outlive the router)
// and the router that sends read-only statements to them. nullptr when none is configured.
std::unique_ptr<read_routing::ReadRouter>
open_read_replicas(const Config& config, std::vector<std::unique_ptr<Pool>>& pools);

// Reads a JSON request body within the size limit after checking its media type; nullopt
// after answering 415/413/400. An empty body reads as "{}" when `empty_is_object`.
std::optional<std::string> read_json_body(AppContext& app, Exchange& ex,
                                          bool empty_is_object = false);

// read_json_body for routes whose body is required: an absent or empty body is a validation
// error ("Request body is required": 400, or 422 on problem+json routes), not an empty object.
std::optional<std::string> read_required_body(AppContext& app, Exchange& ex);

} // namespace profiles
