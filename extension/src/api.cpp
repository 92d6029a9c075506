// profiles.api(request jsonb): the seed 000 action envelope, dispatched to profile_store.
#include "identity.hpp"
#include "jsonb_read.hpp"
#include "profile_store.hpp"

extern "C" {
#include "utils/jsonb.h"
}

#include <string>

namespace {

enum class Action { All, List, Get, Create, Update, Delete };

Action parse_action(const std::string& s) {
    static const struct {
        const char* name;
        Action action;
    } actions[] = {{"all", Action::All},       {"list", Action::List},
                   {"get", Action::Get},       {"create", Action::Create},
                   {"update", Action::Update}, {"delete", Action::Delete}};
    for (const auto& a : actions)
        if (s == a.name) return a.action;
    pg::raise(ERRCODE_INVALID_PARAMETER_VALUE, "unknown action \"" + s + "\"",
              "Actions: all, list, get, create, update, delete.");
}

pg_uuid_t required_id(Jsonb* request) {
    auto id = pg::jsonb_get_string(request, "id");
    if (!id || id->empty()) pg::raise(ERRCODE_INVALID_PARAMETER_VALUE, "Profile ID not provided");
    return profiles::parse_profile_id(*id);
}

Jsonb* required_data(Jsonb* request) {
    auto data = pg::jsonb_get(request, "data");
    if (!data || data->kind != pg::JsonbField::Object)
        pg::raise(ERRCODE_INVALID_PARAMETER_VALUE, "\"data\" must be a JSON object");
    return data->container;
}

} // namespace

PGP_FUNCTION(profiles_api) {
    return pg::entry([&]() -> Datum {
        Jsonb* request = pg::guard([&] { return PG_GETARG_JSONB_P(0); });
        if (!pg::jsonb_is_object(request))
            pg::raise(ERRCODE_INVALID_PARAMETER_VALUE, "the request must be a JSON object");
        auto resource = pg::jsonb_get_string(request, "resource");
        if (!resource) pg::raise(ERRCODE_INVALID_PARAMETER_VALUE, "\"resource\" is required");
        if (*resource != "profiles")
            pg::raise(ERRCODE_INVALID_PARAMETER_VALUE, "unknown resource \"" + *resource + "\"");
        auto action_name = pg::jsonb_get_string(request, "action");
        if (!action_name) pg::raise(ERRCODE_INVALID_PARAMETER_VALUE, "\"action\" is required");
        Action action = parse_action(*action_name);

        pg::JsonOut out;
        switch (action) {
        case Action::All:
            profiles::profile_all(out);
            return out.finish();
        case Action::List:
            profiles::profile_list(out, pg::jsonb_get_integer(request, "limit").value_or(20),
                                   pg::jsonb_get_integer(request, "offset").value_or(0));
            return out.finish();
        default:
            break;
        }
        out.begin_object().key("data");
        switch (action) {
        case Action::Get:
            profiles::profile_get(out, required_id(request));
            break;
        case Action::Create: {
            Jsonb* data = required_data(request);
            auto envelope_id = pg::jsonb_get_string(request, "id");
            auto data_id = pg::jsonb_get_string(data, "id");
            if (!envelope_id && !data_id)
                pg::raise(ERRCODE_INVALID_PARAMETER_VALUE, "Profile ID not provided");
            pg_uuid_t id = profiles::parse_profile_id(envelope_id ? *envelope_id : *data_id);
            if (envelope_id && data_id && !pg::uuid_equal(id, profiles::parse_profile_id(*data_id)))
                pg::raise(ERRCODE_INVALID_PARAMETER_VALUE, "\"id\" and \"data.id\" differ");
            profiles::profile_create(out, id, data);
            break;
        }
        case Action::Update: {
            pg_uuid_t id = required_id(request);
            auto version = pg::jsonb_get_integer(request, "expected_version");
            std::optional<int> expected;
            if (version) {
                if (*version < 1 || *version > INT32_MAX)
                    pg::raise(ERRCODE_INVALID_PARAMETER_VALUE, "expected_version is out of range");
                expected = (int)*version;
            }
            profiles::profile_update(out, id, required_data(request), expected);
            break;
        }
        case Action::Delete:
            profiles::profile_delete(out, required_id(request));
            break;
        default:
            break;
        }
        out.end_object();
        return out.finish();
    });
}
