// CSV round trip: any row of cells (split on NUL) written by the export's writer reads back
// with a strict RFC 4180 reader as the same cells, formula cells with a leading apostrophe.
#include "csv_writer.hpp"

#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

namespace {
std::vector<std::string> read_row(const std::string& text) {
    std::vector<std::string> row;
    std::string field;
    bool in_quotes = false, quoted = false;
    size_t i = 0;
    for (; i < text.size(); i++) {
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
            if (i + 2 != text.size()) std::abort(); // one row, one terminator
            return row;
        } else {
            field += c;
        }
    }
    std::abort(); // no terminator
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::vector<std::string> cells(1);
    for (size_t i = 0; i < size; i++) {
        if (data[i] == 0)
            cells.emplace_back();
        else
            cells.back() += static_cast<char>(data[i]);
    }
    std::string out;
    csv::append_row(out, cells);
    std::vector<std::string> back = read_row(out);
    if (back.size() != cells.size()) std::abort();
    for (size_t i = 0; i < cells.size(); i++) {
        const std::string& c = cells[i];
        bool formula = !c.empty() && (c[0] == '=' || c[0] == '+' || c[0] == '-' || c[0] == '@' ||
                                      c[0] == '\t' || c[0] == '\r');
        if (back[i] != (formula ? "'" + c : c)) std::abort();
    }
    return 0;
}
