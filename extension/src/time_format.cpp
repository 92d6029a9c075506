// ISO 8601 timestamps (see time_format.hpp).
#include "time_format.hpp"

extern "C" {
#include "utils/datetime.h"
#include "utils/timestamp.h"
}

#include <cstdio>

namespace pg {

int format_timestamp_utc(TimestampTz ts, char* out) {
    if (TIMESTAMP_NOT_FINITE(ts))
        return std::snprintf(out, 40, "%s", TIMESTAMP_IS_NOBEGIN(ts) ? "-infinity" : "infinity");
    struct pg_tm tm;
    fsec_t fsec;
    if (timestamp2tm(ts, nullptr, &tm, &fsec, nullptr, nullptr) != 0)
        ereport(ERROR,
                (errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE), errmsg("timestamp out of range")));
    int n = std::snprintf(out, 40, "%04d-%02d-%02dT%02d:%02d:%02d", tm.tm_year, tm.tm_mon,
                          tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    if (fsec != 0) n += std::snprintf(out + n, 40 - n, ".%06d", (int)fsec);
    n += std::snprintf(out + n, 40 - n, "+00:00");
    return n;
}

} // namespace pg
