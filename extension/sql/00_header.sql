-- pg_profiles 1.0: user profiles, ownership and activity logging inside PostgreSQL.
-- Assembled by `make` from extension/sql/*.sql; edit the parts, not the assembled file.
\echo Use "CREATE EXTENSION pg_profiles" to load this file. \quit
