// Seed 004: a user's profile attributes and time zone (GET / PUT
// /manage/api/users/{userId}/profile). Every error of these routes is application/problem+json.
#pragma once

#include "app_context.hpp"
#include "router.hpp"

namespace profiles {

void register_user_profile_routes(Router& router, AppContext& app);

} // namespace profiles
