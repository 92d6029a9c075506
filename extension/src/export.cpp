// CSV export of the profiles an actor may see: rendered in C++ from a cursor, stored in chunks
// of pg_profiles.export_chunk_rows rows, so memory stays bounded however many rows there are.
#include "activity.hpp"
#include "csv_writer.hpp"
#include "identity.hpp"
#include "json_out.hpp"
#include "settings.hpp"
#include "time_format.hpp"

extern "C" {
#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "pgstat.h"
#include "tcop/tcopprot.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/tuplestore.h"
#include "utils/timestamp.h"
}

#include <cstdio>
#include <optional>
#include <string>
#include <vector>

namespace {

pg::Plan rows_plan("SELECT * FROM profiles.export_rows r ORDER BY r.profile_id", {});
pg::Plan new_export_plan("INSERT INTO profiles.export (creator_id, profile_export_id, file_name) "
                         "VALUES ($1, $2, $3) RETURNING id",
                         {UUIDOID, TEXTOID, TEXTOID});
pg::Plan chunk_plan("INSERT INTO profiles.export_chunk (export_id, seq, data) VALUES ($1, $2, $3)",
                    {UUIDOID, INT4OID, TEXTOID});
pg::Plan finish_plan("UPDATE profiles.export e SET row_count = $2, byte_count = $3, "
                     "status = 'done', finished_at = pg_catalog.clock_timestamp() WHERE e.id = $1",
                     {UUIDOID, INT8OID, INT8OID});
pg::Plan info_plan("SELECT e.creator_id, e.file_name, e.row_count, e.byte_count, e.status "
                   "FROM profiles.export e WHERE e.id = $1",
                   {UUIDOID});

// Renders the rows of one result as CSV lines. Output functions are looked up once per column,
// and every row's temporary strings live in a context reset after the row, so an export of
// millions of rows runs in the memory of one row.
class CsvRows {
  public:
    // `desc` is copied: a cursor's description lives with its batch, freed by the next fetch.
    explicit CsvRows(TupleDesc desc) : columns_(desc->natts) {
        pg::guard([&] {
            MemoryContext call_cxt = CurrentMemoryContext;
            desc_ = CreateTupleDescCopy(desc);
            row_cxt_ =
                AllocSetContextCreate(call_cxt, "pg_profiles csv row", ALLOCSET_DEFAULT_SIZES);
            for (int i = 0; i < desc->natts; i++) {
                Oid type = TupleDescAttr(desc, i)->atttypid;
                Column& c = columns_[i];
                c.kind = type == TIMESTAMPTZOID ? Kind::timestamp
                         : type == BOOLOID      ? Kind::boolean
                                                : Kind::other;
                if (c.kind == Kind::other) {
                    Oid out_fn;
                    bool varlena;
                    getTypeOutputInfo(type, &out_fn, &varlena);
                    fmgr_info_cxt(out_fn, &c.out, call_cxt);
                }
            }
        });
    }
    ~CsvRows() {
        if (std::uncaught_exceptions() > 0) return; // freed with its parent by the abort
        MemoryContextDelete(row_cxt_);
    }
    CsvRows(const CsvRows&) = delete;
    CsvRows& operator=(const CsvRows&) = delete;

    void append(std::string& out, HeapTuple row) {
        int n = desc_->natts;
        cells_.resize(n);
        pg::guard([&] {
            MemoryContext old = MemoryContextSwitchTo(row_cxt_);
            for (int i = 0; i < n; i++) {
                bool isnull;
                Datum v = heap_getattr(row, i + 1, desc_, &isnull);
                std::string_view& cell = cells_[i];
                if (isnull) {
                    cell = {};
                } else if (columns_[i].kind == Kind::timestamp) {
                    char* buf = (char*)palloc(40);
                    cell = {buf, (size_t)pg::format_timestamp_utc(DatumGetTimestampTz(v), buf)};
                } else if (columns_[i].kind == Kind::boolean) {
                    cell = DatumGetBool(v) ? "true" : "false";
                } else {
                    cell = OutputFunctionCall(&columns_[i].out, v);
                }
            }
            MemoryContextSwitchTo(old);
        });
        for (int i = 0; i < n; i++) {
            if (i) out += ',';
            csv::append_cell(out, cells_[i]);
        }
        out += "\r\n";
        pg::guard([&] { MemoryContextReset(row_cxt_); });
    }

