// Seed 002: REST profiles and contacts (camelCase documents, embedded country and contacts).
#include "jsonb_build.hpp"
#include "profile_store.hpp"
#include "profile_tally.hpp"
#include "record.hpp"
#include "validate.hpp"

extern "C" {
#include "catalog/pg_type.h"
#include "utils/builtins.h"
}

#include <map>
#include <memory>
#include <string>

namespace {

using profiles::Actor;

// Profile columns, then the version, then the embedded country (see the *_col constants).
#define REST_PROFILE_SELECT                                                                        \
    "SELECT p.id AS \"profileId\", p.country_numeric_code AS \"countryNumericCode\", p.enabled, "  \
    "p.first_name AS \"firstName\", p.middle_name AS \"middleName\", p.last_name AS "              \
    "\"lastName\", "                                                                               \
    "p.name, p.tags, p.created_at AS \"createTime\", p.updated_at AS \"updateTime\", p.uuid, "     \
    "p.version, c.id AS \"countryId\", c.name AS \"countryName\", c.alpha2_code AS "               \
    "\"alpha2Code\", "                                                                             \
    "c.alpha3_code AS \"alpha3Code\", c.numeric_code AS \"numericCode\", "                         \
    "c.region_numeric_code AS \"geographicRegionNumericCode\", "                                   \
    "c.region_name AS \"geographicRegionName\", c.created_at AS \"createTime\", "                  \
    "c.updated_at AS \"updateTime\" "                                                              \
    "FROM profiles.profile p LEFT JOIN profiles.country c ON c.numeric_code = "                    \
    "p.country_numeric_code "
constexpr int kCountryCodeCol = 2, kFirstPlainCol = 3, kLastPlainCol = 11, kVersionCol = 12,
              kCountryFirstCol = 13, kCountryLastCol = 21;

#define CONTACT_SELECT                                                                             \
    "SELECT c.id AS \"contactId\", c.key, c.value, c.created_at AS \"createTime\", "               \
    "c.updated_at AS \"updateTime\", c.uuid FROM profiles.contact c "

// The filter of a list, applied through parameters only: $1 enabled, $2..$4 first/last/middle
// name, $5 full name, $6 uuid (names compare case-insensitively); visibility: $7 the actor is
// an admin, $8 the actor. Lists run as the tables' owner with that rule written out (the one
// row-level security enforces): under row-level security the non-leakproof lower() filters
// could not use their indexes.
#define REST_PROFILE_FILTER                                                                        \
    "WHERE ($1::boolean IS NULL OR p.enabled = $1) "                                               \
    "AND ($2::text IS NULL OR lower(p.first_name) = lower($2)) "                                   \
    "AND ($3::text IS NULL OR lower(p.last_name) = lower($3)) "                                    \
    "AND ($4::text IS NULL OR lower(p.middle_name) = lower($4)) "                                  \
    "AND ($5::text IS NULL OR lower(p.name) = lower($5)) "                                         \
    "AND ($6::uuid IS NULL OR p.uuid = $6) "                                                       \
    "AND ($7::boolean OR p.id = $8::uuid) "

pg::Plan get_plan(REST_PROFILE_SELECT "WHERE p.id = $1", {UUIDOID});
pg::Plan contacts_plan(CONTACT_SELECT "WHERE c.profile_id = $1 ORDER BY c.seq", {UUIDOID});
pg::Plan contact_plan(CONTACT_SELECT "WHERE c.profile_id = $1 AND c.id = $2", {UUIDOID, UUIDOID});
pg::Plan country_exists_plan("SELECT 1 FROM profiles.country c WHERE c.numeric_code = $1",
                             {TEXTOID});
pg::Plan count_plan("SELECT pg_catalog.count(*) FROM profiles.profile p " REST_PROFILE_FILTER,
                    {BOOLOID, TEXTOID, TEXTOID, TEXTOID, TEXTOID, UUIDOID, BOOLOID, UUIDOID});
pg::Plan new_user_plan("INSERT INTO profiles.users (id, role) VALUES ($1, 'consumer')", {UUIDOID});
pg::Plan new_id_plan("SELECT pg_catalog.gen_random_uuid()", {});
pg::Plan delete_plan("DELETE FROM profiles.profile p WHERE p.id = $1", {UUIDOID});
pg::Plan contact_insert_plan("INSERT INTO profiles.contact (profile_id, key, value, uuid) "
                             "VALUES ($1, $2, $3, $4) RETURNING id",
                             {UUIDOID, TEXTOID, TEXTOID, UUIDOID});
pg::Plan contact_update_plan("UPDATE profiles.contact c SET key = $3, value = $4, uuid = $5 "
                             "WHERE c.profile_id = $1 AND c.id = $2",
                             {UUIDOID, UUIDOID, TEXTOID, TEXTOID, UUIDOID});
pg::Plan contact_delete_plan("DELETE FROM profiles.contact c WHERE c.profile_id = $1 AND c.id = $2",
                             {UUIDOID, UUIDOID});

// The sort whitelist: API name -> column, and whether it is a name. Names sort the way their
// filters compare, case-insensitively (lower(x), then x, then the id), which is the key order
// of the profile_lower_*_idx indexes: an unfiltered list sorted by a name reads its page from
// the index instead of sorting every profile. Nulls sort last ascending and first descending,
// as everywhere in PostgreSQL. Nothing but these names ever reaches SQL text.
struct SortColumn {
    const char* name;
    const char* column;
    bool is_name;
};
const SortColumn kSortColumns[] = {
    {"createTime", "p.created_at", false}, {"enabled", "p.enabled", false},
    {"firstName", "p.first_name", true},   {"lastName", "p.last_name", true},
    {"middleName", "p.middle_name", true}, {"name", "p.name", true},
    {"profileId", "p.id", false},          {"updateTime", "p.updated_at", false},
};

// One cached plan per (sort column, direction), built on first use.
pg::Plan& list_plan(size_t sort, bool desc) {
    struct Entry {
        std::string sql;
        std::unique_ptr<pg::Plan> plan;
    };
    static std::map<std::pair<size_t, bool>, Entry> plans;
    auto& e = plans[{sort, desc}];
    if (!e.plan) {
        const std::string dir = desc ? " DESC" : " ASC";
        const SortColumn& c = kSortColumns[sort];
        std::string order = c.column + dir;
        if (c.is_name) {
            // x is NULL exactly when lower(x) is, so the NULLS clause on x (the indexes' own)
            // only makes the ORDER BY spell the index's key order.
            order = "lower(" + std::string(c.column) + ")" + dir + ", " + order +
                    (desc ? " NULLS LAST" : " NULLS FIRST");
        }
        e.sql = std::string(REST_PROFILE_SELECT REST_PROFILE_FILTER "ORDER BY ") + order +
                ", p.id" + dir + " LIMIT $9 OFFSET $10";
        e.plan = std::make_unique<pg::Plan>(
            e.sql.c_str(), std::initializer_list<Oid>{BOOLOID, TEXTOID, TEXTOID, TEXTOID, TEXTOID,
                                                      UUIDOID, BOOLOID, UUIDOID, INT8OID, INT8OID});
    }
    return *e.plan;
}

pg_uuid_t uuid_field(const std::string& text, const char* what) {
    auto id = pg::parse_uuid(text);
    if (!id) pg::raise(ERRCODE_INVALID_TEXT_REPRESENTATION, std::string("invalid ") + what);
    return *id;
}

// One profile object from a row of REST_PROFILE_SELECT, with its contacts.
void write_profile(pg::JsonOut& out, pg::Spi& spi, HeapTuple row, TupleDesc desc) {
    bool isnull;
    pg_uuid_t id = *DatumGetUUIDP(heap_getattr(row, 1, desc, &isnull));
    out.begin_object().fields(row, desc, 1, 1).key("contacts");
    spi.exec(contacts_plan, {pg::uuid_arg(id)});
    out.rows_of_last_result();
    out.fields(row, desc, kCountryCodeCol, kCountryCodeCol).key("country");
    heap_getattr(row, kCountryFirstCol, desc, &isnull);
    if (isnull)
        out.null();
    else
        out.begin_object().fields(row, desc, kCountryFirstCol, kCountryLastCol).end_object();
    out.fields(row, desc, kFirstPlainCol, kLastPlainCol).end_object();
}

// Writes the profile `id` and returns its version; P0002 when missing or not visible.
int write_profile_by_id(pg::JsonOut& out, pg::Spi& spi, const pg_uuid_t& id) {
    if (spi.exec(get_plan, {pg::uuid_arg(id)}, 1) == 0)
        pg::raise(ERRCODE_NO_DATA_FOUND, "profile not found");
    SPITupleTable* tt = SPI_tuptable;
    bool isnull;
    int version = DatumGetInt32(heap_getattr(tt->vals[0], kVersionCol, tt->tupdesc, &isnull));
    write_profile(out, spi, tt->vals[0], tt->tupdesc);
    return version;
}

// camelCase request fields -> profile columns, after checking each value.
const std::vector<std::pair<std::string, std::string>> kWritableFields = {
    {"enabled", "enabled"},
    {"firstName", "first_name"},
    {"middleName", "middle_name"},
    {"lastName", "last_name"},
    {"countryNumericCode", "country_numeric_code"},
    {"uuid", "uuid"},
    {"tags", "tags"},
};

Jsonb* checked_profile_fields(pg::Spi& spi, Jsonb* doc) {
    profiles::optional_bool(doc, "enabled");
    for (const char* name : {"firstName", "middleName", "lastName"})
        profiles::optional_string(doc, name, 255);
    if (auto code = pg::jsonb_get_string(doc, "countryNumericCode")) {
        if (spi.exec(country_exists_plan, {pg::text_arg(*code)}, 1) == 0)
            pg::raise(ERRCODE_INVALID_PARAMETER_VALUE,
                      "unknown countryNumericCode \"" + *code + "\"",
                      "Use an ISO 3166-1 numeric code such as \"840\".");
    } else if (auto f = pg::jsonb_get(doc, "countryNumericCode");
               f && f->kind != pg::JsonbField::Null) {
        pg::raise(ERRCODE_INVALID_PARAMETER_VALUE, "countryNumericCode must be a string");
    }
    if (auto u = pg::jsonb_get_string(doc, "uuid")) uuid_field(*u, "uuid");
    if (auto t = pg::jsonb_get(doc, "tags"); t && t->kind != pg::JsonbField::Null) {
        bool strings = t->kind == pg::JsonbField::Array && pg::guard([&] {
                           int n = (int)JB_ROOT_COUNT(t->container);
                           for (int i = 0; i < n; i++) {
                               JsonbValue* e =
                                   getIthJsonbValueFromContainer(&t->container->root, i);
                               if (!e || e->type != jbvString) return false;
                           }
                           return true;
                       });
        if (!strings)
            pg::raise(ERRCODE_INVALID_PARAMETER_VALUE, "tags must be an array of strings");
    }
    return pg::jsonb_rename_keys(doc, kWritableFields);
}

struct ContactValues {
    std::string key, value;
    std::optional<pg_uuid_t> uuid;
};

ContactValues checked_contact(Jsonb* doc, const ContactValues* current) {
    profiles::only_fields(doc, {"key", "value", "uuid", "contactId", "createTime", "updateTime"});
    ContactValues c;
    auto key = pg::jsonb_get_string(doc, "key");
    auto value = pg::jsonb_get_string(doc, "value");
    c.key = key ? *key : current ? current->key : "";
    c.value = value ? *value : current ? current->value : "";
    if (c.key != "email" && c.key != "phone")
        pg::raise(ERRCODE_INVALID_PARAMETER_VALUE, "key must be \"email\" or \"phone\"");
    if (c.key == "email" && !profiles::is_email(c.value))
        pg::raise(ERRCODE_INVALID_PARAMETER_VALUE, "value must be a valid e-mail address");
    if (c.key == "phone" && !profiles::is_e164(c.value))
        pg::raise(ERRCODE_INVALID_PARAMETER_VALUE,
                  "value must be a phone number in E.164 format, e.g. +14155550100");
    if (auto f = pg::jsonb_get(doc, "uuid"); f) {
        if (f->kind == pg::JsonbField::String)
            c.uuid = uuid_field(f->text, "uuid");
        else if (f->kind != pg::JsonbField::Null)
            pg::raise(ERRCODE_INVALID_PARAMETER_VALUE, "uuid must be a string or null");
    } else if (current) {
        c.uuid = current->uuid;
    }
    return c;
}

pg_uuid_t insert_contact(pg::Spi& spi, const pg_uuid_t& profile, const ContactValues& c) {
    spi.exec(contact_insert_plan,
             {pg::uuid_arg(profile), pg::text_arg(c.key), pg::text_arg(c.value),
              c.uuid ? pg::uuid_arg(*c.uuid) : pg::null_arg()});
    bool isnull;
    return *DatumGetUUIDP(pg::Spi::value(0, 1, &isnull));
}

std::optional<std::string> filter_value(Jsonb* filters, const char* a, const char* b = nullptr) {
    auto v = pg::jsonb_get_string(filters, a);
    if (!v && b) v = pg::jsonb_get_string(filters, b);
    return v;
}

pg::Arg optional_text(const std::optional<std::string>& s) {
    return s ? pg::text_arg(*s) : pg::null_arg();
}

pg_uuid_t arg_uuid(FunctionCallInfo fcinfo, int n, const char* what) {
    if (PG_ARGISNULL(n))
        pg::raise(ERRCODE_INVALID_PARAMETER_VALUE, std::string(what) + " is required");
    return *PG_GETARG_UUID_P(n);
}

Jsonb* arg_doc(FunctionCallInfo fcinfo, int n) {
    if (PG_ARGISNULL(n)) pg::raise(ERRCODE_INVALID_PARAMETER_VALUE, "a JSON object is required");
    Jsonb* doc = pg::guard([&] { return PG_GETARG_JSONB_P(n); });
    if (!pg::jsonb_is_object(doc))
        pg::raise(ERRCODE_INVALID_PARAMETER_VALUE, "the request body must be a JSON object");
    return doc;
}

std::string arg_text(FunctionCallInfo fcinfo, int n, const char* fallback) {
    if (PG_ARGISNULL(n)) return fallback;
    return pg::guard([&] { return (const char*)text_to_cstring(PG_GETARG_TEXT_PP(n)); });
}

} // namespace

