// Which columns an UPDATE really changed.
#pragma once

#include "pg.hpp"

extern "C" {
#include "access/htup.h"
#include "access/tupdesc.h"
}

#include <vector>

namespace profiles {

// Attribute numbers (1-based) whose value differs between old and new, NULL<->value
// transitions included. Bookkeeping columns (version, updated_at, created_at) and generated
// columns are not reported: they follow from other changes.
std::vector<int> changed_columns(TupleDesc desc, HeapTuple old_row, HeapTuple new_row);

// 1-based attribute number of a column, or 0 when the table has none; cached per relation.
int column_number(Oid relid, TupleDesc desc, const char* name);

} // namespace profiles
