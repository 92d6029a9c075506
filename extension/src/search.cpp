// Seed 003 search: trigram-indexed text search over name and e-mail with cohort (tag),
// department and role filters, a total and facet counts (exact up to kCountCap matches, then
// flagged as capped) and an exact page. Non-admins see only what row-level security lets them.
//
// Page order: the profiles whose lower-cased name begins with the search text come first, then
// the other matches; each group by lower-cased name in code-point order (COLLATE "C", the same
// in every database), then id; nameless profiles last. Best matches first is what a search box
// is typed into for, and it is what lets a capped search read its page from an index: the first
// group is one range of profile_name_order_idx.
#include "identity.hpp"
#include "json_out.hpp"
#include "prefix_range.hpp"
#include "validate.hpp"

extern "C" {
#include "catalog/pg_collation.h"
#include "catalog/pg_type.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/formatting.h"
}

#include <algorithm>
#include <climits>
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
//
// A profile's role, read from users_other_role_idx: most users have the default role, and a
// lookup in that small partial index costs a fraction of one in the users primary key (a
// capped search looks up the role of each of its 1,001 sampled matches for the role facet).
// Exact: every profile has its user (profile.id references users.id) and role is NOT NULL, so
// a user missing from the index has the default role.
#define ROLE_OF(t)                                                                                 \
    "COALESCE((SELECT u.role FROM profiles.users u WHERE u.id = " t ".id "                         \
    "AND u.role <> 'standard_user'), 'standard_user')"
#define ROLE_OF_P ROLE_OF("p")
#define ROLE_OF_S ROLE_OF("s")
#define SEARCH_WHERE                                                                               \
    "WHERE ($1::text IS NULL OR pg_catalog.lower(COALESCE(p.name, '') || ' ' || "                  \
    "COALESCE(p.email::text, '')) LIKE $1) "                                                       \
    "AND ($2::text[] IS NULL OR p.tags && $2) "                                                    \
    "AND ($3::uuid[] IS NULL OR p.team_id = ANY ($3)) "                                            \
    "AND ($4::text IS NULL OR " ROLE_OF_P " = $4) "                                                \
    "AND ($5::text IS NULL OR EXISTS (SELECT 1 FROM pg_catalog.unnest(p.tags) t "                  \
    "WHERE pg_catalog.lower(t) LIKE $5)) "                                                         \
    "AND ($6::boolean OR p.id = $7::uuid) "

// The page order's name key, and the whole order over rows whose column k holds that key; p is
// the parameter holding the lower-cased search text (NULL: one group). The key is computed once
// per row (or read from profile_name_order_idx), not once per use: lower() is most of the cost
// of ordering a thousand matches.
#define NAME_KEY(t) "pg_catalog.lower(" t ".name) COLLATE \"C\""
#define PAGE_ORDER(t, p) "pg_catalog.starts_with(" t ".k, " p ") IS NOT TRUE, " t ".k, " t ".id"
#define NAME_KEY_P NAME_KEY("p")
#define LAST_NAME_KEY_P "pg_catalog.lower(p.last_name) COLLATE \"C\""
#define LAST_NAME_ORDER "ORDER BY " LAST_NAME_KEY_P ", p.id "
#define PAGE_ORDER_M PAGE_ORDER("m", "$13")
#define PAGE_ORDER_T PAGE_ORDER("t", "$11")

// Counts (the total, the facet options) are exact up to kCountCap matching profiles; past it
// they are counted over a bounded sample and flagged, so a broad term costs at most about
// kCountCap row visits instead of one per match.
constexpr long long kCountCap = 1000;
// The page of a capped search is read from profile_name_order_idx: the first group as one range
// of it, the rest from at most this many entries (a prefix of the order), then, when the page is
// not complete in that prefix, from the matches themselves.
constexpr long long kOrderedScanBudget = 10000;