// rest_profile_list(limit, offset, sort_by, sort_order, filters) -> (total bigint, body json)
PGP_FUNCTION(profiles_rest_profile_list) {
    return pg::entry([&]() -> Datum {
        const Actor& actor = profiles::require_actor(); // non-admins see their own profile only
        long long limit = PG_ARGISNULL(0) ? 20 : PG_GETARG_INT32(0);
        long long offset = PG_ARGISNULL(1) ? 0 : PG_GETARG_INT32(1);
        if (limit < 1 || limit > 1000)
            pg::raise(ERRCODE_INVALID_PARAMETER_VALUE, "limit must be between 1 and 1000");
        if (offset < 0) pg::raise(ERRCODE_INVALID_PARAMETER_VALUE, "offset must not be negative");
        std::string sort_by = arg_text(fcinfo, 2, "createTime");
        std::string order = arg_text(fcinfo, 3, "asc");
        size_t sort = std::size(kSortColumns);
        for (size_t i = 0; i < std::size(kSortColumns); i++)
            if (sort_by == kSortColumns[i].name) sort = i;
        if (sort == std::size(kSortColumns))
            pg::raise(ERRCODE_INVALID_PARAMETER_VALUE, "unknown sort_by \"" + sort_by + "\"",
                      "sort_by is one of createTime, enabled, firstName, lastName, middleName, "
                      "name, profileId, updateTime.");
        if (order != "asc" && order != "desc")
            pg::raise(ERRCODE_INVALID_PARAMETER_VALUE, "sort_order must be asc or desc");

        Jsonb* filters =
            PG_ARGISNULL(4) ? nullptr : pg::guard([&] { return PG_GETARG_JSONB_P(4); });
        std::optional<bool> enabled;
        std::optional<std::string> first, last, middle, name, uuid;
        if (filters && !pg::jsonb_is_object(filters))
            pg::raise(ERRCODE_INVALID_PARAMETER_VALUE, "filters must be a JSON object");
        if (filters) {
            profiles::only_fields(filters,
                                  {"enabled", "profileFirstName", "firstName", "profileLastName",
                                   "lastName", "profileMiddleName", "middleName", "name", "uuid"});
            if (auto e = pg::jsonb_get(filters, "enabled"); e && e->kind != pg::JsonbField::Null) {
                std::string v =
                    e->kind == pg::JsonbField::Bool ? (e->boolean ? "true" : "false") : e->text;
                if (v == "1" || v == "true")
                    enabled = true;
                else if (v == "0" || v == "false")
                    enabled = false;
                else
                    pg::raise(ERRCODE_INVALID_PARAMETER_VALUE,
                              "filter[enabled] must be 1, 0, true or false");
            }
            first = filter_value(filters, "profileFirstName", "firstName");
            last = filter_value(filters, "profileLastName", "lastName");
            middle = filter_value(filters, "profileMiddleName", "middleName");
            name = filter_value(filters, "name");
            uuid = filter_value(filters, "uuid");
        }
        std::optional<pg_uuid_t> uuid_value;
        if (uuid) uuid_value = uuid_field(*uuid, "filter[uuid]");
        auto filter_args = [&] {
            return std::vector<pg::Arg>{enabled ? pg::bool_arg(*enabled) : pg::null_arg(),
                                        optional_text(first),
                                        optional_text(last),
                                        optional_text(middle),
                                        optional_text(name),
                                        uuid_value ? pg::uuid_arg(*uuid_value) : pg::null_arg()};
        };

        pg::JsonOut out;
        long long total;
        {
            pg::Spi spi(pg::Spi::Mode::ReadOnly); // the total, the page and its contacts agree
            auto a = filter_args();
            pg::Arg all = pg::bool_arg(actor.is_admin()), self = pg::uuid_arg(actor.id);
            {
                pg::AsTableOwner owner; // visibility is in the query (see REST_PROFILE_FILTER)
                if (actor.is_admin() && !enabled && !first && !last && !middle && !name && !uuid) {
                    total = profiles::profile_total(spi);
                } else {
                    spi.exec(count_plan, {a[0], a[1], a[2], a[3], a[4], a[5], all, self});
                    total = pg::Spi::int8(0, 1);
                }
                spi.exec(list_plan(sort, order == "desc"),
                         {a[0], a[1], a[2], a[3], a[4], a[5], all, self, pg::int8_arg(limit),
                          pg::int8_arg(offset)});
            }
            SPITupleTable* page = SPI_tuptable;
            uint64 n = SPI_processed;
            out.begin_array();
            for (uint64 i = 0; i < n; i++)
                write_profile(out, spi, page->vals[i], page->tupdesc);
            out.end_array();
        }
        return pg::make_record(fcinfo, {{Int64GetDatum(total), false}, {out.finish(), false}});
    });
}

