// The OpenAPI 3.1 document of the HTTP API, generated from the routes the router actually
// serves plus one metadata entry per route (summary, schemas, auth, error style) kept in
// openapi.cpp. A route without metadata, or metadata without a route, is reported so a test can
// fail on it: the document cannot silently drift from the server.
#pragma once

#include "router.hpp"

#include <string>
#include <vector>

namespace profiles::openapi {

// How a route authenticates.
enum class Auth {
    None,   // operations endpoints (/live, /ready, /metrics, docs)
    Caller, // Bearer JWT, better-auth.session_token cookie or X-Api-Key
};

// Which error body a route answers with.
enum class Errors {
    Standard, // {"error":{code,message,details},"requestId"}
    Problem,  // application/problem+json (seed 004)
};

// What a route documents beyond its method and path.
struct Operation {
    const char* method;
    const char* path;
    const char* operation_id;
    const char* tag;
    const char* summary;
    const char* description;
    Auth auth = Auth::Caller;
    Errors errors = Errors::Standard;
    const char* request = nullptr; // request body schema (components/schemas), none if null
    bool request_required = false;
    int status = 200;               // success status
    const char* response = nullptr; // response schema; null: no body
    const char* media = "application/json";
    std::vector<int> also = {};            // other success or redirect statuses (201, 304, ...)
    std::vector<const char*> params = {};  // extra parameters (components/parameters)
    std::vector<const char*> headers = {}; // success response headers (components/headers)
};

// The metadata table: one entry per (method, path) the shim serves.
const std::vector<Operation>& operations();

struct Document {
    std::string json;                      // the OpenAPI document
    std::vector<std::string> undocumented; // "GET /path": served routes without metadata
    std::vector<std::string> unrouted;     // metadata entries no route serves
};

// Builds the document for exactly `routes` (in their order), documenting each with its
// metadata entry. Undocumented routes still appear (with a summary saying so) and are listed
// under the document's "x-undocumented-routes" as well as in Document::undocumented.
Document generate(const std::vector<Router::RouteInfo>& routes, const std::string& version);

} // namespace profiles::openapi
