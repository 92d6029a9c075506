// Seed 003 context and get: who the actor is, what it may do, and a profile in sections with
// can_edit computed by the same rule that guards updates.
#include "profile_store.hpp"
#include "validate.hpp"

extern "C" {
#include "catalog/pg_type.h"
}

#include <algorithm>
#include <string>
#include <vector>

namespace {

using profiles::Actor;

pg::Plan actor_plan(
    "SELECT COALESCE(p.name, u.full_name, u.email::text) AS name, u.role, "
    "NOT u.disabled AND u.deleted_at IS NULL AND COALESCE(p.enabled, true) AS active, "
    "u.department_id, p.team_id, u.access_role, pe.id AS persona_id, p.preferences -> 'theme' "
    "FROM profiles.users u LEFT JOIN profiles.profile p ON p.id = u.id "
    "LEFT JOIN profiles.persona pe ON pe.user_id = u.id WHERE u.id = $1",
    {UUIDOID});
pg::Plan target_plan(
    "SELECT p.id, u.role, u.access_role, p.team_id, p.first_name, p.middle_name, p.last_name, "
    "p.name, p.display_name, p.email, p.request_limit, p.enabled, p.tags, p.version, "
    "u.disabled OR u.deleted_at IS NOT NULL AS user_disabled, u.organization_id "
    "FROM profiles.users u LEFT JOIN profiles.profile p ON p.id = u.id WHERE u.id = $1",
    {UUIDOID});
pg::Plan contact_emails_plan("SELECT c.id, c.value FROM profiles.contact c WHERE c.profile_id = $1 "
                             "AND c.key = 'email' ORDER BY c.seq",
                             {UUIDOID});
pg::Plan departments_plan("SELECT d.id, d.name FROM profiles.department d "
                          "WHERE d.organization_id IS NOT DISTINCT FROM $1 ORDER BY d.name, d.id",
                          {UUIDOID});
pg::Plan draft_plan("SELECT d.version, d.form_state, d.target_profile_id FROM profiles.draft d "
                    "WHERE d.id = $1 AND d.owner_id = $2",
                    {UUIDOID, UUIDOID});

const char* kAllSections[] = {"names", "emails", "request_limits", "flags", "departments", "roles"};
const char* kAdminRoles[] = {"consumer", "standard_user", "internal_admin"};

std::vector<std::string> role_artifacts(const Actor& a) {
    std::vector<std::string> v = {"profiles"};
    if (a.is_admin()) {
        v.insert(v.end(),
                 {"profiles.admin", "profiles.bulk", "profiles.export", "profiles.refresh"});
    }
    if (a.real_is_admin()) v.push_back("profiles.emulation");
    return v;
}

void string_array(pg::JsonOut& out, const std::vector<std::string>& v) {
    out.begin_array();
    for (const auto& s : v)
        out.string(s);
    out.end_array();
}

void role_resources(pg::JsonOut& out, const Actor& a) {
    out.begin_array();
    out.begin_object().key("resource").string("profile").key("actions");
    if (a.is_admin())
        string_array(out, {"context", "get", "search", "create", "update", "delete", "duplicate",
                           "draft", "drafts", "docs", "export", "refresh"});
    else
        string_array(out, {"context", "get", "search", "update", "delete", "draft", "drafts",
                           "docs", "export"});
    out.key("scope").string(a.is_admin() ? "all" : "own").end_object();
    if (a.real_is_admin()) {
        out.begin_object().key("resource").string("emulation").key("actions");
        string_array(out, {"emulate", "unemulate"});
        out.key("scope").string("all").end_object();
    }
    out.end_array();
}

std::string uuid_or_empty(bool isnull, Datum d) {
    return isnull ? "" : pg::uuid_text(*DatumGetUUIDP(d));
}

} // namespace