// One pass over the matches, from which the page, both facets and the total are computed:
// the matches of the search, cohort and visibility filters that are in the department filter
// or in the role filter (each facet ignores its own filter), at most $12 of them, with their
// name, department and role. Rows: (0, total, sample size), then (1, page ids in order), then
// (2, department options), then (3, role options). $8/$9 narrow the department/role options,
// $10/$11 are page size and offset, $13 the lower-cased search text (the page order). The page's
// ids are numbered in the order of their sorted, limited subquery (row_number() OVER () keeps its
// input order), and the final ORDER BY keeps that number. scan is a SELECT_MATCHES.
// What every scan of the matches yields: (id, k, team_id), k the name key.
#define SELECT_MATCHES "SELECT p.id, " NAME_KEY_P " AS k, p.team_id FROM profiles.profile p "
#define MATCHES_IN_DEPARTMENT "($3::uuid[] IS NULL OR m.team_id = ANY ($3))"
#define MATCHES_IN_ROLE "($4::text IS NULL OR m.role = $4)"
#define MATCHES_PASS(scan)                                                                         \
    "WITH m AS MATERIALIZED (SELECT s.id, s.k, s.team_id, d.name AS "                              \
    "department_name, " ROLE_OF_S " AS role "                                                      \
    "FROM (" scan ") s LEFT JOIN profiles.department d ON d.id = s.team_id LIMIT $12) "            \
    "SELECT 0 AS part, NULL::text AS id, NULL::text AS name, "                                     \
    "pg_catalog.count(*) FILTER (WHERE " MATCHES_IN_DEPARTMENT " AND " MATCHES_IN_ROLE             \
    ") AS count, "                                                                                 \
    "pg_catalog.count(*) AS sample, NULL::bigint AS k0, NULL::text AS k1, NULL::uuid AS k2 FROM "  \
    "m "                                                                                           \
    "UNION ALL "                                                                                   \
    "SELECT 1, g.id::text, NULL, NULL, NULL, pg_catalog.row_number() OVER (), NULL, NULL "         \
    "FROM (SELECT m.id FROM m WHERE " MATCHES_IN_DEPARTMENT " AND " MATCHES_IN_ROLE " "            \
    "ORDER BY " PAGE_ORDER_M " LIMIT $10 OFFSET $11) g "                                           \
    "UNION ALL "                                                                                   \
    "SELECT 2, m.team_id::text, m.department_name, pg_catalog.count(*), NULL, NULL, "              \
    "m.department_name, m.team_id FROM m WHERE m.department_name IS NOT NULL AND " MATCHES_IN_ROLE \
    " AND ($8::text IS NULL OR pg_catalog.lower(m.department_name) LIKE $8) "                      \
    "GROUP BY m.team_id, m.department_name "                                                       \
    "UNION ALL "                                                                                   \
    "SELECT 3, m.role, m.role, pg_catalog.count(*), NULL, NULL, m.role, NULL FROM m "              \
    "WHERE " MATCHES_IN_DEPARTMENT " AND ($9::text IS NULL OR pg_catalog.lower(m.role) LIKE $9) "  \
    "GROUP BY m.role "                                                                             \
    "ORDER BY 1, 6, 7, 8"
#define MATCHES_PASS_TYPES                                                                         \
    TEXTOID, TEXTARRAYOID, UUIDARRAYOID, TEXTOID, TEXTOID, BOOLOID, UUIDOID, TEXTOID, TEXTOID,     \
        INT8OID, INT8OID, INT8OID, TEXTOID
// The matches through the trigram index. The scan is a subquery (OFFSET 0 keeps it one) joined
// to department (whose name m keeps, so that the join stays), and the LIMIT is outside: the
// planner then plans that scan for all its rows, i.e. through the trigram index for any term it
// does not expect in most rows, and the LIMIT stops it early. With the LIMIT over the scan
// itself, a term estimated in a few percent of rows made a sequential scan look cheaper (it
// expects the first matches early), which reads most of the table when the estimate is high.
pg::Plan matches_plan(
    MATCHES_PASS(SELECT_MATCHES
                 "WHERE ($1::text IS NULL OR pg_catalog.lower(COALESCE(p.name, '') || ' ' || "
                 "COALESCE(p.email::text, '')) LIKE $1) "
                 "AND ($2::text[] IS NULL OR p.tags && $2) "
                 "AND ($5::text IS NULL OR EXISTS (SELECT 1 FROM pg_catalog.unnest(p.tags) t "
                 "WHERE pg_catalog.lower(t) LIKE $5)) "
                 "AND ($6::boolean OR p.id = $7::uuid) "
                 "AND ($3::uuid[] IS NULL OR $4::text IS NULL OR p.team_id = ANY ($3) "
                 "OR " ROLE_OF_P " = $4) "
                 "OFFSET 0"),
    {MATCHES_PASS_TYPES});
