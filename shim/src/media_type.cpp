#include "media_type.hpp"

#include <strings.h>

namespace profiles {

bool is_json_media_type(std::string_view content_type) {
    constexpr std::string_view kJson = "application/json";
    std::string_view essence = content_type.substr(0, content_type.find(';'));
    while (!essence.empty() && (essence.front() == ' ' || essence.front() == '\t')) {
        essence.remove_prefix(1);
    }
    while (!essence.empty() && (essence.back() == ' ' || essence.back() == '\t')) {
        essence.remove_suffix(1);
    }
    return essence.size() == kJson.size() &&
           strncasecmp(essence.data(), kJson.data(), kJson.size()) == 0;
}

} // namespace profiles
