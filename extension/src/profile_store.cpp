// Profile CRUD with ownership checks (see profile_store.hpp).
#include "profile_store.hpp"

#include "jsonb_read.hpp"
#include "profile_fields.hpp"

extern "C" {
#include "catalog/pg_type.h"
}

#include <cstring>
#include <string>

namespace profiles {
namespace {

// The main profile query: profile columns, then the team's id and name (last two columns).
#define PROFILE_SELECT                                                                             \
    "SELECT p.id, u.role, p.first_name, p.middle_name, p.last_name, p.name, p.display_name, "      \
    "p.avatar_url, p.bio, p.enabled, p.tags, p.uuid, p.email, p.phone, p.address_line1, "          \
    "p.address_line2, p.city, p.state, p.postal_code, p.country_numeric_code, p.company_name, "    \
    "p.company_website, p.job_title, p.preferences, p.timezone, p.language, p.external_ids, "      \
    "p.marketplace, p.team_id, p.team_role, p.attributes, p.request_limit, p.version, "            \
    "p.created_at, p.updated_at, "                                                                 \
    "d.id AS team_ref, d.name AS team_name "                                                       \
    "FROM profiles.profile p JOIN profiles.users u ON u.id = p.id "                                \
    "LEFT JOIN profiles.department d ON d.id = p.team_id "

#define SUBSCRIPTION_COLUMNS                                                                       \
    "s.profile_id, s.id, s.plan, s.status, s.current_period_start, s.current_period_end, "         \
    "s.cancel_at_period_end, s.created_at, s.updated_at "
#define CALL_PURCHASE_COLUMNS                                                                      \
    "c.profile_id, c.id, c.minutes, c.amount_cents, c.currency, c.purchased_at, c.created_at "
#define PHONE_SUBSCRIPTION_COLUMNS                                                                 \
    "f.profile_id, f.id, f.phone_number, f.status, f.monthly_price_cents, f.started_at, "          \
    "f.ended_at, f.created_at "

constexpr int kTeamColumns = 2;

pg::Plan get_plan(PROFILE_SELECT "WHERE p.id = $1", {UUIDOID});
pg::Plan subscription_plan("SELECT " SUBSCRIPTION_COLUMNS "FROM profiles.subscription s "
                           "WHERE s.profile_id = $1 ORDER BY s.created_at DESC, s.id LIMIT 1",
                           {UUIDOID});
pg::Plan call_purchases_plan("SELECT " CALL_PURCHASE_COLUMNS "FROM profiles.call_purchase c "
                             "WHERE c.profile_id = $1 ORDER BY c.purchased_at, c.id",
                             {UUIDOID});
pg::Plan phone_subscriptions_plan("SELECT " PHONE_SUBSCRIPTION_COLUMNS
                                  "FROM profiles.phone_subscription f "
                                  "WHERE f.profile_id = $1 ORDER BY f.started_at, f.id",
                                  {UUIDOID});

pg::Plan all_plan(PROFILE_SELECT "ORDER BY p.id", {});
pg::Plan all_subscriptions_plan("SELECT DISTINCT ON (s.profile_id) " SUBSCRIPTION_COLUMNS
                                "FROM profiles.subscription s "
                                "ORDER BY s.profile_id, s.created_at DESC, s.id",
                                {});
pg::Plan all_call_purchases_plan("SELECT " CALL_PURCHASE_COLUMNS "FROM profiles.call_purchase c "
                                 "ORDER BY c.profile_id, c.purchased_at, c.id",
                                 {});
pg::Plan all_phone_subscriptions_plan("SELECT " PHONE_SUBSCRIPTION_COLUMNS
                                      "FROM profiles.phone_subscription f "
                                      "ORDER BY f.profile_id, f.started_at, f.id",
                                      {});

pg::Plan list_plan("SELECT p.id, p.first_name, p.last_name, p.name, p.email, u.role, p.enabled, "
                   "p.created_at, p.updated_at "
                   "FROM profiles.profile p JOIN profiles.users u ON u.id = p.id "
                   "ORDER BY p.created_at, p.id LIMIT $1 OFFSET $2",
                   {INT8OID, INT8OID});
pg::Plan count_plan("SELECT pg_catalog.count(*) FROM profiles.profile p", {});

pg::Plan user_exists_plan("SELECT 1 FROM profiles.users u WHERE u.id = $1", {UUIDOID});
pg::Plan lock_plan("SELECT p.version FROM profiles.profile p WHERE p.id = $1 FOR UPDATE",
                   {UUIDOID});
pg::Plan exists_plan("SELECT 1 FROM profiles.profile p WHERE p.id = $1", {UUIDOID});
pg::Plan delete_plan("DELETE FROM profiles.profile p WHERE p.id = $1 RETURNING p.id", {UUIDOID});

// Column defaults apply to fields the create document leaves out.
const char* create_default(const char* field) {
    if (!strcmp(field, "enabled")) return "true";
    if (!strcmp(field, "tags")) return "'{}'::text[]";
    if (!strcmp(field, "preferences") || !strcmp(field, "external_ids") ||
        !strcmp(field, "marketplace"))
        return "'{}'::jsonb";
    return nullptr;
}

// INSERT and UPDATE statements over every writable field, built once from the field table.
// The INSERT reads its rows from `source`, which yields the profile id as `id_expr` and the
// document's fields as record r.
std::string build_insert_sql(const char* id_expr, const char* source, const char* order_by) {
    std::string cols = "id", vals = id_expr;
    for (const char* f : kWritableProfileFields) {
        cols += std::string(", ") + f;
        const char* def = create_default(f);
        vals += def ? std::string(", COALESCE(r.") + f + ", " + def + ")" : std::string(", r.") + f;
    }
    return "INSERT INTO profiles.profile AS p (" + cols + ") SELECT " + vals + " FROM " + source +
           order_by + " ON CONFLICT (id) DO NOTHING RETURNING p.id";
}

std::string build_update_sql() {
    std::string cols, vals;
    for (const char* f : kWritableProfileFields) {
        if (!cols.empty()) cols += ", ", vals += ", ";
        cols += f;
        vals += std::string("r.") + f;
    }
    // The row is locked by lock_plan first, so the base record x is the current row.
    return "UPDATE profiles.profile AS p SET (" + cols + ") = ROW(" + vals +
           ") FROM profiles.profile x CROSS JOIN LATERAL "
           "pg_catalog.jsonb_populate_record(x, $2) r WHERE x.id = $1 AND p.id = $1";
}

const std::string insert_sql =
    build_insert_sql("$1", "pg_catalog.jsonb_populate_record(NULL::profiles.profile, $2) r", "");
// Many rows at once, in array order: ids ($1) and documents ($2) side by side.
const std::string insert_many_sql =
    build_insert_sql("t.id",
                     "ROWS FROM (pg_catalog.unnest($1::pg_catalog.uuid[]), "
                     "pg_catalog.unnest($2::pg_catalog.jsonb[])) "
                     "WITH ORDINALITY AS t(id, doc, ord) CROSS JOIN LATERAL "
                     "pg_catalog.jsonb_populate_record(NULL::profiles.profile, t.doc) r",
                     " ORDER BY t.ord");
const std::string update_sql = build_update_sql();
pg::Plan insert_plan(insert_sql.c_str(), {UUIDOID, JSONBOID});
pg::Plan update_plan(update_sql.c_str(), {UUIDOID, JSONBOID});
pg::Plan insert_many_plan(insert_many_sql.c_str(), {UUIDARRAYOID, JSONBARRAYOID});

} // namespace

void check_document_fields(Jsonb* doc, const pg_uuid_t* id) {
    if (!pg::jsonb_is_object(doc))
        pg::raise(ERRCODE_INVALID_PARAMETER_VALUE, "profile data must be a JSON object");
    for (const std::string& key : pg::jsonb_keys(doc)) {
        if (key == "id") {
            auto given = pg::jsonb_get_string(doc, "id");
            if (!given || !id || !pg::uuid_equal(parse_profile_id(*given), *id))
                pg::raise(ERRCODE_INVALID_PARAMETER_VALUE, "the profile id cannot be changed");
            continue;
        }
        if (is_writable_profile_field(key)) continue;
        if (is_read_only_profile_field(key))
            pg::raise(ERRCODE_INVALID_PARAMETER_VALUE, "field \"" + key + "\" is read-only");
        pg::raise(ERRCODE_INVALID_PARAMETER_VALUE, "unknown field \"" + key + "\"",
                  "Writable fields are listed in the profile_update documentation.");
    }
}

namespace {

// Writes one profile object from a main-query row plus its children.
struct Children {
    // Each writes the array/object for the profile whose id is given.
    virtual void subscription(const pg_uuid_t& id) = 0;
    virtual void call_purchases(const pg_uuid_t& id) = 0;
    virtual void phone_subscriptions(const pg_uuid_t& id) = 0;
    virtual ~Children() = default;
};

void write_profile(pg::JsonOut& out, HeapTuple row, TupleDesc desc, Children& children) {
    bool isnull;
    pg_uuid_t id = *DatumGetUUIDP(heap_getattr(row, 1, desc, &isnull));
    int team_ref = desc->natts - kTeamColumns + 1;
    out.begin_object();
    out.fields(row, desc, 1, team_ref - 1);
    out.key("team");
    Datum team = heap_getattr(row, team_ref, desc, &isnull);
    if (isnull) {
        out.null();
    } else {
        out.begin_object().key("id").datum(team, false, UUIDOID).key("name");
        Datum name = heap_getattr(row, team_ref + 1, desc, &isnull);
        out.datum(name, isnull, TEXTOID).end_object();
    }
    out.key("subscription");
    children.subscription(id);
    out.key("call_purchases");
    children.call_purchases(id);
    out.key("phone_subscriptions");
    children.phone_subscriptions(id);
    out.end_object();
}

// Children of one profile, looked up by index.
struct LookupChildren : Children {
    pg::JsonOut& out;
    pg::Spi& spi;
    LookupChildren(pg::JsonOut& o, pg::Spi& s) : out(o), spi(s) {}
    void subscription(const pg_uuid_t& id) override {
        if (spi.exec(subscription_plan, {pg::uuid_arg(id)}) == 0)
            out.null();
        else
            out.row(SPI_tuptable->vals[0], SPI_tuptable->tupdesc);
    }
    void call_purchases(const pg_uuid_t& id) override {
        spi.exec(call_purchases_plan, {pg::uuid_arg(id)});
        out.rows_of_last_result();
    }
    void phone_subscriptions(const pg_uuid_t& id) override {
        spi.exec(phone_subscriptions_plan, {pg::uuid_arg(id)});
        out.rows_of_last_result();
    }
};

// Children of every profile, read in profile-id order alongside the profiles (merge join).
struct MergedChildren : Children {
    pg::JsonOut& out;
    pg::Cursor subscriptions, call_purchases_, phone_subscriptions_;
    MergedChildren(pg::JsonOut& o, const pg::Spi& spi)
        : out(o), subscriptions(spi, all_subscriptions_plan, {}),
          call_purchases_(spi, all_call_purchases_plan, {}),
          phone_subscriptions_(spi, all_phone_subscriptions_plan, {}) {}

