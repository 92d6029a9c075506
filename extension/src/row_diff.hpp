// Which columns an UPDATE really changed.
#pragma once

#include "pg.hpp"

extern "C" {
#include "access/htup.h"
#include "access/tupdesc.h"
#include "executor/tuptable.h"
}

#include <vector>

namespace profiles {

// Both versions of a row, each deformed once (from the trigger's slots when it has them).
struct RowPair {
    TupleDesc desc;
    const Datum* old_values;
    const bool* old_nulls;
    const Datum* new_values;
    const bool* new_nulls;
};
// old_slot/new_slot may be null; the heap tuples are used then.
RowPair deform_pair(TupleDesc desc, TupleTableSlot* old_slot, HeapTuple old_row,
                    TupleTableSlot* new_slot, HeapTuple new_row);

// Attribute numbers (1-based) whose value differs between old and new, NULL<->value
// transitions included. Bookkeeping columns (version, updated_at, created_at) and generated
// columns are not reported: they follow from other changes.
std::vector<int> changed_columns(const RowPair& rows);
// Whether changed_columns would report anything (stops at the first change).
bool any_column_changed(const RowPair& rows);

// 1-based attribute number of a column, or 0 when the table has none; cached per relation.
int column_number(Oid relid, TupleDesc desc, const char* name);

} // namespace profiles
