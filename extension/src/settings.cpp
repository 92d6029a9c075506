// The extension's settings (see settings.hpp).
#include "settings.hpp"

#include "pg.hpp"

extern "C" {
#include "utils/guc.h"
}

namespace profiles {

int max_emulation_depth = 3;
int export_chunk_rows = 1000;
int max_bulk_items = 1000;

void define_settings() {
    DefineCustomIntVariable("pg_profiles.max_emulation_depth",
                            "How many emulation grants may nest.", nullptr, &max_emulation_depth, 3,
                            1, 10, PGC_SUSET, 0, nullptr, nullptr, nullptr);
    DefineCustomIntVariable(
        "pg_profiles.export_chunk_rows", "CSV rows per stored chunk of an export (bounds memory).",
        nullptr, &export_chunk_rows, 1000, 10, 100000, PGC_SUSET, 0, nullptr, nullptr, nullptr);
    DefineCustomIntVariable(
        "pg_profiles.max_bulk_items", "Items accepted by one bulk create, update or delete.",
        nullptr, &max_bulk_items, 1000, 1, 100000, PGC_SUSET, 0, nullptr, nullptr, nullptr);
    MarkGUCPrefixReserved("pg_profiles");
}

} // namespace profiles
