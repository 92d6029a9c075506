// Seed 002: REST profiles and their contacts (/profiles, /profiles/{profileId},
// /profile/{profileId}, /profiles/{profileId}/contacts[/{contactId}]), with the profile's
// version as its ETag and If-Match / If-None-Match.
#pragma once

#include "app_context.hpp"
#include "router.hpp"

namespace profiles {

void register_rest_profiles_routes(Router& router, AppContext& app);

} // namespace profiles
