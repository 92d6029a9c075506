// RFC 4180 CSV, with cells neutralised against spreadsheet formula injection. Pure C++.
#pragma once

#include <string>
#include <string_view>

namespace csv {

// Appends one cell (without separator). A cell starting with =, +, -, @, tab or CR gets a
// leading apostrophe so spreadsheets show it as text; cells with a comma, quote, CR or LF
// (or that start/end with a space) are quoted, quotes doubled.
void append_cell(std::string& out, std::string_view cell);

// Appends a row of cells followed by CRLF.
template <class Cells> void append_row(std::string& out, const Cells& cells) {
    bool first = true;
    for (const auto& c : cells) {
        if (!first) out += ',';
        first = false;
        append_cell(out, c);
    }
    out += "\r\n";
}

} // namespace csv
