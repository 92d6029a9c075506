// Seed 004: a user's profile attributes and time zone (GET/PUT /manage/api/users/{id}/profile).
#include "jsonb_build.hpp"
#include "profile_store.hpp"
#include "record.hpp"
#include "validate.hpp"

extern "C" {
#include "catalog/pg_type.h"
}

namespace {

pg::Plan get_plan("SELECT p.attributes, p.timezone, p.id, p.id AS \"userId\", "
                  "p.created_at AS \"createdAt\", p.updated_at AS \"updatedAt\" "
                  "FROM profiles.profile p WHERE p.id = $1",
                  {UUIDOID});
pg::Plan user_exists_plan("SELECT 1 FROM profiles.users u WHERE u.id = $1 AND u.deleted_at IS NULL",
                          {UUIDOID});
pg::Plan profile_exists_plan("SELECT 1 FROM profiles.profile p WHERE p.id = $1", {UUIDOID});

const std::vector<std::pair<std::string, std::string>> kFields = {{"attributes", "attributes"},
                                                                  {"timezone", "timezone"}};

pg_uuid_t user_arg(FunctionCallInfo fcinfo) {
    if (PG_ARGISNULL(0)) pg::raise(ERRCODE_INVALID_PARAMETER_VALUE, "userId is required");
    return *PG_GETARG_UUID_P(0);
}

void write_profile(pg::JsonOut& out, pg::Spi& spi, const pg_uuid_t& id) {
    if (spi.exec(get_plan, {pg::uuid_arg(id)}, 1) == 0)
        pg::raise(ERRCODE_NO_DATA_FOUND, "profile not found");
    out.row(SPI_tuptable->vals[0], SPI_tuptable->tupdesc);
}

} // namespace

// profiles.user_profile_get(user_id uuid) returns json
PGP_FUNCTION(profiles_user_profile_get) {
    return pg::entry([&]() -> Datum {
        pg_uuid_t id = user_arg(fcinfo);
        profiles::require_own_or_admin(profiles::require_actor(), id);
        pg::JsonOut out;
        pg::Spi spi(pg::Spi::Mode::ReadOnly);
        write_profile(out, spi, id);
        return out.finish();
    });
}

// profiles.user_profile_put(user_id uuid, doc jsonb) -> (created boolean, body json): creates the
// profile of an existing user or updates its attributes/timezone.
PGP_FUNCTION(profiles_user_profile_put) {
    return pg::entry([&]() -> Datum {
        pg_uuid_t id = user_arg(fcinfo);
        if (PG_ARGISNULL(1))
            pg::raise(ERRCODE_INVALID_PARAMETER_VALUE, "a JSON object is required");
        Jsonb* doc = pg::guard([&] { return PG_GETARG_JSONB_P(1); });
        profiles::require_own_or_admin(profiles::require_actor(), id);
        profiles::only_fields(doc, {"attributes", "timezone"});
        if (auto f = pg::jsonb_get(doc, "timezone"); f && f->kind != pg::JsonbField::Null) {
            if (f->kind != pg::JsonbField::String || !profiles::is_timezone(f->text))
                pg::raise(ERRCODE_INVALID_PARAMETER_VALUE,
                          "timezone must be an IANA time zone such as Europe/Paris");
        }
        Jsonb* fields = pg::jsonb_rename_keys(doc, kFields);
        pg::JsonOut out;
        bool created = false;
        {
            pg::Spi spi;
            bool exists;
            {
                // Existence is checked as the owner: a user may create its own profile here.
                pg::AsTableOwner owner;
                if (spi.exec(user_exists_plan, {pg::uuid_arg(id)}, 1) == 0)
                    pg::raise(ERRCODE_NO_DATA_FOUND, "user not found");
                exists = spi.exec(profile_exists_plan, {pg::uuid_arg(id)}, 1) > 0;
                if (!exists) {
                    profiles::insert_profile_row(spi, id, fields);
                    created = true;
                }
            }
            if (exists) profiles::update_profile_row(spi, id, fields, std::nullopt);
            write_profile(out, spi, id);
        }
        return pg::make_record(fcinfo, {{BoolGetDatum(created), false}, {out.finish(), false}});
    });
}
