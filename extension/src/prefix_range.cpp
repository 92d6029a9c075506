#include "prefix_range.hpp"

namespace profiles {

std::optional<std::string> prefix_range_end(std::string prefix) {
    while (!prefix.empty() && (unsigned char)prefix.back() == 0xFF)
        prefix.pop_back();
    if (prefix.empty()) return std::nullopt;
    prefix.back() = (char)((unsigned char)prefix.back() + 1);
    return prefix;
}

} // namespace profiles