    // Skips children of profiles before `id` (not visible, or none), then writes those of `id`.
    void emit(pg::Cursor& c, const pg_uuid_t& id, bool single) {
        int matched = 0;
        if (!single) out.begin_array();
        while (HeapTuple t = c.peek()) {
            bool isnull;
            const pg_uuid_t* pid = DatumGetUUIDP(heap_getattr(t, 1, c.desc(), &isnull));
            int cmp = memcmp(pid->data, id.data, UUID_LEN);
            if (cmp > 0) break;
            if (cmp == 0) {
                out.row(t, c.desc());
                matched++;
            }
            c.advance();
        }
        if (single && matched == 0) out.null();
        if (!single) out.end_array();
    }
    void subscription(const pg_uuid_t& id) override { emit(subscriptions, id, true); }
    void call_purchases(const pg_uuid_t& id) override { emit(call_purchases_, id, false); }
    void phone_subscriptions(const pg_uuid_t& id) override {
        emit(phone_subscriptions_, id, false);
    }
};

void write_profile_by_id(pg::JsonOut& out, pg::Spi& spi, const pg_uuid_t& id) {
    if (spi.exec(get_plan, {pg::uuid_arg(id)}, 1) == 0)
        pg::raise(ERRCODE_NO_DATA_FOUND, "profile not found");
    // Keep the main row: child queries replace SPI_tuptable.
    SPITupleTable* main = SPI_tuptable;
    SPI_tuptable = nullptr;
    LookupChildren children(out, spi);
    write_profile(out, main->vals[0], main->tupdesc, children);
    pg::guard([&] { SPI_freetuptable(main); });
}

} // namespace

pg_uuid_t parse_profile_id(const std::string& text) {
    auto id = pg::parse_uuid(text);
    if (!id)
        pg::raise(ERRCODE_INVALID_TEXT_REPRESENTATION, "invalid profile id",
                  "A profile id is a UUID.");
    return *id;
}

void require_admin(const Actor& actor) {
    if (!actor.is_admin())
        pg::raise(ERRCODE_INSUFFICIENT_PRIVILEGE, "this action requires an admin role");
}

void require_own_or_admin(const Actor& actor, const pg_uuid_t& id) {
    if (!actor.is_admin() && !pg::uuid_equal(actor.id, id))
        pg::raise(ERRCODE_INSUFFICIENT_PRIVILEGE, "not allowed to access another user's profile");
}

void profile_get(pg::JsonOut& out, const pg_uuid_t& id) {
    require_own_or_admin(require_actor(), id);
    pg::Spi spi(pg::Spi::Mode::ReadOnly); // the profile and its children from one snapshot
    write_profile_by_id(out, spi, id);
}

void profile_all(pg::JsonOut& out) {
    require_admin(require_actor());
    pg::Spi spi(pg::Spi::Mode::ReadOnly); // four cursors merged: they must see the same rows
    pg::Cursor profiles(spi, all_plan, {});
    MergedChildren children(out, spi);
    long long count = 0;
    out.begin_object().key("data").begin_array();
    while (HeapTuple t = profiles.peek()) {
        write_profile(out, t, profiles.desc(), children);
        profiles.advance();
        count++;
    }
    out.end_array().key("count").integer(count).end_object();
}

void profile_list(pg::JsonOut& out, long long limit, long long offset) {
    require_admin(require_actor());
    if (limit < 1 || limit > 1000)
        pg::raise(ERRCODE_INVALID_PARAMETER_VALUE, "limit must be between 1 and 1000");
    if (offset < 0) pg::raise(ERRCODE_INVALID_PARAMETER_VALUE, "offset must not be negative");
    pg::Spi spi(pg::Spi::Mode::ReadOnly); // the count and the page from one snapshot
    spi.exec(count_plan, {});
    long long total = pg::Spi::int8(0, 1);
    spi.exec(list_plan, {pg::int8_arg(limit), pg::int8_arg(offset)});
    out.begin_object().key("data").rows_of_last_result();
    out.key("count").integer(total).key("limit").integer(limit).key("offset").integer(offset);
    out.end_object();
}

void insert_profile_row(pg::Spi& spi, const pg_uuid_t& id, Jsonb* doc) {
    if (spi.exec(insert_plan, {pg::uuid_arg(id), pg::datum_arg(PointerGetDatum(doc))}) == 0)
        pg::raise(ERRCODE_UNIQUE_VIOLATION, "a profile with this id already exists");
}

uint64 insert_profile_rows(pg::Spi& spi, Datum ids, Datum docs) {
    return spi.exec(insert_many_plan, {pg::datum_arg(ids), pg::datum_arg(docs)});
}

void lock_profile_row(pg::Spi& spi, const pg_uuid_t& id, std::optional<int> expected_version) {
    if (spi.exec(lock_plan, {pg::uuid_arg(id)}, 1) == 0)
        pg::raise(ERRCODE_NO_DATA_FOUND, "profile not found");
    long long current = pg::Spi::int8(0, 1);
    if (expected_version && *expected_version != current)
        pg::raise(ERRCODE_T_R_SERIALIZATION_FAILURE, "version mismatch",
                  "current version is " + std::to_string(current));
}

int update_profile_row(pg::Spi& spi, const pg_uuid_t& id, Jsonb* patch,
                       std::optional<int> expected_version) {
    lock_profile_row(spi, id, expected_version);
    spi.exec(update_plan, {pg::uuid_arg(id), pg::datum_arg(PointerGetDatum(patch))});
    spi.exec(lock_plan, {pg::uuid_arg(id)}, 1);
    return (int)pg::Spi::int8(0, 1);
}

void require_profile(pg::Spi& spi, const pg_uuid_t& id) {
    if (spi.exec(exists_plan, {pg::uuid_arg(id)}, 1) == 0)
        pg::raise(ERRCODE_NO_DATA_FOUND, "profile not found");
}

void profile_create(pg::JsonOut& out, const pg_uuid_t& id, Jsonb* doc) {
    require_admin(require_actor());
    check_document_fields(doc, &id);
    pg::Spi spi;
    if (spi.exec(user_exists_plan, {pg::uuid_arg(id)}, 1) == 0)
        pg::raise(ERRCODE_INVALID_PARAMETER_VALUE, "id must match an existing user",
                  "Create the user in profiles.users first.");
    insert_profile_row(spi, id, doc);
    write_profile_by_id(out, spi, id);
}

void profile_update(pg::JsonOut& out, const pg_uuid_t& id, Jsonb* patch,
                    std::optional<int> expected_version) {
    require_own_or_admin(require_actor(), id);
    check_document_fields(patch, &id);
    pg::Spi spi;
    update_profile_row(spi, id, patch, expected_version);
    write_profile_by_id(out, spi, id);
}

void profile_delete(pg::JsonOut& out, const pg_uuid_t& id) {
    require_own_or_admin(require_actor(), id);
    pg::Spi spi;
    if (spi.exec(delete_plan, {pg::uuid_arg(id)}) == 0)
        pg::raise(ERRCODE_NO_DATA_FOUND, "profile not found");
    out.begin_object()
        .key("id")
        .string(pg::uuid_text(id))
        .key("deleted")
        .boolean(true)
        .end_object();
}

} // namespace profiles