// rest_profile_get(id) -> (version int, body json)
PGP_FUNCTION(profiles_rest_profile_get) {
    return pg::entry([&]() -> Datum {
        pg_uuid_t id = arg_uuid(fcinfo, 0, "profileId");
        profiles::require_own_or_admin(profiles::require_actor(), id);
        pg::JsonOut out;
        int version;
        {
            pg::Spi spi(pg::Spi::Mode::ReadOnly); // the profile and its contacts agree
            version = write_profile_by_id(out, spi, id);
        }
        return pg::make_record(fcinfo, {{Int32GetDatum(version), false}, {out.finish(), false}});
    });
}

// rest_profile_create(doc) -> (version int, body json): a new user (consumer) and its profile.
PGP_FUNCTION(profiles_rest_profile_create) {
    return pg::entry([&]() -> Datum {
        Jsonb* doc = arg_doc(fcinfo, 0);
        profiles::require_admin(profiles::require_actor());
        profiles::only_fields(doc, {"contacts", "countryNumericCode", "enabled", "firstName",
                                    "middleName", "lastName", "uuid", "tags"});
        pg::JsonOut out;
        int version;
        {
            pg::Spi spi;
            Jsonb* fields = checked_profile_fields(spi, doc);
            std::vector<ContactValues> contacts;
            if (auto list = pg::jsonb_get(doc, "contacts");
                list && list->kind != pg::JsonbField::Null) {
                if (list->kind != pg::JsonbField::Array)
                    pg::raise(ERRCODE_INVALID_PARAMETER_VALUE, "contacts must be an array");
                int n = (int)JB_ROOT_COUNT(list->container);
                for (int i = 0; i < n; i++) {
                    Jsonb* item = pg::guard([&] {
                        JsonbValue* v = getIthJsonbValueFromContainer(&list->container->root, i);
                        return JsonbValueToJsonb(v);
                    });
                    if (!pg::jsonb_is_object(item))
                        pg::raise(ERRCODE_INVALID_PARAMETER_VALUE,
                                  "each contact must be an object");
                    contacts.push_back(checked_contact(item, nullptr));
                }
            }
            spi.exec(new_id_plan, {});
            bool isnull;
            pg_uuid_t id = *DatumGetUUIDP(pg::Spi::value(0, 1, &isnull));
            {
                pg::AsTableOwner owner;
                spi.exec(new_user_plan, {pg::uuid_arg(id)});
            }
            profiles::insert_profile_row(spi, id, fields);
            for (const ContactValues& c : contacts)
                insert_contact(spi, id, c);
            version = write_profile_by_id(out, spi, id);
        }
        return pg::make_record(fcinfo, {{Int32GetDatum(version), false}, {out.finish(), false}});
    });
}

