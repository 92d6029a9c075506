// cpp-httplib's server with a deadline on slow clients (see client_deadline.hpp).
//
// cpp-httplib parses and routes; GuardedServer serves each accepted connection itself, through
// a GuardedStream whose reads wait no longer than the client's deadline allows. Everything is
// enforced by the worker thread that owns the socket, so no other thread ever closes or
// shuts down a descriptor that may by then belong to another connection. Between requests a
// kept-alive connection waits at most the keep-alive timeout, gives its worker up early when
// every worker is taken, and closes at once when the server stops.
#pragma once

#include "client_deadline.hpp"

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace profiles {

class GuardedStream final : public httplib::Stream {
  public:
    struct Timeouts {
        ClientLimits client;
        std::chrono::microseconds write;
    };
    GuardedStream(int sock, const Timeouts& timeouts);

    bool is_readable() const override;
    bool is_writable() const override;
    ssize_t read(char* ptr, size_t size) override;
    ssize_t write(const char* ptr, size_t size) override;
    void get_remote_ip_and_port(std::string& ip, int& port) const override;
    void get_local_ip_and_port(std::string& ip, int& port) const override;
    int socket() const override { return sock_; }

    ClientDeadline& deadline() { return deadline_; }

    // The next write (a response's head) is held and sent with the write after it (the body)
    // in one sendmsg; flush() sends a head that had no body. Reads flush first.
    void hold_head() { hold_head_ = true; }
    bool flush();

    enum class Wait { Ready, Closed, TimedOut, Stopped, Yield };
    // Between requests: waits up to `timeout` for the next request's first bytes.
    // `stopping` and `crowded` are asked every `slice`; once the connection has been idle for
    // `yield_after` while `crowded()` holds, it gives its worker up (Yield).
    Wait wait_for_request(std::chrono::milliseconds timeout, std::chrono::milliseconds slice,
                          std::chrono::milliseconds yield_after,
                          const std::function<bool()>& stopping,
                          const std::function<bool()>& crowded);

  private:
    // recv into the buffer, waiting as long as the deadline allows. -1 with expired() set when
    // the client ran out of time.
    ssize_t fill();
    bool readable_now() const;
    ssize_t send_all(const char* ptr, size_t size);

    static constexpr size_t kMaxHeldBytes = 16 * 1024;
    bool hold_head_ = false;
    std::string held_;

    int sock_;
    std::chrono::microseconds write_timeout_;
    ClientDeadline deadline_;
    std::vector<char> in_;
    size_t in_begin_ = 0;
    size_t in_end_ = 0;
    mutable bool addresses_known_ = false;
    mutable std::string remote_ip_, local_ip_;
    mutable int remote_port_ = 0, local_port_ = 0;
};

// Ends the connection served on this thread after the current response, which then says
// `Connection: close`: called when bytes of the request's body may be left unread, since the
// server would otherwise parse them as the next request.
void close_after_response();
// Whether close_after_response() was called for the current request.
bool closing_after_response();

class GuardedServer : public httplib::Server {
  public:
    ~GuardedServer() override;

    // Call once bound: keeps a descriptor of the listening socket of its own, so that
    // stop_accepting() never acts on a descriptor number cpp-httplib may have closed and the
    // system given to another connection.
    void hold_listener();

    // Stops accepting connections. Unlike cpp-httplib's stop(), which cuts streamed responses
    // off, every worker finishes what it is serving; connections waiting for a request close.
    // The listening loop (and so listen_after_bind()) returns once every worker is done.
    void stop_accepting();

    // Call before listening. `workers`: the task queue's thread count.
    void set_client_limits(std::chrono::milliseconds header, std::chrono::milliseconds body,
                           uint64_t body_min_rate, size_t workers);

    // Requests whose head is in and whose response is not yet fully written (streamed
    // downloads included). Connections waiting for a request are not counted.
    int requests_in_progress() const { return requests_in_progress_.load(); }

  private:
    bool process_and_close_socket(int sock) override;
    void report_expired(GuardedStream& stream);

    ClientLimits limits_;
    size_t workers_ = 0;
    int listener_ = -1;
    std::atomic<bool> draining_{false};
    std::atomic<size_t> connections_{0};
    std::atomic<int> requests_in_progress_{0};
};

} // namespace profiles
