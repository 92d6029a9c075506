// Seed 003 search: trigram-indexed text search over name and e-mail with cohort (tag),
// department and role filters, exact totals and facet counts. Row-level security limits
// non-admins to what they may see.
#include "identity.hpp"
#include "json_out.hpp"
#include "validate.hpp"

extern "C" {
#include "catalog/pg_type.h"
#include "utils/array.h"
#include "utils/builtins.h"
}

#include <string>
#include <vector>

namespace {

// Filters, all as parameters: $1 search pattern (LIKE, lower case), $2 cohort tags (any of),
// $3 department ids (any of), $4 role, $5 cohort pattern; visibility: $6 the actor is an
// admin, $7 the actor. These queries run as the tables' owner with that visibility rule
// written out (the one row-level security enforces), because under row-level security the
// non-leakproof LIKE could not use the trigram index and every search would scan the table.
// The user row is joined only where its role is shown or grouped on: the planner cannot drop
// an inner join, and joining every match to users made counts scan that table.
#define SEARCH_FROM "FROM profiles.profile p LEFT JOIN profiles.department d ON d.id = p.team_id "
#define ROLE_OF_P "(SELECT u.role FROM profiles.users u WHERE u.id = p.id)"
#define SEARCH_WHERE                                                                               \
    "WHERE ($1::text IS NULL OR pg_catalog.lower(COALESCE(p.name, '') || ' ' || "                  \
    "COALESCE(p.email::text, '')) LIKE $1) "                                                       \
    "AND ($2::text[] IS NULL OR p.tags && $2) "                                                    \
    "AND ($3::uuid[] IS NULL OR p.team_id = ANY ($3)) "                                            \
    "AND ($4::text IS NULL OR " ROLE_OF_P " = $4) "                                                \
    "AND ($5::text IS NULL OR EXISTS (SELECT 1 FROM pg_catalog.unnest(p.tags) t "                  \
    "WHERE pg_catalog.lower(t) LIKE $5)) "                                                         \
    "AND ($6::boolean OR p.id = $7::uuid) "

pg::Plan page_plan("SELECT p.id AS profile_id, p.name, p.email, " ROLE_OF_P " AS role, p.enabled, "
                   "p.team_id AS department_id, d.name AS department_name, p.tags, p.created_at, "
                   "p.updated_at " SEARCH_FROM SEARCH_WHERE
                   "ORDER BY p.name NULLS LAST, p.id LIMIT $8 OFFSET $9",
                   {TEXTOID, TEXTARRAYOID, UUIDARRAYOID, TEXTOID, TEXTOID, BOOLOID, UUIDOID,
                    INT8OID, INT8OID});
pg::Plan count_plan("SELECT pg_catalog.count(*) " SEARCH_FROM SEARCH_WHERE,
                    {TEXTOID, TEXTARRAYOID, UUIDARRAYOID, TEXTOID, TEXTOID, BOOLOID, UUIDOID});
// Facets count what matches every filter except their own; $6 narrows the options shown.
pg::Plan department_facet_plan(
    "SELECT d.id, d.name, pg_catalog.count(p.id) AS count " SEARCH_FROM
    "WHERE ($1::text IS NULL OR pg_catalog.lower(COALESCE(p.name, '') || ' ' || "
    "COALESCE(p.email::text, '')) LIKE $1) AND ($2::text[] IS NULL OR p.tags && $2) "
    "AND ($3::uuid[] IS NULL OR true) AND ($4::text IS NULL OR " ROLE_OF_P " = $4) "
    "AND ($5::text IS NULL OR EXISTS (SELECT 1 FROM pg_catalog.unnest(p.tags) t "
    "WHERE pg_catalog.lower(t) LIKE $5)) AND d.id IS NOT NULL "
    "AND ($6::boolean OR p.id = $7::uuid) "
    "AND ($8::text IS NULL OR pg_catalog.lower(d.name) LIKE $8) "
    "GROUP BY d.id, d.name ORDER BY d.name, d.id",
    {TEXTOID, TEXTARRAYOID, UUIDARRAYOID, TEXTOID, TEXTOID, BOOLOID, UUIDOID, TEXTOID});
pg::Plan role_facet_plan(
    "SELECT u.role AS id, u.role AS name, pg_catalog.count(*) AS count " SEARCH_FROM
    "JOIN profiles.users u ON u.id = p.id "
    "WHERE ($1::text IS NULL OR pg_catalog.lower(COALESCE(p.name, '') || ' ' || "
    "COALESCE(p.email::text, '')) LIKE $1) AND ($2::text[] IS NULL OR p.tags && $2) "
    "AND ($3::uuid[] IS NULL OR p.team_id = ANY ($3)) AND ($4::text IS NULL OR true) "
    "AND ($5::text IS NULL OR EXISTS (SELECT 1 FROM pg_catalog.unnest(p.tags) t "
    "WHERE pg_catalog.lower(t) LIKE $5)) "
    "AND ($6::boolean OR p.id = $7::uuid) "
    "AND ($8::text IS NULL OR pg_catalog.lower(u.role) LIKE $8) "
    "GROUP BY u.role ORDER BY u.role",
    {TEXTOID, TEXTARRAYOID, UUIDARRAYOID, TEXTOID, TEXTOID, BOOLOID, UUIDOID, TEXTOID});
// Unfiltered facet counts for admins come from the materialized view (see refresh).
pg::Plan cached_facet_plan("SELECT f.key AS id, f.label AS name, f.count FROM "
                           "profiles.directory_facets f WHERE f.kind = $1 "
                           "AND ($2::text IS NULL OR pg_catalog.lower(f.label) LIKE $2) "
                           "ORDER BY f.label, f.key",
                           {TEXTOID, TEXTOID});
pg::Plan
    actor_name_plan("SELECT COALESCE(p.name, u.full_name, u.email::text) FROM profiles.users u "
                    "LEFT JOIN profiles.profile p ON p.id = u.id WHERE u.id = $1",
                    {UUIDOID});

// '%term%' for LIKE, lower-cased, with LIKE's metacharacters escaped.
std::optional<std::string> contains_pattern(const std::optional<std::string>& term) {
    if (!term || term->empty()) return std::nullopt;
    std::string p = "%";
    for (char c : *term) {
        if (c == '%' || c == '_' || c == '\\') p += '\\';
        p += (char)tolower((unsigned char)c);
    }
    return p + "%";
}

std::vector<std::string> string_array(Jsonb* doc, const char* key) {
    std::vector<std::string> out;
    auto f = pg::jsonb_get(doc, key);
    if (!f || f->kind == pg::JsonbField::Null) return out;
    if (f->kind != pg::JsonbField::Array)
        pg::raise(ERRCODE_INVALID_PARAMETER_VALUE,
                  std::string(key) + " must be an array of strings");
    int n = (int)JB_ROOT_COUNT(f->container);
    for (int i = 0; i < n; i++) {
        JsonbValue v;
        bool ok = pg::guard([&] {
            JsonbValue* e = getIthJsonbValueFromContainer(&f->container->root, i);
            if (!e || e->type != jbvString) return false;
            v = *e;
            return true;
        });
        if (!ok)
            pg::raise(ERRCODE_INVALID_PARAMETER_VALUE,
                      std::string(key) + " must be an array of strings");
        out.emplace_back(v.val.string.val, v.val.string.len);
    }
    return out;
}

pg::Arg array_arg(const std::vector<std::string>& values, Oid element) {
    if (values.empty()) return pg::null_arg();
    std::vector<Datum> datums;
    for (const std::string& s : values) {
        if (element == UUIDOID) {
            auto id = pg::parse_uuid(s);
            if (!id)
                pg::raise(ERRCODE_INVALID_TEXT_REPRESENTATION,
                          "invalid department id \"" + s + "\"");
            datums.push_back(pg::uuid_arg(*id).value);
        } else {
            datums.push_back(pg::text_arg(s).value);
        }
    }
    return pg::Arg{pg::guard([&] {
                       return PointerGetDatum(
                           element == UUIDOID ? construct_array(datums.data(), (int)datums.size(),
                                                                UUIDOID, 16, false, TYPALIGN_CHAR)
                                              : construct_array(datums.data(), (int)datums.size(),
                                                                TEXTOID, -1, false, TYPALIGN_INT));
                   }),
                   false};
}

pg::Arg text_or_null(const std::optional<std::string>& s) {
    return s ? pg::text_arg(*s) : pg::null_arg();
}

void write_facet(pg::JsonOut& out, const std::vector<std::string>& selected) {
    out.begin_object().key("options").rows_of_last_result().key("selected").begin_array();
    for (const std::string& s : selected)
        out.string(s);
    out.end_array().end_object();
}

} // namespace

