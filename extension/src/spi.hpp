// SPI with cached plans, in plain C++.
#pragma once

#include "pg.hpp"

extern "C" {
#include "executor/spi.h"
#include "utils/uuid.h"
}

#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

namespace pg {

// A statement prepared once per backend (SPI_prepare + SPI_keepplan) on first use.
// Declare plans as statics next to the code that runs them; all SQL must be schema-qualified.
class Plan {
  public:
    // How the plan cache plans each execution: Auto lets PostgreSQL choose between a plan for
    // the parameters' values and one generic plan; Generic always runs the generic plan, for a
    // statement whose best plan does not depend on its parameters' values (it is then never
    // planned again).
    enum class Replan { Auto, Generic };
    Plan(const char* sql, std::initializer_list<Oid> argtypes, Replan replan = Replan::Auto);
    SPIPlanPtr get();
    int nargs() const { return nargs_; }

  private:
    static constexpr int kMaxArgs = 16;
    const char* sql_;
    Oid types_[kMaxArgs];
    int nargs_;
    Replan replan_;
    SPIPlanPtr plan_ = nullptr;
};

// One argument of a plan: a Datum and whether it is NULL.
struct Arg {
    Datum value;
    bool isnull;
};
Arg null_arg();
Arg text_arg(std::string_view s);
Arg uuid_arg(const pg_uuid_t& u);
Arg int4_arg(int v);
Arg int8_arg(long long v);
Arg bool_arg(bool v);
Arg datum_arg(Datum d);
Arg optional_text_arg(const char* s); // NULL when s is null

// Runs `f` with the plans' search_path pinned to pg_catalog (no temp schema), so neither a
// caller's search_path nor objects it creates can change what a cached plan resolves to.
class PinnedSearchPath {
  public:
    PinnedSearchPath();
    ~PinnedSearchPath();
    PinnedSearchPath(const PinnedSearchPath&) = delete;
    PinnedSearchPath& operator=(const PinnedSearchPath&) = delete;
};

// Runs SPI work as the owner of the extension's tables (like an RI trigger does), for the few
// internal lookups that must not depend on the caller's privileges or row-level security.
class AsTableOwner {
  public:
    // restricted: also a security-restricted operation (no temp tables, no SET ROLE, ...);
    // only REFRESH MATERIALIZED VIEW CONCURRENTLY needs it off.
    explicit AsTableOwner(bool restricted = true);
    ~AsTableOwner();
    AsTableOwner(const AsTableOwner&) = delete;
    AsTableOwner& operator=(const AsTableOwner&) = delete;

  private:
    Oid saved_user_;
    int saved_context_;
};

// An SPI session for one function call. On an exception the connection is left for the
// transaction abort to clean up (the error is about to be raised anyway).
class Spi {
  public:
    // ReadOnly: every statement runs on the snapshot of the statement that called the function
    // (SPI's read_only), so a function that reads in several statements sees one state of the
    // data, whatever commits in between; its statements must not write. ReadWrite: each
    // statement takes a new snapshot and sees what the ones before it wrote.
    enum class Mode { ReadWrite, ReadOnly };
    explicit Spi(Mode mode = Mode::ReadWrite);
    ~Spi();
    Spi(const Spi&) = delete;
    Spi& operator=(const Spi&) = delete;

    // Executes a cached plan; returns the number of rows processed. Results are in
    // SPI_tuptable until the next call.
    uint64 exec(Plan& plan, std::initializer_list<Arg> args, long limit = 0);

    // Value of column `col` (1-based) of row `row` of the last result.
    static Datum value(uint64 row, int col, bool* isnull);
    static std::optional<std::string> text(uint64 row, int col);
    static bool boolean(uint64 row, int col);
    static long long int8(uint64 row, int col);

    bool read_only() const { return read_only_; }

  private:
    PinnedSearchPath pinned_;
    bool read_only_;
    bool connected_ = false;
};

// A cursor over a cached plan, fetched in batches so memory stays bounded. It reads the
// snapshot its SPI session's mode gives (see Spi::Mode).
class Cursor {
  public:
    Cursor(const Spi& spi, Plan& plan, std::initializer_list<Arg> args, long batch = 1000);
    ~Cursor();
    Cursor(const Cursor&) = delete;
    Cursor& operator=(const Cursor&) = delete;

    HeapTuple peek(); // the current row, or nullptr at the end
    void advance();
    TupleDesc desc() const { return batch_->tupdesc; }

  private:
    void fetch();
    Portal portal_ = nullptr;
    SPITupleTable* batch_ = nullptr;
    uint64 pos_ = 0;
    uint64 count_ = 0;
    bool exhausted_ = false;
    long batch_size_;
};

// Runs `f` inside an internal subtransaction: a Postgres error inside it is rolled back and
// rethrown as pg::Error, leaving the outer transaction usable.
void in_subtransaction(const std::function<void()>& f);

// Canonical 8-4-4-4-12 hex UUID text to bytes; nullopt when malformed.
std::optional<pg_uuid_t> parse_uuid(std::string_view s);
std::string uuid_text(const pg_uuid_t& u);
inline bool uuid_equal(const pg_uuid_t& a, const pg_uuid_t& b) {
    return memcmp(a.data, b.data, UUID_LEN) == 0;
}

} // namespace pg
