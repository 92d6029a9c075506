#include "json_parse.hpp"

#include <string_view>
#include <unordered_set>

namespace profiles::json {

namespace {

constexpr unsigned kParseFlags =
    rapidjson::kParseIterativeFlag | rapidjson::kParseValidateEncodingFlag;

} // namespace

bool has_duplicate_members(const rapidjson::Value& object) {
    auto name_of = [](const rapidjson::Value& name) {
        return std::string_view(name.GetString(), name.GetStringLength());
    };
    // A request's few members are compared pairwise: no set to allocate.
    constexpr rapidjson::SizeType kPairwiseUpTo = 16;
    if (object.MemberCount() <= kPairwiseUpTo) {
        for (auto a = object.MemberBegin(); a != object.MemberEnd(); ++a) {
            for (auto b = a + 1; b != object.MemberEnd(); ++b) {
                if (name_of(a->name) == name_of(b->name)) {
                    return true;
                }
            }
        }
        return false;
    }
    std::unordered_set<std::string_view> seen;
    for (auto it = object.MemberBegin(); it != object.MemberEnd(); ++it) {
        if (!seen.insert(name_of(it->name)).second) {
            return true;
        }
    }
    return false;
}

bool parse(std::string_view text, rapidjson::Document& doc) {
    // An empty view may carry a null pointer; the parser wants a real one.
    doc.Parse<kParseFlags>(text.empty() ? "" : text.data(), text.size());
    return !doc.HasParseError();
}

bool parse_object(std::string_view text, rapidjson::Document& doc) {
    return parse(text, doc) && doc.IsObject() && !has_duplicate_members(doc);
}

const rapidjson::Value* find(const rapidjson::Value& object, const char* name) {
    auto it = object.FindMember(name);
    return it == object.MemberEnd() ? nullptr : &it->value;
}

} // namespace profiles::json
