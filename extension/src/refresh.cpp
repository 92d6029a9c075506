// Seed 003 refresh: rebuilds the materialized views concurrently, recounts the profile tally and
// tells every shim, through LISTEN/NOTIFY on channel pg_profiles_cache, which cached data to drop.
#include "activity.hpp"
#include "json_out.hpp"
#include "profile_store.hpp"
#include "profile_tally.hpp"

extern "C" {
#include "catalog/pg_type.h"
}

namespace {
pg::Plan refresh_plan("REFRESH MATERIALIZED VIEW CONCURRENTLY profiles.directory_facets", {});
pg::Plan notify_plan("SELECT pg_catalog.pg_notify('pg_profiles_cache', $1)", {TEXTOID});
const char* kViews[] = {"profiles.directory_facets"};
const char* kTags[] = {"profiles", "directory_facets", "docs"};
} // namespace

// profiles.refresh_views() returns json {success, refreshed_views, invalidated_tags}; admins.
PGP_FUNCTION(profiles_refresh_views) {
    return pg::entry([&]() -> Datum {
        profiles::require_admin(profiles::require_actor());
        pg::JsonOut out;
        pg::Spi spi;
        {
            pg::AsTableOwner owner(false); // a concurrent refresh uses a temporary table
            spi.exec(refresh_plan, {});
        }
        profiles::recount_profiles(spi);
        std::string payload = "{\"tags\":[";
        for (size_t i = 0; i < std::size(kTags); i++)
            payload += (i ? ",\"" : "\"") + std::string(kTags[i]) + "\"";
        payload += "]}";
        spi.exec(notify_plan, {pg::text_arg(payload)});
        profiles::write_activity("views_refreshed", "artifact", nullptr,
                                 profiles::activity_metadata({}));
        out.begin_object().key("success").boolean(true).key("refreshed_views").begin_array();
        for (const char* v : kViews)
            out.string(v);
        out.end_array().key("invalidated_tags").begin_array();
        for (const char* t : kTags)
            out.string(t);
        out.end_array().end_object();
        return out.finish();
    });
}
