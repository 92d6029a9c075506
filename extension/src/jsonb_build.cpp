// Building jsonb values (see jsonb_build.hpp).
#include "jsonb_build.hpp"

#include <cstring>

namespace pg {

Jsonb* jsonb_rename_keys(Jsonb* doc,
                         const std::vector<std::pair<std::string, std::string>>& renames) {
    return guard([&] {
        JsonbParseState* state = nullptr;
        pushJsonbValue(&state, WJB_BEGIN_OBJECT, nullptr);
        JsonbIterator* it = JsonbIteratorInit(&doc->root);
        JsonbValue v;
        JsonbIteratorToken tok;
        const std::string* target = nullptr;
        bool in_root = false;
        while ((tok = JsonbIteratorNext(&it, &v, true)) != WJB_DONE) {
            if (tok == WJB_BEGIN_OBJECT) {
                in_root = true;
                continue;
            }
            if (!in_root || tok == WJB_END_OBJECT) continue;
            if (tok == WJB_KEY) {
                target = nullptr;
                for (const auto& [from, to] : renames)
                    if ((size_t)v.val.string.len == from.size() &&
                        memcmp(v.val.string.val, from.data(), from.size()) == 0)
                        target = &to;
                if (target) {
                    JsonbValue k;
                    k.type = jbvString;
                    k.val.string.val = (char*)target->data();
                    k.val.string.len = (int)target->size();
                    pushJsonbValue(&state, WJB_KEY, &k);
                }
            } else if (tok == WJB_VALUE && target) {
                pushJsonbValue(&state, WJB_VALUE, &v);
            }
        }
        return JsonbValueToJsonb(pushJsonbValue(&state, WJB_END_OBJECT, nullptr));
    });
}

size_t utf8_length(const std::string& s) {
    size_t n = 0;
    for (unsigned char c : s)
        if ((c & 0xC0) != 0x80) n++;
    return n;
}

} // namespace pg
