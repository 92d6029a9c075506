#include "pg_connection.hpp"

#include "metrics.hpp"
#include "read_routing.hpp"

#include <libpq-fe.h>

#include <vector>

namespace profiles {

namespace {

// One set_actor variant per credential kind: (credential, session or request id, ..., client).
const Statement kActorByJwt{"actor_jwt",
                            "SELECT profiles.set_actor($1::uuid, $2::text, $3::text, $4::text)", 4};
const Statement kActorBySession{
    "actor_session", "SELECT profiles.set_actor_by_session($1::text, $2::text, $3::text)", 3};
const Statement kActorByApiKey{
    "actor_api_key", "SELECT profiles.set_actor_by_api_key($1::text, $2::text, $3::text)", 3};

// A statement's own timeout, local to the call's implicit transaction. The server starts a
// statement's timer at each Execute, so the statements after this one run under the new value.
const Statement kStatementTimeout{"statement_timeout",
                                  "SELECT set_config('statement_timeout', $1::text, true)", 1};

// libpq's own shortest connect timeout; a down database must not hold a request for long.
constexpr const char* kDefaultConnectTimeoutSeconds = "2";

// A statement's results end with a NULL; more than a few results for one statement means the
// connection is in a state we do not understand.
constexpr int kMaxResultsPerStep = 8;

bool breaks_connection(const std::string& sqlstate) {
    return sqlstate.rfind("08", 0) == 0 || sqlstate == "57P01" || sqlstate == "57P02" ||
           sqlstate == "57P03";
}

std::string field(const PGresult* result, int code) {
    const char* value = PQresultErrorField(result, code);
    return value == nullptr ? std::string() : std::string(value);
}

// What DATABASE_URL itself says for `keyword`, so our additions extend rather than replace it.
std::string conninfo_value(const std::string& conninfo, const char* keyword) {
    char* error = nullptr;
    PQconninfoOption* options = PQconninfoParse(conninfo.c_str(), &error);
    if (options == nullptr) {
        PQfreemem(error);
        return {};
    }
    std::string value;
    for (PQconninfoOption* option = options; option->keyword != nullptr; ++option) {
        if (std::string_view(option->keyword) == keyword && option->val != nullptr) {
            value = option->val;
        }
    }
    PQconninfoFree(options);
    return value;
}

bool prepare(PGconn* conn, const char* name, const char* sql, int n_params, DbError& error) {
    PGresult* result = PQprepare(conn, name, sql, n_params, nullptr);
    bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
    if (!ok) {
        error = {field(result, PG_DIAG_SQLSTATE), field(result, PG_DIAG_MESSAGE_PRIMARY),
                 field(result, PG_DIAG_MESSAGE_DETAIL)};
        if (error.message.empty()) {
            error.message = PQerrorMessage(conn);
        }
        metrics::registry().count_db_error(error.sqlstate.empty() ? "08006" : error.sqlstate);
    }
    PQclear(result);
    return ok;
}

} // namespace

std::unique_ptr<PgConnection> PgConnection::open(const ConnectSettings& settings, DbError& error) {
    std::string options = conninfo_value(settings.conninfo, "options");
    if (settings.statement_timeout_ms > 0) {
        options += (options.empty() ? "" : " ") + std::string("-c statement_timeout=") +
                   std::to_string(settings.statement_timeout_ms);
    }
    // An application_name in DATABASE_URL (e.g. to tell shims apart in pg_stat_activity) wins.
    std::string application_name = conninfo_value(settings.conninfo, "application_name");
    if (application_name.empty()) {
        application_name = "profiles-shim";
    }
    std::string connect_timeout = conninfo_value(settings.conninfo, "connect_timeout");
    if (connect_timeout.empty()) {
        connect_timeout = kDefaultConnectTimeoutSeconds;
    }
    // With expand_dbname, the first "dbname" is the whole conninfo/URI; the later keywords
    // override what it says.
    const char* keywords[] = {"dbname",          "options",         "application_name",
                              "client_encoding", "connect_timeout", nullptr};
    const char* values[] = {settings.conninfo.c_str(), options.c_str(),
                            application_name.c_str(),  "UTF8",
                            connect_timeout.c_str(),   nullptr};
    PGconn* conn = PQconnectdbParams(keywords, values, 1);
    if (conn == nullptr || PQstatus(conn) != CONNECTION_OK) {
        error = {"08006", conn ? PQerrorMessage(conn) : "out of memory", ""};
        metrics::registry().count_db_error(error.sqlstate);
        PQfinish(conn);
        return nullptr;
    }
    std::unique_ptr<PgConnection> connection(new PgConnection(conn));
    // The hot statement is prepared up front; the others on first use.
    if (!connection->ensure_prepared(kActorByJwt, error)) {
        return nullptr;
    }
    return connection;
}

bool PgConnection::ensure_prepared(const Statement& statement, DbError& error) {
    for (const std::string& name : prepared_) {
        if (name == statement.name) {
            return true;
        }
    }
    if (!prepare(conn_, statement.name, statement.sql, statement.n_params, error)) {
        if (PQstatus(conn_) != CONNECTION_OK) {
            broken_ = true;
        }
        return false;
    }
    prepared_.emplace_back(statement.name);
    return true;
}

PgConnection::~PgConnection() {
    PQfinish(conn_);
}

bool PgConnection::usable() const {
    return !broken_ && PQstatus(conn_) == CONNECTION_OK;
}

DbError PgConnection::error_of(const PGresult* result) {
    DbError error{field(result, PG_DIAG_SQLSTATE), field(result, PG_DIAG_MESSAGE_PRIMARY),
                  field(result, PG_DIAG_MESSAGE_DETAIL)};
    if (error.message.empty()) {
        error.message = result ? PQresultErrorMessage(result) : PQerrorMessage(conn_);
    }
    // libpq's own errors (lost connection) carry no SQLSTATE.
    if (error.sqlstate.empty() && PQstatus(conn_) != CONNECTION_OK) {
        error.sqlstate = "08006";
    }
    if (breaks_connection(error.sqlstate) || PQstatus(conn_) != CONNECTION_OK) {
        broken_ = true;
    }
    metrics::registry().count_db_error(error.sqlstate);
    return error;
}

// Reads the results up to the pipeline's sync point. An error here (e.g. at commit) fails the
// whole call. False when the connection is no longer usable.
bool PgConnection::read_sync(DbOutcome& outcome) {
    for (int i = 0; i < kMaxResultsPerStep; ++i) {
        PGresult* result = PQgetResult(conn_);
        if (result == nullptr) {
            if (PQstatus(conn_) != CONNECTION_OK) {
                break;
            }
            continue;
        }
        ExecStatusType status = PQresultStatus(result);
        if (status == PGRES_PIPELINE_SYNC) {
            PQclear(result);
            return true;
        }
        if (status == PGRES_FATAL_ERROR && outcome.ok) {
            outcome.ok = false;
            outcome.error = error_of(result);
        }
        PQclear(result);
    }
    broken_ = true;
    return false;
}

PgConnection::Step PgConnection::read_step() {
    Step step;
    int count = 0;
    while (PGresult* result = PQgetResult(conn_)) {
        if (count++ == 0) {
            step.status = PQresultStatus(result);
            if (step.status == PGRES_FATAL_ERROR) {
                step.error = error_of(result);
            } else if (step.status == PGRES_TUPLES_OK && PQntuples(result) >= 1) {
                if (!PQgetisnull(result, 0, 0)) {
                    step.value.emplace(PQgetvalue(result, 0, 0),
                                       static_cast<size_t>(PQgetlength(result, 0, 0)));
                }
                for (int c = 0; c < PQnfields(result); ++c) {
                    if (PQgetisnull(result, 0, c)) {
                        step.row.emplace_back(std::nullopt);
                    } else {
                        step.row.emplace_back(
                            std::string(PQgetvalue(result, 0, c),
                                        static_cast<size_t>(PQgetlength(result, 0, c))));
                    }
                }
            }
        }
        PQclear(result);
        if (count > kMaxResultsPerStep || PQstatus(conn_) != CONNECTION_OK) {
            broken_ = true;
            break;
        }
    }
    if (count == 0) {
        broken_ = true;
    }
    if (broken_ && step.error.sqlstate.empty()) {
        step.error = {"08006", PQerrorMessage(conn_), ""};
        metrics::registry().count_db_error(step.error.sqlstate);
    }
    return step;
}

DbOutcome PgConnection::call(const DbCall& call) {
    DbOutcome outcome;
    auto fail = [&](DbError error, bool retry_safe) {
        outcome.ok = false;
        outcome.error = std::move(error);
        outcome.retry_safe = retry_safe;
        return outcome;
    };
    const Statement& actor_statement = call.who.kind == CredentialKind::Jwt ? kActorByJwt
                                       : call.who.kind == CredentialKind::SessionCookie
                                           ? kActorBySession
                                           : kActorByApiKey;
    const std::optional<int>& timeout_ms = call.statement->timeout_ms;
    DbError prepare_error;
    if (!usable() || !ensure_prepared(actor_statement, prepare_error) ||
        !ensure_prepared(*call.statement, prepare_error) ||
        (timeout_ms && !ensure_prepared(kStatementTimeout, prepare_error))) {
        // Nothing ran: safe to retry on another connection when this one is broken.
        if (prepare_error.sqlstate.empty()) {
            prepare_error = {"08006", PQerrorMessage(conn_), ""};
        }
        return fail(prepare_error, broken_ || !usable());
    }
    if (PQenterPipelineMode(conn_) != 1) {
        broken_ = true;
        return fail({"08006", PQerrorMessage(conn_), ""}, true);
    }
    const char* client = call.client ? call.client->c_str() : nullptr;
    std::vector<const char*> actor_params;
    if (call.who.kind == CredentialKind::Jwt) {
        actor_params = {call.who.value.c_str(),
                        call.who.session_id ? call.who.session_id->c_str() : nullptr,
                        call.request_id.c_str(), client};
    } else {
        actor_params = {call.who.value.c_str(), call.request_id.c_str(), client};
    }
    std::vector<const char*> params;
    for (const auto& p : call.params) {
        params.push_back(p ? p->c_str() : nullptr);
    }
    std::string timeout_text;
    if (timeout_ms) {
        timeout_text = std::to_string(*timeout_ms);
        const char* timeout_param = timeout_text.c_str();
        if (PQsendQueryPrepared(conn_, kStatementTimeout.name, 1, &timeout_param, nullptr, nullptr,
                                0) != 1) {
            broken_ = true;
            return fail({"08006", PQerrorMessage(conn_), ""}, true);
        }
    }
    if (PQsendQueryPrepared(conn_, actor_statement.name, static_cast<int>(actor_params.size()),
                            actor_params.data(), nullptr, nullptr, 0) != 1 ||
        PQsendQueryPrepared(conn_, call.statement->name, static_cast<int>(params.size()),
                            params.data(), nullptr, nullptr, 0) != 1 ||
        PQpipelineSync(conn_) != 1) {
        // Without a Sync the server commits nothing.
        broken_ = true;
        return fail({"08006", PQerrorMessage(conn_), ""}, true);
    }

    // If set_actor fails the server skips the statement (PGRES_PIPELINE_ABORTED) and rolls
    // back; either way nothing committed, so a lost connection then is safe to retry.
    Step timeout;
    if (timeout_ms) {
        timeout = read_step();
        if (broken_) {
            return fail(timeout.error, true);
        }
    }
    Step actor = read_step();
    if (broken_) {
        return fail(actor.error, true);
    }
    // A failed set_config skips set_actor the same way: report the first failure.
    if (timeout_ms && timeout.status != PGRES_TUPLES_OK) {
        actor = std::move(timeout);
    }
    bool actor_ok = actor.status == PGRES_TUPLES_OK;
    Step step = read_step();
    if (broken_) {
        return fail(actor_ok ? step.error : actor.error, !actor_ok);
    }
    if (!actor_ok) {
        outcome.error = actor.status == PGRES_FATAL_ERROR
                            ? actor.error
                            : DbError{"XX000", "set_actor returned no row", ""};
    } else if (step.status == PGRES_TUPLES_OK) {
        outcome.ok = true;
        outcome.value = step.value ? std::move(*step.value) : std::string();
        outcome.row = std::move(step.row);
    } else {
        outcome.error =
            step.status == PGRES_FATAL_ERROR
                ? step.error
                : DbError{"XX000", std::string(call.statement->name) + " returned no rows", ""};
    }
    read_routing::note_call(call); // a write keeps its caller's reads on the primary a while
    if (!read_sync(outcome) || PQexitPipelineMode(conn_) != 1) {
        broken_ = true;
        if (outcome.ok) {
            // The commit's fate is unknown: report it, never retry it.
            return fail({"08006", PQerrorMessage(conn_), ""}, false);
        }
    }
    return outcome;
}

DbOutcome PgConnection::ping() {
    DbOutcome outcome;
    PGresult* result = PQexec(conn_, "SELECT 1");
    if (PQresultStatus(result) == PGRES_TUPLES_OK) {
        outcome.ok = true;
        outcome.value = "1";
    } else {
        outcome.error = error_of(result);
        outcome.retry_safe = broken_; // SELECT 1 changes nothing: run it again elsewhere
    }
    PQclear(result);
    return outcome;
}

} // namespace profiles