// The same pass over the first $12 profiles of the first group (names in [$13, $14), see
// first_group_plan), read in page order from profile_name_order_idx, for a search with only a
// term (no cohort, department or role filter) whose first group alone has more than kCountCap
// profiles. Those are matches too, so the total is capped all the same and the facets are
// counted over them; reading them costs an index entry each, where the trigram index would
// first collect every match of the term (tens of thousands for the start of a common name).
// They are the first $12 profiles of the page order, so a page within them is exact.
pg::Plan first_group_matches_plan(MATCHES_PASS(SELECT_MATCHES
                                               "WHERE ($6::boolean OR p.id = $7::uuid) "
                                               "AND " NAME_KEY_P " >= $13 AND " NAME_KEY_P " < $14 "
                                               "ORDER BY " NAME_KEY_P ", p.id LIMIT $12"),
                                  {MATCHES_PASS_TYPES, TEXTOID}, pg::Plan::Replan::Generic);
// The same pass over the first $12 profiles whose last name begins with the search text (lower-
// cased last names in [$13, $14), read from profile_last_name_prefix_idx) and that match it, for
// a search with only a term whose first group is small. Each is a match, so when there are more
// than kCountCap of them the total is capped and the facets are counted over them, without
// collecting every match of the term through the trigram index (tens of thousands for the start
// of a common last name). They are not in page order: the page is read as for any capped search.
// The match is checked with strpos() on the lower-cased text, which the trigram index cannot
// serve: with LIKE the planner intersected both indexes and sorted every match. The name alone is
// tried first: in a last-name range it holds the term for almost every profile, and lowering it
// costs a third of lowering name and e-mail (0.5 ms of a 1,001-row range). Exact: the lower-cased
// name begins the lower-cased text, since the space after it ends any context lowering depends on.
#define LAST_NAME_RANGE_MATCH(term)                                                                \
    "(pg_catalog.strpos(pg_catalog.lower(p.name), " term ") > 0 "                                  \
    "OR pg_catalog.strpos(pg_catalog.lower(COALESCE(p.name, '') || ' ' || "                        \
    "COALESCE(p.email::text, '')), " term ") > 0) "
pg::Plan last_name_group_matches_plan(
    MATCHES_PASS(SELECT_MATCHES "WHERE ($6::boolean OR p.id = $7::uuid) "
                                "AND " LAST_NAME_KEY_P " >= $13 AND " LAST_NAME_KEY_P " < $14 "
                                "AND " LAST_NAME_RANGE_MATCH("$13") LAST_NAME_ORDER "LIMIT $12"),
    {MATCHES_PASS_TYPES, TEXTOID}, pg::Plan::Replan::Generic);
// Whether the last-name range of last_name_group_matches_plan holds more than kCountCap matches:
// at most $3 of them, index-only, so that the pass runs only when its sample will be used (a
// search whose last-name range is smaller takes the trigram path, and a pass over up to kCountCap
// rows there would be thrown away). $1/$2 the range, $4/$5 visibility.
pg::Plan
    last_name_group_plan("SELECT 1 FROM profiles.profile p WHERE ($4::boolean OR p.id = $5::uuid) "
                         "AND " LAST_NAME_KEY_P " >= $1 AND " LAST_NAME_KEY_P " < $2 "
                         "AND " LAST_NAME_RANGE_MATCH("$1") "LIMIT $3",
                         {TEXTOID, TEXTOID, INT8OID, BOOLOID, UUIDOID}, pg::Plan::Replan::Generic);
