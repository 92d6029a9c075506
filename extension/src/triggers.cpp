// Row triggers in C++: version bookkeeping (touch_row) and the activity log (log_activity).
#include "activity.hpp"
#include "identity.hpp"
#include "row_diff.hpp"

extern "C" {
#include "access/htup_details.h"
#include "access/xact.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "utils/jsonb.h"
#include "utils/rel.h"
#include "utils/timestamp.h"
#include "utils/fmgrprotos.h"
}

#include <string>
#include <vector>

namespace {

// Set while bump_profile_version updates a profile, so touch_row tells that bump from a
// plain UPDATE that only sets version (which stays a no-op).
bool bump_in_progress = false;

TriggerData* trigger_data(FunctionCallInfo fcinfo, const char* name) {
    if (!CALLED_AS_TRIGGER(fcinfo))
        pg::raise(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED,
                  std::string(name) + ": not called by trigger manager");
    TriggerData* td = (TriggerData*)fcinfo->context;
    if (!TRIGGER_FIRED_FOR_ROW(td->tg_event))
        pg::raise(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED,
                  std::string(name) + ": must be a FOR EACH ROW trigger");
    return td;
}

} // namespace

// BEFORE UPDATE: version + 1 and updated_at = statement time when something changed; a no-op
// update keeps both, so ETags stay valid.
PGP_FUNCTION(profiles_touch_row) {
    return pg::entry([&]() -> Datum {
        TriggerData* td = trigger_data(fcinfo, "touch_row");
        if (!TRIGGER_FIRED_BEFORE(td->tg_event) || !TRIGGER_FIRED_BY_UPDATE(td->tg_event))
            pg::raise(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED,
                      "touch_row: must be a BEFORE UPDATE trigger");
        Relation rel = td->tg_relation;
        TupleDesc desc = RelationGetDescr(rel);
        HeapTuple old_row = td->tg_trigtuple, new_row = td->tg_newtuple;
        Oid relid = RelationGetRelid(rel);
        int version_col = profiles::column_number(relid, desc, "version");
        int updated_col = profiles::column_number(relid, desc, "updated_at");
        profiles::RowPair rows =
            profiles::deform_pair(desc, td->tg_trigslot, old_row, td->tg_newslot, new_row);
        bool changed = profiles::any_column_changed(rows);
        // An explicit version bump (bump_profile_version, as the tables' owner) counts as a
        // change even though no column the caller sees changed.
        bool bumped = false;
        if (version_col) {
            bool old_null = rows.old_nulls[version_col - 1];
            bool new_null = rows.new_nulls[version_col - 1];
            bumped = bump_in_progress && !old_null && !new_null &&
                     DatumGetInt32(rows.new_values[version_col - 1]) >
                         DatumGetInt32(rows.old_values[version_col - 1]);
        }
        return pg::guard([&] {
            int cols[2];
            Datum values[2];
            bool nulls[2] = {false, false};
            int n = 0;
            if (version_col) {
                bool isnull = rows.old_nulls[version_col - 1];
                int32 old_version = isnull ? 0 : DatumGetInt32(rows.old_values[version_col - 1]);
                cols[n] = version_col;
                values[n++] = Int32GetDatum(changed || bumped ? old_version + 1 : old_version);
            }
            if (updated_col) {
                cols[n] = updated_col;
                if (changed || bumped) {
                    values[n] = TimestampTzGetDatum(GetCurrentStatementStartTimestamp());
                } else {
                    values[n] = rows.old_values[updated_col - 1];
                    nulls[n] = rows.old_nulls[updated_col - 1];
                }
                n++;
            }
            if (n == 0) return PointerGetDatum(new_row);
            return PointerGetDatum(
                heap_modify_tuple_by_cols(new_row, desc, n, cols, values, nulls));
        });
    });
}

