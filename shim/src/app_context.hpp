// What handlers share: settings, the token verifier and the connection pool.
#pragma once

#include "config.hpp"
#include "jwt.hpp"
#include "pool.hpp"

namespace profiles {

struct AppContext {
    const Config& config;
    const jwt::Verifier& verifier;
    Pool& pool;
};

} // namespace profiles
