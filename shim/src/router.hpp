// Method + path -> handler. Knows nothing of sockets: the HTTP server asks it what to run and
// turns "no such path" into 404 and "path exists, method doesn't" into 405 with Allow.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace profiles {

class Exchange; // one request/response, defined by the HTTP layer
using Handler = std::function<void(Exchange&)>;
using PathParams = std::vector<std::pair<std::string, std::string>>;

class Router {
  public:
    // `pattern` is literal segments and `{name}` captures, e.g. "/profiles/{id}".
    void add(std::string method, std::string_view pattern, Handler handler);

    struct Match {
        enum class Kind { Found, NotFound, MethodNotAllowed };
        Kind kind = Kind::NotFound;
        const Handler* handler = nullptr; // Found
        PathParams params;                // Found
        std::string allow;                // MethodNotAllowed: e.g. "GET, HEAD, POST"
        int route = -1;                   // Found: the index of the route in routes()
    };

    // HEAD is answered by GET routes (the server sends no body for it).
    Match match(std::string_view method, std::string_view path) const;

    // Every route as registered, in order (the OpenAPI document and the metrics labels).
    struct RouteInfo {
        std::string method;
        std::string pattern;
    };
    std::vector<RouteInfo> routes() const;

  private:
    struct Segment {
        std::string text;
        bool capture = false;
    };
    struct Route {
        std::string method;
        std::vector<Segment> segments;
        Handler handler;
        std::string pattern;
    };

    static bool matches(const Route& route, const std::vector<std::string_view>& path,
                        PathParams* params);

    std::vector<Route> routes_;
};

} // namespace profiles
