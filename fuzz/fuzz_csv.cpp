// CSV round trip: any row of cells (split on NUL) written by the export's writer reads back
// with a strict RFC 4180 reader as the same cells, formula cells with a leading apostrophe.
#include "csv_writer.hpp"
#include "../extension/tests/csv_reader.hpp"

#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

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
    csv_test::Text text = csv_test::read(out);
    if (text.rows.size() != 1 || text.consumed != out.size()) std::abort(); // one row, one CRLF
    const std::vector<std::string>& back = text.rows[0];
    if (back.size() != cells.size()) std::abort();
    for (size_t i = 0; i < cells.size(); i++) {
        const std::string& c = cells[i];
        bool formula = !c.empty() && (c[0] == '=' || c[0] == '+' || c[0] == '-' || c[0] == '@' ||
                                      c[0] == '\t' || c[0] == '\r');
        if (back[i] != (formula ? "'" + c : c)) std::abort();
    }
    return 0;
}
