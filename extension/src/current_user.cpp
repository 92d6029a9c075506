// Seed 001: the authenticated user's own record and persona (GET/PUT /api/user/profile).
#include "activity.hpp"
#include "jsonb_build.hpp"
#include "profile_store.hpp"
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

// Sensitive columns (db_role, disabled, deleted_at) are never selected.
pg::Plan user_plan(
    "SELECT u.id AS \"_id\", u.email, u.full_name AS \"fullName\", u.phone_number AS "
    "\"phoneNumber\", "
    "u.organization_id AS \"organizationId\", u.access_role AS \"accessRole\", u.designation, "
    "u.sinch_phone_number AS \"sinchPhoneNumber\", u.department_id AS \"departmentId\", "
    "u.automations, u.call_forwarding_enabled AS \"callForwardingEnabled\", "
    "u.notification_preferences AS \"notificationPreferences\", u.created_at AS \"createdAt\", "
    "u.updated_at AS \"updatedAt\" FROM profiles.users u WHERE u.id = $1",
    {UUIDOID});
pg::Plan persona_plan(
    "SELECT pe.id AS \"_id\", u.full_name AS \"user\", pe.data->>'position' AS position, "
    "u.email AS \"userEmail\", o.name AS organization, o.address AS \"organizationAddress\", "
    "COALESCE(pe.data->>'leadProvider', o.lead_provider) AS \"leadProvider\", "
    "o.website AS \"organizationWebsite\", o.city AS \"organizationCity\", "
    "COALESCE(pe.data->>'region', o.region) AS region, pe.data->>'timezone' AS timezone, "
    "pe.data->>'businessHours' AS \"businessHours\" "
    "FROM profiles.persona pe JOIN profiles.users u ON u.id = pe.user_id "
    "LEFT JOIN profiles.organization o ON o.id = u.organization_id WHERE pe.user_id = $1",
    {UUIDOID});
pg::Plan lock_user_plan("SELECT pg_catalog.to_jsonb(u), u.access_role, u.organization_id, "
                        "COALESCE(o.persona_override, false), o.sms_numbers "
                        "FROM profiles.users u LEFT JOIN profiles.organization o "
                        "ON o.id = u.organization_id WHERE u.id = $1 FOR UPDATE OF u",
                        {UUIDOID});
pg::Plan user_json_plan("SELECT pg_catalog.to_jsonb(u) FROM profiles.users u WHERE u.id = $1",
                        {UUIDOID});
pg::Plan email_taken_plan("SELECT 1 FROM profiles.users u WHERE lower(u.email) = lower($1) "
                          "AND u.id <> $2",
                          {TEXTOID, UUIDOID});
pg::Plan department_plan("SELECT 1 FROM profiles.department d WHERE d.id = $1 "
                         "AND d.organization_id IS NOT DISTINCT FROM $2",
                         {UUIDOID, UUIDOID});
pg::Plan changed_keys_plan("SELECT k FROM pg_catalog.jsonb_object_keys($3) k "
                           "WHERE ($1 -> k) IS DISTINCT FROM ($2 -> k) ORDER BY k",
                           {JSONBOID, JSONBOID, JSONBOID});
pg::Plan
    persona_data_plan("SELECT pe.data FROM profiles.persona pe WHERE pe.user_id = $1 FOR UPDATE",
                      {UUIDOID});
pg::Plan persona_upsert_plan(
    "INSERT INTO profiles.persona AS pe (user_id, data) VALUES ($1, $2) "
    "ON CONFLICT (user_id) DO UPDATE SET data = pe.data || EXCLUDED.data RETURNING pe.data",
    {UUIDOID, JSONBOID});