// rest_profile_update(id, doc, expected_version) -> (version int, body json); partial.
PGP_FUNCTION(profiles_rest_profile_update) {
    return pg::entry([&]() -> Datum {
        pg_uuid_t id = arg_uuid(fcinfo, 0, "profileId");
        Jsonb* doc = arg_doc(fcinfo, 1);
        std::optional<int> expected;
        if (!PG_ARGISNULL(2)) expected = PG_GETARG_INT32(2);
        profiles::require_own_or_admin(profiles::require_actor(), id);
        // Read-only members of a fetched Profile object may be sent back unchanged.
        profiles::only_fields(doc, {"enabled", "firstName", "middleName", "lastName",
                                    "countryNumericCode", "uuid", "tags", "profileId", "name",
                                    "contacts", "country", "createTime", "updateTime"});
        if (auto pid = pg::jsonb_get_string(doc, "profileId");
            pid && !pg::uuid_equal(uuid_field(*pid, "profileId"), id))
            pg::raise(ERRCODE_INVALID_PARAMETER_VALUE, "profileId cannot be changed");
        pg::JsonOut out;
        int version;
        {
            pg::Spi spi;
            profiles::update_profile_row(spi, id, checked_profile_fields(spi, doc), expected);
            version = write_profile_by_id(out, spi, id);
        }
        return pg::make_record(fcinfo, {{Int32GetDatum(version), false}, {out.finish(), false}});
    });
}

