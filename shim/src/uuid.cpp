#include "uuid.hpp"

#include <cctype>

namespace profiles {

bool is_uuid(std::string_view text) {
    if (text.size() != 36) {
        return false;
    }
    for (size_t i = 0; i < text.size(); ++i) {
        bool dash_position = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash_position) {
            if (text[i] != '-') {
                return false;
            }
        } else if (!std::isxdigit(static_cast<unsigned char>(text[i]))) {
            return false;
        }
    }
    return true;
}

} // namespace profiles
