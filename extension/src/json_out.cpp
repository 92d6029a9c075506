// JSON rendering of Postgres values (see json_out.hpp).
#include "json_out.hpp"

#include "time_format.hpp"

extern "C" {
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/datetime.h"
#include "utils/json.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/timestamp.h"
#include "utils/date.h"
#include "utils/memutils.h"
}

namespace pg {
namespace {

void append_timestamp(StringInfo buf, TimestampTz ts) {
    char text[40];
    int n = format_timestamp_utc(ts, text);
    appendStringInfoChar(buf, '"');
    appendBinaryStringInfo(buf, text, n);
    appendStringInfoChar(buf, '"');
}

void append_date(StringInfo buf, DateADT d) {
    if (DATE_NOT_FINITE(d)) {
        appendStringInfoString(buf, DATE_IS_NOBEGIN(d) ? "\"-infinity\"" : "\"infinity\"");
        return;
    }
    int y, m, day;
    j2date(d + POSTGRES_EPOCH_JDATE, &y, &m, &day);
    appendStringInfo(buf, "\"%04d-%02d-%02d\"", y, m, day);
}

void append_value(StringInfo buf, Datum value, Oid type);

void append_array(StringInfo buf, Datum value) {
    ArrayType* arr = DatumGetArrayTypeP(value);
    Oid elem = ARR_ELEMTYPE(arr);
    int16 typlen;
    bool typbyval;
    char typalign;
    get_typlenbyvalalign(elem, &typlen, &typbyval, &typalign);
    Datum* elems;
    bool* nulls;
    int n;
    deconstruct_array(arr, elem, typlen, typbyval, typalign, &elems, &nulls, &n);
    appendStringInfoChar(buf, '[');
    for (int i = 0; i < n; i++) {
        if (i) appendStringInfoChar(buf, ',');
        if (nulls[i])
            appendStringInfoString(buf, "null");
        else
            append_value(buf, elems[i], elem);
    }
    appendStringInfoChar(buf, ']');
}

void append_value(StringInfo buf, Datum value, Oid type) {
    switch (type) {
    case BOOLOID:
        appendStringInfoString(buf, DatumGetBool(value) ? "true" : "false");
        return;
    case INT2OID:
        appendStringInfo(buf, "%d", (int)DatumGetInt16(value));
        return;
    case INT4OID:
        appendStringInfo(buf, "%d", DatumGetInt32(value));
        return;
    case INT8OID:
        appendStringInfo(buf, INT64_FORMAT, DatumGetInt64(value));
        return;
    case NUMERICOID:
    case FLOAT4OID:
    case FLOAT8OID: {
        Oid out;
        bool varlena;
        getTypeOutputInfo(type, &out, &varlena);
        char* s = OidOutputFunctionCall(out, value);
        // NaN and Infinity are not JSON numbers.
        if (strchr(s, 'N') || strchr(s, 'n'))
            escape_json(buf, s);
        else
            appendStringInfoString(buf, s);
        return;
    }
    case JSONOID: {
        text* t = DatumGetTextPP(value);
        appendBinaryStringInfo(buf, VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t));
        return;
    }
    case JSONBOID: {
        Jsonb* jb = DatumGetJsonbP(value);
        (void)JsonbToCString(buf, &jb->root, VARSIZE(jb));
        return;
    }
    case TIMESTAMPTZOID:
    case TIMESTAMPOID:
        append_timestamp(buf, DatumGetTimestampTz(value));
        return;
    case DATEOID:
        append_date(buf, DatumGetDateADT(value));
        return;
    case TEXTOID:
    case VARCHAROID: {
        text* t = DatumGetTextPP(value);
        char* s = text_to_cstring(t);
        escape_json(buf, s);
        return;
    }
    default:
        break;
    }
    if (type_is_array(type)) {
        append_array(buf, value);
        return;
    }
    Oid out;
    bool varlena;
    getTypeOutputInfo(type, &out, &varlena);
    escape_json(buf, OidOutputFunctionCall(out, value));
}

} // namespace

JsonOut::JsonOut() {
    guard([&] {
        buf_ = makeStringInfo();
        appendStringInfoSpaces(buf_, VARHDRSZ); // room for the varlena header of the result
        scratch_ = AllocSetContextCreate(CurrentMemoryContext, "pg_profiles json rows",
                                         ALLOCSET_SMALL_SIZES);
    });
}

void JsonOut::comma() {
    if (need_comma_) appendStringInfoChar(buf_, ',');
}

