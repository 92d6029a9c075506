// RFC 4180 cells and formula neutralisation of the export's CSV writer.
#include "csv_writer.hpp"
#include "../csv_reader.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

std::string cell(const std::string& in) {
    std::string out;
    csv::append_cell(out, in);
    return out;
}

std::vector<std::vector<std::string>> parse(const std::string& text) {
    return csv_test::read(text).rows;
}

TEST(CsvWriter, PlainCellsAreUnquoted) {
    EXPECT_EQ(cell("Mary"), "Mary");
    EXPECT_EQ(cell(""), "");
    EXPECT_EQ(cell("Zoë Ñúñez 東京"), "Zoë Ñúñez 東京");
}

TEST(CsvWriter, SeparatorsQuotesAndNewlinesAreQuoted) {
    EXPECT_EQ(cell("a,b"), "\"a,b\"");
    EXPECT_EQ(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
    EXPECT_EQ(cell("line1\nline2"), "\"line1\nline2\"");
    EXPECT_EQ(cell("line1\r\nline2"), "\"line1\r\nline2\"");
    EXPECT_EQ(cell(" padded "), "\" padded \"");
}

TEST(CsvWriter, FormulaCellsAreNeutralised) {
    EXPECT_EQ(cell("=1+1"), "'=1+1");
    EXPECT_EQ(cell("+14155550100"), "'+14155550100");
    EXPECT_EQ(cell("-2"), "'-2");
    EXPECT_EQ(cell("@SUM(A1)"), "'@SUM(A1)");
    EXPECT_EQ(cell("\tcmd"), "\"'\tcmd\"");
    EXPECT_EQ(cell("\rcmd"), "\"'\rcmd\"");
    EXPECT_EQ(cell("=HYPERLINK(\"http://x\",\"y\")"),
              "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
    EXPECT_EQ(cell("a=b"), "a=b");
}

TEST(CsvWriter, RowsRoundTripThroughAReader) {
    std::vector<std::vector<std::string>> table = {
        {"id", "name", "note"},
        {"1", "O'Brien, Pat", "multi\nline"},
        {"2", "\"quoted\"", ""},
        {"3", "plain", "ünïcödé ✓"},
    };
    std::string out;
    for (const auto& r : table)
        csv::append_row(out, r);
    EXPECT_EQ(parse(out), table);
}

TEST(CsvWriter, NeutralisedCellsReadBackAsText) {
    std::string out;
    csv::append_row(out, std::vector<std::string>{"=cmd|'/c calc'!A0", "@x", "+1"});
    auto rows = parse(out);
    ASSERT_EQ(rows.size(), 1u);
    for (const auto& c : rows[0])
        EXPECT_EQ(c[0], '\'');
}

} // namespace