// The page's rows, in the order of the ids given.
pg::Plan page_rows_plan(
    "SELECT p.id AS profile_id, p.name, p.email, " ROLE_OF_P " AS role, p.enabled, "
    "p.team_id AS department_id, d.name AS department_name, p.tags, p.created_at, p.updated_at "
    "FROM pg_catalog.unnest($1::uuid[]) WITH ORDINALITY AS k(id, n) "
    "JOIN profiles.profile p ON p.id = k.id LEFT JOIN profiles.department d ON d.id = p.team_id "
    "ORDER BY k.n",
    {UUIDARRAYOID}, pg::Plan::Replan::Generic);
// The first group of a capped search without cohort filters, in page order, at most $7 ids:
// the profiles whose lower-cased name is in [$1, $2), i.e. begins with the search text $1 (in
// code-point order every such name is in that range and no other). Such a name matches the
// search by itself. $3 departments, $4 role, $5/$6 visibility (as in SEARCH_WHERE).
pg::Plan first_group_plan("SELECT p.id::text FROM profiles.profile p WHERE " NAME_KEY_P
                          " >= $1 AND " NAME_KEY_P " < $2 "
                          "AND ($3::uuid[] IS NULL OR p.team_id = ANY ($3)) "
                          "AND ($4::text IS NULL OR " ROLE_OF_P " = $4) "
                          "AND ($5::boolean OR p.id = $6::uuid) "
                          "ORDER BY " NAME_KEY_P ", p.id LIMIT $7",
                          {TEXTOID, TEXTOID, UUIDARRAYOID, TEXTOID, BOOLOID, UUIDOID, INT8OID},
                          pg::Plan::Replan::Generic);
// Page ids of the rest of a capped search without cohort filters (the matches whose name does
// not begin with the search text $9): the first $6 entries of the page order (an index-only
// scan of profile_name_order_idx), filtered. $1 search, $2 departments, $3 role, $4/$5
// visibility (as in SEARCH_WHERE), $7/$8 page size and offset. The page is complete when it has
// $7 ids: the entries read are a prefix of the whole order.
pg::Plan ordered_page_plan(
    "SELECT s.id::text FROM (SELECT p.id, " NAME_KEY_P " AS k, "
    "pg_catalog.lower(COALESCE(p.name, '') || ' ' || COALESCE(p.email::text, '')) AS haystack, "
    "p.team_id FROM profiles.profile p ORDER BY " NAME_KEY_P ", p.id LIMIT $6) s "
    "WHERE ($1::text IS NULL OR s.haystack LIKE $1) "
    "AND pg_catalog.starts_with(s.k, $9) IS NOT TRUE "
    "AND ($2::uuid[] IS NULL OR s.team_id = ANY ($2)) "
    "AND ($3::text IS NULL OR " ROLE_OF_S " = $3) "
    "AND ($4::boolean OR s.id = $5::uuid) "
    "ORDER BY s.k, s.id LIMIT $7 OFFSET $8",
    {TEXTOID, UUIDARRAYOID, TEXTOID, BOOLOID, UUIDOID, INT8OID, INT8OID, INT8OID, TEXTOID});
// The total and the page from the search's own matches, at most $8 of them (all when $8 is
// NULL), materialized so that the page is sorted from them, never read in name order with the
// filters checked on the way (that can mean most of the table when the matches are far in that
// order). Rows: (0, the count), then (1, page ids in order); $9/$10 are page size and offset,
// $11 the lower-cased search text. The scan is planned for all its rows, the LIMIT outside (see
// matches_plan).
pg::Plan filtered_matches_plan(
    "WITH t AS MATERIALIZED (SELECT s.id, s.k, d.name AS department_name FROM "
    "(" SELECT_MATCHES SEARCH_WHERE "OFFSET 0) s "
    "LEFT JOIN profiles.department d ON d.id = s.team_id LIMIT $8) "
    "SELECT 0 AS part, NULL::text AS id, pg_catalog.count(*) AS count, NULL::bigint AS k FROM t "
    "UNION ALL "
    "SELECT 1, g.id::text, NULL, pg_catalog.row_number() OVER () FROM (SELECT t.id FROM t "
    "ORDER BY " PAGE_ORDER_T " LIMIT $9 OFFSET $10) g "
    "ORDER BY 1, 4",
    {TEXTOID, TEXTARRAYOID, UUIDARRAYOID, TEXTOID, TEXTOID, BOOLOID, UUIDOID, INT8OID, INT8OID,
     INT8OID, TEXTOID});
