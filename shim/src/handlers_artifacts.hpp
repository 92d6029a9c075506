// Seed 003: the profile artifact API under /api/v5/artifacts/profiles/ (context, get, search,
// create, update, delete, duplicate, draft, drafts, docs, emulate, unemulate, export, export
// download, refresh). Each route is one SQL function called as the caller; its JSON goes back
// unchanged.
#pragma once

#include "app_context.hpp"
#include "artifact_requests.hpp"
#include "cache_listener.hpp"
#include "router.hpp"

#include <memory>

namespace profiles {

// What the artifact routes keep beyond one request: the docs answers, and the listener on
// channel pg_profiles_cache that drops them. Destroying it stops the listener.
class ArtifactRoutes {
  public:
    explicit ArtifactRoutes(const std::string& database_url);

    artifacts::AnswerCache& docs_cache() { return docs_cache_; }
    CacheListener& listener() { return listener_; }

  private:
    artifacts::AnswerCache docs_cache_;
    CacheListener listener_; // declared last: stopped before the cache goes away
};

// Registers the routes and starts the cache listener. Keep the result alive while serving.
std::unique_ptr<ArtifactRoutes> register_artifact_routes(Router& router, AppContext& app);

} // namespace profiles