  private:
    enum class Kind { timestamp, boolean, other };
    struct Column {
        Kind kind = Kind::other;
        FmgrInfo out{};
    };
    TupleDesc desc_ = nullptr;
    MemoryContext row_cxt_ = nullptr;
    std::vector<Column> columns_;
    std::vector<std::string_view> cells_;
};

void append_header(std::string& out, TupleDesc desc) {
    std::vector<std::string> names;
    for (int i = 0; i < desc->natts; i++)
        names.emplace_back(NameStr(TupleDescAttr(desc, i)->attname));
    csv::append_row(out, names);
}

// Shows the export's progress in pg_stat_activity.query (see the export_progress view).
void report_progress(const std::string& id, long long rows) {
    char line[128];
    std::snprintf(line, sizeof line, "pg_profiles export %s: %lld rows", id.c_str(), rows);
    pg::guard([&] { pgstat_report_activity(STATE_RUNNING, line); });
}

void restore_activity() {
    pg::guard([&] { pgstat_report_activity(STATE_RUNNING, debug_query_string); });
}

pg_uuid_t uuid_of_last_result(int col) {
    bool isnull;
    return *DatumGetUUIDP(pg::Spi::value(0, col, &isnull));
}

} // namespace

// profiles.export_profiles(profile_export_id text) returns json {upload_id, file_name, row_count}
PGP_FUNCTION(profiles_export_profiles) {
    return pg::entry([&]() -> Datum {
        const profiles::Actor& actor = profiles::require_actor();
        std::string label;
        if (!PG_ARGISNULL(0))
            label = pg::guard([&] { return (const char*)text_to_cstring(PG_GETARG_TEXT_PP(0)); });
        if (label.size() > 255)
            pg::raise(ERRCODE_STRING_DATA_RIGHT_TRUNCATION, "profile_export_id is too long");
        pg::JsonOut out;
        pg::Spi spi;
        pg_uuid_t export_id;
        char file_name[96];
        {
            char stamp[40];
            int n =
                pg::guard([&] { return pg::format_timestamp_utc(GetCurrentTimestamp(), stamp); });
            std::string compact;
            for (int i = 0; i < n && compact.size() < 14; i++)
                if (isdigit((unsigned char)stamp[i])) compact += stamp[i];
            std::snprintf(file_name, sizeof file_name, "profiles-%s.csv", compact.c_str());
            pg::AsTableOwner owner;
            spi.exec(new_export_plan, {pg::uuid_arg(actor.real_id),
                                       label.empty() ? pg::null_arg() : pg::text_arg(label),
                                       pg::text_arg(file_name)});
            export_id = uuid_of_last_result(1);
        }
        std::string id_text = pg::uuid_text(export_id);

        long long rows = 0, bytes = 0;
        int seq = 0;
        std::string chunk;
        chunk.reserve(1 << 16);
        auto flush = [&] {
            if (chunk.empty()) return;
            pg::AsTableOwner owner;
            pg::Arg data = pg::text_arg(chunk);
            spi.exec(chunk_plan, {pg::uuid_arg(export_id), pg::int4_arg(seq++), data});
            // Each chunk's copy is freed at once: the function's context lives until it returns.
            pg::guard([&] { pfree(DatumGetPointer(data.value)); });
            bytes += (long long)chunk.size();
            chunk.clear();
            report_progress(id_text, rows);
        };
        {
            pg::Cursor cursor(spi, rows_plan, {}, profiles::export_chunk_rows);
            std::optional<CsvRows> csv_rows;
            int in_chunk = 0;
            while (HeapTuple t = cursor.peek()) {
                if (!csv_rows) {
                    append_header(chunk, cursor.desc());
                    csv_rows.emplace(cursor.desc());
                }
                csv_rows->append(chunk, t);
                rows++;
                cursor.advance();
                if (++in_chunk >= profiles::export_chunk_rows) {
                    flush();
                    in_chunk = 0;
                }
            }
            if (!csv_rows) {
                // No visible rows: the file still has its header.
                spi.exec(rows_plan, {}, 1);
                append_header(chunk, SPI_tuptable->tupdesc);
            }
            flush();
        }
        restore_activity();
        {
            pg::AsTableOwner owner;
            spi.exec(finish_plan,
                     {pg::uuid_arg(export_id), pg::int8_arg(rows), pg::int8_arg(bytes)});
        }
        profiles::write_activity(
            "profiles_exported", "export", &export_id,
            profiles::activity_metadata(
                {}, {{"row_count", std::to_string(rows)}, {"file_name", file_name}}));
        out.begin_object().key("upload_id").string(id_text).key("file_name").string(file_name);
        out.key("row_count").integer(rows).end_object();
        return out.finish();
    });
}

