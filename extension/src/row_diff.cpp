// Column-level diff of two versions of a row (see row_diff.hpp).
#include "row_diff.hpp"

extern "C" {
#include "access/htup_details.h"
#include "utils/datum.h"
}

#include <cstring>
#include <map>
#include <string>
#include <utility>

namespace profiles {
namespace {
bool is_bookkeeping(const char* name) {
    return !strcmp(name, "version") || !strcmp(name, "updated_at") || !strcmp(name, "created_at");
}
} // namespace

std::vector<int> changed_columns(TupleDesc desc, HeapTuple old_row, HeapTuple new_row) {
    std::vector<int> changed;
    changed.reserve(desc->natts);
    int* found = nullptr;
    int nfound = 0;
    pg::guard([&] {
        found = (int*)palloc(sizeof(int) * (desc->natts + 1));
        for (int i = 0; i < desc->natts; i++) {
            Form_pg_attribute att = TupleDescAttr(desc, i);
            if (att->attisdropped || att->attgenerated) continue;
            if (is_bookkeeping(NameStr(att->attname))) continue;
            bool old_null, new_null;
            Datum a = heap_getattr(old_row, i + 1, desc, &old_null);
            Datum b = heap_getattr(new_row, i + 1, desc, &new_null);
            if (old_null != new_null) {
                found[nfound++] = i + 1;
            } else if (!old_null && !datum_image_eq(a, b, att->attbyval, att->attlen)) {
                found[nfound++] = i + 1;
            }
        }
    });
    changed.assign(found, found + nfound);
    pg::guard([&] { pfree(found); });
    return changed;
}

int column_number(Oid relid, TupleDesc desc, const char* name) {
    static std::map<std::pair<Oid, std::string>, int> cache;
    auto key = std::make_pair(relid, std::string(name));
    auto it = cache.find(key);
    if (it != cache.end() && it->second <= desc->natts &&
        !TupleDescAttr(desc, it->second - 1)->attisdropped &&
        !strcmp(NameStr(TupleDescAttr(desc, it->second - 1)->attname), name))
        return it->second;
    int found = 0;
    for (int i = 0; i < desc->natts; i++) {
        Form_pg_attribute att = TupleDescAttr(desc, i);
        if (!att->attisdropped && !strcmp(NameStr(att->attname), name)) {
            found = i + 1;
            break;
        }
    }
    cache[key] = found;
    return found;
}

} // namespace profiles
