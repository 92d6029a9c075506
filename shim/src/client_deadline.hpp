// How long the shim waits for one client's request bytes (slow clients, "slowloris").
//
// A worker thread serves one connection at a time, so a client that trickles its request holds
// a worker for as long as the server waits. A per-read timeout does not bound that: one byte
// every few seconds resets it forever. ClientDeadline bounds the whole wait instead:
//   - the request head (request line and headers) must be complete within `header` of the
//     moment the server starts waiting for it;
//   - the body may keep the server waiting for `body` in total, plus one second for every
//     `body_min_rate` bytes it delivers (a large upload at a reasonable pace is never cut);
// and no single wait lasts longer than `read` (the per-read timeout). Only time spent waiting
// for the client counts: a slow handler or a long download never brings a client closer to
// its deadline. Pure logic: the caller supplies the clock readings.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>

namespace profiles {

struct ClientLimits {
    std::chrono::milliseconds header{10000};
    std::chrono::milliseconds body{10000};
    uint64_t body_min_rate = 1024; // bytes per second; 0: the body gets `body` and no more
    std::chrono::microseconds read{5000000};
};

class ClientDeadline {
  public:
    using Clock = std::chrono::steady_clock;
    enum class Phase { Head, Body };

    explicit ClientDeadline(const ClientLimits& limits) : limits_(limits) {}

    // A request starts: its head must be in by now + header.
    void start_head(Clock::time_point now);
    // The head is complete; what is read from now on is the body.
    void start_body();
    Phase phase() const { return phase_; }

    struct Wait {
        std::chrono::microseconds limit; // how long the next wait for bytes may last
        bool deadline;                   // true: `limit` is what is left of the deadline
    };
    // The next wait for client bytes, starting at `now`. A limit <= 0 with `deadline`: the
    // client is out of time.
    Wait next_wait(Clock::time_point now) const;

    // A wait of `waited` that ended with `bytes` received (0: none).
    void record(std::chrono::microseconds waited, size_t bytes);

    // A wait ended without bytes: the client ran out of time (deadline or per-read timeout).
    void mark_expired() { expired_ = true; }
    bool expired() const { return expired_; }

  private:
    ClientLimits limits_;
    Phase phase_ = Phase::Head;
    Clock::time_point head_deadline_{};
    std::chrono::microseconds body_waited_{0};
    uint64_t body_bytes_ = 0;
    bool expired_ = false;
};

} // namespace profiles
