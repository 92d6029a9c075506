// Value formats (see formats.hpp).
#include "formats.hpp"

namespace profiles {
namespace {
bool is_atext(char c) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
    for (char s : std::string("!#$%&'*+/=?^_`{|}~-."))
        if (c == s) return true;
    return false;
}
bool is_alnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
// One DNS label: 1..63 characters, alphanumerics and inner hyphens.
bool is_label(const std::string& s, size_t from, size_t to) {
    size_t n = to - from;
    if (n < 1 || n > 63 || !is_alnum(s[from]) || !is_alnum(s[to - 1])) return false;
    for (size_t i = from; i < to; i++)
        if (!is_alnum(s[i]) && s[i] != '-') return false;
    return true;
}
} // namespace

bool is_email(const std::string& s) {
    if (s.size() > 254) return false;
    size_t at = s.find('@');
    if (at == std::string::npos || at == 0 || s.find('@', at + 1) != std::string::npos)
        return false;
    for (size_t i = 0; i < at; i++)
        if (!is_atext(s[i])) return false;
    size_t start = at + 1, labels = 0;
    while (true) {
        size_t dot = s.find('.', start);
        size_t end = dot == std::string::npos ? s.size() : dot;
        if (!is_label(s, start, end)) return false;
        labels++;
        if (dot == std::string::npos) break;
        start = dot + 1;
    }
    return labels >= 2;
}

bool is_e164(const std::string& s) {
    if (s.size() < 3 || s.size() > 16 || s[0] != '+' || s[1] < '1' || s[1] > '9') return false;
    for (size_t i = 2; i < s.size(); i++)
        if (s[i] < '0' || s[i] > '9') return false;
    return true;
}

} // namespace profiles
