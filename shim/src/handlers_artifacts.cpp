#include "handlers_artifacts.hpp"

#include "caller.hpp"
#include "export_download.hpp"
#include "http_exchange.hpp"
#include "logging.hpp"

#include <string>
#include <vector>

namespace profiles {

namespace {

using artifacts::FieldKind;
using artifacts::FieldSpec;

constexpr const char* kPrefix = "/api/v5/artifacts/profiles/";
constexpr const char* kCacheChannel = "pg_profiles_cache";
// Distinct entity_id values kept; the key is chosen by callers, so the cache stays bounded.
constexpr size_t kDocsCacheEntries = 256;

enum class Body {
    Optional, // none, or a JSON object
    Required, // a JSON object
};

// A route whose whole job is one SQL function: its arguments are either the request body as
// jsonb, or a few scalar fields of it.
struct ArtifactRoute {
    const char* method;
    const char* action; // the path under kPrefix
    Statement statement;
    Body body;
    bool forward_body; // true: $1::jsonb is the request body
    std::vector<FieldSpec> fields;
    int status; // on success
    // Runs under PROFILES_EXPORT_STATEMENT_TIMEOUT_MS rather than the connection's timeout.
    bool long_running = false;
};

// THE table of seed 003 routes (docs and the export download have their own handlers below).
const std::vector<ArtifactRoute>& routes() {
    static const std::vector<ArtifactRoute> table = {
        {"POST",
         "context",
         {"artifacts_context", "SELECT profiles.profile_context($1::uuid)", 1},
         Body::Optional,
         false,
         {{"department_id", FieldKind::Uuid}},
         200},
        {"POST",
         "get",
         {"artifacts_get", "SELECT profiles.profile_sections($1::uuid, $2::uuid)", 2},
         Body::Optional,
         false,
         {{"target_profile_id", FieldKind::Uuid}, {"draft_id", FieldKind::Uuid}},
         200},
        {"POST",
         "search",
         {"artifacts_search", "SELECT profiles.search_profiles($1::jsonb)", 1},
         Body::Optional,
         true,
         {},
         200},
        {"POST",
         "create",
         {"artifacts_create", "SELECT profiles.bulk_create($1::jsonb)", 1},
         Body::Required,
         true,
         {},
         200},
        {"POST",
         "update",
         {"artifacts_update", "SELECT profiles.bulk_update($1::jsonb)", 1},
         Body::Required,
         true,
         {},
         200},
        {"POST",
         "delete",
         {"artifacts_delete", "SELECT profiles.bulk_delete($1::jsonb)", 1},
         Body::Required,
         true,
         {},
         200},
        {"POST",
         "duplicate",
         {"artifacts_duplicate", "SELECT profiles.duplicate_profile($1::uuid)", 1},
         Body::Required,
         false,
         {{"target_profile_id", FieldKind::Uuid, true}},
         201},
        {"PATCH",
         "draft",
         {"artifacts_draft", "SELECT profiles.draft_patch($1::jsonb)", 1},
         Body::Required,
         true,
         {},
         200},
        {"POST",
         "drafts",
         {"artifacts_drafts", "SELECT profiles.drafts()", 0},
         Body::Optional,
         false,
         {},
         200},
        {"POST",
         "emulate",
         {"artifacts_emulate", "SELECT profiles.emulate($1::uuid, $2::int)", 2},
         Body::Required,
         false,
         {{"target_profile_id", FieldKind::Uuid, true}, {"ttl_minutes", FieldKind::Int32}},
         200},
        {"POST",
         "unemulate",
         {"artifacts_unemulate", "SELECT profiles.unemulate()", 0},
         Body::Optional,
         false,
         {},
         200},
        {"POST",
         "export",
         {"artifacts_export", "SELECT profiles.export_profiles($1::text)", 1},
         Body::Optional,
         false,
         {{"profile_export_id", FieldKind::Text}},
         201,
         true},
        {"POST",
         "refresh",
         {"artifacts_refresh", "SELECT profiles.refresh_views()", 0},
         Body::Optional,
         false,
         {},
         200},
    };
    return table;
}

const Statement kDocs{"artifacts_docs", "SELECT profiles.profile_docs($1::text)", 1};
// A cached docs answer still needs a caller the database accepts (set_actor runs first).
const Statement kActorCheck{"artifacts_actor_check", "SELECT true", 0};
const std::vector<FieldSpec> kDocsFields = {{"entity_id", FieldKind::Text}};

void handle_route(AppContext& app, Exchange& ex, const ArtifactRoute& route) {
    std::optional<Credential> who = authenticate_caller(app, ex);
    if (!who) {
        return;
    }
    std::optional<std::string> body = read_json_body(app, ex, route.body == Body::Optional);
    if (!body) {
        return;
    }
    std::vector<std::optional<std::string>> params;
    if (route.forward_body) {
        params.emplace_back(std::move(*body));
    } else {
        artifacts::Fields fields = artifacts::extract_fields(*body, route.fields);
        if (fields.error) {
            return ex.send_error(errors::validation(*fields.error));
        }
        params = std::move(fields.params);
    }
    Statement statement = route.statement;
    if (route.long_running) {
        statement.timeout_ms = app.config.export_statement_timeout_ms;
    }
    std::optional<DbOutcome> outcome = run_as(app, ex, *who, statement, std::move(params));
    if (!outcome) {
        return;
    }
    ex.send_json(route.status, std::move(outcome->value));
}

// profile_docs depends on the schema and the route table, not on the actor: its answers are
// kept per entity_id until a NOTIFY on pg_profiles_cache (or a lost listener) drops them.
void handle_docs(AppContext& app, Exchange& ex, artifacts::AnswerCache& cache) {
    std::optional<Credential> who = authenticate_caller(app, ex);
    if (!who) {
        return;
    }
    std::optional<std::string> body = read_json_body(app, ex, true);
    if (!body) {
        return;
    }
    artifacts::Fields fields = artifacts::extract_fields(*body, kDocsFields);
    if (fields.error) {
        return ex.send_error(errors::validation(*fields.error));
    }
    const std::optional<std::string>& entity_id = fields.params[0];

    artifacts::AnswerCache::Ticket ticket;
    if (std::optional<std::string> cached = cache.find(entity_id, ticket)) {
        // A session cookie or API key is only known to the database, and a user may have been
        // disabled since the token was issued: the caller is checked before the answer is sent.
        if (!run_as(app, ex, *who, kActorCheck, {})) {
            return;
        }
        ex.set_header("X-Cache", "hit");
        return ex.send_json(200, std::move(*cached));
    }
    std::optional<DbOutcome> outcome = run_as(app, ex, *who, kDocs, {entity_id});
    if (!outcome) {
        return;
    }
    cache.store(entity_id, ticket, outcome->value);
    ex.set_header("X-Cache", "miss");
    ex.send_json(200, std::move(outcome->value));
}

} // namespace

ArtifactRoutes::ArtifactRoutes(const std::string& database_url)
    : docs_cache_(kDocsCacheEntries),
      listener_(database_url, kCacheChannel,
                CacheListener::Callbacks{
                    [this] { docs_cache_.set_enabled(true); },
                    [this] { docs_cache_.set_enabled(false); },
                    [this](const std::string& payload) {
                        docs_cache_.invalidate();
                        log::write(log::Level::Info, "cache invalidated", {{"payload", payload}});
                    },
                }) {}

std::unique_ptr<ArtifactRoutes> register_artifact_routes(Router& router, AppContext& app) {
    auto state = std::make_unique<ArtifactRoutes>(app.config.database_url);
    for (const ArtifactRoute& route : routes()) {
        router.add(route.method, std::string(kPrefix) + route.action,
                   [&app, &route](Exchange& ex) { handle_route(app, ex, route); });
    }
    artifacts::AnswerCache& cache = state->docs_cache();
    router.add("POST", std::string(kPrefix) + "docs",
               [&app, &cache](Exchange& ex) { handle_docs(app, ex, cache); });
    router.add("GET", std::string(kPrefix) + "export/{uploadId}",
               [&app](Exchange& ex) { handle_export_download(app, ex); });
    state->listener().start();
    return state;
}

} // namespace profiles