// Applied as the tables' owner after the checks below; the row is the actor's own.
std::string build_user_update_sql() {
    const char* cols[] = {"full_name",
                          "email",
                          "phone_number",
                          "designation",
                          "sinch_phone_number",
                          "department_id",
                          "access_role",
                          "automations",
                          "call_forwarding_enabled",
                          "notification_preferences"};
    std::string c, v, old;
    for (const char* col : cols) {
        if (!c.empty()) c += ", ", v += ", ", old += ", ";
        c += col;
        v += std::string("r.") + col;
        old += std::string("x.") + col;
    }
    // updated_at moves only when a value really changes.
    return "UPDATE profiles.users AS u SET (" + c + ", updated_at) = ROW(" + v +
           ", CASE WHEN ROW(" + v + ") IS DISTINCT FROM ROW(" + old +
           ") THEN pg_catalog.statement_timestamp() ELSE x.updated_at END) "
           "FROM profiles.users x CROSS JOIN LATERAL "
           "pg_catalog.jsonb_populate_record(x, $2) r WHERE x.id = $1 AND u.id = $1";
}
const std::string user_update_sql = build_user_update_sql();
pg::Plan user_update_plan(user_update_sql.c_str(), {UUIDOID, JSONBOID});

const std::vector<std::pair<std::string, std::string>> kUserFields = {
    {"fullName", "full_name"},
    {"email", "email"},
    {"phoneNumber", "phone_number"},
    {"designation", "designation"},
    {"sinchPhoneNumber", "sinch_phone_number"},
    {"departmentId", "department_id"},
    {"accessRole", "access_role"},
    {"automations", "automations"},
    {"callForwardingEnabled", "call_forwarding_enabled"},
    {"notificationPreferences", "notification_preferences"},
};
const char* kPersonaFields[] = {"position", "region", "timezone", "businessHours", "leadProvider"};

int access_rank(const std::string& role) {
    if (role == "SUPERADMIN") return 4;
    if (role == "ADMIN") return 3;
    if (role == "DEPARTMENT_HEAD") return 2;
    if (role == "SALES_REP") return 1;
    return 0;
}

std::string api_name(const std::string& column) {
    for (const auto& [api, col] : kUserFields)
        if (col == column) return api;
    return column;
}

void write_me(pg::JsonOut& out, pg::Spi& spi, const pg_uuid_t& id) {
    out.begin_object().key("user");
    if (spi.exec(user_plan, {pg::uuid_arg(id)}, 1) == 0)
        pg::raise(ERRCODE_NO_DATA_FOUND, "user not found");
    out.row(SPI_tuptable->vals[0], SPI_tuptable->tupdesc).key("persona");
    if (spi.exec(persona_plan, {pg::uuid_arg(id)}, 1) == 0)
        out.null();
    else
        out.row(SPI_tuptable->vals[0], SPI_tuptable->tupdesc);
    out.end_object();
}

std::vector<std::string> changed_keys(pg::Spi& spi, Datum before, Datum after, Datum keys) {
    uint64 n = spi.exec(changed_keys_plan,
                        {pg::datum_arg(before), pg::datum_arg(after), pg::datum_arg(keys)});
    std::vector<std::string> out;
    SPITupleTable* tt = SPI_tuptable;
    for (uint64 i = 0; i < n; i++) {
        SPI_tuptable = tt;
        out.push_back(pg::Spi::text(i, 1).value_or(""));
    }
    return out;
}

bool text_array_contains(Datum array, const std::string& value) {
    return pg::guard([&] {
        ArrayType* arr = DatumGetArrayTypeP(array);
        Datum* elems;
        bool* nulls;
        int n;
        deconstruct_array(arr, ARR_ELEMTYPE(arr), -1, false, TYPALIGN_INT, &elems, &nulls, &n);
        for (int i = 0; i < n; i++) {
            if (nulls[i]) continue;
            text* t = DatumGetTextPP(elems[i]);
            if ((size_t)VARSIZE_ANY_EXHDR(t) == value.size() &&
                memcmp(VARDATA_ANY(t), value.data(), value.size()) == 0)
                return true;
        }
        return false;
    });
}

