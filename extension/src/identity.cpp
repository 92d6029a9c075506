// The actor of the transaction (see identity.hpp).
#include "identity.hpp"

#include <vector>

extern "C" {
#include "access/xact.h"
#include "catalog/pg_type.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/uuid.h"
}

namespace profiles {
namespace {

// Backend-local state, valid for the current top-level transaction only.
struct State {
    bool explicit_set = false;     // set by set_actor()
    bool fallback_checked = false; // the db_role lookup ran in this transaction
    bool present = false;
    Actor actor;
};
State state;

// The state before each set_actor() run inside a subtransaction, so that rolling the
// subtransaction back also rolls the actor back.
struct Saved {
    int level;
    State before;
};
std::vector<Saved> saved;

void clear_state() {
    state = State{};
    saved.clear();
}

// PostgreSQL calls both callbacks from C: nothing in them may throw (moves, not copies).
void on_subxact_event(SubXactEvent event, SubTransactionId, SubTransactionId, void*) noexcept {
    int level = GetCurrentTransactionNestLevel();
    if (event == SUBXACT_EVENT_ABORT_SUB) {
        while (!saved.empty() && saved.back().level >= level) {
            state = std::move(saved.back().before);
            saved.pop_back();
        }
    } else if (event == SUBXACT_EVENT_COMMIT_SUB) {
        for (auto it = saved.begin(); it != saved.end();) {
            if (it->level >= level) it->level = level - 1;
            if (it->level <= 1)
                it = saved.erase(it);
            else
                ++it;
        }
    }
}

void on_xact_event(XactEvent event, void*) noexcept {
    switch (event) {
    case XACT_EVENT_COMMIT:
    case XACT_EVENT_ABORT:
    case XACT_EVENT_PREPARE:
    case XACT_EVENT_PARALLEL_COMMIT:
    case XACT_EVENT_PARALLEL_ABORT:
        clear_state();
        break;
    default:
        break;
    }
}

const char kUserByIdSql[] =
    "SELECT u.role, u.disabled OR u.deleted_at IS NOT NULL FROM profiles.users u WHERE u.id = $1";
const char kUserByDbRoleSql[] = "SELECT u.id, u.role FROM profiles.users u "
                                "WHERE u.db_role = $1 AND NOT u.disabled AND u.deleted_at IS NULL";

// Resolves the effective actor through the session's live emulation grants, innermost first.
const char kEmulationSql[] =
    "SELECT g.target_id, u.role, g.depth FROM profiles.emulation_grant g "
    "JOIN profiles.users u ON u.id = g.target_id "
    "WHERE g.admin_id = $1 AND g.session_id = $2 AND g.ended_at IS NULL AND g.expires_at > "
    "pg_catalog.now() AND NOT u.disabled AND u.deleted_at IS NULL "
    "ORDER BY g.depth DESC LIMIT 1";

void resolve_emulation(pg::Spi& spi, Actor& a) {
    if (a.session_id.empty() || !a.real_is_admin()) return;
    static pg::Plan plan(kEmulationSql, {UUIDOID, TEXTOID});
    if (spi.exec(plan, {pg::uuid_arg(a.real_id), pg::text_arg(a.session_id)}, 1) == 0) return;
    bool isnull;
    a.id = *DatumGetUUIDP(pg::Spi::value(0, 1, &isnull));
    a.role = pg::Spi::text(0, 2).value_or("");
    a.emulation_depth = (int)pg::Spi::int8(0, 3);
}

void resolve_fallback() {
    state.fallback_checked = true;
    const char* role_name =
        pg::guard([] { return (const char*)GetUserNameFromId(GetSessionUserId(), false); });
    pg::AsTableOwner owner;
    pg::Spi spi;
    static pg::Plan plan(kUserByDbRoleSql, {NAMEOID});
    Datum name = pg::guard([&] { return DirectFunctionCall1(namein, CStringGetDatum(role_name)); });
    if (spi.exec(plan, {pg::datum_arg(name)}, 2) != 1) return; // none, or ambiguous
    bool isnull;
    Actor a;
    a.id = *DatumGetUUIDP(pg::Spi::value(0, 1, &isnull));
    a.real_id = a.id;
    a.role = pg::Spi::text(0, 2).value_or("");
    a.real_role = a.role;
    state.actor = a;
    state.present = true;
}

} // namespace

const Actor* current_actor() {
    if (!state.explicit_set && !state.fallback_checked) resolve_fallback();
    return state.present ? &state.actor : nullptr;
}

const Actor& require_actor() {
    const Actor* a = current_actor();
    if (!a)
        pg::raise(ERRCODE_INSUFFICIENT_PRIVILEGE, "no actor for this transaction",
                  "Neither profiles.set_actor() was called nor does session_user map to a user.",
                  "Map the database role with profiles.users.db_role.");
    return *a;
}

void register_identity_callbacks() {
    RegisterXactCallback(on_xact_event, nullptr);
    RegisterSubXactCallback(on_subxact_event, nullptr);
}

} // namespace profiles

using profiles::Actor;

