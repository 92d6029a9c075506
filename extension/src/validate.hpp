// Value checks shared by the APIs, with messages a caller can act on (SQLSTATE 22023).
#pragma once

#include "formats.hpp"
#include "jsonb_read.hpp"

#include <optional>
#include <string>

namespace profiles {

// An IANA time zone known to this server (pg_timezone_names); implemented in values.cpp.
bool is_timezone(const std::string& name);

// Optional string member no longer than max_chars characters; null allowed.
std::optional<std::string> optional_string(Jsonb* doc, const char* key, size_t max_chars);
// Optional boolean member.
std::optional<bool> optional_bool(Jsonb* doc, const char* key);
// Raises 22023 unless every key of doc is in `allowed`.
void only_fields(Jsonb* doc, std::initializer_list<const char*> allowed);

} // namespace profiles