// profiles.profile_context(department_id uuid) returns json: identity, permissions and theme.
PGP_FUNCTION(profiles_profile_context) {
    return pg::entry([&]() -> Datum {
        const Actor& actor = profiles::require_actor();
        std::optional<pg_uuid_t> scope;
        if (!PG_ARGISNULL(0)) scope = *PG_GETARG_UUID_P(0);
        pg::JsonOut out;
        pg::Spi spi;
        {
            pg::AsTableOwner owner; // the actor's own row, whatever its profile's visibility
            if (spi.exec(actor_plan, {pg::uuid_arg(actor.id)}, 1) == 0)
                pg::raise(ERRCODE_NO_DATA_FOUND, "user not found");
        }
        bool isnull;
        Datum d = pg::Spi::value(0, 4, &isnull);
        std::string primary = uuid_or_empty(isnull, d);
        d = pg::Spi::value(0, 5, &isnull);
        std::string team = uuid_or_empty(isnull, d);
        std::vector<std::string> departments;
        if (!primary.empty()) departments.push_back(primary);
        if (!team.empty() && team != primary) departments.push_back(team);
        std::string scope_text = scope ? pg::uuid_text(*scope) : "";
        bool in_scope =
            !scope || actor.is_admin() ||
            std::find(departments.begin(), departments.end(), scope_text) != departments.end();
        if (scope) {
            std::vector<std::string> scoped;
            for (const auto& d : departments)
                if (d == scope_text) scoped.push_back(d);
            departments = scoped;
        }
        out.begin_object().key("id").string(pg::uuid_text(actor.id));
        out.key("name").last_result_column(0, 1);
        out.key("role").string(actor.role);
        out.key("active").boolean(pg::Spi::boolean(0, 3));
        out.key("role_artifacts");
        string_array(out, role_artifacts(actor));
        out.key("available_sections").begin_array();
        for (const char* s : kAllSections)
            if (actor.is_admin() || std::string(s) != "roles") out.string(s);
        out.end_array();
        out.key("scoped_roles");
        auto access = pg::Spi::text(0, 6).value_or("");
        string_array(out, in_scope ? std::vector<std::string>{actor.role, access}
                                   : std::vector<std::string>{});
        out.key("department_ids");
        string_array(out, departments);
        out.key("primary_department_id");
        if (primary.empty() || (scope && primary != scope_text))
            out.null();
        else
            out.string(primary);
        out.key("settings_id");
        Datum persona = pg::Spi::value(0, 7, &isnull);
        out.datum(persona, isnull, UUIDOID);
        out.key("theme");
        Datum theme = pg::Spi::value(0, 8, &isnull);
        bool custom = false;
        if (!isnull) {
            // Detoasting can raise: inside the wall.
            custom = pg::guard([&] { return pg::jsonb_is_object(DatumGetJsonbP(theme)); });
        }
        if (custom)
            out.datum(theme, false, JSONBOID);
        else
            out.begin_object()
                .key("mode")
                .string("light")
                .key("primary_color")
                .string("#2563eb")
                .key("density")
                .string("comfortable")
                .end_object();
        out.key("session_id");
        if (actor.session_id.empty())
            out.null();
        else
            out.string(actor.session_id);
        out.key("is_emulation").boolean(actor.is_emulating());
        out.key("emulation_depth").integer(actor.emulation_depth);
        out.key("role_resources");
        role_resources(out, actor);
        out.end_object();
        return out.finish();
    });
}

