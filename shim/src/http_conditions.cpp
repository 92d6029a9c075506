#include "http_conditions.hpp"

#include <charconv>

namespace profiles::conditions {

namespace {

bool is_ows(char c) {
    return c == ' ' || c == '\t';
}

// etagc = %x21 / %x23-7E / obs-text
bool is_etagc(char c) {
    auto u = static_cast<unsigned char>(c);
    return u == 0x21 || (u >= 0x23 && u <= 0x7E) || u >= 0x80;
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && is_ows(text.front())) {
        text.remove_prefix(1);
    }
    while (!text.empty() && is_ows(text.back())) {
        text.remove_suffix(1);
    }
    return text;
}

// One entity-tag at the start of `text`, which is advanced past it.
std::optional<EntityTag> take_tag(std::string_view& text) {
    EntityTag tag;
    if (text.substr(0, 2) == "W/") {
        tag.weak = true;
        text.remove_prefix(2);
    }
    if (text.empty() || text.front() != '"') {
        return std::nullopt;
    }
    size_t end = 1;
    while (end < text.size() && is_etagc(text[end])) {
        ++end;
    }
    if (end == text.size() || text[end] != '"') {
        return std::nullopt;
    }
    tag.opaque = std::string(text.substr(1, end - 1));
    text.remove_prefix(end + 1);
    return tag;
}

} // namespace

std::optional<TagList> parse_tag_list(std::string_view value) {
    TagList list;
    std::string_view rest = trim(value);
    if (rest == "*") {
        list.any = true;
        return list;
    }
    while (!rest.empty()) {
        if (rest.front() == ',') { // an empty list element
            rest = trim(rest.substr(1));
            continue;
        }
        std::optional<EntityTag> tag = take_tag(rest);
        if (!tag) {
            return std::nullopt;
        }
        list.tags.push_back(std::move(*tag));
        rest = trim(rest);
        if (rest.empty()) {
            break;
        }
        if (rest.front() != ',') {
            return std::nullopt;
        }
        rest = trim(rest.substr(1));
    }
    if (list.tags.empty()) {
        return std::nullopt;
    }
    return list;
}

std::string etag(std::string_view version) {
    std::string tag;
    tag.reserve(version.size() + 2);
    tag += '"';
    tag += version;
    tag += '"';
    return tag;
}

std::optional<int> version_of(std::string_view opaque) {
    if (opaque.empty() || (opaque.size() > 1 && opaque.front() == '0')) {
        return std::nullopt;
    }
    for (char c : opaque) {
        if (c < '0' || c > '9') {
            return std::nullopt;
        }
    }
    int version = 0;
    auto [end, error] = std::from_chars(opaque.data(), opaque.data() + opaque.size(), version);
    if (error != std::errc() || end != opaque.data() + opaque.size()) {
        return std::nullopt;
    }
    return version;
}

IfMatch read_if_match(const std::optional<std::string>& value) {
    IfMatch result;
    if (!value) {
        return result;
    }
    auto fails = [&result](const char* problem) {
        result.kind = IfMatch::Kind::Fails;
        result.problem = problem;
        return result;
    };
    std::optional<TagList> list = parse_tag_list(*value);
    if (!list) {
        return fails("If-Match is not a valid entity tag list");
    }
    if (list->any) {
        result.kind = IfMatch::Kind::Any;
        return result;
    }
    std::optional<int> version;
    for (const EntityTag& tag : list->tags) {
        std::optional<int> named = version_of(tag.opaque);
        if (!named) {
            continue; // not an ETag this server gives out: it matches no version
        }
        if (version && *version != *named) {
            return fails("If-Match may name only one version");
        }
        version = named;
    }
    if (!version) {
        return fails("If-Match does not match the current version");
    }
    result.kind = IfMatch::Kind::Version;
    result.version = *version;
    return result;
}

bool if_none_match_hits(std::string_view value, std::string_view current_version) {
    std::optional<TagList> list = parse_tag_list(value);
    if (!list) {
        return false;
    }
    if (list->any) {
        return true;
    }
    for (const EntityTag& tag : list->tags) {
        if (tag.opaque == current_version) {
            return true;
        }
    }
    return false;
}

} // namespace profiles::conditions