// rest_profile_delete(id, expected_version): with a version, only while the profile is at it.
PGP_FUNCTION(profiles_rest_profile_delete) {
    return pg::entry([&]() -> Datum {
        pg_uuid_t id = arg_uuid(fcinfo, 0, "profileId");
        std::optional<int> expected;
        if (PG_NARGS() > 1 && !PG_ARGISNULL(1)) expected = PG_GETARG_INT32(1);
        profiles::require_own_or_admin(profiles::require_actor(), id);
        pg::Spi spi;
        if (expected) profiles::lock_profile_row(spi, id, expected);
        if (spi.exec(delete_plan, {pg::uuid_arg(id)}) == 0)
            pg::raise(ERRCODE_NO_DATA_FOUND, "profile not found");
        return (Datum)0;
    });
}

// rest_contact_list(profile_id) -> json array
PGP_FUNCTION(profiles_rest_contact_list) {
    return pg::entry([&]() -> Datum {
        pg_uuid_t id = arg_uuid(fcinfo, 0, "profileId");
        profiles::require_own_or_admin(profiles::require_actor(), id);
        pg::JsonOut out;
        pg::Spi spi(pg::Spi::Mode::ReadOnly);
        profiles::require_profile(spi, id);
        spi.exec(contacts_plan, {pg::uuid_arg(id)});
        out.rows_of_last_result();
        return out.finish();
    });
}

