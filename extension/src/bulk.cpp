// Seed 003 bulk writes and duplicate: each item runs in its own subtransaction, so one bad
// item is reported in its result and does not undo the others. bulk_create first tries all
// its items at once (see there) and goes item by item only when that fails.
#include "activity.hpp"
#include "profile_store.hpp"
#include "settings.hpp"
#include "validate.hpp"

extern "C" {
#include "catalog/pg_type.h"
#include "utils/array.h"
#include "utils/builtins.h"
}

#include <string>
#include <vector>

namespace {

using profiles::Actor;

pg::Plan user_exists_plan("SELECT 1 FROM profiles.users u WHERE u.id = $1", {UUIDOID});
pg::Plan new_user_plan("INSERT INTO profiles.users (id, email, role) "
                       "VALUES (pg_catalog.gen_random_uuid(), $1, COALESCE($2, 'standard_user')) "
                       "RETURNING id",
                       {TEXTOID, TEXTOID});
pg::Plan delete_plan("DELETE FROM profiles.profile p WHERE p.id = $1", {UUIDOID});
pg::Plan source_role_plan("SELECT u.role FROM profiles.users u JOIN profiles.profile p "
                          "ON p.id = u.id WHERE u.id = $1",
                          {UUIDOID});
pg::Plan copy_user_plan("INSERT INTO profiles.users (id, role, organization_id, department_id) "
                        "SELECT pg_catalog.gen_random_uuid(), u.role, u.organization_id, "
                        "u.department_id FROM profiles.users u WHERE u.id = $1 RETURNING id",
                        {UUIDOID});
// Unique or identifying fields (email, phone, integration ids) are not copied; the copy's
// name says it is one.
pg::Plan copy_profile_plan(
    "INSERT INTO profiles.profile (id, first_name, middle_name, last_name, display_name, "
    "avatar_url, bio, enabled, tags, address_line1, address_line2, city, state, postal_code, "
    "country_numeric_code, company_name, company_website, job_title, preferences, timezone, "
    "language, marketplace, team_id, team_role, attributes, request_limit) "
    "SELECT $2, s.first_name, s.middle_name, "
    "pg_catalog.ltrim(pg_catalog.left(COALESCE(s.last_name, ''), 248) || ' (copy)'), "
    "s.display_name, s.avatar_url, s.bio, s.enabled, s.tags, s.address_line1, s.address_line2, "
    "s.city, s.state, s.postal_code, s.country_numeric_code, s.company_name, s.company_website, "
    "s.job_title, s.preferences, s.timezone, s.language, s.marketplace, s.team_id, s.team_role, "
    "s.attributes, s.request_limit FROM profiles.profile s WHERE s.id = $1",
    {UUIDOID, UUIDOID});

// The error code of a per-item result, as the HTTP API names it.
const char* item_error_code(int sqlstate) {
    switch (sqlstate) {
    case ERRCODE_UNIQUE_VIOLATION:
    case ERRCODE_T_R_SERIALIZATION_FAILURE:
        return "CONFLICT";
    case ERRCODE_INSUFFICIENT_PRIVILEGE:
        return "FORBIDDEN";
    case ERRCODE_NO_DATA_FOUND:
        return "NOT_FOUND";
    case ERRCODE_INVALID_AUTHORIZATION_SPECIFICATION:
        return "UNAUTHORIZED";
    default:
        break;
    }
    int cls = ERRCODE_TO_CATEGORY(sqlstate);
    if (cls == ERRCODE_TO_CATEGORY(ERRCODE_DATA_EXCEPTION) ||
        cls == ERRCODE_TO_CATEGORY(ERRCODE_INTEGRITY_CONSTRAINT_VIOLATION))
        return "VALIDATION_ERROR";
    return "INTERNAL_ERROR";
}

// The items array of a bulk request, checked against the size limit.
Jsonb* items(Jsonb* request, const char* key) {
    if (!pg::jsonb_is_object(request))
        pg::raise(ERRCODE_INVALID_PARAMETER_VALUE, "the request body must be a JSON object");
    auto f = pg::jsonb_get(request, key);
    if (!f || f->kind != pg::JsonbField::Array)
        pg::raise(ERRCODE_INVALID_PARAMETER_VALUE, std::string("\"") + key + "\" must be an array");
    if ((int)JB_ROOT_COUNT(f->container) > profiles::max_bulk_items)
        pg::raise(ERRCODE_INVALID_PARAMETER_VALUE,
                  "at most " + std::to_string(profiles::max_bulk_items) + " items per request");
    return f->container;
}

Jsonb* item_at(Jsonb* array, int i) {
    return pg::guard(
        [&] { return JsonbValueToJsonb(getIthJsonbValueFromContainer(&array->root, i)); });
}

// Runs `apply` for every item in its own subtransaction; writes {results: [...]}. An item for
// which `done` gives a profile id was already written (successfully) and is reported as such.
template <class Apply, class Done>
void run_items(pg::JsonOut& out, Jsonb* array, Apply apply, Done done) {
    int n = (int)JB_ROOT_COUNT(array);
    out.begin_object().key("results").begin_array();
    for (int i = 0; i < n; i++) {
        if (const pg_uuid_t* written = done(i)) {
            out.begin_object().key("index").integer(i).key("success").boolean(true);
            out.key("profile_id").string(pg::uuid_text(*written)).key("error").null().end_object();
            continue;
        }
        Jsonb* item = item_at(array, i);
        std::optional<pg_uuid_t> id;
        try {
            pg::in_subtransaction([&] { apply(item, id); });
            out.begin_object().key("index").integer(i).key("success").boolean(true);
            out.key("profile_id").string(pg::uuid_text(*id)).key("error").null().end_object();
        } catch (const pg::Error& e) {
            out.begin_object().key("index").integer(i).key("success").boolean(false);
            out.key("profile_id");
            if (id)
                out.string(pg::uuid_text(*id));
            else
                out.null();
            const char* code = item_error_code(e.sqlstate);
            bool internal = std::string(code) == "INTERNAL_ERROR";
            out.key("error").begin_object().key("code").string(code);
            out.key("message").string(internal ? "internal error" : e.message).end_object();
            out.end_object();
            if (internal)
                pg::guard([&] {
                    elog(LOG, "pg_profiles bulk item %d failed: %s", i, e.message.c_str());
                });
        }
    }
    out.end_array().end_object();
}

template <class Apply> void run_items(pg::JsonOut& out, Jsonb* array, Apply apply) {
    run_items(out, array, apply, [](int) -> const pg_uuid_t* { return nullptr; });
}

// The profile document of a create item: the item without "role", which belongs to the user.
Jsonb* create_fields(Jsonb* item) {
    return pg::guard([&] {
        Datum d = DirectFunctionCall2(jsonb_delete, PointerGetDatum(item),
                                      PointerGetDatum(cstring_to_text("role")));
        return DatumGetJsonbP(d);
    });
}

// One create item, as written item by item (in a subtransaction of its own).
void create_one(pg::Spi& spi, Jsonb* item, std::optional<pg_uuid_t>& id) {
    if (!pg::jsonb_is_object(item))
        pg::raise(ERRCODE_INVALID_PARAMETER_VALUE, "each item must be a JSON object");
    // A generated id is reported only once the item succeeded: on failure its user is
    // rolled back with the item.
    std::optional<pg_uuid_t> generated;
    if (auto given = pg::jsonb_get_string(item, "id")) {
        id = profiles::parse_profile_id(*given);
        if (spi.exec(user_exists_plan, {pg::uuid_arg(*id)}, 1) == 0)
            pg::raise(ERRCODE_INVALID_PARAMETER_VALUE, "id must match an existing user");
    } else {
        auto email = pg::jsonb_get_string(item, "email");
        if (email && !profiles::is_email(*email))
            pg::raise(ERRCODE_INVALID_PARAMETER_VALUE, "email must be a valid e-mail address");
        auto role = pg::jsonb_get_string(item, "role");
        pg::AsTableOwner owner;
        spi.exec(new_user_plan, {email ? pg::text_arg(*email) : pg::null_arg(),
                                 role ? pg::text_arg(*role) : pg::null_arg()});
        bool isnull;
        generated = *DatumGetUUIDP(pg::Spi::value(0, 1, &isnull));
    }
    pg_uuid_t profile_id = id ? *id : *generated;
    Jsonb* fields = create_fields(item);
    profiles::check_document_fields(fields, &profile_id);
    profiles::insert_profile_row(spi, profile_id, fields);
    id = profile_id;
}

// An item of the all-at-once attempt: its profile id, its document, and for a new user the
// e-mail and role.
struct BatchItem {
    int index;
    pg_uuid_t id;
    Jsonb* fields;
    bool new_user;
    std::optional<std::string> email, role;
};

// Sorts the items before the all-at-once attempt: `batch` gets those that pass every check made
// before their first write; an item that fails such a check is left for create_one, which
// fails it the same way whatever was written before. Returns false when an item's outcome
// would depend on what earlier items wrote (a new user's document is checked only after its
// user is inserted), i.e. when only the item-by-item way gives the right results.
bool plan_batch(pg::Spi& spi, Jsonb* array, std::vector<BatchItem>& batch) {
    int n = (int)JB_ROOT_COUNT(array);
    for (int i = 0; i < n; i++) {
        Jsonb* item = item_at(array, i);
        if (!pg::jsonb_is_object(item)) continue;
        BatchItem b{i, {}, nullptr, false, std::nullopt, std::nullopt};
        if (auto given = pg::jsonb_get_string(item, "id")) {
            auto id = pg::parse_uuid(*given);
            if (!id) continue;
            if (spi.exec(user_exists_plan, {pg::uuid_arg(*id)}, 1) == 0) continue;
            b.id = *id;
            b.fields = create_fields(item);
            try {
                profiles::check_document_fields(b.fields, &b.id);
            } catch (const pg::Error&) {
                continue;
            }
        } else {
            b.new_user = true;
            b.email = pg::jsonb_get_string(item, "email");
            if (b.email && !profiles::is_email(*b.email)) continue;
            b.role = pg::jsonb_get_string(item, "role");
            b.fields = create_fields(item);
            // Without a string "id" the check does not depend on the id.
            try {
                profiles::check_document_fields(b.fields, &b.id);
            } catch (const pg::Error&) {
                return false;
            }
        }
        batch.push_back(std::move(b));
    }
    return true;
}

// A version 4 UUID, as pg_catalog.gen_random_uuid() makes it.
pg_uuid_t random_uuid() {
    pg_uuid_t u;
    bool ok = pg::guard([&] { return pg_strong_random(u.data, UUID_LEN); });
    if (!ok) pg::raise(ERRCODE_INTERNAL_ERROR, "could not generate random values");
    u.data[6] = (u.data[6] & 0x0f) | 0x40;
    u.data[8] = (u.data[8] & 0x3f) | 0x80;
    return u;
}

// A one-dimensional array of n elements of the given type (nulls where isnull says).
Datum make_array(std::vector<Datum>& values, std::vector<bool>& isnull, Oid type, int16 typlen,
                 bool byval, char align) {
    int n = (int)values.size();
    bool* nulls = nullptr;
    std::vector<char> null_flags(isnull.begin(), isnull.end());
    return pg::guard([&] {
        nulls = (bool*)palloc(sizeof(bool) * Max(n, 1));
        for (int i = 0; i < n; i++)
            nulls[i] = null_flags[i] != 0;
        int dims[1] = {n};
        int lbs[1] = {1};
        return PointerGetDatum(
            construct_md_array(values.data(), nulls, 1, dims, lbs, type, typlen, byval, align));
    });
}

pg::Plan new_users_plan(
    "INSERT INTO profiles.users (id, email, role) "
    "SELECT t.id, t.email, COALESCE(t.role, 'standard_user') "
    "FROM ROWS FROM (pg_catalog.unnest($1::pg_catalog.uuid[]), "
    "pg_catalog.unnest($2::pg_catalog.text[]), pg_catalog.unnest($3::pg_catalog.text[])) "
    "WITH ORDINALITY AS t(id, email, role, ord) ORDER BY t.ord",
    {UUIDARRAYOID, TEXTARRAYOID, TEXTARRAYOID});

// Writes every item of the batch with one statement per table, inside the caller's
// subtransaction; raises (or returns false) when any of them fails.
bool write_batch(pg::Spi& spi, std::vector<BatchItem>& batch) {
    std::vector<Datum> user_ids, emails, roles, ids, docs;
    std::vector<bool> email_nulls, role_nulls, no_nulls;
    size_t new_users = 0;
    for (BatchItem& b : batch)
        if (b.new_user) {
            b.id = random_uuid();
            new_users++;
        }
    for (BatchItem& b : batch) {
        if (b.new_user) {
            user_ids.push_back(pg::uuid_arg(b.id).value);
            emails.push_back(b.email ? pg::text_arg(*b.email).value : (Datum)0);
            email_nulls.push_back(!b.email);
            roles.push_back(b.role ? pg::text_arg(*b.role).value : (Datum)0);
            role_nulls.push_back(!b.role);
        }
        ids.push_back(pg::uuid_arg(b.id).value);
        docs.push_back(PointerGetDatum(b.fields));
    }
    if (new_users > 0) {
        std::vector<bool> user_id_nulls(new_users, false);
        Datum a = make_array(user_ids, user_id_nulls, UUIDOID, UUID_LEN, false, TYPALIGN_CHAR);
        Datum e = make_array(emails, email_nulls, TEXTOID, -1, false, TYPALIGN_INT);
        Datum r = make_array(roles, role_nulls, TEXTOID, -1, false, TYPALIGN_INT);
        pg::AsTableOwner owner;
        if (spi.exec(new_users_plan, {pg::datum_arg(a), pg::datum_arg(e), pg::datum_arg(r)}) !=
            new_users)
            return false;
    }
    no_nulls.assign(batch.size(), false);
    Datum i = make_array(ids, no_nulls, UUIDOID, UUID_LEN, false, TYPALIGN_CHAR);
    Datum d = make_array(docs, no_nulls, JSONBOID, -1, false, TYPALIGN_INT);
    return profiles::insert_profile_rows(spi, i, d) == batch.size();
}

Jsonb* request_arg(FunctionCallInfo fcinfo) {
    if (PG_ARGISNULL(0)) pg::raise(ERRCODE_INVALID_PARAMETER_VALUE, "a JSON object is required");
    return pg::guard([&] { return PG_GETARG_JSONB_P(0); });
}

} // namespace

