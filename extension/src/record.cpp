// Returning a composite (see record.hpp).
#include "record.hpp"

extern "C" {
#include "access/htup_details.h"
#include "funcapi.h"
}

namespace pg {

Datum make_record(FunctionCallInfo fcinfo, std::initializer_list<Field> fields) {
    Datum values[8];
    bool nulls[8];
    int n = 0;
    for (const Field& f : fields) {
        values[n] = f.value;
        nulls[n++] = f.isnull;
    }
    return guard([&] {
        TupleDesc desc;
        if (get_call_result_type(fcinfo, nullptr, &desc) != TYPEFUNC_COMPOSITE)
            elog(ERROR,
                 "function returning record called in context that cannot accept type record");
        desc = BlessTupleDesc(desc);
        if (desc->natts != n) elog(ERROR, "result has %d columns, expected %d", desc->natts, n);
        return HeapTupleGetDatum(heap_form_tuple(desc, values, nulls));
    });
}

} // namespace pg
