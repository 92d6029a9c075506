// What the seed 003 end-to-end tests share: requests to /api/v5/artifacts/profiles/, tokens
// with a session id, a CSV parser that is not ours (Python's csv module) and a look at the
// shim's memory.
#pragma once

#include "e2e_support.hpp"

#include <sys/types.h>

#include <string>
#include <vector>

namespace profiles::e2e::seed003 {

inline constexpr const char* kArtifactsPrefix = "/api/v5/artifacts/profiles/";

class ArtifactTest : public ShimTest {
  protected:
    // HS256 token for `sub` with the session id claim `sid`.
    static std::string session_token(const std::string& sub, const std::string& sid,
                                     long ttl = 600);

    // POST <prefix><action> with `token` as Bearer (none when empty) and a JSON body.
    static Reply artifact(const std::string& action, const std::string& token,
                          const std::string& body = "{}", const httplib::Headers& extra = {});
    // The same as `user`, with a fresh token without session id.
    static Reply as(const std::string& user, const std::string& action,
                    const std::string& body = "{}");
    // PATCH <prefix>draft.
    static Reply patch_draft(const std::string& token, const std::string& body);
    // GET <prefix>export/<upload_id>.
    static Reply download(const std::string& upload_id, const std::string& token,
                          const httplib::Headers& extra = {});

    // An admin SQL count.
    static long long count(const std::string& sql, const Params& params = {});
};

// `text` as a JSON string literal.
std::string json_quote(const std::string& text);

// The rows of `csv` as Python's csv module reads them (Debian's /usr/bin/python3). Empty with
// `error` set when Python is missing or fails.
std::vector<std::vector<std::string>> parse_csv_with_python(const std::string& csv,
                                                            std::string& error);

// The profiles-shim children of this test process that are running.
std::vector<pid_t> shim_pids();
// VmRSS of `pid` in KiB from /proc/<pid>/status, or -1.
long vm_rss_kib(pid_t pid);
// True when `pid` runs with AddressSanitizer (make SANITIZE=1), whose quarantine keeps freed
// memory resident on purpose.
bool runs_with_asan(pid_t pid);

} // namespace profiles::e2e::seed003
