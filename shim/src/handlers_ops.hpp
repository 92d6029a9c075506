// Operations endpoints: GET /live (the process answers) and GET /ready (the database does).
#pragma once

#include "app_context.hpp"
#include "router.hpp"

namespace profiles {

void register_ops_routes(Router& router, AppContext& app);

} // namespace profiles