// rest_contact_get(profile_id, contact_id) -> json
PGP_FUNCTION(profiles_rest_contact_get) {
    return pg::entry([&]() -> Datum {
        pg_uuid_t id = arg_uuid(fcinfo, 0, "profileId");
        pg_uuid_t contact = arg_uuid(fcinfo, 1, "contactId");
        profiles::require_own_or_admin(profiles::require_actor(), id);
        pg::JsonOut out;
        pg::Spi spi(pg::Spi::Mode::ReadOnly);
        profiles::require_profile(spi, id);
        if (spi.exec(contact_plan, {pg::uuid_arg(id), pg::uuid_arg(contact)}, 1) == 0)
            pg::raise(ERRCODE_NO_DATA_FOUND, "contact not found");
        out.row(SPI_tuptable->vals[0], SPI_tuptable->tupdesc);
        return out.finish();
    });
}

// rest_contact_create(profile_id, doc) -> json
PGP_FUNCTION(profiles_rest_contact_create) {
    return pg::entry([&]() -> Datum {
        pg_uuid_t id = arg_uuid(fcinfo, 0, "profileId");
        Jsonb* doc = arg_doc(fcinfo, 1);
        profiles::require_own_or_admin(profiles::require_actor(), id);
        ContactValues c = checked_contact(doc, nullptr);
        pg::JsonOut out;
        pg::Spi spi;
        profiles::require_profile(spi, id);
        pg_uuid_t contact = insert_contact(spi, id, c);
        spi.exec(contact_plan, {pg::uuid_arg(id), pg::uuid_arg(contact)}, 1);
        out.row(SPI_tuptable->vals[0], SPI_tuptable->tupdesc);
        return out.finish();
    });
}

