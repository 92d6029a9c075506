// Writing activities rows (see activity.hpp).
//
// A row trigger writes one activities row per changed row, so the insert is on the hot path of
// every bulk UPDATE. When profiles.activities is the plain table the schema defines (heap, no
// triggers, no CHECK constraints, plain btree-style indexes, row-level security not applying
// to its owner), the row goes straight into the heap and its indexes, as the owner, without a
// statement per row. Anything else takes the cached INSERT statement, with its full
// semantics.
#include "activity.hpp"

extern "C" {
#include "access/genam.h"
#include "access/heapam.h"
#include "access/htup_details.h"
#include "access/tableam.h"
#include "access/xact.h"
#include "catalog/dependency.h"
#include "catalog/index.h"
#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "commands/sequence.h"
#include "miscadmin.h"
#include "nodes/execnodes.h"
#include "nodes/primnodes.h"
#include "utils/acl.h"
#include "utils/fmgroids.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/rls.h"
#include "utils/timestamp.h"
}

#include <cstring>

namespace profiles {
namespace {

pg::Plan insert_activity_plan(
    "INSERT INTO profiles.activities (activity_type, action, entity, entity_id, actor_id, "
    "real_actor_id, request_id, session_id, metadata) "
    "VALUES ('user_action', $1, $2, $3, $4, $5, $6, $7, $8)",
    {TEXTOID, TEXTOID, UUIDOID, UUIDOID, UUIDOID, TEXTOID, TEXTOID, JSONBOID});

void push_string(JsonbParseState** state, JsonbIteratorToken token, const char* s, size_t len) {
    JsonbValue v;
    v.type = jbvString;
    v.val.string.val = (char*)s;
    v.val.string.len = (int)len;
    pushJsonbValue(state, token, &v);
}
void push_string(JsonbParseState** state, JsonbIteratorToken token, const std::string& s) {
    push_string(state, token, s.data(), s.size());
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

// ---------------------------------------------------------------------------------------------
// The direct path.

// The columns of profiles.activities, in order, as the schema defines them.
struct Column {
    const char* name;
    Oid type;
};
constexpr Column kColumns[] = {
    {"id", INT8OID},
    {"occurred_at", TIMESTAMPTZOID},
    {"activity_type", TEXTOID},
    {"action", TEXTOID},
    {"entity", TEXTOID},
    {"entity_id", UUIDOID},
    {"actor_id", UUIDOID},
    {"real_actor_id", UUIDOID},
    {"request_id", TEXTOID},
    {"session_id", TEXTOID},
    {"metadata", JSONBOID},
};
constexpr int kNumColumns = sizeof(kColumns) / sizeof(kColumns[0]);

// What is known about the table; forgotten on any relcache invalidation of it.
struct Target {
    Oid relid = InvalidOid;
    bool checked = false;
    bool usable = false;
    Oid sequence = InvalidOid; // of the identity column id
};
Target target;

void forget_target(Datum, Oid relid) {
    if (relid == InvalidOid || relid == target.relid) {
        target.relid = InvalidOid;
        target.checked = false;
    }
}

// Whether occurred_at's default is now(), the value the direct path stores.
bool default_is_now(Relation rel, AttrNumber attnum) {
    TupleConstr* constr = RelationGetDescr(rel)->constr;
    if (!constr) return false;
    for (int i = 0; i < constr->num_defval; i++) {
        if (constr->defval[i].adnum != attnum) continue;
        Node* expr = (Node*)stringToNode(constr->defval[i].adbin);
        return IsA(expr, FuncExpr) && ((FuncExpr*)expr)->funcid == F_NOW &&
               ((FuncExpr*)expr)->args == NIL;
    }
    return false;
}

// The shape checks that only change with the table's definition. Plain C.
void check_target(Relation rel) {
    target.checked = true;
    target.usable = false;
    TupleDesc desc = RelationGetDescr(rel);
    if (rel->rd_rel->relkind != RELKIND_RELATION || rel->rd_rel->relispartition ||
        rel->rd_tableam != GetHeapamTableAmRoutine() || rel->trigdesc != nullptr ||
        desc->natts != kNumColumns)
        return;
    if (desc->constr && desc->constr->num_check > 0) return;
    for (int i = 0; i < kNumColumns; i++) {
        Form_pg_attribute att = TupleDescAttr(desc, i);
        if (att->attisdropped || att->attgenerated || att->atttypid != kColumns[i].type ||
            strcmp(NameStr(att->attname), kColumns[i].name) != 0)
            return;
        if (att->attidentity != (i == 0 ? ATTRIBUTE_IDENTITY_ALWAYS : '\0')) return;
    }
    if (!default_is_now(rel, 2)) return;
    Oid seq = getIdentitySequence(RelationGetRelid(rel), 1, true);
    if (!OidIsValid(seq)) return;
    target.sequence = seq;
    target.usable = true;
}

// An index the direct path maintains: key columns only, no expressions, no predicate, no
// exclusion constraint, uniqueness checked immediately.
bool is_plain_index(Relation index, IndexInfo* info) {
    if (info->ii_Expressions != NIL || info->ii_Predicate != NIL ||
        info->ii_ExclusionOps != nullptr)
        return false;
    if (info->ii_Unique && !index->rd_index->indimmediate) return false;
    for (int k = 0; k < info->ii_NumIndexAttrs; k++) {
        AttrNumber a = info->ii_IndexAttrNumbers[k];
        if (a < 1 || a > kNumColumns) return false;
    }
    return true;
}

// Inserts the row (columns 3.. given; id and occurred_at filled here) unless something about
// the table or the transaction asks for the full INSERT; returns whether it did. Runs as the
// table owner, inside a guard.
bool insert_direct(Datum* values, bool* nulls) {
    if (XactReadOnly || IsInParallelMode()) return false;
    static bool callback_registered = false;
    if (!callback_registered) {
        CacheRegisterRelcacheCallback(forget_target, (Datum)0);
        callback_registered = true;
    }
    if (!OidIsValid(target.relid)) {
        Oid nsp = get_namespace_oid("profiles", true);
        Oid relid = OidIsValid(nsp) ? get_relname_relid("activities", nsp) : InvalidOid;
        if (!OidIsValid(relid)) return false;
        target.relid = relid;
        target.checked = false;
    }
    Oid relid = target.relid;
    // The same checks the INSERT makes for its user (the owner): privilege, and row-level
    // security (FORCE ROW LEVEL SECURITY applies to owners that do not bypass it).
    if (pg_class_aclcheck(relid, GetUserId(), ACL_INSERT) != ACLCHECK_OK) return false;
    if (check_enable_rls(relid, InvalidOid, true) == RLS_ENABLED) return false;

    Relation rel = table_open(relid, RowExclusiveLock);
    // Opening may have processed invalidations (forgetting the target).
    if (target.relid != relid) {
        table_close(rel, NoLock);
        return false;
    }
    if (!target.checked) check_target(rel);
    if (!target.usable) {
        table_close(rel, NoLock);
        return false;
    }
    // NOT NULL is the executor's check: a null where the table now forbids one takes the
    // INSERT, which reports it.
    for (int i = 2; i < kNumColumns; i++) {
        if (nulls[i] && TupleDescAttr(RelationGetDescr(rel), i)->attnotnull) {
            table_close(rel, NoLock);
            return false;
        }
    }

    List* index_oids = RelationGetIndexList(rel);
    int nindexes = list_length(index_oids);
    Relation* indexes = (Relation*)palloc(sizeof(Relation) * Max(nindexes, 1));
    IndexInfo** infos = (IndexInfo**)palloc(sizeof(IndexInfo*) * Max(nindexes, 1));
    bool plain = true;
    int opened = 0;
    ListCell* lc;
    foreach (lc, index_oids) {
        Relation index = index_open(lfirst_oid(lc), RowExclusiveLock);
        indexes[opened] = index;
        infos[opened] = BuildIndexInfo(index);
        if (!is_plain_index(index, infos[opened])) plain = false;
        opened++;
    }
    if (!plain) {
        for (int i = 0; i < opened; i++)
            index_close(indexes[i], NoLock);
        table_close(rel, NoLock);
        return false;
    }

    values[0] = Int64GetDatum(nextval_internal(target.sequence, false));
    nulls[0] = false;
    values[1] = TimestampTzGetDatum(GetCurrentTransactionStartTimestamp());
    nulls[1] = false;
    HeapTuple tuple = heap_form_tuple(RelationGetDescr(rel), values, nulls);
    heap_insert(rel, tuple, GetCurrentCommandId(true), 0, nullptr);
    for (int i = 0; i < opened; i++) {
        IndexInfo* info = infos[i];
        if (info->ii_ReadyForInserts) {
            Datum keys[INDEX_MAX_KEYS];
            bool key_nulls[INDEX_MAX_KEYS];
            for (int k = 0; k < info->ii_NumIndexAttrs; k++) {
                AttrNumber a = info->ii_IndexAttrNumbers[k];
                keys[k] = values[a - 1];
                key_nulls[k] = nulls[a - 1];
            }
            index_insert(indexes[i], keys, key_nulls, &tuple->t_self, rel,
                         info->ii_Unique ? UNIQUE_CHECK_YES : UNIQUE_CHECK_NO, false, info);
        }
        index_close(indexes[i], NoLock);
    }
    table_close(rel, NoLock);
    return true;
}

// Writes the row: directly when the table allows it, else with the INSERT statement.
void insert_activity(const std::string& action, const std::string& entity, Datum entity_id,
                     bool entity_id_null, Jsonb* metadata) {
    const Actor* actor = current_actor();
    pg::Arg args[8] = {
        pg::text_arg(action),
        pg::text_arg(entity),
        entity_id_null ? pg::null_arg() : pg::datum_arg(entity_id),
        actor ? pg::uuid_arg(actor->id) : pg::null_arg(),
        actor ? pg::uuid_arg(actor->real_id) : pg::null_arg(),
        actor && !actor->request_id.empty() ? pg::text_arg(actor->request_id) : pg::null_arg(),
        actor && !actor->session_id.empty() ? pg::text_arg(actor->session_id) : pg::null_arg(),
        pg::datum_arg(PointerGetDatum(metadata))};
    pg::AsTableOwner owner;
    Datum values[kNumColumns];
    bool nulls[kNumColumns];
    values[2] = pg::text_arg("user_action").value;
    nulls[2] = false;
    for (int i = 0; i < 8; i++) {
        values[i + 3] = args[i].value;
        nulls[i + 3] = args[i].isnull;
    }
    if (pg::guard([&] { return insert_direct(values, nulls); })) return;
    pg::Spi spi;
    spi.exec(insert_activity_plan,
             {args[0], args[1], args[2], args[3], args[4], args[5], args[6], args[7]});
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
    insert_activity(action, entity, entity_id, entity_id_null, metadata);
}

void write_activity(const std::string& action, const std::string& entity,
                    const pg_uuid_t* entity_id, Jsonb* metadata) {
    if (!entity_id) {
        write_activity(action, entity, (Datum)0, true, metadata);
        return;
    }
    write_activity(action, entity, pg::uuid_arg(*entity_id).value, false, metadata);
}

void write_activity(const std::string& action, const std::string& entity, Datum entity_id,
                    bool entity_id_null, const std::vector<const char*>& updated_fields,
                    const std::vector<std::pair<std::string, std::string>>& extra) {
    static const std::string kUpdatedFields = "updated_fields";
    static const std::string kClient = "client";
    const Actor* actor = current_actor();
    const std::string* client = actor && !actor->client.empty() ? &actor->client : nullptr;
    // The members in the order activity_metadata and with_client push them (for duplicate
    // keys the last one wins, as there).
    Jsonb* metadata = pg::guard([&] {
        JsonbParseState* state = nullptr;
        pushJsonbValue(&state, WJB_BEGIN_OBJECT, nullptr);
        if (!updated_fields.empty()) {
            push_string(&state, WJB_KEY, kUpdatedFields);
            pushJsonbValue(&state, WJB_BEGIN_ARRAY, nullptr);
            for (const char* f : updated_fields)
                push_string(&state, WJB_ELEM, f, strlen(f));
            pushJsonbValue(&state, WJB_END_ARRAY, nullptr);
        }
        for (const auto& [k, v] : extra) {
            push_string(&state, WJB_KEY, k);
            push_string(&state, WJB_VALUE, v);
        }
        if (client) {
            push_string(&state, WJB_KEY, kClient);
            push_string(&state, WJB_VALUE, *client);
        }
        return JsonbValueToJsonb(pushJsonbValue(&state, WJB_END_OBJECT, nullptr));
    });
    insert_activity(action, entity, entity_id, entity_id_null, metadata);
}

} // namespace profiles
