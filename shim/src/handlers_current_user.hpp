// Seed 001: the authenticated user's own record and persona (GET / PUT /api/user/profile).
#pragma once

#include "app_context.hpp"
#include "router.hpp"

namespace profiles {

void register_current_user_routes(Router& router, AppContext& app);

} // namespace profiles
