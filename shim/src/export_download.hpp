// GET /api/v5/artifacts/profiles/export/{uploadId}: a stored CSV export, streamed.
//
// profiles.export_info() decides first, as the caller, whether the export exists (404) and may be
// read (401/403). The file then goes out chunk by chunk (profiles.export_chunk, in seq order)
// with chunked transfer encoding: each chunk is one short transaction on a pooled connection,
// with the caller's set_actor before it, so row-level security applies to every read and no
// connection is held while the client is slow. Neither the shim nor the backend ever holds more
// than one chunk. A chunk read that fails, or a file that ends short of the byte count the
// export recorded, cuts the response off (no terminating chunk), so a client never mistakes a
// partial file for a whole one.
#pragma once

#include "app_context.hpp"
#include "http_exchange.hpp"

namespace profiles {

void handle_export_download(AppContext& app, Exchange& ex);

} // namespace profiles
