// The number of profiles in O(1): statement triggers keep per-slot tallies whose sum is
// count(*) of profiles, so an unfiltered list does not scan every profile for its total.
// Writers spread over the slots (a slot no other transaction holds), so concurrent inserts
// never wait on one counter row; a REPEATABLE READ or SERIALIZABLE writer adds a pending row
// instead, since updating a slot changed after its snapshot would fail.
#include "profile_tally.hpp"

extern "C" {
#include "access/xact.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "miscadmin.h"
#include "utils/tuplestore.h"
}

namespace {

constexpr int kSlots = 16;

// A slot this transaction already holds or nobody holds, starting from the backend's own.
pg::Plan
    add_free_slot_plan("UPDATE profiles.profile_tally t SET n = t.n + $1 WHERE t.slot = "
                       "(SELECT s.slot FROM profiles.profile_tally s ORDER BY (s.slot + $2) % 16 "
                       "LIMIT 1 FOR UPDATE SKIP LOCKED)",
                       {INT8OID, INT4OID});
// Every slot is held by other writers: wait for the backend's own.
pg::Plan add_own_slot_plan("UPDATE profiles.profile_tally t SET n = t.n + $1 WHERE t.slot = $2",
                           {INT8OID, INT4OID});
// Snapshot-isolation writers: a row of their own, which no other transaction can have changed.
pg::Plan add_pending_plan("INSERT INTO profiles.profile_tally_pending (n) VALUES ($1)", {INT8OID});
// What they left, taken by a READ COMMITTED writer into its slot update (same transaction).
pg::Plan fold_pending_plan("WITH f AS (DELETE FROM profiles.profile_tally_pending p RETURNING p.n) "
                           "SELECT COALESCE(pg_catalog.sum(f.n), 0)::bigint FROM f",
                           {});
// Pending rows before slots, in this order everywhere (folds, resets, recounts): no deadlock.
pg::Plan reset_pending_plan("DELETE FROM profiles.profile_tally_pending", {});
pg::Plan reset_plan("UPDATE profiles.profile_tally t SET n = 0 WHERE t.n <> 0", {});
pg::Plan
    total_plan("SELECT ((SELECT COALESCE(pg_catalog.sum(t.n), 0) FROM profiles.profile_tally t) + "
               "(SELECT COALESCE(pg_catalog.sum(p.n), 0) "
               "FROM profiles.profile_tally_pending p))::bigint",
               {});
// Exclusive: waits for every writer that touched the tallies, and holds off new ones until the
// count (a fresh snapshot, taken after the lock) is stored.
pg::Plan
    lock_plan("LOCK TABLE profiles.profile_tally_pending, profiles.profile_tally IN EXCLUSIVE MODE",
              {});
// One statement, so one snapshot: the count and the pending rows it replaces agree (a writer's
// profiles and its pending row commit together).
pg::Plan recount_plan("WITH d AS (DELETE FROM profiles.profile_tally_pending) "
                      "UPDATE profiles.profile_tally t SET n = CASE WHEN t.slot = 0 THEN "
                      "(SELECT pg_catalog.count(*) FROM profiles.profile p) ELSE 0 END",
                      {});

void add(pg::Spi& spi, long long delta) {
    int own = MyProcPid % kSlots;
    pg::AsTableOwner owner;
    if (IsolationUsesXactSnapshot()) {
        spi.exec(add_pending_plan, {pg::int8_arg(delta)});
        return;
    }
    spi.exec(fold_pending_plan, {}, 1);
    delta += pg::Spi::int8(0, 1);
    if (spi.exec(add_free_slot_plan, {pg::int8_arg(delta), pg::int4_arg(kSlots - own)}) == 0)
        spi.exec(add_own_slot_plan, {pg::int8_arg(delta), pg::int4_arg(own)});
}

} // namespace

namespace profiles {

long long profile_total(pg::Spi& spi) {
    pg::AsTableOwner owner;
    spi.exec(total_plan, {}, 1);
    return pg::Spi::int8(0, 1);
}

void recount_profiles(pg::Spi& spi) {
    pg::AsTableOwner owner;
    spi.exec(lock_plan, {});
    spi.exec(recount_plan, {});
}

} // namespace profiles

// AFTER INSERT (REFERENCING NEW TABLE) / AFTER DELETE (REFERENCING OLD TABLE) / AFTER TRUNCATE,
// FOR EACH STATEMENT on profiles.profile.
PGP_FUNCTION(profiles_tally_profiles) {
    return pg::entry([&]() -> Datum {
        if (!CALLED_AS_TRIGGER(fcinfo))
            pg::raise(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED,
                      "tally_profiles: not called by trigger manager");
        TriggerData* td = (TriggerData*)fcinfo->context;
        if (!TRIGGER_FIRED_FOR_STATEMENT(td->tg_event) || !TRIGGER_FIRED_AFTER(td->tg_event))
            pg::raise(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED,
                      "tally_profiles: must be an AFTER ... FOR EACH STATEMENT trigger");
        pg::Spi spi;
        if (TRIGGER_FIRED_BY_TRUNCATE(td->tg_event)) {
            // Pending rows committed after an older snapshot are invisible to it, and would
            // outlive the rows they count.
            if (IsolationUsesXactSnapshot())
                pg::raise(ERRCODE_FEATURE_NOT_SUPPORTED,
                          "TRUNCATE of profiles.profile runs in READ COMMITTED transactions only",
                          "The profile tally cannot be reset from a REPEATABLE READ or "
                          "SERIALIZABLE snapshot.");
            pg::AsTableOwner owner;
            spi.exec(reset_pending_plan, {});
            spi.exec(reset_plan, {});
            return PointerGetDatum(nullptr);
        }
        Tuplestorestate* rows =
            TRIGGER_FIRED_BY_INSERT(td->tg_event) ? td->tg_newtable : td->tg_oldtable;
        if (!rows)
            pg::raise(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED,
                      "tally_profiles: needs REFERENCING NEW TABLE (insert) or OLD TABLE (delete)");
        long long n = pg::guard([&] { return (long long)tuplestore_tuple_count(rows); });
        if (n) add(spi, TRIGGER_FIRED_BY_INSERT(td->tg_event) ? n : -n);
        return PointerGetDatum(nullptr);
    });
}

// profiles.recount_profiles() returns bigint: rebuilds the tally after a load or restore with
// triggers off and returns the count. Executable by the extension's owner (superuser) only.
PGP_FUNCTION(profiles_recount_profiles) {
    return pg::entry([&]() -> Datum {
        pg::Spi spi;
        profiles::recount_profiles(spi);
        return Int64GetDatum(profiles::profile_total(spi));
    });
}
