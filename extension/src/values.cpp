// Small value functions used by constraints: time zone names and the derived full name.
#include "spi.hpp"

extern "C" {
#include "catalog/pg_type.h"
#include "utils/builtins.h"
}

#include <string>
#include <unordered_set>

namespace {
// pg_timezone_names read once per backend: validating a name is then a hash lookup.
const std::unordered_set<std::string>& timezone_names() {
    static std::unordered_set<std::string> names;
    static bool loaded = false;
    if (loaded) return names;
    pg::Spi spi;
    static pg::Plan plan("SELECT t.name FROM pg_catalog.pg_timezone_names t", {});
    uint64 n = spi.exec(plan, {});
    std::unordered_set<std::string> fresh;
    for (uint64 i = 0; i < n; i++)
        if (auto s = pg::Spi::text(i, 1)) fresh.insert(*s);
    names.swap(fresh);
    loaded = true;
    return names;
}

std::string arg_text(FunctionCallInfo fcinfo, int n) {
    if (PG_ARGISNULL(n)) return {};
    return pg::guard([&] { return (const char*)text_to_cstring(PG_GETARG_TEXT_PP(n)); });
}
} // namespace

namespace profiles {
bool is_timezone(const std::string& name) {
    return timezone_names().count(name) > 0;
}
} // namespace profiles

PGP_FUNCTION(profiles_is_timezone) {
    return pg::entry([&]() -> Datum {
        std::string name = arg_text(fcinfo, 0);
        return BoolGetDatum(timezone_names().count(name) > 0);
    });
}

PGP_FUNCTION(profiles_full_name) {
    bool empty = false;
    Datum d = pg::entry([&]() -> Datum {
        std::string full;
        for (int i = 0; i < 3; i++) {
            std::string part = arg_text(fcinfo, i);
            if (part.empty()) continue;
            if (!full.empty()) full += ' ';
            full += part;
        }
        if (full.empty()) {
            empty = true;
            return (Datum)0;
        }
        return pg::text_arg(full).value;
    });
    if (empty) PG_RETURN_NULL();
    return d;
}
