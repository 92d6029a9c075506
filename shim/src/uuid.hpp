// UUID text form check (8-4-4-4-12 hex digits), the shape of profiles.users.id.
#pragma once

#include <string_view>

namespace profiles {

bool is_uuid(std::string_view text);

} // namespace profiles