// rest_contact_update(profile_id, contact_id, doc) -> json; fields left out keep their value.
PGP_FUNCTION(profiles_rest_contact_update) {
    return pg::entry([&]() -> Datum {
        pg_uuid_t id = arg_uuid(fcinfo, 0, "profileId");
        pg_uuid_t contact = arg_uuid(fcinfo, 1, "contactId");
        Jsonb* doc = arg_doc(fcinfo, 2);
        profiles::require_own_or_admin(profiles::require_actor(), id);
        pg::JsonOut out;
        pg::Spi spi;
        profiles::require_profile(spi, id);
        if (spi.exec(contact_plan, {pg::uuid_arg(id), pg::uuid_arg(contact)}, 1) == 0)
            pg::raise(ERRCODE_NO_DATA_FOUND, "contact not found");
        ContactValues current;
        current.key = pg::Spi::text(0, 2).value_or("");
        current.value = pg::Spi::text(0, 3).value_or("");
        bool isnull;
        Datum u = pg::Spi::value(0, 6, &isnull);
        if (!isnull) current.uuid = *DatumGetUUIDP(u);
        ContactValues c = checked_contact(doc, &current);
        spi.exec(contact_update_plan,
                 {pg::uuid_arg(id), pg::uuid_arg(contact), pg::text_arg(c.key),
                  pg::text_arg(c.value), c.uuid ? pg::uuid_arg(*c.uuid) : pg::null_arg()});
        spi.exec(contact_plan, {pg::uuid_arg(id), pg::uuid_arg(contact)}, 1);
        out.row(SPI_tuptable->vals[0], SPI_tuptable->tupdesc);
        return out.finish();
    });
}

// rest_contact_delete(profile_id, contact_id)
PGP_FUNCTION(profiles_rest_contact_delete) {
    return pg::entry([&]() -> Datum {
        pg_uuid_t id = arg_uuid(fcinfo, 0, "profileId");
        pg_uuid_t contact = arg_uuid(fcinfo, 1, "contactId");
        profiles::require_own_or_admin(profiles::require_actor(), id);
        pg::Spi spi;
        profiles::require_profile(spi, id);
        if (spi.exec(contact_delete_plan, {pg::uuid_arg(id), pg::uuid_arg(contact)}) == 0)
            pg::raise(ERRCODE_NO_DATA_FOUND, "contact not found");
        return (Datum)0;
    });
}
