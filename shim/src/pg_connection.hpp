// One libpq connection with the shim's statements prepared on it.
#pragma once

#include "error_map.hpp"

#include <memory>
#include <optional>
#include <string>

typedef struct pg_conn PGconn;
typedef struct pg_result PGresult;

namespace profiles {

struct ConnectSettings {
    std::string conninfo;     // DATABASE_URL: key=value string or URI
    int statement_timeout_ms; // 0: no timeout
};

// One seed 000 call: who acts, and the request envelope as the client sent it.
struct ApiCall {
    std::string user_id;
    std::optional<std::string> session_id;
    std::string request_id;
    const std::string* body; // JSON text, forwarded byte for byte
};

struct DbOutcome {
    bool ok = false;
    std::string value; // when ok: the single text value the statement returned
    DbError error;     // when !ok
    // The connection died before anything could commit: the same call may run again on
    // another connection.
    bool retry_safe = false;
};

class PgConnection {
  public:
    // Connects and prepares the statements. nullptr with `error` on failure.
    static std::unique_ptr<PgConnection> open(const ConnectSettings& settings, DbError& error);
    ~PgConnection();
    PgConnection(const PgConnection&) = delete;
    PgConnection& operator=(const PgConnection&) = delete;

    // False once the connection is known to be broken: the pool then drops it.
    bool usable() const;

    // profiles.set_actor(...) then profiles.api(body): one pipeline, one round trip, one
    // implicit transaction. The actor lives only as long as that transaction.
    DbOutcome call_api(const ApiCall& call);

    // SELECT 1, for /ready.
    DbOutcome ping();

  private:
    explicit PgConnection(PGconn* conn) : conn_(conn) {}

    // The first result of one pipelined statement (its results end with a NULL).
    struct Step {
        int status = -1; // ExecStatusType
        DbError error;   // when PGRES_FATAL_ERROR
        std::optional<std::string> value;
    };
    Step read_step();

    DbError error_of(const PGresult* result);
    bool read_sync(DbOutcome& outcome);

    PGconn* conn_;
    bool broken_ = false;
};

} // namespace profiles
