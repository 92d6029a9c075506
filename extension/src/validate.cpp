// Value checks shared by the APIs (see validate.hpp).
#include "validate.hpp"

#include "jsonb_build.hpp"

#include <regex>

namespace profiles {

bool is_email(const std::string& s) {
    // Same rule as the profiles.email domain.
    static const std::regex re(
        "^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
        "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$");
    return s.size() <= 254 && std::regex_match(s, re);
}

bool is_e164(const std::string& s) {
    if (s.size() < 3 || s.size() > 16 || s[0] != '+' || s[1] < '1' || s[1] > '9') return false;
    for (size_t i = 2; i < s.size(); i++)
        if (s[i] < '0' || s[i] > '9') return false;
    return true;
}

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