JsonOut& JsonOut::begin_object() {
    guard([&] {
        comma();
        appendStringInfoChar(buf_, '{');
    });
    need_comma_ = false;
    return *this;
}

JsonOut& JsonOut::end_object() {
    guard([&] { appendStringInfoChar(buf_, '}'); });
    need_comma_ = true;
    return *this;
}

JsonOut& JsonOut::begin_array() {
    guard([&] {
        comma();
        appendStringInfoChar(buf_, '[');
    });
    need_comma_ = false;
    return *this;
}

JsonOut& JsonOut::end_array() {
    guard([&] { appendStringInfoChar(buf_, ']'); });
    need_comma_ = true;
    return *this;
}

JsonOut& JsonOut::key(const char* name) {
    guard([&] {
        comma();
        escape_json(buf_, name);
        appendStringInfoChar(buf_, ':');
    });
    need_comma_ = false;
    return *this;
}

JsonOut& JsonOut::string(const char* s) {
    guard([&] {
        comma();
        escape_json(buf_, s);
    });
    need_comma_ = true;
    return *this;
}

JsonOut& JsonOut::boolean(bool b) {
    guard([&] {
        comma();
        appendStringInfoString(buf_, b ? "true" : "false");
    });
    need_comma_ = true;
    return *this;
}

JsonOut& JsonOut::integer(long long v) {
    guard([&] {
        comma();
        appendStringInfo(buf_, "%lld", v);
    });
    need_comma_ = true;
    return *this;
}

JsonOut& JsonOut::null() {
    guard([&] {
        comma();
        appendStringInfoString(buf_, "null");
    });
    need_comma_ = true;
    return *this;
}

JsonOut& JsonOut::raw(const char* json, size_t len) {
    guard([&] {
        comma();
        appendBinaryStringInfo(buf_, json, (int)len);
    });
    need_comma_ = true;
    return *this;
}

JsonOut& JsonOut::datum(Datum value, bool isnull, Oid type) {
    guard([&] {
        comma();
        if (isnull)
            appendStringInfoString(buf_, "null");
        else
            append_value(buf_, value, type);
    });
    need_comma_ = true;
    return *this;
}

void JsonOut::append_fields(HeapTuple tuple, TupleDesc desc, int first, int last) {
    MemoryContext old = MemoryContextSwitchTo(scratch_);
    for (int i = first - 1; i < last && i < desc->natts; i++) {
        Form_pg_attribute att = TupleDescAttr(desc, i);
        if (att->attisdropped) continue;
        comma();
        need_comma_ = true;
        escape_json(buf_, NameStr(att->attname));
        appendStringInfoChar(buf_, ':');
        bool isnull;
        Datum v = heap_getattr(tuple, i + 1, desc, &isnull);
        if (isnull)
            appendStringInfoString(buf_, "null");
        else
            append_value(buf_, v, att->atttypid);
    }
    MemoryContextSwitchTo(old);
    MemoryContextReset(scratch_);
}

JsonOut& JsonOut::column(HeapTuple tuple, TupleDesc desc, int col) {
    bool isnull;
    Datum v = heap_getattr(tuple, col, desc, &isnull);
    return datum(v, isnull, TupleDescAttr(desc, col - 1)->atttypid);
}

JsonOut& JsonOut::last_result_column(uint64 row, int col) {
    return column(SPI_tuptable->vals[row], SPI_tuptable->tupdesc, col);
}

JsonOut& JsonOut::row(HeapTuple tuple, TupleDesc desc) {
    begin_object();
    guard([&] { append_fields(tuple, desc, 1, desc->natts); });
    return end_object();
}

JsonOut& JsonOut::fields(HeapTuple tuple, TupleDesc desc) {
    return fields(tuple, desc, 1, desc->natts);
}

JsonOut& JsonOut::fields(HeapTuple tuple, TupleDesc desc, int first, int last) {
    guard([&] { append_fields(tuple, desc, first, last); });
    return *this;
}

JsonOut& JsonOut::rows_of_last_result() {
    begin_array();
    uint64 n = SPI_processed;
    SPITupleTable* tt = SPI_tuptable;
    for (uint64 i = 0; i < n; i++)
        row(tt->vals[i], tt->tupdesc);
    return end_array();
}

Datum JsonOut::finish() {
    SET_VARSIZE(buf_->data, buf_->len);
    return PointerGetDatum(buf_->data);
}

} // namespace pg
