#include "admin_db.hpp"

#include <libpq-fe.h>

#include <cstdio>
#include <random>
#include <stdexcept>

namespace profiles::e2e {

namespace {

struct ResultGuard {
    PGresult* result;
    ~ResultGuard() { PQclear(result); }
};

PGresult* run(PGconn* conn, const std::string& sql, const Params& params) {
    std::vector<const char*> values;
    for (const auto& p : params) {
        values.push_back(p ? p->c_str() : nullptr);
    }
    PGresult* result = PQexecParams(conn, sql.c_str(), static_cast<int>(values.size()), nullptr,
                                    values.data(), nullptr, nullptr, 0);
    ExecStatusType status = PQresultStatus(result);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
        std::string message = PQresultErrorMessage(result);
        PQclear(result);
        throw std::runtime_error(sql + ": " + message);
    }
    return result;
}

} // namespace

AdminDb::AdminDb(const std::string& url) : conn_(PQconnectdb(url.c_str())) {
    if (PQstatus(conn_) != CONNECTION_OK) {
        std::string message = PQerrorMessage(conn_);
        PQfinish(conn_);
        throw std::runtime_error("ADMIN_DATABASE_URL: " + message);
    }
}

AdminDb::~AdminDb() {
    PQfinish(conn_);
}

void AdminDb::exec(const std::string& sql, const Params& params) {
    ResultGuard guard{run(conn_, sql, params)};
}

std::optional<std::string> AdminDb::scalar(const std::string& sql, const Params& params) {
    ResultGuard guard{run(conn_, sql, params)};
    if (PQntuples(guard.result) == 0 || PQgetisnull(guard.result, 0, 0)) {
        return std::nullopt;
    }
    return std::string(PQgetvalue(guard.result, 0, 0));
}

std::string new_uuid() {
    thread_local std::mt19937_64 engine(std::random_device{}());
    uint64_t hi = engine();
    uint64_t lo = engine();
    hi = (hi & 0xFFFFFFFFFFFF0FFFULL) | 0x0000000000004000ULL; // version 4
    lo = (lo & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL; // RFC 4122 variant
    char text[37];
    std::snprintf(text, sizeof text, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(hi >> 32),
                  static_cast<unsigned>((hi >> 16) & 0xFFFF), static_cast<unsigned>(hi & 0xFFFF),
                  static_cast<unsigned>(lo >> 48),
                  static_cast<unsigned long long>(lo & 0xFFFFFFFFFFFFULL));
    return text;
}

} // namespace profiles::e2e
