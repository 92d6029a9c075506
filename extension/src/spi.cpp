// SPI helpers (see spi.hpp).
#include "spi.hpp"

extern "C" {
#include "access/xact.h"
#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/resowner.h"
#include "utils/syscache.h"
#include "catalog/pg_class.h"
}

#include <cstring>

namespace pg {

Plan::Plan(const char* sql, std::initializer_list<Oid> argtypes, Replan replan)
    : sql_(sql), nargs_(0), replan_(replan) {
    for (Oid t : argtypes)
        types_[nargs_++] = t;
}

SPIPlanPtr Plan::get() {
    if (plan_) return plan_;
    plan_ = guard([&] {
        SPIPlanPtr p = SPI_prepare_cursor(sql_, nargs_, types_,
                                          replan_ == Replan::Generic ? CURSOR_OPT_GENERIC_PLAN : 0);
        if (!p) elog(ERROR, "SPI_prepare failed: %s", SPI_result_code_string(SPI_result));
        if (SPI_keepplan(p) != 0) elog(ERROR, "SPI_keepplan failed");
        return p;
    });
    return plan_;
}

Arg null_arg() {
    return Arg{(Datum)0, true};
}

Arg text_arg(std::string_view s) {
    return Arg{
        guard([&] { return PointerGetDatum(cstring_to_text_with_len(s.data(), (int)s.size())); }),
        false};
}

Arg optional_text_arg(const char* s) {
    return s ? text_arg(s) : null_arg();
}

Arg uuid_arg(const pg_uuid_t& u) {
    return Arg{guard([&] {
                   auto* p = (pg_uuid_t*)palloc(sizeof(pg_uuid_t));
                   memcpy(p, &u, sizeof u);
                   return UUIDPGetDatum(p);
               }),
               false};
}

Arg int4_arg(int v) {
    return Arg{Int32GetDatum(v), false};
}
Arg int8_arg(long long v) {
    return Arg{Int64GetDatum(v), false};
}
Arg bool_arg(bool v) {
    return Arg{BoolGetDatum(v), false};
}
Arg datum_arg(Datum d) {
    return Arg{d, false};
}

PinnedSearchPath::PinnedSearchPath() {
    guard([&] {
        OverrideSearchPath path{};
        path.schemas = NIL;
        path.addCatalog = true;
        path.addTemp = false;
        PushOverrideSearchPath(&path);
    });
}

PinnedSearchPath::~PinnedSearchPath() {
    // During an exception the pending transaction (or subtransaction) abort pops it.
    if (std::uncaught_exceptions() == 0) PopOverrideSearchPath();
}

namespace {
// The owner of profiles.users, remembered until the relation, its schema or any relation is
// invalidated (ALTER ... OWNER TO, a rename, DROP EXTENSION all send such invalidations).
Oid cached_users_rel = InvalidOid;
Oid cached_owner = InvalidOid;

void forget_owner(Datum, Oid relid) {
    if (relid == InvalidOid || relid == cached_users_rel) {
        cached_users_rel = InvalidOid;
        cached_owner = InvalidOid;
    }
}
void forget_owner_namespace(Datum, int, uint32) {
    cached_users_rel = InvalidOid;
    cached_owner = InvalidOid;
}

Oid table_owner() {
    if (OidIsValid(cached_owner)) return cached_owner;
    return guard([&] {
        static bool callbacks_registered = false;
        if (!callbacks_registered) {
            CacheRegisterRelcacheCallback(forget_owner, (Datum)0);
            CacheRegisterSyscacheCallback(NAMESPACEOID, forget_owner_namespace, (Datum)0);
            callbacks_registered = true;
        }
        Oid nsp = get_namespace_oid("profiles", false);
        Oid rel = get_relname_relid("users", nsp);
        if (!OidIsValid(rel)) elog(ERROR, "pg_profiles: table profiles.users is missing");
        HeapTuple tup = SearchSysCache1(RELOID, ObjectIdGetDatum(rel));
        if (!HeapTupleIsValid(tup)) elog(ERROR, "cache lookup failed for relation %u", rel);
        Oid owner = ((Form_pg_class)GETSTRUCT(tup))->relowner;
        ReleaseSysCache(tup);
        cached_users_rel = rel;
        cached_owner = owner;
        return owner;
    });
}
} // namespace

AsTableOwner::AsTableOwner(bool restricted) {
    Oid owner = table_owner();
    GetUserIdAndSecContext(&saved_user_, &saved_context_);
    SetUserIdAndSecContext(owner, saved_context_ | SECURITY_LOCAL_USERID_CHANGE |
                                      (restricted ? SECURITY_RESTRICTED_OPERATION : 0));
}

AsTableOwner::~AsTableOwner() {
    SetUserIdAndSecContext(saved_user_, saved_context_);
}

Spi::Spi(Mode mode) : read_only_(mode == Mode::ReadOnly) {
    guard([&] {
        if (SPI_connect() != SPI_OK_CONNECT) elog(ERROR, "SPI_connect failed");
    });
    connected_ = true;
}

Spi::~Spi() {
    if (connected_ && std::uncaught_exceptions() == 0) SPI_finish();
}

uint64 Spi::exec(Plan& plan, std::initializer_list<Arg> args, long limit) {
    SPIPlanPtr p = plan.get();
    if ((int)args.size() != plan.nargs())
        raise(ERRCODE_INTERNAL_ERROR, "plan argument count mismatch");
    Datum values[16];
    char nulls[16];
    int i = 0;
    for (const Arg& a : args) {
        values[i] = a.value;
        nulls[i] = a.isnull ? 'n' : ' ';
        i++;
    }
    return guard([&] {
        int rc = SPI_execute_plan(p, values, nulls, read_only_, limit);
        if (rc < 0) elog(ERROR, "SPI_execute_plan failed: %s", SPI_result_code_string(rc));
        return SPI_processed;
    });
}

Datum Spi::value(uint64 row, int col, bool* isnull) {
    // A row the last result does not have is a bug of ours: an error, not a wild pointer.
    if (SPI_tuptable == nullptr || row >= SPI_tuptable->numvals)
        raise(ERRCODE_INTERNAL_ERROR, "row " + std::to_string(row) + " is not in the result");
    return SPI_getbinval(SPI_tuptable->vals[row], SPI_tuptable->tupdesc, col, isnull);
}

namespace {
const char* datum_cstring(Datum d) {
    return text_to_cstring(DatumGetTextPP(d));
}
} // namespace

std::optional<std::string> Spi::text(uint64 row, int col) {
    bool isnull;
    Datum d = value(row, col, &isnull);
    if (isnull) return std::nullopt;
    return std::string(guard([&] { return datum_cstring(d); }));
}

bool Spi::boolean(uint64 row, int col) {
    bool isnull;
    Datum d = value(row, col, &isnull);
    return !isnull && DatumGetBool(d);
}

long long Spi::int8(uint64 row, int col) {
    bool isnull;
    Datum d = value(row, col, &isnull);
    if (isnull) return 0;
    Oid t = SPI_gettypeid(SPI_tuptable->tupdesc, col);
    if (t == INT4OID) return DatumGetInt32(d);
    if (t == INT2OID) return DatumGetInt16(d);
    return DatumGetInt64(d);
}

Cursor::Cursor(const Spi& spi, Plan& plan, std::initializer_list<Arg> args, long batch)
    : batch_size_(batch) {
    SPIPlanPtr p = plan.get();
    Datum values[16];
    char nulls[16];
    int i = 0;
    for (const Arg& a : args) {
        values[i] = a.value;
        nulls[i] = a.isnull ? 'n' : ' ';
        i++;
    }
    portal_ = guard([&] { return SPI_cursor_open(nullptr, p, values, nulls, spi.read_only()); });
    fetch();
}

Cursor::~Cursor() {
    if (std::uncaught_exceptions() > 0) return; // the transaction abort releases the portal
    if (batch_) SPI_freetuptable(batch_);
    if (portal_) SPI_cursor_close(portal_);
}

void Cursor::fetch() {
    guard([&] {
        if (batch_) SPI_freetuptable(batch_);
        SPI_cursor_fetch(portal_, true, batch_size_);
        batch_ = SPI_tuptable;
        count_ = SPI_processed;
        SPI_tuptable = nullptr;
    });
    pos_ = 0;
    if (count_ == 0) exhausted_ = true;
}

HeapTuple Cursor::peek() {
    if (pos_ >= count_ && !exhausted_) fetch();
    return pos_ < count_ ? batch_->vals[pos_] : nullptr;
}

void Cursor::advance() {
    if (pos_ < count_) pos_++;
}

void in_subtransaction(const std::function<void()>& f) {
    MemoryContext cxt = CurrentMemoryContext;
    ResourceOwner owner = CurrentResourceOwner;
    guard([&] { BeginInternalSubTransaction(nullptr); });
    try {
        f();
    } catch (...) {
        guard([&] {
            RollbackAndReleaseCurrentSubTransaction();
            MemoryContextSwitchTo(cxt);
            CurrentResourceOwner = owner;
        });
        throw;
    }
    guard([&] {
        ReleaseCurrentSubTransaction();
        MemoryContextSwitchTo(cxt);
        CurrentResourceOwner = owner;
    });
}

std::optional<pg_uuid_t> parse_uuid(std::string_view s) {
    if (s.size() != 36) return std::nullopt;
    pg_uuid_t u;
    int byte = 0;
    for (size_t i = 0; i < 36;) {
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (s[i] != '-') return std::nullopt;
            i++;
            continue;
        }
        auto hex = [](char c) -> int {
            if (c >= '0' && c <= '9') return c - '0';
            if (c >= 'a' && c <= 'f') return c - 'a' + 10;
            if (c >= 'A' && c <= 'F') return c - 'A' + 10;
            return -1;
        };
        int hi = hex(s[i]), lo = hex(s[i + 1]);
        if (hi < 0 || lo < 0) return std::nullopt;
        u.data[byte++] = (unsigned char)(hi << 4 | lo);
        i += 2;
    }
    return u;
}

std::string uuid_text(const pg_uuid_t& u) {
    static const char* digits = "0123456789abcdef";
    std::string out;
    out.reserve(36);
    for (int i = 0; i < UUID_LEN; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
        out += digits[u.data[i] >> 4];
        out += digits[u.data[i] & 15];
    }
    return out;
}

} // namespace pg