// profiles.export_info(upload_id uuid) returns json {upload_id, file_name, row_count,
// byte_count, status}: for its creator or an admin (42501), P0002 when unknown.
PGP_FUNCTION(profiles_export_info) {
    return pg::entry([&]() -> Datum {
        const profiles::Actor& actor = profiles::require_actor();
        if (PG_ARGISNULL(0)) pg::raise(ERRCODE_INVALID_PARAMETER_VALUE, "upload_id is required");
        pg_uuid_t id = *PG_GETARG_UUID_P(0);
        pg::JsonOut out;
        pg::Spi spi;
        pg::AsTableOwner owner;
        if (spi.exec(info_plan, {pg::uuid_arg(id)}, 1) == 0)
            pg::raise(ERRCODE_NO_DATA_FOUND, "export not found");
        bool isnull;
        Datum creator = pg::Spi::value(0, 1, &isnull);
        // The same rule as the export tables' row-level security: the creator (the real user,
        // also while emulating) or an effective admin.
        if (!actor.is_admin() &&
            (isnull || !pg::uuid_equal(*DatumGetUUIDP(creator), actor.real_id)))
            pg::raise(ERRCODE_INSUFFICIENT_PRIVILEGE,
                      "only the creator of an export or an admin may download it");
        out.begin_object().key("upload_id").string(pg::uuid_text(id));
        out.key("file_name").string(pg::Spi::text(0, 2).value_or(""));
        out.key("row_count").integer(pg::Spi::int8(0, 3));
        out.key("byte_count").integer(pg::Spi::int8(0, 4));
        out.key("status").string(pg::Spi::text(0, 5).value_or("")).end_object();
        return out.finish();
    });
}

// profiles.export_csv() returns setof text: the same CSV, line by line, for SQL callers
// (a tuplestore that spills to disk keeps memory bounded).
PGP_FUNCTION(profiles_export_csv) {
    return pg::entry([&]() -> Datum {
        // No actor needed: row-level security decides what the caller sees (everything for a
        // superuser, its own profile for a mapped user, nothing otherwise).
        ReturnSetInfo* rsinfo = (ReturnSetInfo*)fcinfo->resultinfo;
        pg::guard([&] { InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC); });
        pg::Spi spi;
        pg::Cursor cursor(spi, rows_plan, {}, profiles::export_chunk_rows);
        std::string line;
        std::optional<CsvRows> csv_rows;
        auto emit = [&] {
            pg::guard([&] {
                text* t = cstring_to_text_with_len(line.data(), (int)line.size());
                Datum v = PointerGetDatum(t);
                bool isnull = false;
                tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, &v, &isnull);
                pfree(t); // the tuplestore keeps its own copy
            });
            line.clear();
        };
        while (HeapTuple t = cursor.peek()) {
            if (!csv_rows) {
                append_header(line, cursor.desc());
                emit();
                csv_rows.emplace(cursor.desc());
            }
            csv_rows->append(line, t);
            emit();
            cursor.advance();
        }
        if (!csv_rows) {
            // No visible rows: the file still has its header, as a stored export does.
            spi.exec(rows_plan, {}, 1);
            append_header(line, SPI_tuptable->tupdesc);
            emit();
        }
        return (Datum)0;
    });
}
