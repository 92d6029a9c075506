// Column-level diff of two versions of a row (see row_diff.hpp).
#include "row_diff.hpp"

extern "C" {
#include "access/htup_details.h"
#include "utils/datum.h"
}

#include <cstring>
#include <string>
#include <unordered_map>
#include <vector>

namespace profiles {
namespace {
bool is_bookkeeping(const char* name) {
    return !strcmp(name, "version") || !strcmp(name, "updated_at") || !strcmp(name, "created_at");
}

// Fills values/nulls with every attribute of the slot's row (or of row when there is no slot).
void deform(TupleDesc desc, TupleTableSlot* slot, HeapTuple row, const Datum** values,
            const bool** nulls) {
    pg::guard([&] {
        if (slot && !TTS_EMPTY(slot) && slot->tts_tupleDescriptor->natts == desc->natts) {
            slot_getallattrs(slot);
            *values = slot->tts_values;
            *nulls = slot->tts_isnull;
            return;
        }
        Datum* v = (Datum*)palloc(sizeof(Datum) * Max(desc->natts, 1));
        bool* n = (bool*)palloc(sizeof(bool) * Max(desc->natts, 1));
        heap_deform_tuple(row, desc, v, n);
        *values = v;
        *nulls = n;
    });
}

// Attribute numbers (1-based) of the changed columns, into found (natts entries); stops after
// `limit` of them. Plain C: runs inside one guard.
int diff_into(const RowPair& rows, int* found, int limit) {
    int n = 0;
    for (int i = 0; i < rows.desc->natts && n < limit; i++) {
        Form_pg_attribute att = TupleDescAttr(rows.desc, i);
        if (att->attisdropped || att->attgenerated) continue;
        bool old_null = rows.old_nulls[i], new_null = rows.new_nulls[i];
        if (old_null && new_null) continue;
        if (old_null == new_null &&
            datum_image_eq(rows.old_values[i], rows.new_values[i], att->attbyval, att->attlen))
            continue;
        if (is_bookkeeping(NameStr(att->attname))) continue;
        found[n++] = i + 1;
    }
    return n;
}
} // namespace

RowPair deform_pair(TupleDesc desc, TupleTableSlot* old_slot, HeapTuple old_row,
                    TupleTableSlot* new_slot, HeapTuple new_row) {
    RowPair rows{desc, nullptr, nullptr, nullptr, nullptr};
    deform(desc, old_slot, old_row, &rows.old_values, &rows.old_nulls);
    deform(desc, new_slot, new_row, &rows.new_values, &rows.new_nulls);
    return rows;
}

std::vector<int> changed_columns(const RowPair& rows) {
    int natts = rows.desc->natts;
    std::vector<int> found((size_t)natts + 1);
    int n = pg::guard([&] { return diff_into(rows, found.data(), natts); });
    found.resize((size_t)n);
    return found;
}

bool any_column_changed(const RowPair& rows) {
    int first = 0;
    return pg::guard([&] { return diff_into(rows, &first, 1); }) > 0;
}

int column_number(Oid relid, TupleDesc desc, const char* name) {
    struct Entry {
        Oid relid;
        std::string name;
        int attnum;
    };
    // A handful of (relation, column) pairs per backend: a short list beats a map.
    static std::vector<Entry> cache;
    for (const Entry& e : cache) {
        if (e.relid != relid || e.name != name) continue;
        if (e.attnum == 0) {
            // Only a table without the column was seen; it may have gained it since.
            break;
        }
        if (e.attnum <= desc->natts && !TupleDescAttr(desc, e.attnum - 1)->attisdropped &&
            !strcmp(NameStr(TupleDescAttr(desc, e.attnum - 1)->attname), name))
            return e.attnum;
        break;
    }
    int found = 0;
    for (int i = 0; i < desc->natts; i++) {
        Form_pg_attribute att = TupleDescAttr(desc, i);
        if (!att->attisdropped && !strcmp(NameStr(att->attname), name)) {
            found = i + 1;
            break;
        }
    }
    for (Entry& e : cache)
        if (e.relid == relid && e.name == name) {
            e.attnum = found;
            return found;
        }
    cache.push_back(Entry{relid, name, found});
    return found;
}

} // namespace profiles
