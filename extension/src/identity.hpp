// Who is acting: the actor of the current transaction.
//
// The shim sets it with profiles.set_actor() (EXECUTE only for profiles_authenticator); SQL
// callers without one act as the user whose users.db_role is session_user. It lives in
// backend memory and is cleared at transaction end, so no SET of any setting can forge it.
#pragma once

#include "spi.hpp"

#include <string>

namespace profiles {

struct Actor {
    pg_uuid_t id;      // effective actor (the emulated profile during emulation)
    pg_uuid_t real_id; // the authenticated user
    std::string role;  // role of the effective actor, read from profiles.users
    std::string real_role;
    std::string session_id; // may be empty
    std::string request_id; // may be empty
    std::string client;     // client kind (e.g. "mcp" for X-MCP requests); may be empty
    int emulation_depth = 0;

    bool is_admin() const { return role_is_admin(role); }
    bool real_is_admin() const { return role_is_admin(real_role); }
    bool is_emulating() const { return emulation_depth > 0; }

    // Admins are roles starting with "internal_" exactly (case-sensitive), e.g. internal_admin.
    static bool role_is_admin(const std::string& role) {
        return role.size() > 9 && role.compare(0, 9, "internal_") == 0;
    }
};

// The current actor, or nullptr when there is none.
const Actor* current_actor();
// The current actor; raises 42501 when there is none.
const Actor& require_actor();

// Registers the transaction-end callback; called once from _PG_init.
void register_identity_callbacks();

} // namespace profiles
