#include "handlers_docs.hpp"

#include "http_exchange.hpp"
#include "logging.hpp"
#include "metrics.hpp"
#include "openapi.hpp"

#include <unistd.h>

#include <climits>
#include <cstdio>
#include <fstream>
#include <functional>
#include <sstream>
#include <string_view>

namespace profiles {

namespace {

// The API version the document announces: the extension's (META.json).
constexpr const char* kApiVersion = "1.2.0";
constexpr const char* kRedocFile = "redoc.standalone.js";
constexpr const char* kRedocCdnLogo = "https://cdn.redoc.ly/redoc/logo-mini.svg";
constexpr const char* kInlineLogo =
    "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='1' height='1'/%3E";

// Relative URLs, so the page also works behind a proxy that adds a path prefix. The favicon
// link keeps browsers from asking for /favicon.ico (a 404 in the console).
constexpr const char* kDocsHtml = R"HTML(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>pg_profiles HTTP API</title>
<link rel="icon" href="data:,">
<style>body { margin: 0; padding: 0; } #missing { font-family: sans-serif; margin: 2em; }</style>
</head>
<body>
<div id="redoc-container"></div>
<p id="missing" hidden>The Redoc bundle is not installed on this server (make -C shim docs).
The API description is at <a href="openapi.json">openapi.json</a>.</p>
<script src="docs/redoc.standalone.js"></script>
<script>
if (typeof Redoc === "undefined") {
  document.getElementById("missing").hidden = false;
} else {
  Redoc.init("openapi.json", { hideDownloadButton: false, expandResponses: "200,201" },
             document.getElementById("redoc-container"));
}
</script>
</body>
</html>
)HTML";

void send_text(Exchange& ex, const std::string& content_type, std::string body) {
    httplib::Response& response = ex.response();
    response.status = 200;
    response.body = std::move(body);
    ex.set_header("Content-Type", content_type);
}

// The directory of the running binary ("" when unknown).
std::string binary_dir() {
    char path[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
    if (n <= 0) {
        return {};
    }
    std::string text(path, static_cast<size_t>(n));
    return text.substr(0, text.rfind('/'));
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return {};
    }
    std::ostringstream content;
    content << in.rdbuf();
    return content.str();
}

std::string hex_hash(const std::string& data) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "\"%zx\"", std::hash<std::string>{}(data));
    return buffer;
}

} // namespace

DocsRoutes::DocsRoutes(std::string assets_dir) : docs_html_(kDocsHtml) {
    if (assets_dir.empty()) {
        assets_dir = binary_dir() + "/docs/node_modules/redoc/bundles";
    }
    const std::string path = assets_dir + "/" + kRedocFile;
    redoc_js_ = read_file(path);
    // The bundle's sidebar footer loads Redocly's logo from its CDN; the page must not depend
    // on (or tell) a third party, so the image becomes an empty inline one.
    for (size_t at; (at = redoc_js_.find(kRedocCdnLogo)) != std::string::npos;) {
        redoc_js_.replace(at, std::string_view(kRedocCdnLogo).size(), kInlineLogo);
    }
    if (redoc_js_.empty()) {
        log::write(log::Level::Warn, "Redoc bundle not found: /docs shows a link to /openapi.json",
                   {{"path", path}});
    } else {
        redoc_etag_ = hex_hash(redoc_js_);
    }
}

DocsRoutes::~DocsRoutes() {
    metrics::registry().clear_collectors();
}

void DocsRoutes::report_pool(std::string name, Pool& pool) {
    pools_.emplace_back(std::move(name), &pool);
}

void DocsRoutes::finish(const Router& router) {
    const std::vector<Router::RouteInfo> routes = router.routes();
    metrics::registry().set_routes(routes);
    metrics::registry().add_collector([pools = pools_](std::string& out) {
        std::vector<metrics::PoolSample> samples;
        for (const auto& [name, pool] : pools) {
            samples.push_back(pool->stats(name));
        }
        metrics::render_pools(out, samples);
    });

    openapi::Document document = openapi::generate(routes, kApiVersion);
    for (const std::string& route : document.undocumented) {
        log::write(log::Level::Warn, "route without OpenAPI metadata (shim/src/openapi.cpp)",
                   {{"route", route}});
    }
    for (const std::string& route : document.unrouted) {
        log::write(log::Level::Warn, "OpenAPI metadata for a route that is not served",
                   {{"route", route}});
    }
    openapi_json_ = std::move(document.json);
}

std::unique_ptr<DocsRoutes> register_docs_routes(Router& router, AppContext& app) {
    auto state = std::make_unique<DocsRoutes>(app.config.docs_dir);
    DocsRoutes* docs = state.get();
    router.add("GET", "/metrics", [](Exchange& ex) {
        send_text(ex, metrics::kContentType, metrics::registry().render());
    });
    router.add("GET", "/openapi.json", [docs](Exchange& ex) {
        ex.send_json(200, docs->openapi_json());
        ex.set_header("Cache-Control", "no-cache");
    });
    router.add("GET", "/docs", [docs](Exchange& ex) {
        send_text(ex, "text/html; charset=utf-8", docs->docs_html());
        ex.set_header("Cache-Control", "no-cache");
    });
    router.add("GET", "/docs/redoc.standalone.js", [docs](Exchange& ex) {
        if (docs->redoc_js().empty()) {
            return ex.send_error(errors::route_not_found());
        }
        ex.set_header("ETag", docs->redoc_etag());
        ex.set_header("Cache-Control", "public, max-age=3600");
        if (ex.request().get_header_value("If-None-Match") == docs->redoc_etag()) {
            return ex.send_no_content(304);
        }
        send_text(ex, "application/javascript; charset=utf-8", docs->redoc_js());
    });
    return state;
}

} // namespace profiles
