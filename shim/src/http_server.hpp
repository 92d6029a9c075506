// cpp-httplib underneath, the Router on top: every request gets a request id, a route (or a
// 404/405), a drained body and one access-log line.
#pragma once

#include "config.hpp"
#include "connection_guard.hpp"
#include "router.hpp"

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>

namespace profiles {

class HttpServer {
  public:
    HttpServer(const Config& config, const Router& router);

    // Binds HOST:PORT (PORT 0: a free port). False with `error` on failure.
    bool bind(std::string& error);
    int port() const { return port_; }

    // Serves until stop(). Returns once every worker is done, which includes idle keep-alive
    // connections waiting (up to the keep-alive timeout) for a next request.
    void run();
    bool finished() const { return finished_; }

    // Stops accepting; requests in flight (streamed downloads included) go on. Safe from any
    // thread, any number of times, even before run().
    void stop();

    enum class Drain { Finished, OnlyIdleConnectionsLeft, RequestsStillRunning };
    // After stop(): waits up to `limit` for run() to return, or for no request to be in
    // flight (a streamed download is in flight until its last byte is written). Idle
    // keep-alive connections are not waited for: they hold nothing.
    Drain drain(std::chrono::milliseconds limit);

  private:
    void dispatch(const httplib::Request& request, httplib::Response& response,
                  const httplib::ContentReader* reader);

    const Config& config_;
    const Router& router_;
    GuardedServer server_;
    int port_ = 0;
    std::atomic<bool> finished_{false};
    std::atomic<int> in_flight_{0};
    std::once_flag stop_once_;
};

} // namespace profiles
