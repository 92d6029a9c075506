// Conditional requests (RFC 9110, section 13): entity tags, If-Match and If-None-Match. A
// profile's ETag is its version number in quotes ("7"), so a tag names a version.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace profiles::conditions {

struct EntityTag {
    bool weak = false;  // W/"..."
    std::string opaque; // the characters between the quotes
};

// The value of an If-Match / If-None-Match field: "*" or a list of entity tags.
struct TagList {
    bool any = false;
    std::vector<EntityTag> tags; // empty when `any`
};

// Parses a field value (several field lines joined with ", "). Empty list elements are
// allowed ("1", , "2"), as RFC 9110 section 5.6.1 asks of recipients. nullopt when the value
// is malformed: empty, unquoted, bad characters, or "*" mixed with tags.
std::optional<TagList> parse_tag_list(std::string_view value);

// The strong ETag of a version: "7" -> "\"7\"".
std::string etag(std::string_view version);

// The version an opaque tag names: only the canonical decimal of a number that fits an int
// ("7", not "07", "+7" or "-1"), else nullopt.
std::optional<int> version_of(std::string_view opaque);

// What If-Match asks of a write that can check one expected version.
struct IfMatch {
    enum class Kind {
        Absent,  // no If-Match: write unconditionally
        Any,     // "*": write if the resource exists
        Version, // write only if the current version is `version`
        Fails,   // cannot hold for any version (malformed, or not one of ours): 412
    };
    Kind kind = Kind::Absent;
    int version = 0;     // Kind::Version
    std::string problem; // Kind::Fails: why, for the client
};
// `value`: the field value, nullopt when the request has no If-Match. Weak tags (W/"7") are
// accepted like strong ones; several tags must all name the same version, since the write
// checks one.
IfMatch read_if_match(const std::optional<std::string>& value);

// If-None-Match on a read: true when the field matches the current representation (weak
// comparison, "*" matches anything), so the answer is 304. A malformed field never matches.
bool if_none_match_hits(std::string_view value, std::string_view current_version);

} // namespace profiles::conditions
