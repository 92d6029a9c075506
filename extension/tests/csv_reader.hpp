// A strict RFC 4180 reader (CRLF row ends) for the tests and fuzz target of the CSV writer: what
// the writer writes must read back as the same cells.
#pragma once

#include <string>
#include <vector>

namespace csv_test {

struct Text {
    std::vector<std::vector<std::string>> rows;
    size_t consumed = 0; // bytes up to and including the last complete row's CRLF
};

inline Text read(const std::string& text) {
    Text out;
    std::vector<std::string> row;
    std::string field;
    bool quoted = false, in_quotes = false;
    for (size_t i = 0; i < text.size(); i++) {
        char c = text[i];
        if (in_quotes) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                field += '"';
                i++;
            } else if (c == '"') {
                in_quotes = false;
            } else {
                field += c;
            }
        } else if (c == '"' && field.empty() && !quoted) {
            in_quotes = quoted = true;
        } else if (c == ',') {
            row.push_back(field);
            field.clear();
            quoted = false;
        } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
            row.push_back(field);
            out.rows.push_back(row);
            row.clear();
            field.clear();
            quoted = false;
            i++;
            out.consumed = i + 1;
        } else {
            field += c;
        }
    }
    return out;
}

} // namespace csv_test
