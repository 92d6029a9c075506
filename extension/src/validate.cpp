// Value checks shared by the APIs (see validate.hpp).
#include "validate.hpp"

#include "jsonb_build.hpp"

namespace profiles {

std::optional<std::string> optional_string(Jsonb* doc, const char* key, size_t max_chars) {
    auto v = pg::jsonb_get_string(doc, key);
    if (v && pg::utf8_length(*v) > max_chars)
        pg::raise(ERRCODE_STRING_DATA_RIGHT_TRUNCATION, std::string(key) + " must be at most " +
                                                            std::to_string(max_chars) +
                                                            " characters");
    return v;
}

std::optional<bool> optional_bool(Jsonb* doc, const char* key) {
    auto f = pg::jsonb_get(doc, key);
    if (!f || f->kind == pg::JsonbField::Null) return std::nullopt;
    if (f->kind != pg::JsonbField::Bool)
        pg::raise(ERRCODE_INVALID_PARAMETER_VALUE, std::string(key) + " must be a boolean");
    return f->boolean;
}

void only_fields(Jsonb* doc, std::initializer_list<const char*> allowed) {
    if (!pg::jsonb_is_object(doc))
        pg::raise(ERRCODE_INVALID_PARAMETER_VALUE, "the request body must be a JSON object");
    for (const std::string& key : pg::jsonb_keys(doc)) {
        bool ok = false;
        for (const char* a : allowed)
            ok = ok || key == a;
        if (!ok) pg::raise(ERRCODE_INVALID_PARAMETER_VALUE, "unknown field \"" + key + "\"");
    }
}

} // namespace profiles
