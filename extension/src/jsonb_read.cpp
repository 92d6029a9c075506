// Reading request documents (see jsonb_read.hpp).
#include "jsonb_read.hpp"

extern "C" {
#include "utils/builtins.h"
#include "utils/numeric.h"
}

#include <cerrno>
#include <cstdlib>

namespace pg {

bool jsonb_is_object(Jsonb* doc) {
    return JB_ROOT_IS_OBJECT(doc) && !JB_ROOT_IS_SCALAR(doc);
}

std::vector<std::string> jsonb_keys(Jsonb* doc) {
    std::vector<std::string> keys;
    if (!jsonb_is_object(doc)) return keys;
    int n = (int)JB_ROOT_COUNT(doc);
    char** names = guard([&] {
        char** out = (char**)palloc0(sizeof(char*) * (n + 1));
        JsonbIterator* it = JsonbIteratorInit(&doc->root);
        JsonbValue v;
        JsonbIteratorToken tok;
        int i = 0;
        while ((tok = JsonbIteratorNext(&it, &v, true)) != WJB_DONE) {
            if (tok == WJB_KEY && i < n) out[i++] = pnstrdup(v.val.string.val, v.val.string.len);
        }
        return out;
    });
    for (int i = 0; i < n && names[i]; i++)
        keys.emplace_back(names[i]);
    return keys;
}

std::optional<JsonbField> jsonb_get(Jsonb* doc, const char* key) {
    if (!jsonb_is_object(doc)) return std::nullopt;
    JsonbValue* found = nullptr;
    JsonbField f{JsonbField::Null, {}, false, nullptr};
    char* text = nullptr;
    guard([&] {
        JsonbValue k;
        k.type = jbvString;
        k.val.string.val = (char*)key;
        k.val.string.len = (int)strlen(key);
        found = findJsonbValueFromContainer(&doc->root, JB_FOBJECT, &k);
        if (!found) return;
        switch (found->type) {
        case jbvNull:
            f.kind = JsonbField::Null;
            break;
        case jbvString:
            f.kind = JsonbField::String;
            text = pnstrdup(found->val.string.val, found->val.string.len);
            break;
        case jbvNumeric:
            f.kind = JsonbField::Number;
            text = DatumGetCString(
                DirectFunctionCall1(numeric_out, NumericGetDatum(found->val.numeric)));
            break;
        case jbvBool:
            f.kind = JsonbField::Bool;
            f.boolean = found->val.boolean;
            break;
        case jbvBinary:
            f.kind = JsonContainerIsArray(found->val.binary.data) ? JsonbField::Array
                                                                  : JsonbField::Object;
            f.container = JsonbValueToJsonb(found);
            break;
        default:
            f.kind = JsonbField::Null;
        }
    });
    if (!found) return std::nullopt;
    if (text) f.text = text;
    return f;
}

std::optional<std::string> jsonb_get_string(Jsonb* doc, const char* key) {
    auto f = jsonb_get(doc, key);
    if (!f || f->kind == JsonbField::Null) return std::nullopt;
    if (f->kind != JsonbField::String)
        raise(ERRCODE_INVALID_PARAMETER_VALUE, std::string("\"") + key + "\" must be a string");
    return f->text;
}

std::optional<long long> jsonb_get_integer(Jsonb* doc, const char* key) {
    auto f = jsonb_get(doc, key);
    if (!f || f->kind == JsonbField::Null) return std::nullopt;
    if (f->kind == JsonbField::Number || f->kind == JsonbField::String) {
        errno = 0;
        char* end = nullptr;
        long long v = std::strtoll(f->text.c_str(), &end, 10);
        if (errno == 0 && end && *end == '\0' && !f->text.empty()) return v;
    }
    raise(ERRCODE_INVALID_PARAMETER_VALUE, std::string("\"") + key + "\" must be an integer");
}

} // namespace pg
