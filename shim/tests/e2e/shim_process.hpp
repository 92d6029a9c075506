// Runs the real profiles-shim binary as a child process for the HTTP tests.
//
// Environment the tests read (set by scripts/test.sh from .pgdata/env):
//   SHIM_BIN             path to profiles-shim (default: ./profiles-shim)
//   DATABASE_URL         the shim's login role
//   ADMIN_DATABASE_URL   a superuser, for setup and assertions
//   PROFILES_JWT_SECRET  the HS256 secret the shim verifies with
#pragma once

#include <httplib.h>

#include <sys/types.h>

#include <map>
#include <memory>
#include <string>

namespace profiles::e2e {

std::string env_or(const char* name, const std::string& fallback);

class ShimProcess {
  public:
    // Starts the shim on a free port with the parent's environment plus `overrides`, and waits
    // until GET /live answers. nullptr with `error` (including the shim's log) on failure.
    static std::unique_ptr<ShimProcess> start(const std::map<std::string, std::string>& overrides,
                                              std::string& error);
    ~ShimProcess();

    int port() const { return port_; }
    std::unique_ptr<httplib::Client> client() const;

    // SIGTERM, then wait up to 15 s. The exit status, or -1 when it had to be killed or died of
    // a signal.
    int stop();

    // What the shim wrote to stderr so far (its JSON log lines).
    std::string log() const;

  private:
    pid_t pid_ = -1;
    int port_ = 0;
    int stdout_fd_ = -1;
    int log_fd_ = -1; // the shim's stderr
};

} // namespace profiles::e2e
