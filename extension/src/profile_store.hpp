// Profile CRUD with ownership checks: the business rules behind profile_* and api().
// Each operation writes its JSON result into `out` (which must be created before any SPI use).
#pragma once

#include "identity.hpp"
#include "json_out.hpp"
#include "jsonb_read.hpp"

extern "C" {
#include "utils/jsonb.h"
}

#include <optional>

namespace profiles {

void profile_get(pg::JsonOut& out, const pg_uuid_t& id);
void profile_all(pg::JsonOut& out);
void profile_list(pg::JsonOut& out, long long limit, long long offset);
void profile_create(pg::JsonOut& out, const pg_uuid_t& id, Jsonb* doc);
void profile_update(pg::JsonOut& out, const pg_uuid_t& id, Jsonb* patch,
                    std::optional<int> expected_version);
void profile_delete(pg::JsonOut& out, const pg_uuid_t& id);

// Row-level operations shared with the other APIs (no JSON, no ownership checks).
// insert_profile_row: doc holds writable fields by column name; raises 23505 when it exists.
void insert_profile_row(pg::Spi& spi, const pg_uuid_t& id, Jsonb* doc);
// insert_profile_rows: the same for many rows, from a uuid[] of ids and a jsonb[] of documents
// of equal length, inserted in array order; returns how many were inserted (an id that exists
// is skipped, not raised).
uint64 insert_profile_rows(pg::Spi& spi, Datum ids, Datum docs);
// lock_profile_row: locks the row until the transaction ends and checks expected_version
// (40001 with the current version in the detail). Raises P0002 when the profile does not exist.
void lock_profile_row(pg::Spi& spi, const pg_uuid_t& id, std::optional<int> expected_version);
// update_profile_row: lock_profile_row, then applies the patch; returns the new version.
int update_profile_row(pg::Spi& spi, const pg_uuid_t& id, Jsonb* patch,
                       std::optional<int> expected_version);
// Raises P0002 unless the profile exists (and is visible to the actor).
void require_profile(pg::Spi& spi, const pg_uuid_t& id);

// Raises 22023 unless doc is an object of writable profile fields (an "id" equal to *id is
// accepted).
void check_document_fields(Jsonb* doc, const pg_uuid_t* id);

// Ownership rules shared by every entry point.
void require_admin(const Actor& actor);
void require_own_or_admin(const Actor& actor, const pg_uuid_t& id);

// Parses a profile id given as text; raises 22P02 when malformed.
pg_uuid_t parse_profile_id(const std::string& text);

} // namespace profiles
