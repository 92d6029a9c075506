// Conversions between Postgres errors and C++ exceptions (see pg.hpp).
#include "pg.hpp"

#include <cstdio>
#include <cstring>
#include <new>

namespace pg {

void raise(int sqlstate, std::string message, std::string detail, std::string hint) {
    throw Error(sqlstate, std::move(message), std::move(detail), std::move(hint));
}

namespace detail {

void rethrow_pg_error(MemoryContext restore_to) {
    MemoryContextSwitchTo(restore_to);
    ErrorData* ed = CopyErrorData();
    FlushErrorState();
    Error err(ed->sqlerrcode, ed->message ? ed->message : "", ed->detail ? ed->detail : "",
              ed->hint ? ed->hint : "");
    FreeErrorData(ed);
    throw err;
}

void run_guarded(GuardCall* call) {
    MemoryContext cxt = CurrentMemoryContext;
    volatile bool failed = false;
    PG_TRY();
    {
        try {
            call->invoke(call);
        } catch (...) {
            call->error = std::current_exception();
        }
    }
    PG_CATCH();
    { failed = true; }
    PG_END_TRY();
    if (failed) rethrow_pg_error(cxt);
    if (call->error) std::rethrow_exception(call->error);
}

namespace {
char message_buf[4096];
char detail_buf[4096];
char hint_buf[1024];

const char* keep(char* buf, size_t size, const std::string& s) {
    if (s.empty()) return nullptr;
    std::snprintf(buf, size, "%s", s.c_str());
    return buf;
}
} // namespace

Failure capture_current() noexcept {
    Failure f{ERRCODE_INTERNAL_ERROR, nullptr, nullptr, nullptr};
    try {
        throw;
    } catch (const Error& e) {
        f.sqlstate = e.sqlstate;
        f.message = keep(message_buf, sizeof message_buf, e.message);
        f.detail = keep(detail_buf, sizeof detail_buf, e.detail);
        f.hint = keep(hint_buf, sizeof hint_buf, e.hint);
    } catch (const std::bad_alloc&) {
        f.sqlstate = ERRCODE_OUT_OF_MEMORY;
        f.message = "out of memory";
    } catch (const std::exception& e) {
        std::snprintf(message_buf, sizeof message_buf, "pg_profiles internal error: %s", e.what());
        f.message = message_buf;
    } catch (...) {
        f.message = "pg_profiles internal error";
    }
    if (!f.message) f.message = "pg_profiles error";
    return f;
}

void report(const Failure& f) {
    ereport(ERROR, (errcode(f.sqlstate), errmsg("%s", f.message),
                    f.detail ? errdetail("%s", f.detail) : 0, f.hint ? errhint("%s", f.hint) : 0));
    pg_unreachable();
}

} // namespace detail
} // namespace pg
