// Runs one unit of database work on a pooled connection.
#pragma once

#include "pool.hpp"

#include <functional>

namespace profiles {

// Handles what every caller would otherwise repeat: no free connection within the timeout,
// database unreachable, and a connection found dead before anything committed (after a
// PostgreSQL restart every idle connection is), which is retried once on a fresh one.
DbOutcome with_connection(Pool& pool, const std::function<DbOutcome(PgConnection&)>& work);

} // namespace profiles
