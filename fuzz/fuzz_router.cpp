// The route matcher never crashes, and a match's captures are path segments of the input.
#include "router.hpp"

#include <cstdint>
#include <cstdlib>
#include <string>

using namespace profiles;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static Router router = [] {
        Router r;
        const char* patterns[][2] = {
            {"POST", "/functions/v1/api"},
            {"GET", "/profiles"},
            {"POST", "/profiles"},
            {"GET", "/profiles/{profileId}"},
            {"PUT", "/profiles/{profileId}"},
            {"PATCH", "/profiles/{profileId}"},
            {"PUT", "/profile/{profileId}"},
            {"GET", "/profiles/{profileId}/contacts/{contactId}"},
            {"GET", "/manage/api/users/{userId}/profile"},
            {"POST", "/api/v5/artifacts/profiles/search"},
            {"GET", "/api/v5/artifacts/profiles/export/{uploadId}"},
        };
        for (auto& p : patterns)
            r.add(p[0], p[1], [](Exchange&) {});
        return r;
    }();
    std::string_view input(reinterpret_cast<const char*>(data), size);
    size_t space = input.find(' ');
    std::string_view method = space == std::string_view::npos ? "GET" : input.substr(0, space);
    std::string_view path = space == std::string_view::npos ? input : input.substr(space + 1);
    Router::Match m = router.match(method, path);
    if (m.kind == Router::Match::Kind::Found) {
        for (const auto& [name, value] : m.params) {
            if (value.find('/') != std::string::npos || path.find(value) == std::string_view::npos)
                std::abort();
        }
    }
    if (m.kind == Router::Match::Kind::MethodNotAllowed && m.allow.empty()) std::abort();
    return 0;
}
