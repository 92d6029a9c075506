// Value formats checked by the APIs. Pure C++ (no Postgres), unit-tested and fuzzed.
#pragma once

#include <string>

namespace profiles {

// An e-mail address: the same rule as the profiles.email domain (dot-atom local part, DNS
// host name with at least one dot), at most 254 bytes.
bool is_email(const std::string& s);
// A phone number in E.164: '+', a country code not starting with 0, 2 to 15 digits in all.
bool is_e164(const std::string& s);

} // namespace profiles
