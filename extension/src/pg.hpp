// The wall between C++ and PostgreSQL.
//
// Postgres reports errors with longjmp; C++ unwinds with exceptions. Neither may cross the other:
//  - pg::guard(f) runs Postgres calls; a Postgres error becomes a pg::Error exception after the
//    error stack and memory context are restored.
//  - pg::entry(fcinfo, body) wraps every SQL-callable function; any exception is turned into
//    ereport(ERROR) only after every C++ object of the body has been destroyed.
// Code inside a guarded lambda must only call C functions and own no objects with destructors.
#pragma once

extern "C" {
#include "postgres.h"
#include "fmgr.h"
#include "utils/elog.h"
}

#include <exception>
#include <string>
#include <type_traits>
#include <utility>

namespace pg {

// A Postgres-style error carried through C++ frames.
struct Error : std::exception {
    int sqlstate;
    std::string message;
    std::string detail;
    std::string hint;

    Error(int code, std::string msg, std::string det = {}, std::string hnt = {})
        : sqlstate(code), message(std::move(msg)), detail(std::move(det)), hint(std::move(hnt)) {}
    const char* what() const noexcept override { return message.c_str(); }
};

[[noreturn]] void raise(int sqlstate, std::string message, std::string detail = {},
                        std::string hint = {});

namespace detail {
// Captures the current Postgres error (after PG_CATCH) and clears it.
[[noreturn]] void rethrow_pg_error(MemoryContext restore_to);

// What an escaping exception is reduced to before it is reported: plain data in static
// buffers, so reporting allocates nothing while an exception object is alive.
struct Failure {
    int sqlstate;
    const char* message;
    const char* detail;
    const char* hint;
};
// Call only inside a catch block.
Failure capture_current() noexcept;
[[noreturn]] void report(const Failure& f);
} // namespace detail

namespace detail {
// One guarded call: the callable, and a C++ exception it threw (rethrown after PG_TRY ends).
struct GuardCall {
    void (*invoke)(GuardCall*);
    void* callable;
    std::exception_ptr error;
};
// Runs call->invoke inside PG_TRY; a Postgres error becomes pg::Error.
void run_guarded(GuardCall* call);
} // namespace detail

// Runs f (which calls Postgres C functions) so that a Postgres ERROR becomes pg::Error.
template <class F> auto guard(F&& f) -> decltype(f()) {
    using R = decltype(f());
    if constexpr (std::is_void_v<R>) {
        using Fn = std::remove_reference_t<F>;
        detail::GuardCall call{[](detail::GuardCall* c) { (*static_cast<Fn*>(c->callable))(); },
                               (void*)&f, nullptr};
        detail::run_guarded(&call);
    } else {
        R result{};
        auto body = [&] { result = f(); };
        using Body = decltype(body);
        detail::GuardCall call{[](detail::GuardCall* c) { (*static_cast<Body*>(c->callable))(); },
                               (void*)&body, nullptr};
        detail::run_guarded(&call);
        return result;
    }
}

// Boundary of every SQL-callable function: runs body, reports any exception as a PG error.
template <class F> Datum entry(F&& body) {
    Datum result = (Datum)0;
    bool failed = false;
    detail::Failure failure{};
    try {
        result = body();
    } catch (...) {
        failure = detail::capture_current();
        failed = true;
    }
    if (failed) detail::report(failure);
    return result;
}

} // namespace pg

// Declares a V1 SQL-callable function with C linkage.
#define PGP_FUNCTION(name)                                                                         \
    extern "C" {                                                                                   \
    PG_FUNCTION_INFO_V1(name);                                                                     \
    }                                                                                              \
    extern "C" Datum name(PG_FUNCTION_ARGS)
