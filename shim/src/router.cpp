#include "router.hpp"

#include <algorithm>

namespace profiles {

namespace {

// "/a/b/" -> {"a", "b", ""}: a trailing slash is a different path, not the same one.
std::vector<std::string_view> split_path(std::string_view path) {
    std::vector<std::string_view> segments;
    if (!path.empty() && path.front() == '/') {
        path.remove_prefix(1);
    }
    size_t start = 0;
    while (true) {
        size_t slash = path.find('/', start);
        segments.push_back(
            path.substr(start, slash == std::string_view::npos ? slash : slash - start));
        if (slash == std::string_view::npos) {
            break;
        }
        start = slash + 1;
    }
    return segments;
}

} // namespace

void Router::add(std::string method, std::string_view pattern, Handler handler) {
    Route route{std::move(method), {}, std::move(handler), std::string(pattern)};
    for (std::string_view part : split_path(pattern)) {
        bool capture = part.size() > 2 && part.front() == '{' && part.back() == '}';
        route.segments.push_back(
            {std::string(capture ? part.substr(1, part.size() - 2) : part), capture});
    }
    routes_.push_back(std::move(route));
}

bool Router::matches(const Route& route, const std::vector<std::string_view>& path,
                     PathParams* params) {
    if (route.segments.size() != path.size()) {
        return false;
    }
    for (size_t i = 0; i < path.size(); ++i) {
        const Segment& segment = route.segments[i];
        if (segment.capture ? path[i].empty() : segment.text != path[i]) {
            return false;
        }
    }
    if (params != nullptr) {
        params->clear();
        for (size_t i = 0; i < path.size(); ++i) {
            if (route.segments[i].capture) {
                params->emplace_back(route.segments[i].text, std::string(path[i]));
            }
        }
    }
    return true;
}

Router::Match Router::match(std::string_view method, std::string_view path) const {
    Match result;
    std::string_view effective = method == "HEAD" ? std::string_view("GET") : method;
    auto segments = split_path(path);
    std::vector<std::string> allowed;
    for (const Route& route : routes_) {
        if (route.method == effective && matches(route, segments, &result.params)) {
            result.kind = Match::Kind::Found;
            result.handler = &route.handler;
            result.route = static_cast<int>(&route - routes_.data());
            return result;
        }
        if (matches(route, segments, nullptr) &&
            std::find(allowed.begin(), allowed.end(), route.method) == allowed.end()) {
            allowed.push_back(route.method);
            if (route.method == "GET") {
                allowed.push_back("HEAD");
            }
        }
    }
    result.params.clear();
    if (allowed.empty()) {
        return result;
    }
    result.kind = Match::Kind::MethodNotAllowed;
    for (const auto& m : allowed) {
        result.allow += (result.allow.empty() ? "" : ", ") + m;
    }
    return result;
}

std::vector<Router::RouteInfo> Router::routes() const {
    std::vector<RouteInfo> list;
    for (const Route& route : routes_) {
        list.push_back({route.method, route.pattern});
    }
    return list;
}

} // namespace profiles