namespace profiles {
namespace {

// Makes `id` the actor of this transaction after checking it is a live user; returns the role.
const std::string& establish_actor(const pg_uuid_t& id, std::string session_id,
                                   std::string request_id, std::string client) {
    if (session_id.size() > 256 || request_id.size() > 128 || client.size() > 64)
        pg::raise(ERRCODE_INVALID_PARAMETER_VALUE, "session id, request id or client too long");
    Actor a;
    a.id = a.real_id = id;
    a.session_id = std::move(session_id);
    a.request_id = std::move(request_id);
    a.client = std::move(client);
    {
        pg::AsTableOwner owner;
        pg::Spi spi;
        static pg::Plan plan(kUserByIdSql, {UUIDOID});
        if (spi.exec(plan, {pg::uuid_arg(id)}, 1) == 0 || pg::Spi::boolean(0, 2))
            pg::raise(ERRCODE_INVALID_AUTHORIZATION_SPECIFICATION, "invalid credentials");
        a.role = a.real_role = pg::Spi::text(0, 1).value_or("");
        resolve_emulation(spi, a);
    }
    int level = GetCurrentTransactionNestLevel();
    if (level > 1) saved.push_back(Saved{level, state});
    state.actor = std::move(a);
    state.present = true;
    state.explicit_set = true;
    return state.actor.role;
}

// A hashed credential (session cookie or API key) to the user it belongs to and the session
// id it stands for; raises 28000 when unknown, expired or revoked.
const char kSessionSql[] =
    "SELECT s.user_id, s.id::text FROM profiles.session s "
    "WHERE s.token_hash = pg_catalog.sha256(pg_catalog.convert_to($1, 'UTF8')) "
    "AND s.revoked_at IS NULL AND s.expires_at > pg_catalog.now()";
const char kApiKeySql[] =
    "SELECT k.user_id, 'key:' || k.id::text FROM profiles.api_key k "
    "WHERE k.key_hash = pg_catalog.sha256(pg_catalog.convert_to($1, 'UTF8')) "
    "AND k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > pg_catalog.now())";

std::string text_arg_or_empty(FunctionCallInfo fcinfo, int n) {
    if (PG_NARGS() <= n || PG_ARGISNULL(n)) return {};
    return pg::guard([&] { return (const char*)text_to_cstring(PG_GETARG_TEXT_PP(n)); });
}

Datum role_datum(const std::string& role) {
    return pg::guard(
        [&] { return PointerGetDatum(cstring_to_text_with_len(role.data(), (int)role.size())); });
}

Datum establish_from_credential(FunctionCallInfo fcinfo, pg::Plan& plan) {
    std::string secret = text_arg_or_empty(fcinfo, 0);
    if (secret.empty() || secret.size() > 4096)
        pg::raise(ERRCODE_INVALID_AUTHORIZATION_SPECIFICATION, "invalid credentials");
    pg_uuid_t user;
    std::string session;
    {
        pg::AsTableOwner owner;
        pg::Spi spi;
        if (spi.exec(plan, {pg::text_arg(secret)}, 1) == 0)
            pg::raise(ERRCODE_INVALID_AUTHORIZATION_SPECIFICATION, "invalid credentials");
        bool isnull;
        user = *DatumGetUUIDP(pg::Spi::value(0, 1, &isnull));
        session = pg::Spi::text(0, 2).value_or("");
    }
    return role_datum(
        establish_actor(user, session, text_arg_or_empty(fcinfo, 1), text_arg_or_empty(fcinfo, 2)));
}

} // namespace
} // namespace profiles

// profiles.set_actor(user_id uuid, session_id text, request_id text, client text) returns text
PGP_FUNCTION(profiles_set_actor) {
    return pg::entry([&]() -> Datum {
        if (PG_ARGISNULL(0))
            pg::raise(ERRCODE_INVALID_AUTHORIZATION_SPECIFICATION, "invalid credentials");
        pg_uuid_t id = *PG_GETARG_UUID_P(0);
        return profiles::role_datum(profiles::establish_actor(
            id, profiles::text_arg_or_empty(fcinfo, 1), profiles::text_arg_or_empty(fcinfo, 2),
            profiles::text_arg_or_empty(fcinfo, 3)));
    });
}

// profiles.set_actor_by_session(token text, request_id text, client text) returns text
PGP_FUNCTION(profiles_set_actor_by_session) {
    return pg::entry([&]() -> Datum {
        static pg::Plan plan(profiles::kSessionSql, {TEXTOID});
        return profiles::establish_from_credential(fcinfo, plan);
    });
}

// profiles.set_actor_by_api_key(api_key text, request_id text, client text) returns text
PGP_FUNCTION(profiles_set_actor_by_api_key) {
    return pg::entry([&]() -> Datum {
        static pg::Plan plan(profiles::kApiKeySql, {TEXTOID});
        return profiles::establish_from_credential(fcinfo, plan);
    });
}

// profiles.current_actor() returns uuid (NULL when there is no actor)
PGP_FUNCTION(profiles_current_actor) {
    bool none = false;
    Datum d = pg::entry([&]() -> Datum {
        const Actor* a = profiles::current_actor();
        if (!a) {
            none = true;
            return (Datum)0;
        }
        pg::Arg arg = pg::uuid_arg(a->id);
        return arg.value;
    });
    if (none) PG_RETURN_NULL();
    return d;
}

// profiles.real_actor() returns uuid: the authenticated user behind an emulation
PGP_FUNCTION(profiles_real_actor) {
    bool none = false;
    Datum d = pg::entry([&]() -> Datum {
        const Actor* a = profiles::current_actor();
        if (!a) {
            none = true;
            return (Datum)0;
        }
        return pg::uuid_arg(a->real_id).value;
    });
    if (none) PG_RETURN_NULL();
    return d;
}

// profiles.is_admin() returns boolean
PGP_FUNCTION(profiles_is_admin) {
    return pg::entry([&]() -> Datum {
        const Actor* a = profiles::current_actor();
        return BoolGetDatum(a && a->is_admin());
    });
}