// Checks the request against the rules of seed 001; raises with the SQLSTATE the API maps.
void check_update(pg::Spi& spi, const Actor& actor, Jsonb* doc, const std::string& access_role,
                  Datum organization, bool org_null, bool persona_override, Datum sms,
                  bool sms_null) {
    profiles::only_fields(doc, {"fullName", "email", "phoneNumber", "designation",
                                "sinchPhoneNumber", "departmentId", "accessRole", "automations",
                                "callForwardingEnabled", "notificationPreferences", "persona"});
    profiles::optional_string(doc, "fullName", 255);
    profiles::optional_string(doc, "designation", 255);
    if (auto email = pg::jsonb_get_string(doc, "email")) {
        if (!profiles::is_email(*email))
            pg::raise(ERRCODE_INVALID_PARAMETER_VALUE, "email must be a valid e-mail address");
        pg::AsTableOwner owner;
        if (spi.exec(email_taken_plan, {pg::text_arg(*email), pg::uuid_arg(actor.id)}, 1) > 0)
            pg::raise(ERRCODE_UNIQUE_VIOLATION, "email is already taken");
    }
    if (auto phone = pg::jsonb_get_string(doc, "phoneNumber")) {
        if (!profiles::is_e164(*phone))
            pg::raise(ERRCODE_INVALID_PARAMETER_VALUE,
                      "phoneNumber must be in E.164 format, e.g. +14155550199");
        if (!sms_null && text_array_contains(sms, *phone))
            pg::raise(ERRCODE_UNIQUE_VIOLATION,
                      "phoneNumber collides with a provisioned organization SMS number");
    }
    if (auto sinch = pg::jsonb_get_string(doc, "sinchPhoneNumber");
        sinch && !profiles::is_e164(*sinch))
        pg::raise(ERRCODE_INVALID_PARAMETER_VALUE, "sinchPhoneNumber must be in E.164 format");
    if (auto dept = pg::jsonb_get_string(doc, "departmentId")) {
        auto id = pg::parse_uuid(*dept);
        if (!id ||
            spi.exec(department_plan,
                     {pg::uuid_arg(*id), org_null ? pg::null_arg() : pg::datum_arg(organization)},
                     1) == 0)
            pg::raise(ERRCODE_INVALID_PARAMETER_VALUE,
                      "departmentId must be a department of the user's organization");
    }
    if (auto role = pg::jsonb_get_string(doc, "accessRole"); role && *role != access_role) {
        if (access_rank(*role) == 0)
            pg::raise(ERRCODE_INVALID_PARAMETER_VALUE,
                      "accessRole must be SUPERADMIN, ADMIN, DEPARTMENT_HEAD or SALES_REP");
        if (!actor.is_admin()) {
            if (access_rank(access_role) < access_rank("ADMIN"))
                pg::raise(ERRCODE_INSUFFICIENT_PRIVILEGE,
                          "only an admin may change the access role");
            if (access_rank(*role) > access_rank(access_role))
                pg::raise(ERRCODE_INSUFFICIENT_PRIVILEGE, "nobody may raise their own access role");
        }
    }
    for (const char* obj : {"automations", "notificationPreferences"}) {
        auto f = pg::jsonb_get(doc, obj);
        if (f && f->kind != pg::JsonbField::Object)
            pg::raise(ERRCODE_INVALID_PARAMETER_VALUE, std::string(obj) + " must be an object");
    }
    if (auto prefs = pg::jsonb_get(doc, "notificationPreferences")) {
        for (const std::string& k : pg::jsonb_keys(prefs->container))
            if (auto v = pg::jsonb_get(prefs->container, k.c_str());
                !v || v->kind != pg::JsonbField::Bool)
                pg::raise(ERRCODE_INVALID_PARAMETER_VALUE,
                          "notificationPreferences." + k + " must be a boolean");
    }
    profiles::optional_bool(doc, "callForwardingEnabled");
    if (auto persona = pg::jsonb_get(doc, "persona");
        persona && persona->kind != pg::JsonbField::Null) {
        if (persona->kind != pg::JsonbField::Object)
            pg::raise(ERRCODE_INVALID_PARAMETER_VALUE, "persona must be an object");
        Jsonb* p = persona->container;
        profiles::only_fields(p,
                              {"position", "region", "timezone", "businessHours", "leadProvider"});
        for (const char* k : kPersonaFields)
            profiles::optional_string(p, k, 255);
        bool overrides = pg::jsonb_get(p, "businessHours") || pg::jsonb_get(p, "timezone");
        if (overrides && !persona_override)
            pg::raise(ERRCODE_INSUFFICIENT_PRIVILEGE,
                      "persona businessHours and timezone need the organization's override flag");
        if (auto tz = pg::jsonb_get_string(p, "timezone"); tz && !profiles::is_timezone(*tz))
            pg::raise(ERRCODE_INVALID_PARAMETER_VALUE,
                      "persona.timezone must be an IANA time zone such as America/Toronto");
    }
}

} // namespace

