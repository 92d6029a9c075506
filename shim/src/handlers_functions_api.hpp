// Seed 000: POST /functions/v1/api with the {resource:"profiles", action, ...} envelope.
#pragma once

#include "app_context.hpp"
#include "router.hpp"

namespace profiles {

void register_functions_api_routes(Router& router, AppContext& app);

} // namespace profiles
