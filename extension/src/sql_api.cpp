// The profile_* SQL functions: argument decoding around profile_store.
#include "profile_store.hpp"

extern "C" {
#include "utils/jsonb.h"
}

namespace {
pg_uuid_t id_arg(FunctionCallInfo fcinfo, int n) {
    if (PG_ARGISNULL(n)) pg::raise(ERRCODE_INVALID_PARAMETER_VALUE, "Profile ID not provided");
    return *PG_GETARG_UUID_P(n);
}

Jsonb* doc_arg(FunctionCallInfo fcinfo, int n) {
    if (PG_ARGISNULL(n)) pg::raise(ERRCODE_INVALID_PARAMETER_VALUE, "profile data is required");
    return pg::guard([&] { return PG_GETARG_JSONB_P(n); });
}
} // namespace

PGP_FUNCTION(profiles_profile_get) {
    return pg::entry([&]() -> Datum {
        pg::JsonOut out;
        profiles::profile_get(out, id_arg(fcinfo, 0));
        return out.finish();
    });
}

PGP_FUNCTION(profiles_profile_all) {
    return pg::entry([&]() -> Datum {
        pg::JsonOut out;
        profiles::profile_all(out);
        return out.finish();
    });
}

PGP_FUNCTION(profiles_profile_list) {
    return pg::entry([&]() -> Datum {
        long long limit = PG_ARGISNULL(0) ? 20 : PG_GETARG_INT32(0);
        long long offset = PG_ARGISNULL(1) ? 0 : PG_GETARG_INT32(1);
        pg::JsonOut out;
        profiles::profile_list(out, limit, offset);
        return out.finish();
    });
}

PGP_FUNCTION(profiles_profile_create) {
    return pg::entry([&]() -> Datum {
        Jsonb* doc = doc_arg(fcinfo, 0);
        auto id = pg::jsonb_is_object(doc) ? pg::jsonb_get_string(doc, "id") : std::nullopt;
        if (!id) pg::raise(ERRCODE_INVALID_PARAMETER_VALUE, "Profile ID not provided");
        pg::JsonOut out;
        profiles::profile_create(out, profiles::parse_profile_id(*id), doc);
        return out.finish();
    });
}

PGP_FUNCTION(profiles_profile_update) {
    return pg::entry([&]() -> Datum {
        std::optional<int> expected;
        if (!PG_ARGISNULL(2)) expected = PG_GETARG_INT32(2);
        pg::JsonOut out;
        profiles::profile_update(out, id_arg(fcinfo, 0), doc_arg(fcinfo, 1), expected);
        return out.finish();
    });
}

PGP_FUNCTION(profiles_profile_delete) {
    return pg::entry([&]() -> Datum {
        pg::JsonOut out;
        profiles::profile_delete(out, id_arg(fcinfo, 0));
        return out.finish();
    });
}