// AFTER INSERT/UPDATE/DELETE FOR EACH ROW, argument: entity name. Writes one activities row
// in the same transaction; an UPDATE that changed nothing writes none.
PGP_FUNCTION(profiles_log_activity) {
    return pg::entry([&]() -> Datum {
        TriggerData* td = trigger_data(fcinfo, "log_activity");
        if (!TRIGGER_FIRED_AFTER(td->tg_event))
            pg::raise(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED,
                      "log_activity: must be an AFTER trigger");
        if (td->tg_trigger->tgnargs < 1)
            pg::raise(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED,
                      "log_activity: the entity name argument is required");
        std::string entity = td->tg_trigger->tgargs[0];
        Relation rel = td->tg_relation;
        TupleDesc desc = RelationGetDescr(rel);
        Oid relid = RelationGetRelid(rel);

        std::string action;
        std::vector<int> updated;
        int id_col = profiles::column_number(relid, desc, "id");
        int profile_col =
            entity == "profile" ? 0 : profiles::column_number(relid, desc, "profile_id");
        bool id_null = true, profile_null = true;
        Datum entity_id = (Datum)0, profile_id = (Datum)0;
        if (TRIGGER_FIRED_BY_UPDATE(td->tg_event)) {
            profiles::RowPair rows = profiles::deform_pair(desc, td->tg_trigslot, td->tg_trigtuple,
                                                           td->tg_newslot, td->tg_newtuple);
            updated = profiles::changed_columns(rows);
            if (updated.empty()) return PointerGetDatum(nullptr);
            action = entity + "_updated";
            if (id_col) {
                id_null = rows.new_nulls[id_col - 1];
                entity_id = rows.new_values[id_col - 1];
            }
            if (profile_col > 0) {
                profile_null = rows.new_nulls[profile_col - 1];
                profile_id = rows.new_values[profile_col - 1];
            }
        } else {
            if (TRIGGER_FIRED_BY_INSERT(td->tg_event)) {
                action = entity + "_created";
            } else if (TRIGGER_FIRED_BY_DELETE(td->tg_event)) {
                action = entity + "_deleted";
            } else {
                pg::raise(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED,
                          "log_activity: unsupported event");
            }
            HeapTuple row = td->tg_trigtuple;
            pg::guard([&] {
                if (id_col) entity_id = heap_getattr(row, id_col, desc, &id_null);
                if (profile_col > 0)
                    profile_id = heap_getattr(row, profile_col, desc, &profile_null);
            });
        }

        std::vector<const char*> names;
        names.reserve(updated.size());
        for (int col : updated)
            names.push_back(NameStr(TupleDescAttr(desc, col - 1)->attname));
        std::vector<std::pair<std::string, std::string>> extra;
        if (profile_col > 0 && !profile_null)
            extra.emplace_back("profile_id", pg::uuid_text(*DatumGetUUIDP(profile_id)));
        profiles::write_activity(action, entity, entity_id, id_null, names, extra);
        return PointerGetDatum(nullptr);
    });
}

namespace {
// A profile written earlier in this same transaction has its new version already; nobody
// has seen the old one.
pg::Plan bump_plan("UPDATE profiles.profile p SET version = p.version + 1 WHERE p.id = $1 "
                   "AND p.xmin <> pg_catalog.xid(pg_catalog.pg_current_xact_id())",
                   {UUIDOID});
} // namespace

// AFTER INSERT/UPDATE/DELETE FOR EACH ROW on a child of profile (argument-free; the row's
// profile_id): a new version of the profile, so its ETag changes when what it embeds does.
PGP_FUNCTION(profiles_bump_profile_version) {
    return pg::entry([&]() -> Datum {
        TriggerData* td = trigger_data(fcinfo, "bump_profile_version");
        Relation rel = td->tg_relation;
        TupleDesc desc = RelationGetDescr(rel);
        int col = profiles::column_number(RelationGetRelid(rel), desc, "profile_id");
        if (!col)
            pg::raise(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED,
                      "bump_profile_version: the table has no profile_id column");
        HeapTuple row = TRIGGER_FIRED_BY_UPDATE(td->tg_event) ? td->tg_newtuple : td->tg_trigtuple;
        if (TRIGGER_FIRED_BY_UPDATE(td->tg_event) &&
            !profiles::any_column_changed(profiles::deform_pair(
                desc, td->tg_trigslot, td->tg_trigtuple, td->tg_newslot, td->tg_newtuple)))
            return PointerGetDatum(nullptr);
        bool isnull;
        Datum profile = pg::guard([&] { return heap_getattr(row, col, desc, &isnull); });
        if (isnull) return PointerGetDatum(nullptr);
        pg::AsTableOwner owner; // callers have no UPDATE privilege on version
        pg::Spi spi;
        struct Flag {
            Flag() { bump_in_progress = true; }
            ~Flag() { bump_in_progress = false; }
        } flag;
        spi.exec(bump_plan, {pg::datum_arg(profile)}); // none left when the profile is deleted
        return PointerGetDatum(nullptr);
    });
}
