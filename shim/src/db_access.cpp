#include "db_access.hpp"

namespace profiles {

DbOutcome with_connection(Pool& pool, const std::function<DbOutcome(PgConnection&)>& work) {
    constexpr int kAttempts = 2;
    DbOutcome outcome;
    for (int attempt = 0; attempt < kAttempts; ++attempt) {
        auto lease = pool.acquire();
        if (!lease) {
            outcome.error = {"53300", "no database connection free within the pool timeout", ""};
            return outcome;
        }
        PgConnection* conn = lease->connection(outcome.error);
        if (conn == nullptr) {
            return outcome;
        }
        outcome = work(*conn);
        if (outcome.ok || !outcome.retry_safe) {
            return outcome;
        }
    }
    return outcome;
}

} // namespace profiles
