// Writing activities rows (the audit log) from C++.
#pragma once

#include "identity.hpp"

extern "C" {
#include "utils/jsonb.h"
}

#include <string>
#include <utility>
#include <vector>

namespace profiles {

// Inserts one activities row as the tables' owner, attributed to the current actor (if any):
// activity_type 'user_action', the given action/entity/entity id and metadata.
void write_activity(const std::string& action, const std::string& entity,
                    const pg_uuid_t* entity_id, Jsonb* metadata);
void write_activity(const std::string& action, const std::string& entity, Datum entity_id,
                    bool entity_id_null, Jsonb* metadata);

// The same row with metadata {"updated_fields": [names...]} plus the extra string members
// (and the actor's client kind): what the row triggers write, built in one pass.
void write_activity(const std::string& action, const std::string& entity, Datum entity_id,
                    bool entity_id_null, const std::vector<const char*>& updated_fields,
                    const std::vector<std::pair<std::string, std::string>>& extra);

// {"updated_fields": [names...]} plus optional string members, built directly as jsonb.
Jsonb* activity_metadata(const std::vector<std::string>& updated_fields,
                         const std::vector<std::pair<std::string, std::string>>& extra = {});

} // namespace profiles
