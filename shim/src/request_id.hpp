// X-Request-Id: echo a well-formed incoming id so traces join up, otherwise make one.
#pragma once

#include <string>
#include <string_view>

namespace profiles::request_id {

inline constexpr size_t kMaxLength = 128;

// 1..128 characters of [A-Za-z0-9._:-]: safe in headers, logs and SQL text.
bool is_acceptable(std::string_view candidate);

// 32 lowercase hex characters from a per-thread generator seeded from /dev/urandom.
std::string generate();

std::string from_header(std::string_view incoming);

} // namespace profiles::request_id