// Unfiltered facet counts for admins come from the materialized view (see refresh).
pg::Plan cached_facet_plan("SELECT f.key AS id, f.label AS name, f.count FROM "
                           "profiles.directory_facets f WHERE f.kind = $1 "
                           "AND ($2::text IS NULL OR pg_catalog.lower(f.label) LIKE $2) "
                           "ORDER BY f.label, f.key",
                           {TEXTOID, TEXTOID});
pg::Plan
    actor_name_plan("SELECT COALESCE(p.name, u.full_name, u.email::text) FROM profiles.users u "
                    "LEFT JOIN profiles.profile p ON p.id = u.id WHERE u.id = $1",
                    {UUIDOID}, pg::Plan::Replan::Generic);

// The text lower-cased by lower(), as the searched names, e-mails and labels are.
std::optional<std::string> folded(const std::optional<std::string>& term) {
    if (!term || term->empty()) return std::nullopt;
    return std::string(
        pg::guard([&] { return str_tolower(term->data(), term->size(), DEFAULT_COLLATION_OID); }));
}

// '%text%' for LIKE, with LIKE's metacharacters escaped; text is already lower-cased.
std::string contains_folded(const std::string& text) {
    std::string p = "%";
    for (char c : text) {
        if (c == '%' || c == '_' || c == '\\') p += '\\';
        p += c;
    }
    return p + "%";
}