// profiles.profile_sections(target_profile_id uuid, draft_id uuid) returns json: the profile in
// sections, can_edit/disabled_reason and, with a draft, the draft's state over the profile.
PGP_FUNCTION(profiles_profile_sections) {
    return pg::entry([&]() -> Datum {
        const Actor& actor = profiles::require_actor();
        std::optional<pg_uuid_t> draft_id;
        if (!PG_ARGISNULL(1)) draft_id = *PG_GETARG_UUID_P(1);
        pg::JsonOut out;
        pg::Spi spi(pg::Spi::Mode::ReadOnly); // draft, profile and choices from one snapshot
        Datum form_state = (Datum)0;
        bool has_draft = false;
        long long draft_version = 0;
        pg_uuid_t target = PG_ARGISNULL(0) ? actor.id : *PG_GETARG_UUID_P(0);
        if (draft_id) {
            if (spi.exec(draft_plan, {pg::uuid_arg(*draft_id), pg::uuid_arg(actor.id)}, 1) == 0)
                pg::raise(ERRCODE_NO_DATA_FOUND, "draft not found");
            bool isnull;
            draft_version = pg::Spi::int8(0, 1);
            form_state = pg::Spi::value(0, 2, &isnull);
            Datum t = pg::Spi::value(0, 3, &isnull);
            if (!isnull) {
                pg_uuid_t draft_target = *DatumGetUUIDP(t);
                if (PG_ARGISNULL(0))
                    target = draft_target;
                else if (!pg::uuid_equal(target, draft_target))
                    pg::raise(ERRCODE_INVALID_PARAMETER_VALUE,
                              "the draft belongs to another profile");
            }
            has_draft = true;
        }
        profiles::require_own_or_admin(actor, target);
        {
            pg::AsTableOwner owner; // existence of the user, after the ownership check
            if (spi.exec(target_plan, {pg::uuid_arg(target)}, 1) == 0)
                pg::raise(ERRCODE_NO_DATA_FOUND, "profile not found");
        }
        SPITupleTable* row = SPI_tuptable;
        auto col = [&](int c, bool* isnull) {
            return SPI_getbinval(row->vals[0], row->tupdesc, c, isnull);
        };
        bool isnull;
        col(1, &isnull);
        bool exists = !isnull;
        bool user_disabled = DatumGetBool(col(15, &isnull));
        bool enabled = exists && DatumGetBool(col(12, &isnull));
        std::string disabled_reason;
        if (!exists)
            disabled_reason = "the profile does not exist";
        else if (user_disabled)
            disabled_reason = "the user is disabled";
        bool can_edit = disabled_reason.empty(); // ownership was checked above, as update does
        (void)enabled;
        std::vector<std::string> role_options;
        if (actor.is_admin()) role_options.assign(std::begin(kAdminRoles), std::end(kAdminRoles));
        // A large draft is stored out of line: fetching and decompressing it can raise.
        Jsonb* draft = has_draft ? pg::guard([&] { return DatumGetJsonbP(form_state); }) : nullptr;

        out.begin_object().key("actor_name");
        {
            // the actor's display name
            SPITupleTable* keep = SPI_tuptable;
            pg::AsTableOwner owner;
            spi.exec(actor_plan, {pg::uuid_arg(actor.id)}, 1);
            out.last_result_column(0, 1);
            SPI_tuptable = keep;
        }
        out.key("profile_exists").boolean(exists).key("can_edit").boolean(can_edit);
        out.key("disabled_reason");
        if (disabled_reason.empty())
            out.null();
        else
            out.string(disabled_reason);
        out.key("draft_version");
        if (has_draft)
            out.integer(draft_version);
        else
            out.null();
        out.key("group_id").column(row->vals[0], row->tupdesc, 4);
        out.key("profile_id").string(pg::uuid_text(target));
        out.key("role").column(row->vals[0], row->tupdesc, 2);
        out.key("role_options");
        string_array(out, role_options);
        out.key("basic_show_ai_generate").boolean(can_edit);
        out.key("general_show_ai_generate").boolean(can_edit && actor.is_admin());
        if (!exists) {
            for (const char* s : kAllSections)
                out.key(s).null();
            out.end_object();
            return out.finish();
        }
        auto draft_or = [&](const char* key, int column) {
            if (draft) {
                if (auto f = pg::jsonb_get(draft, key)) {
                    if (f->kind == pg::JsonbField::String) {
                        out.string(f->text);
                        return;
                    }
                    if (f->kind == pg::JsonbField::Number) {
                        out.raw(f->text.data(), f->text.size());
                        return;
                    }
                    if (f->kind == pg::JsonbField::Null) {
                        out.null();
                        return;
                    }
                }
            }
            out.column(row->vals[0], row->tupdesc, column);
        };
        out.key("names").begin_object();
        out.key("name");
        draft_or("name", 8);
        out.key("first_name").column(row->vals[0], row->tupdesc, 5);
        out.key("middle_name").column(row->vals[0], row->tupdesc, 6);
        out.key("last_name").column(row->vals[0], row->tupdesc, 7);
        out.key("display_name").column(row->vals[0], row->tupdesc, 9);
        out.end_object();
        out.key("emails").begin_object().key("email");
        draft_or("email", 10);
        spi.exec(contact_emails_plan, {pg::uuid_arg(target)});
        out.key("contacts").rows_of_last_result().end_object();
        out.key("request_limits").begin_object().key("request_limit");
        draft_or("request_limit", 11);
        out.end_object();
        out.key("flags").begin_object().key("enabled").column(row->vals[0], row->tupdesc, 12);
        out.key("tags").column(row->vals[0], row->tupdesc, 13).end_object();
        out.key("departments").begin_object().key("department_ids").begin_array();
        Datum team = col(4, &isnull);
        if (!isnull) out.datum(team, false, UUIDOID);
        out.end_array().key("options");
        Datum org = col(16, &isnull);
        spi.exec(departments_plan, {isnull ? pg::null_arg() : pg::datum_arg(org)});
        out.rows_of_last_result().end_object();
        out.key("roles");
        if (actor.is_admin()) {
            out.begin_object().key("role").column(row->vals[0], row->tupdesc, 2);
            out.key("access_role").column(row->vals[0], row->tupdesc, 3).key("options");
            string_array(out, role_options);
            out.end_object();
        } else {
            out.null();
        }
        out.end_object();
        return out.finish();
    });
}
