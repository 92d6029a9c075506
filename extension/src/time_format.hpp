// ISO 8601 rendering of timestamps, always in UTC with an explicit offset.
#pragma once

#include "pg.hpp"

extern "C" {
#include "datatype/timestamp.h"
}

namespace pg {

// Writes e.g. 2021-01-01T00:00:00+00:00 (microseconds when non-zero) into out (>= 40 bytes)
// and returns its length; "infinity"/"-infinity" for infinite values. May raise a PG error:
// call inside pg::guard.
int format_timestamp_utc(TimestampTz ts, char* out);

} // namespace pg