// profiles.bulk_create(request jsonb) returns json: {profiles: [item]} where an item holds
// profile fields and either "id" (an existing user without profile) or "email"/"role" for a
// new user. Admins only.
//
// All items are first tried at once: the ones that pass the checks made before any write go in
// with one INSERT per table (users, then profiles), in one subtransaction. When that succeeds,
// the other items are run one by one (each fails as it would have); when any of it fails, it is
// rolled back and every item runs one by one in its own subtransaction, as the results must say
// which item failed and why.
PGP_FUNCTION(profiles_bulk_create) {
    return pg::entry([&]() -> Datum {
        Jsonb* array = items(request_arg(fcinfo), "profiles");
        profiles::require_admin(profiles::require_actor());
        pg::JsonOut out;
        pg::Spi spi;
        int n = (int)JB_ROOT_COUNT(array);
        std::vector<const pg_uuid_t*> written((size_t)n, nullptr);
        std::vector<BatchItem> batch;
        bool batched = false;
        try {
            pg::in_subtransaction([&] {
                if (!plan_batch(spi, array, batch) || batch.empty()) return;
                if (!write_batch(spi, batch))
                    pg::raise(ERRCODE_UNIQUE_VIOLATION, "a profile with this id already exists");
                batched = true;
            });
        } catch (const pg::Error&) {
            batched = false;
        }
        if (batched)
            for (const BatchItem& b : batch)
                written[(size_t)b.index] = &b.id;
        run_items(
            out, array,
            [&](Jsonb* item, std::optional<pg_uuid_t>& id) { create_one(spi, item, id); },
            [&](int i) { return written[(size_t)i]; });
        return out.finish();
    });
}

