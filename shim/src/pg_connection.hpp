// One libpq connection with the shim's statements prepared on it.
#pragma once

#include "credential.hpp"
#include "error_map.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

typedef struct pg_conn PGconn;
typedef struct pg_result PGresult;

namespace profiles {

struct ConnectSettings {
    std::string conninfo;     // DATABASE_URL: key=value string or URI
    int statement_timeout_ms; // 0: no timeout
};

// A prepared statement of the shim: prepared on a connection the first time it is used there.
struct Statement {
    const char* name;
    const char* sql; // parameters are text, cast in the SQL
    int n_params;
    // Its own statement_timeout in ms (0: none), set for its transaction only, in the same
    // pipeline; unset: the connection's (PROFILES_STATEMENT_TIMEOUT_MS).
    std::optional<int> timeout_ms = std::nullopt;
};

// One database call: who acts, which statement, its parameters (nullopt: NULL).
struct DbCall {
    Credential who;
    std::string request_id;
    std::optional<std::string> client; // e.g. "mcp", recorded in activities
    const Statement* statement;
    std::vector<std::optional<std::string>> params;
};

struct DbOutcome {
    bool ok = false;
    std::string value; // when ok: the first column of the first row ("" when none or NULL)
    // when ok: every column of the first row (nullopt: NULL); empty when there was no row
    std::vector<std::optional<std::string>> row;
    DbError error; // when !ok
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

    // The credential's set_actor variant, then `call.statement`: one pipeline, one round
    // trip, one implicit transaction. The actor lives only as long as that transaction.
    DbOutcome call(const DbCall& call);

    // SELECT 1, for /ready.
    DbOutcome ping();

  private:
    explicit PgConnection(PGconn* conn) : conn_(conn) {}

    // The first result of one pipelined statement (its results end with a NULL).
    struct Step {
        int status = -1; // ExecStatusType
        DbError error;   // when PGRES_FATAL_ERROR
        std::optional<std::string> value;
        std::vector<std::optional<std::string>> row;
    };
    bool ensure_prepared(const Statement& statement, DbError& error);
    std::vector<std::string> prepared_;
    Step read_step();

    DbError error_of(const PGresult* result);
    bool read_sync(DbOutcome& outcome);

    PGconn* conn_;
    bool broken_ = false;
};

} // namespace profiles
