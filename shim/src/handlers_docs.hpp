// What API users and operators read: GET /metrics (Prometheus), GET /openapi.json (generated
// from the router's routes), GET /docs (Redoc rendering it) and the Redoc bundle it loads.
#pragma once

#include "app_context.hpp"
#include "pool.hpp"
#include "router.hpp"

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace profiles {

class DocsRoutes {
  public:
    explicit DocsRoutes(std::string assets_dir);
    ~DocsRoutes();
    DocsRoutes(const DocsRoutes&) = delete;
    DocsRoutes& operator=(const DocsRoutes&) = delete;

    // Pools reported by /metrics, each under its label (call before finish()).
    void report_pool(std::string name, Pool& pool);

    // Once every route is registered: labels the metrics by route and builds the OpenAPI
    // document from the router's routes.
    void finish(const Router& router);

    const std::string& openapi_json() const { return openapi_json_; }
    const std::string& docs_html() const { return docs_html_; }
    // The Redoc bundle, empty when it was not installed (see PROFILES_DOCS_DIR).
    const std::string& redoc_js() const { return redoc_js_; }
    const std::string& redoc_etag() const { return redoc_etag_; }

  private:
    std::vector<std::pair<std::string, Pool*>> pools_;
    std::string openapi_json_;
    std::string docs_html_;
    std::string redoc_js_;
    std::string redoc_etag_;
};

// Registers /metrics, /openapi.json, /docs and /docs/redoc.standalone.js. Keep the result
// alive while serving and call finish() before serving.
std::unique_ptr<DocsRoutes> register_docs_routes(Router& router, AppContext& app);

} // namespace profiles