// profiles.bulk_update(request jsonb) returns json: {profiles: [{profile_id, expected_version?,
// ...fields}]}; own profile or any for admins, per item.
PGP_FUNCTION(profiles_bulk_update) {
    return pg::entry([&]() -> Datum {
        Jsonb* array = items(request_arg(fcinfo), "profiles");
        const Actor& actor = profiles::require_actor();
        pg::JsonOut out;
        pg::Spi spi;
        run_items(out, array, [&](Jsonb* item, std::optional<pg_uuid_t>& id) {
            if (!pg::jsonb_is_object(item))
                pg::raise(ERRCODE_INVALID_PARAMETER_VALUE, "each item must be a JSON object");
            auto pid = pg::jsonb_get_string(item, "profile_id");
            if (!pid) pg::raise(ERRCODE_INVALID_PARAMETER_VALUE, "Profile ID not provided");
            id = profiles::parse_profile_id(*pid);
            profiles::require_own_or_admin(actor, *id);
            auto expected = pg::jsonb_get_integer(item, "expected_version");
            Jsonb* fields = pg::guard([&] {
                Datum d = DirectFunctionCall2(jsonb_delete, PointerGetDatum(item),
                                              PointerGetDatum(cstring_to_text("profile_id")));
                d = DirectFunctionCall2(jsonb_delete, d,
                                        PointerGetDatum(cstring_to_text("expected_version")));
                return DatumGetJsonbP(d);
            });
            profiles::check_document_fields(fields, &*id);
            std::optional<int> version;
            if (expected) {
                if (*expected < 1 || *expected > INT32_MAX)
                    pg::raise(ERRCODE_INVALID_PARAMETER_VALUE, "expected_version is out of range");
                version = (int)*expected;
            }
            profiles::update_profile_row(spi, *id, fields, version);
        });
        return out.finish();
    });
}

