#include "handlers_ops.hpp"

#include "db_access.hpp"
#include "http_exchange.hpp"

namespace profiles {

void register_ops_routes(Router& router, AppContext& app) {
    router.add("GET", "/live", [](Exchange& ex) { ex.send_json(200, R"({"status":"ok"})"); });

    router.add("GET", "/ready", [&app](Exchange& ex) {
        DbOutcome outcome =
            with_connection(app.pool, [](PgConnection& conn) { return conn.ping(); });
        if (outcome.ok) {
            ex.send_json(200, R"({"status":"ready"})");
        } else {
            ex.send_db_error(outcome.error);
        }
    });
}

} // namespace profiles
