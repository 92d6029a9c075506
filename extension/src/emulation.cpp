// Seed 003 emulation: an admin acts as another user within one session, for a TTL, nesting
// up to pg_profiles.max_emulation_depth layers. The grants are resolved by set_actor.
#include "activity.hpp"
#include "json_out.hpp"
#include "settings.hpp"

extern "C" {
#include "catalog/pg_type.h"
}

#include <string>

namespace {

using profiles::Actor;

pg::Plan target_plan("SELECT u.role, u.disabled OR u.deleted_at IS NOT NULL, u.access_role "
                     "FROM profiles.users u WHERE u.id = $1",
                     {UUIDOID});
pg::Plan end_expired_plan("UPDATE profiles.emulation_grant g SET ended_at = g.expires_at "
                          "WHERE g.admin_id = $1 AND g.session_id = $2 AND g.ended_at IS NULL "
                          "AND g.expires_at <= pg_catalog.now()",
                          {UUIDOID, TEXTOID});
pg::Plan
    grant_plan("INSERT INTO profiles.emulation_grant (admin_id, target_id, session_id, depth, "
               "expires_at) VALUES ($1, $2, $3, $4, pg_catalog.now() + pg_catalog.make_interval("
               "mins => $5)) RETURNING id, expires_at",
               {UUIDOID, UUIDOID, TEXTOID, INT4OID, INT4OID});
pg::Plan pop_plan("UPDATE profiles.emulation_grant g SET ended_at = pg_catalog.now() WHERE g.id = ("
                  "SELECT i.id FROM profiles.emulation_grant i WHERE i.admin_id = $1 AND "
                  "i.session_id = $2 AND i.ended_at IS NULL AND i.expires_at > pg_catalog.now() "
                  "ORDER BY i.depth DESC LIMIT 1 FOR UPDATE) RETURNING g.id, g.target_id, g.depth",
                  {UUIDOID, TEXTOID});

// consumer < standard_user < admins (any other role ranks with consumers); between equal
// platform roles the organization access role decides (SALES_REP < ... < SUPERADMIN).
int role_rank(const std::string& role, const std::string& access_role) {
    int platform = Actor::role_is_admin(role) ? 3 : role == "standard_user" ? 2 : 1;
    int access = access_role == "SUPERADMIN"        ? 4
                 : access_role == "ADMIN"           ? 3
                 : access_role == "DEPARTMENT_HEAD" ? 2
                                                    : 1;
    return platform * 10 + access;
}

Datum refusal(pg::JsonOut& out, const std::string& reason) {
    out.begin_object().key("allowed").boolean(false).key("reason").string(reason);
    out.key("grant_id").null().key("expires_at").null().end_object();
    return out.finish();
}

const Actor& require_real_admin() {
    const Actor& actor = profiles::require_actor();
    if (!actor.real_is_admin())
        pg::raise(ERRCODE_INSUFFICIENT_PRIVILEGE, "emulation is for admins only");
    return actor;
}

} // namespace

// profiles.emulate(target_profile_id uuid, ttl_minutes int) returns json
// {allowed, reason, grant_id, expires_at}
PGP_FUNCTION(profiles_emulate) {
    return pg::entry([&]() -> Datum {
        const Actor& actor = require_real_admin();
        if (PG_ARGISNULL(0))
            pg::raise(ERRCODE_INVALID_PARAMETER_VALUE, "target_profile_id is required");
        pg_uuid_t target = *PG_GETARG_UUID_P(0);
        int ttl = PG_ARGISNULL(1) ? 15 : PG_GETARG_INT32(1);
        if (ttl < 1 || ttl > 240)
            pg::raise(ERRCODE_INVALID_PARAMETER_VALUE, "ttl_minutes must be between 1 and 240");
        pg::JsonOut out;
        if (actor.session_id.empty())
            return refusal(out, "emulation is bound to a session: authenticate with a session");
        if (pg::uuid_equal(target, actor.real_id))
            return refusal(out, "you cannot emulate yourself");
        int depth = actor.emulation_depth + 1;
        if (depth > profiles::max_emulation_depth)
            return refusal(out, "emulation depth limit (" +
                                    std::to_string(profiles::max_emulation_depth) + ") reached");
        pg::Spi spi;
        pg::AsTableOwner owner;
        if (spi.exec(target_plan, {pg::uuid_arg(target)}, 1) == 0)
            pg::raise(ERRCODE_NO_DATA_FOUND, "profile not found");
        std::string target_role = pg::Spi::text(0, 1).value_or("");
        std::string target_access = pg::Spi::text(0, 3).value_or("");
        if (pg::Spi::boolean(0, 2)) return refusal(out, "the target user is disabled or deleted");
        if (spi.exec(target_plan, {pg::uuid_arg(actor.real_id)}, 1) == 0)
            pg::raise(ERRCODE_NO_DATA_FOUND, "user not found"); // deleted since set_actor
        std::string real_access = pg::Spi::text(0, 3).value_or("");
        if (role_rank(target_role, target_access) > role_rank(actor.real_role, real_access))
            return refusal(out, "you cannot emulate a user with a higher role than your own");
        spi.exec(end_expired_plan, {pg::uuid_arg(actor.real_id), pg::text_arg(actor.session_id)});
        spi.exec(grant_plan,
                 {pg::uuid_arg(actor.real_id), pg::uuid_arg(target), pg::text_arg(actor.session_id),
                  pg::int4_arg(depth), pg::int4_arg(ttl)});
        bool isnull;
        pg_uuid_t grant = *DatumGetUUIDP(pg::Spi::value(0, 1, &isnull));
        Datum expires = pg::Spi::value(0, 2, &isnull);
        out.begin_object().key("allowed").boolean(true).key("reason").null();
        out.key("grant_id")
            .string(pg::uuid_text(grant))
            .key("expires_at")
            .datum(expires, false, TIMESTAMPTZOID);
        out.end_object();
        profiles::write_activity(
            "emulation_started", "emulation_grant", &grant,
            profiles::activity_metadata(
                {}, {{"target_id", pg::uuid_text(target)}, {"depth", std::to_string(depth)}}));
        return out.finish();
    });
}

// profiles.unemulate() returns json {ok, reason}: ends the innermost live grant.
PGP_FUNCTION(profiles_unemulate) {
    return pg::entry([&]() -> Datum {
        const Actor& actor = require_real_admin();
        pg::JsonOut out;
        if (actor.session_id.empty()) {
            out.begin_object()
                .key("ok")
                .boolean(false)
                .key("reason")
                .string("not emulating")
                .end_object();
            return out.finish();
        }
        pg::Spi spi;
        pg::AsTableOwner owner;
        if (spi.exec(pop_plan, {pg::uuid_arg(actor.real_id), pg::text_arg(actor.session_id)}) ==
            0) {
            out.begin_object()
                .key("ok")
                .boolean(false)
                .key("reason")
                .string("not emulating")
                .end_object();
            return out.finish();
        }
        bool isnull;
        pg_uuid_t grant = *DatumGetUUIDP(pg::Spi::value(0, 1, &isnull));
        pg_uuid_t target = *DatumGetUUIDP(pg::Spi::value(0, 2, &isnull));
        long long depth = pg::Spi::int8(0, 3);
        profiles::write_activity(
            "emulation_ended", "emulation_grant", &grant,
            profiles::activity_metadata(
                {}, {{"target_id", pg::uuid_text(target)}, {"depth", std::to_string(depth)}}));
        out.begin_object().key("ok").boolean(true).key("reason").null().end_object();
        return out.finish();
    });
}
