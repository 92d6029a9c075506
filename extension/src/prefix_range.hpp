// The range of strings that begin with a prefix, in byte order. Pure C++ (no Postgres),
// unit-tested.
#pragma once

#include <optional>
#include <string>

namespace profiles {

// The least string greater than every string that begins with prefix, in byte order (COLLATE
// "C"), so that those strings are exactly [prefix, end): the prefix without its trailing 0xFF
// bytes, its last byte raised by one. It bounds a bytewise comparison, so it need not be valid
// text. None when prefix is empty or all 0xFF bytes (UTF-8 never uses that byte; a single-byte
// encoding can), i.e. when the range has no end.
std::optional<std::string> prefix_range_end(std::string prefix);

} // namespace profiles
