// RFC 4180 CSV cells (see csv_writer.hpp).
#include "csv_writer.hpp"

namespace csv {

void append_cell(std::string& out, std::string_view cell) {
    bool formula = !cell.empty() && (cell[0] == '=' || cell[0] == '+' || cell[0] == '-' ||
                                     cell[0] == '@' || cell[0] == '\t' || cell[0] == '\r');
    bool quote = formula && (cell[0] == '\t' || cell[0] == '\r');
    if (!cell.empty() && (cell.front() == ' ' || cell.back() == ' ')) quote = true;
    for (char c : cell)
        if (c == ',' || c == '"' || c == '\r' || c == '\n') {
            quote = true;
            break;
        }
    if (quote) out += '"';
    if (formula) out += '\'';
    for (char c : cell) {
        if (c == '"') out += '"';
        out += c;
    }
    if (quote) out += '"';
}

} // namespace csv