// profiles.bulk_delete(request jsonb) returns json: {profile_ids: [...]}.
PGP_FUNCTION(profiles_bulk_delete) {
    return pg::entry([&]() -> Datum {
        Jsonb* array = items(request_arg(fcinfo), "profile_ids");
        const Actor& actor = profiles::require_actor();
        pg::JsonOut out;
        pg::Spi spi;
        run_items(out, array, [&](Jsonb* item, std::optional<pg_uuid_t>& id) {
            JsonbValue v;
            bool is_string = pg::guard(
                [&] { return JsonbExtractScalar(&item->root, &v) && v.type == jbvString; });
            std::string text = is_string ? std::string(v.val.string.val, v.val.string.len) : "";
            if (text.empty())
                pg::raise(ERRCODE_INVALID_PARAMETER_VALUE, "each profile id must be a string");
            id = profiles::parse_profile_id(text);
            profiles::require_own_or_admin(actor, *id);
            if (spi.exec(delete_plan, {pg::uuid_arg(*id)}) == 0)
                pg::raise(ERRCODE_NO_DATA_FOUND, "profile not found");
        });
        return out.finish();
    });
}

// profiles.duplicate_profile(target_profile_id uuid) returns json {success, profile_id,
// message}: a new user with a copy of the profile. Admins only.
PGP_FUNCTION(profiles_duplicate_profile) {
    return pg::entry([&]() -> Datum {
        profiles::require_admin(profiles::require_actor());
        if (PG_ARGISNULL(0))
            pg::raise(ERRCODE_INVALID_PARAMETER_VALUE, "target_profile_id is required");
        pg_uuid_t source = *PG_GETARG_UUID_P(0);
        pg::JsonOut out;
        pg::Spi spi;
        profiles::require_profile(spi, source);
        pg_uuid_t copy;
        {
            pg::AsTableOwner owner;
            if (spi.exec(copy_user_plan, {pg::uuid_arg(source)}) == 0)
                pg::raise(ERRCODE_NO_DATA_FOUND, "profile not found"); // deleted meanwhile
            bool isnull;
            copy = *DatumGetUUIDP(pg::Spi::value(0, 1, &isnull));
        }
        spi.exec(copy_profile_plan, {pg::uuid_arg(source), pg::uuid_arg(copy)});
        profiles::write_activity(
            "profile_duplicated", "profile", &copy,
            profiles::activity_metadata({}, {{"source_profile_id", pg::uuid_text(source)}}));
        out.begin_object()
            .key("success")
            .boolean(true)
            .key("profile_id")
            .string(pg::uuid_text(copy));
        out.key("message").string("profile duplicated").end_object();
        return out.finish();
    });
}
