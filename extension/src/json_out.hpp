// JSON text built once, in Postgres memory, straight into the varlena that is returned.
// Every method may be called from plain C++: each guards its own Postgres calls.
#pragma once

#include "pg.hpp"

extern "C" {
#include "access/htup.h"
#include "access/tupdesc.h"
#include "lib/stringinfo.h"
}

namespace pg {

class JsonOut {
  public:
    // Allocates the buffer in the current memory context (call before SPI_connect so the
    // result outlives the SPI session).
    JsonOut();

    JsonOut& begin_object();
    JsonOut& end_object();
    JsonOut& begin_array();
    JsonOut& end_array();
    JsonOut& key(const char* name);
    JsonOut& string(const char* s);
    JsonOut& string(const std::string& s) { return string(s.c_str()); }
    JsonOut& boolean(bool b);
    JsonOut& integer(long long v);
    JsonOut& null();
    JsonOut& raw(const char* json, size_t len); // already-valid JSON value
    JsonOut& datum(Datum value, bool isnull, Oid type);
    // Column `col` (1-based) of a tuple, with its declared type.
    JsonOut& column(HeapTuple tuple, TupleDesc desc, int col);
    // Column `col` of row `row` of the current SPI result.
    JsonOut& last_result_column(uint64 row, int col);
    // One tuple as an object keyed by the column names (aliases in the query name the keys).
    JsonOut& row(HeapTuple tuple, TupleDesc desc);
    // The columns of one tuple as members of the object being written (no braces).
    JsonOut& fields(HeapTuple tuple, TupleDesc desc);
    // Only columns first..last (1-based, inclusive).
    JsonOut& fields(HeapTuple tuple, TupleDesc desc, int first, int last);
    // Every tuple of the current SPI result as an array of objects.
    JsonOut& rows_of_last_result();

    // The finished document as a json/text Datum (no copy).
    Datum finish();

  private:
    void comma();
    void append_fields(HeapTuple tuple, TupleDesc desc, int first, int last);
    StringInfo buf_;
    MemoryContext scratch_; // per-row conversions, reset after each row
    bool need_comma_ = false;
};

} // namespace pg