// The same for a term as given, lower-cased first.
std::optional<std::string> contains_pattern(const std::optional<std::string>& term) {
    auto low = folded(term);
    if (!low) return std::nullopt;
    return contains_folded(*low);
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

// A facet option as the one pass counted it.
struct Option {
    std::string id, name;
    long long count;
};

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

        std::optional<std::string> lowered = folded(search);
        pg::Arg order_by = text_or_null(lowered);
        // The end of the first group's range. Without one, a capped page is sorted from the
        // matches, since the rest can only be read in order when the first group can.
        std::optional<std::string> group_end =
            lowered ? profiles::prefix_range_end(*lowered) : std::nullopt;
        bool ordered_reads = !lowered || group_end;
        pg::Arg group_end_arg = text_or_null(group_end);
        long long through_page =
            page_offset > LLONG_MAX - page_size ? LLONG_MAX : page_offset + page_size;
        pg::Arg args[5] = {lowered ? pg::text_arg(contains_folded(*lowered)) : pg::null_arg(),
                           array_arg(cohorts, TEXTOID), array_arg(departments, UUIDOID),
                           text_or_null(role), text_or_null(contains_pattern(cohort_search))};
        bool unfiltered =
            !search && cohorts.empty() && departments.empty() && !role && !cohort_search;
        pg::Arg all = pg::bool_arg(actor.is_admin()), self = pg::uuid_arg(actor.id);

        pg::Arg narrow_department = text_or_null(contains_pattern(department_search));
        pg::Arg narrow_role = text_or_null(contains_pattern(role_search));
        bool cached_facets = unfiltered && actor.is_admin();

        pg::JsonOut out;
        // One snapshot for every statement: a range counted as holding more than kCountCap
        // matches must still hold them when its pass runs, and the page, the total and the
        // facets must describe the same profiles, whatever commits in between.
        pg::Spi spi(pg::Spi::Mode::ReadOnly);
        out.begin_object().key("actor_name");
        spi.exec(actor_name_plan, {pg::uuid_arg(actor.id)}, 1);
        if (SPI_processed)
            out.last_result_column(0, 1);
        else
            out.null();

        // One pass over the matches: total, page and facet options, at most kCountCap + 1 rows.
        std::vector<Option> department_options, role_options;
        std::vector<std::string> page_ids;
        long long total = 0, sample = 0;
        bool first_group_sampled = false;
        bool first_group_page = false; // the page is within the first group's sample
        // The whole first group, when the read that decides whether to sample it saw all of it
        // (a search with only a term): a capped page takes it from here, not from a second read.
        std::optional<std::vector<std::string>> whole_first_group;
        {
            pg::AsTableOwner owner; // visibility is in the query (see SEARCH_WHERE)
            const bool term_only =
                group_end && cohorts.empty() && !cohort_search && departments.empty() && !role;
            if (term_only) {
                spi.exec(first_group_plan, {order_by, group_end_arg, pg::null_arg(), pg::null_arg(),
                                            all, self, pg::int8_arg(kCountCap + 1)});
                first_group_sampled = (long long)SPI_processed > kCountCap;
                if (!first_group_sampled) {
                    whole_first_group.emplace();
                    for (uint64 i = 0; i < SPI_processed; i++)
                        whole_first_group->push_back(*pg::Spi::text(i, 1));
                }
            }
            // The pass over one index range of matches (the first group, or a last-name range),
            // which is capped. Its page is asked for only where the capped search takes it (a
            // page of the first group within the sample); elsewhere LIMIT 0 skips that sort.
            auto range_pass = [&](pg::Plan& plan, bool page_used) {
                spi.exec(plan, {args[0], args[1], args[2], args[3], args[4], all, self,
                                narrow_department, narrow_role,
                                pg::int8_arg(page_used ? page_size : 0), pg::int8_arg(page_offset),
                                pg::int8_arg(kCountCap + 1), order_by, group_end_arg});
            };
            bool last_name_sampled = false;
            if (first_group_sampled) {
                // The sample is the first kCountCap + 1 profiles of the page order.
                first_group_page = through_page <= kCountCap + 1;
                range_pass(first_group_matches_plan, first_group_page);
            } else if (term_only) {
                spi.exec(last_name_group_plan,
                         {order_by, group_end_arg, pg::int8_arg(kCountCap + 1), all, self});
                last_name_sampled = (long long)SPI_processed > kCountCap;
                if (last_name_sampled) range_pass(last_name_group_matches_plan, false);
            }
            if (!first_group_sampled && !last_name_sampled)
                spi.exec(matches_plan,
                         {args[0], args[1], args[2], args[3], args[4], all, self, narrow_department,
                          narrow_role, pg::int8_arg(page_size), pg::int8_arg(page_offset),
                          pg::int8_arg(kCountCap + 1), order_by});
        }
        for (uint64 i = 0; i < SPI_processed; i++) {
            bool isnull;
            int part = DatumGetInt32(pg::Spi::value(i, 1, &isnull));
            if (part == 0) {
                total = pg::Spi::int8(i, 4);
                sample = pg::Spi::int8(i, 5);
            } else if (part == 1) {
                page_ids.push_back(*pg::Spi::text(i, 2));
            } else {
                Option o{*pg::Spi::text(i, 2), *pg::Spi::text(i, 3), pg::Spi::int8(i, 4)};
                (part == 2 ? department_options : role_options).push_back(std::move(o));
            }
        }
        bool capped = sample > kCountCap, total_capped = false;
        bool page_known = !capped || first_group_page;
        if (capped) {
            total = kCountCap;
            total_capped = true;
            // The pass also held matches that only a facet counts: the total and the page are
            // then their own (bounded) pass.
            if (!departments.empty() || role) {
                pg::AsTableOwner owner;
                spi.exec(filtered_matches_plan,
                         {args[0], args[1], args[2], args[3], args[4], all, self,
                          pg::int8_arg(kCountCap + 1), pg::int8_arg(page_size),
                          pg::int8_arg(page_offset), order_by});
                if (long long n = pg::Spi::int8(0, 3); n <= kCountCap) {
                    total = n;
                    total_capped = false;
                    page_ids.clear();
                    for (uint64 i = 1; i < SPI_processed; i++)
                        page_ids.push_back(*pg::Spi::text(i, 2));
                    page_known = true;
                }
            }
            if (!page_known) {
                page_ids.clear();
                // Many matches: the page is most likely in the first group (one index range), or
                // else within a short prefix of the order of the rest.
                if (ordered_reads && cohorts.empty() && !cohort_search) {
                    pg::AsTableOwner owner;
                    long long first_group = 0; // its profiles before or on the page
                    if (group_end) {
                        std::vector<std::string> group;
                        if (whole_first_group) {
                            group = std::move(*whole_first_group);
                        } else {
                            spi.exec(first_group_plan, {order_by, group_end_arg, args[2], args[3],
                                                        all, self, pg::int8_arg(through_page)});
                            for (uint64 i = 0; i < SPI_processed; i++)
                                group.push_back(*pg::Spi::text(i, 1));
                        }
                        first_group = std::min((long long)group.size(), through_page);
                        for (long long i = page_offset; i < first_group; i++)
                            page_ids.push_back(std::move(group[(size_t)i]));
                        page_known = first_group == through_page;
                    }
                    if (!page_known) {
                        // The whole first group was read: the page goes on in the rest.
                        long long wanted = page_size - (long long)page_ids.size();
                        spi.exec(ordered_page_plan,
                                 {args[0], args[2], args[3], all, self,
                                  pg::int8_arg(kOrderedScanBudget), pg::int8_arg(wanted),
                                  pg::int8_arg(std::max(0LL, page_offset - first_group)),
                                  order_by});
                        if ((long long)SPI_processed == wanted) {
                            for (uint64 i = 0; i < SPI_processed; i++)
                                page_ids.push_back(*pg::Spi::text(i, 1));
                            page_known = true;
                        } else {
                            page_ids.clear();
                        }
                    }
                }
            }
            if (!page_known) {
                // Every match, sorted; its count is then exact too.
                pg::AsTableOwner owner;
                spi.exec(filtered_matches_plan,
                         {args[0], args[1], args[2], args[3], args[4], all, self, pg::null_arg(),
                          pg::int8_arg(page_size), pg::int8_arg(page_offset), order_by});
                total = pg::Spi::int8(0, 3);
                total_capped = false;
                for (uint64 i = 1; i < SPI_processed; i++)
                    page_ids.push_back(*pg::Spi::text(i, 2));
            }
        }
        {
            pg::AsTableOwner owner; // visibility is in the query (see SEARCH_WHERE)
            spi.exec(page_rows_plan, {array_arg(page_ids, UUIDOID)});
        }
        out.key("profiles").rows_of_last_result();

        auto facet = [&](const char* kind, const std::optional<std::string>& narrow,
                         const std::vector<Option>& live,
                         const std::vector<std::string>& selected) {
            out.begin_object().key("options");
            if (cached_facets) {
                pg::AsTableOwner owner;
                spi.exec(cached_facet_plan,
                         {pg::text_arg(kind), text_or_null(contains_pattern(narrow))});
                out.rows_of_last_result();
            } else {
                out.begin_array();
                for (const Option& o : live)
                    out.begin_object()
                        .key("id")
                        .string(o.id)
                        .key("name")
                        .string(o.name)
                        .key("count")
                        .integer(o.count)
                        .end_object();
                out.end_array();
            }
            out.key("selected").begin_array();
            for (const std::string& s : selected)
                out.string(s);
            out.end_array().end_object();
        };
        out.key("department_filter");
        facet("department", department_search, department_options, departments);
        out.key("role_filter");
        std::vector<std::string> roles;
        if (role) roles.push_back(*role);
        facet("role", role_search, role_options, roles);

        out.key("total_count").integer(total);
        out.key("total_count_capped").boolean(total_capped);
        out.key("facet_counts_capped").boolean(capped && !cached_facets);
        out.end_object();
        return out.finish();
    });
}
