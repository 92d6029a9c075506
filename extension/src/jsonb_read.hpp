// Reading request documents (jsonb) from plain C++.
#pragma once

#include "pg.hpp"

extern "C" {
#include "utils/jsonb.h"
}

#include <optional>
#include <string>
#include <vector>

namespace pg {

// One top-level member of a jsonb object.
struct JsonbField {
    enum Kind { Null, String, Number, Bool, Object, Array } kind;
    std::string text;           // String: the value; Number: its decimal text
    bool boolean = false;       // Bool
    Jsonb* container = nullptr; // Object/Array: the value as its own jsonb
};

bool jsonb_is_object(Jsonb* doc);
// Keys of a top-level object, in stored order.
std::vector<std::string> jsonb_keys(Jsonb* doc);
std::optional<JsonbField> jsonb_get(Jsonb* doc, const char* key);

// Typed accessors raising 22023 with the field name when the type is wrong.
std::optional<std::string> jsonb_get_string(Jsonb* doc, const char* key);
std::optional<long long> jsonb_get_integer(Jsonb* doc, const char* key);

} // namespace pg
