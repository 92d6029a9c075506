// Returning a composite (OUT parameters) from a C function.
#pragma once

#include "pg.hpp"

#include <initializer_list>

namespace pg {

struct Field {
    Datum value;
    bool isnull;
};

// Forms the function's declared result row from `fields`, in order.
Datum make_record(FunctionCallInfo fcinfo, std::initializer_list<Field> fields);

} // namespace pg