// profiles.search_profiles(request jsonb) returns json {actor_name, profiles, department_filter,
// role_filter, total_count}
PGP_FUNCTION(profiles_search_profiles) {
    return pg::entry([&]() -> Datum {
        const profiles::Actor& actor = profiles::require_actor();
        Jsonb* req = PG_ARGISNULL(0) ? nullptr : pg::guard([&] { return PG_GETARG_JSONB_P(0); });
        std::optional<std::string> search, role, cohort_search, department_search, role_search;
        std::vector<std::string> cohorts, departments;
        long long page_size = 25, page_offset = 0;
        if (req) {
            profiles::only_fields(req, {"search", "cohort_ids", "filter_department_ids",
                                        "role_filter", "cohort_search", "department_search",
                                        "role_search", "page_size", "page_offset"});
            search = profiles::optional_string(req, "search", 255);
            role = profiles::optional_string(req, "role_filter", 64);
            cohort_search = profiles::optional_string(req, "cohort_search", 255);
            department_search = profiles::optional_string(req, "department_search", 255);
            role_search = profiles::optional_string(req, "role_search", 255);
            cohorts = string_array(req, "cohort_ids");
            departments = string_array(req, "filter_department_ids");
            page_size = pg::jsonb_get_integer(req, "page_size").value_or(25);
            page_offset = pg::jsonb_get_integer(req, "page_offset").value_or(0);
        }
        if (page_size < 1 || page_size > 200)
            pg::raise(ERRCODE_INVALID_PARAMETER_VALUE, "page_size must be between 1 and 200");
        if (page_offset < 0)
            pg::raise(ERRCODE_INVALID_PARAMETER_VALUE, "page_offset must not be negative");
        if (role && role->empty()) role.reset();

        pg::Arg args[5] = {text_or_null(contains_pattern(search)), array_arg(cohorts, TEXTOID),
                           array_arg(departments, UUIDOID), text_or_null(role),
                           text_or_null(contains_pattern(cohort_search))};
        bool unfiltered =
            !search && cohorts.empty() && departments.empty() && !role && !cohort_search;
        pg::Arg all = pg::bool_arg(actor.is_admin()), self = pg::uuid_arg(actor.id);

        pg::JsonOut out;
        pg::Spi spi;
        out.begin_object().key("actor_name");
        spi.exec(actor_name_plan, {pg::uuid_arg(actor.id)}, 1);
        if (SPI_processed)
            out.last_result_column(0, 1);
        else
            out.null();
        {
            pg::AsTableOwner owner; // visibility is in the query (see SEARCH_WHERE)
            spi.exec(page_plan, {args[0], args[1], args[2], args[3], args[4], all, self,
                                 pg::int8_arg(page_size), pg::int8_arg(page_offset)});
        }
        out.key("profiles").rows_of_last_result();

        auto facet = [&](pg::Plan& live, const char* kind, const std::optional<std::string>& narrow,
                         const std::vector<std::string>& selected) {
            if (unfiltered && actor.is_admin()) {
                pg::AsTableOwner owner;
                spi.exec(cached_facet_plan,
                         {pg::text_arg(kind), text_or_null(contains_pattern(narrow))});
            } else {
                pg::AsTableOwner owner; // visibility is in the query (see SEARCH_WHERE)
                spi.exec(live, {args[0], args[1], args[2], args[3], args[4], all, self,
                                text_or_null(contains_pattern(narrow))});
            }
            write_facet(out, selected);
        };
        out.key("department_filter");
        facet(department_facet_plan, "department", department_search, departments);
        out.key("role_filter");
        std::vector<std::string> roles;
        if (role) roles.push_back(*role);
        facet(role_facet_plan, "role", role_search, roles);

        {
            pg::AsTableOwner owner;
            spi.exec(count_plan, {args[0], args[1], args[2], args[3], args[4], all, self});
        }
        out.key("total_count").integer(pg::Spi::int8(0, 1)).end_object();
        return out.finish();
    });
}
