-- pg_profiles 1.0 -> 1.1: seeds 001-004 (REST profiles and contacts, the current user and
-- persona, user-profile attributes, the profile artifact API) on top of the 1.0 foundation.
\echo Use "ALTER EXTENSION pg_profiles UPDATE TO '1.1'" to load this file. \quit
