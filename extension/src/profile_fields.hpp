// The profile's fields as the API exposes them: what a caller may write, what is read-only.
#pragma once

#include <string>

namespace profiles {

// Writable fields; JSON names equal column names of profiles.profile.
inline constexpr const char* kWritableProfileFields[] = {
    "first_name",
    "middle_name",
    "last_name",
    "display_name",
    "avatar_url",
    "bio",
    "enabled",
    "tags",
    "uuid",
    "email",
    "phone",
    "address_line1",
    "address_line2",
    "city",
    "state",
    "postal_code",
    "country_numeric_code",
    "company_name",
    "company_website",
    "job_title",
    "preferences",
    "timezone",
    "language",
    "external_ids",
    "marketplace",
    "team_id",
    "team_role",
    "attributes",
    "request_limit",
};

// Fields present in a profile document that callers cannot set.
inline constexpr const char* kReadOnlyProfileFields[] = {
    "name",       "role",         "version",        "created_at",
    "updated_at", "subscription", "call_purchases", "phone_subscriptions",
    "team",
};

inline bool is_writable_profile_field(const std::string& key) {
    for (const char* f : kWritableProfileFields)
        if (key == f) return true;
    return false;
}

inline bool is_read_only_profile_field(const std::string& key) {
    for (const char* f : kReadOnlyProfileFields)
        if (key == f) return true;
    return false;
}

} // namespace profiles
