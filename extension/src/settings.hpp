// The extension's settings (GUCs), with their defaults.
#pragma once

namespace profiles {

// pg_profiles.max_emulation_depth: how many emulation grants may nest (default 3).
extern int max_emulation_depth;
// pg_profiles.export_chunk_rows: CSV rows per stored export chunk (default 1000).
extern int export_chunk_rows;
// pg_profiles.max_bulk_items: items accepted by one bulk create/update/delete (default 1000).
extern int max_bulk_items;

void define_settings();

} // namespace profiles
