// Writing activities rows (see activity.hpp).
#include "activity.hpp"

extern "C" {
#include "catalog/pg_type.h"
}

namespace profiles {
namespace {

pg::Plan insert_activity_plan(
    "INSERT INTO profiles.activities (activity_type, action, entity, entity_id, actor_id, "
    "real_actor_id, request_id, session_id, metadata) "
    "VALUES ('user_action', $1, $2, $3, $4, $5, $6, $7, $8)",
    {TEXTOID, TEXTOID, UUIDOID, UUIDOID, UUIDOID, TEXTOID, TEXTOID, JSONBOID});

void push_string(JsonbParseState** state, JsonbIteratorToken token, const std::string& s) {
    JsonbValue v;
    v.type = jbvString;
    v.val.string.val = (char*)s.data();
    v.val.string.len = (int)s.size();
    pushJsonbValue(state, token, &v);
}

// metadata plus {"client": kind}, so audits can tell e.g. MCP clients apart.
Jsonb* with_client(Jsonb* metadata, const std::string& client) {
    static const std::string kClient = "client";
    return pg::guard([&] {
        JsonbParseState* state = nullptr;
        JsonbIterator* it = JsonbIteratorInit(&metadata->root);
        JsonbValue v;
        JsonbIteratorToken tok;
        JsonbValue* result = nullptr;
        while ((tok = JsonbIteratorNext(&it, &v, false)) != WJB_DONE) {
            if (tok == WJB_END_OBJECT && state && !state->next) {
                push_string(&state, WJB_KEY, kClient);
                push_string(&state, WJB_VALUE, client);
            }
            result = pushJsonbValue(&state, tok, tok < WJB_BEGIN_ARRAY ? &v : nullptr);
        }
        return JsonbValueToJsonb(result);
    });
}

} // namespace

Jsonb* activity_metadata(const std::vector<std::string>& updated_fields,
                         const std::vector<std::pair<std::string, std::string>>& extra) {
    static const std::string kUpdatedFields = "updated_fields";
    return pg::guard([&] {
        JsonbParseState* state = nullptr;
        pushJsonbValue(&state, WJB_BEGIN_OBJECT, nullptr);
        if (!updated_fields.empty()) {
            push_string(&state, WJB_KEY, kUpdatedFields);
            pushJsonbValue(&state, WJB_BEGIN_ARRAY, nullptr);
            for (const std::string& f : updated_fields)
                push_string(&state, WJB_ELEM, f);
            pushJsonbValue(&state, WJB_END_ARRAY, nullptr);
        }
        for (const auto& [k, v] : extra) {
            push_string(&state, WJB_KEY, k);
            push_string(&state, WJB_VALUE, v);
        }
        return JsonbValueToJsonb(pushJsonbValue(&state, WJB_END_OBJECT, nullptr));
    });
}

void write_activity(const std::string& action, const std::string& entity, Datum entity_id,
                    bool entity_id_null, Jsonb* metadata) {
    const Actor* actor = current_actor();
    if (actor && !actor->client.empty()) metadata = with_client(metadata, actor->client);
    pg::AsTableOwner owner;
    pg::Spi spi;
    spi.exec(
        insert_activity_plan,
        {pg::text_arg(action), pg::text_arg(entity),
         entity_id_null ? pg::null_arg() : pg::datum_arg(entity_id),
         actor ? pg::uuid_arg(actor->id) : pg::null_arg(),
         actor ? pg::uuid_arg(actor->real_id) : pg::null_arg(),
         actor && !actor->request_id.empty() ? pg::text_arg(actor->request_id) : pg::null_arg(),
         actor && !actor->session_id.empty() ? pg::text_arg(actor->session_id) : pg::null_arg(),
         pg::datum_arg(PointerGetDatum(metadata))});
}

void write_activity(const std::string& action, const std::string& entity,
                    const pg_uuid_t* entity_id, Jsonb* metadata) {
    if (!entity_id) {
        write_activity(action, entity, (Datum)0, true, metadata);
        return;
    }
    write_activity(action, entity, pg::uuid_arg(*entity_id).value, false, metadata);
}

} // namespace profiles
