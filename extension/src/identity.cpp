// The actor of the transaction (see identity.hpp).
#include "identity.hpp"

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

void clear_state() {
    state.explicit_set = false;
    state.fallback_checked = false;
    state.present = false;
    state.actor = Actor{};
}

void on_xact_event(XactEvent event, void*) {
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
}

} // namespace profiles

using profiles::Actor;

// profiles.set_actor(user_id uuid, session_id text, request_id text) returns text (the role)
PGP_FUNCTION(profiles_set_actor) {
    return pg::entry([&]() -> Datum {
        if (PG_ARGISNULL(0))
            pg::raise(ERRCODE_INVALID_AUTHORIZATION_SPECIFICATION, "invalid credentials");
        pg_uuid_t id = *PG_GETARG_UUID_P(0);
        auto text_or_empty = [&](int n) -> std::string {
            if (PG_NARGS() <= n || PG_ARGISNULL(n)) return {};
            return pg::guard([&] { return (const char*)text_to_cstring(PG_GETARG_TEXT_PP(n)); });
        };
        Actor a;
        a.id = a.real_id = id;
        a.session_id = text_or_empty(1);
        a.request_id = text_or_empty(2);
        if (a.session_id.size() > 256 || a.request_id.size() > 128)
            pg::raise(ERRCODE_INVALID_PARAMETER_VALUE, "session or request id too long");
        {
            pg::AsTableOwner owner;
            pg::Spi spi;
            static pg::Plan plan(profiles::kUserByIdSql, {UUIDOID});
            if (spi.exec(plan, {pg::uuid_arg(id)}, 1) == 0 || pg::Spi::boolean(0, 2))
                pg::raise(ERRCODE_INVALID_AUTHORIZATION_SPECIFICATION, "invalid credentials");
            a.role = a.real_role = pg::Spi::text(0, 1).value_or("");
            profiles::resolve_emulation(spi, a);
        }
        profiles::state.actor = a;
        profiles::state.present = true;
        profiles::state.explicit_set = true;
        const std::string& role = profiles::state.actor.role;
        return pg::guard([&] {
            return PointerGetDatum(cstring_to_text_with_len(role.data(), (int)role.size()));
        });
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
