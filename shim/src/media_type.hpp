// Content-Type checks.
#pragma once

#include <string_view>

namespace profiles {

// "application/json", any case, with or without parameters such as "; charset=utf-8".
bool is_json_media_type(std::string_view content_type);

} // namespace profiles
