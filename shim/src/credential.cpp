#include "credential.hpp"

namespace profiles {

std::optional<std::string> cookie_value(std::string_view header, std::string_view name) {
    while (!header.empty()) {
        size_t end = header.find(';');
        std::string_view pair = header.substr(0, end);
        while (!pair.empty() && pair.front() == ' ') {
            pair.remove_prefix(1);
        }
        size_t eq = pair.find('=');
        if (eq != std::string_view::npos && pair.substr(0, eq) == name) {
            std::string_view value = pair.substr(eq + 1);
            while (!value.empty() && value.back() == ' ') {
                value.remove_suffix(1);
            }
            if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
                value = value.substr(1, value.size() - 2);
            }
            if (value.empty()) {
                return std::nullopt;
            }
            return std::string(value);
        }
        if (end == std::string_view::npos) {
            break;
        }
        header.remove_prefix(end + 1);
    }
    return std::nullopt;
}

} // namespace profiles
