// Building jsonb values from C++ without a text round trip.
#pragma once

#include "pg.hpp"

extern "C" {
#include "utils/jsonb.h"
}

#include <string>
#include <utility>
#include <vector>

namespace pg {

// A copy of the top-level object `doc` keeping only the keys in `renames` (from, to), each
// stored under its new name. Values are copied unchanged.
Jsonb* jsonb_rename_keys(Jsonb* doc,
                         const std::vector<std::pair<std::string, std::string>>& renames);

// Counts UTF-8 characters (code points), the unit of length limits.
size_t utf8_length(const std::string& s);

} // namespace pg
