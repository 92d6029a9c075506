// The exact number of profiles, kept by statement triggers (profile_tally.cpp).
#pragma once
#include "spi.hpp"

namespace profiles {

// count(*) of all profiles as the caller's snapshot sees it, without scanning them.
long long profile_total(pg::Spi& spi);

// Rebuilds the tallies from count(*): after a load with triggers disabled
// (session_replication_role = replica). Waits for concurrent writers.
void recount_profiles(pg::Spi& spi);

} // namespace profiles