// profiles.me_get() returns json: {user, persona} of the acting user
PGP_FUNCTION(profiles_me_get) {
    return pg::entry([&]() -> Datum {
        const Actor& actor = profiles::require_actor();
        pg::JsonOut out;
        pg::Spi spi(pg::Spi::Mode::ReadOnly); // the user and the persona agree
        write_me(out, spi, actor.id);
        return out.finish();
    });
}

// profiles.me_update(doc jsonb) returns json: applies the changes of seed 001 to the acting
// user and its persona in one transaction, logs one profile_updated activity.
PGP_FUNCTION(profiles_me_update) {
    return pg::entry([&]() -> Datum {
        const Actor& actor = profiles::require_actor();
        if (PG_ARGISNULL(0))
            pg::raise(ERRCODE_INVALID_PARAMETER_VALUE, "a JSON object is required");
        Jsonb* doc = pg::guard([&] { return PG_GETARG_JSONB_P(0); });
        pg::JsonOut out;
        pg::Spi spi;
        Datum before;
        std::string access_role;
        Datum org, sms;
        bool org_null, sms_null, override_flag;
        {
            pg::AsTableOwner owner;
            if (spi.exec(lock_user_plan, {pg::uuid_arg(actor.id)}, 1) == 0)
                pg::raise(ERRCODE_NO_DATA_FOUND, "user not found");
            bool isnull;
            before = pg::Spi::value(0, 1, &isnull);
            access_role = pg::Spi::text(0, 2).value_or("");
            org = pg::Spi::value(0, 3, &org_null);
            override_flag = pg::Spi::boolean(0, 4);
            sms = pg::Spi::value(0, 5, &sms_null);
        }
        check_update(spi, actor, doc, access_role, org, org_null, override_flag, sms, sms_null);

        std::vector<std::string> updated;
        Jsonb* user_patch = pg::jsonb_rename_keys(doc, kUserFields);
        if (JB_ROOT_COUNT(user_patch) > 0) {
            pg::AsTableOwner owner;
            spi.exec(user_update_plan,
                     {pg::uuid_arg(actor.id), pg::datum_arg(PointerGetDatum(user_patch))});
            spi.exec(user_json_plan, {pg::uuid_arg(actor.id)}, 1);
            bool isnull;
            Datum after = pg::Spi::value(0, 1, &isnull);
            for (const std::string& col :
                 changed_keys(spi, before, after, PointerGetDatum(user_patch)))
                updated.push_back(api_name(col));
        }
        if (auto persona = pg::jsonb_get(doc, "persona"); persona &&
                                                          persona->kind == pg::JsonbField::Object &&
                                                          JB_ROOT_COUNT(persona->container) > 0) {
            Datum old_data = (Datum)0;
            bool had_persona = spi.exec(persona_data_plan, {pg::uuid_arg(actor.id)}, 1) > 0;
            bool isnull = true;
            if (had_persona) old_data = pg::Spi::value(0, 1, &isnull);
            spi.exec(persona_upsert_plan,
                     {pg::uuid_arg(actor.id), pg::datum_arg(PointerGetDatum(persona->container))});
            Datum new_data = pg::Spi::value(0, 1, &isnull);
            if (!had_persona) {
                for (const std::string& k : pg::jsonb_keys(persona->container))
                    updated.push_back("persona." + k);
            } else {
                for (const std::string& k :
                     changed_keys(spi, old_data, new_data, PointerGetDatum(persona->container)))
                    updated.push_back("persona." + k);
            }
        }
        if (!updated.empty())
            profiles::write_activity("profile_updated", "profile", &actor.id,
                                     profiles::activity_metadata(updated));
        write_me(out, spi, actor.id);
        return out.finish();
    });
}
