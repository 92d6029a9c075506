// One dedicated database connection doing LISTEN on a channel, and the thread that waits on its
// socket. The database announces there (profiles.refresh_views() -> pg_notify) that cached
// answers are stale. While the connection is down notifications can be missed, so the owner is
// told when listening starts and when it stops, and decides what to drop.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <string>
#include <thread>

typedef struct pg_conn PGconn;

namespace profiles {

class CacheListener {
  public:
    // Called on the listener's thread; keep them short.
    struct Callbacks {
        std::function<void()> listening; // LISTEN is in effect (again)
        std::function<void()> lost;      // no longer listening: notifications may be missed
        std::function<void(const std::string& payload)> notified;
    };

    // `conninfo`: DATABASE_URL (key=value string or URI).
    CacheListener(std::string conninfo, std::string channel, Callbacks callbacks);
    // Stops the thread (see stop()).
    ~CacheListener();
    CacheListener(const CacheListener&) = delete;
    CacheListener& operator=(const CacheListener&) = delete;

    // Starts the thread: connect, LISTEN, wait; reconnect with backoff when the database goes
    // away. Never blocks the caller.
    void start();

    // Wakes the thread wherever it waits (connecting, backing off, listening), closes the
    // connection and joins. Idempotent.
    void stop();

    bool listening() const { return listening_; }

  private:
    void run();
    PGconn* connect();
    bool listen(PGconn* conn);
    // Delivers notifications until the connection breaks or stop() is called.
    void wait(PGconn* conn);
    // False when stop() was called meanwhile.
    bool pause(std::chrono::milliseconds delay);
    // Waits for `events` on `fd` or a stop; the poll revents of `fd`, or -1 on stop or timeout.
    int wait_socket(int fd, short events, int timeout_ms);

    const std::string conninfo_;
    const std::string channel_;
    const Callbacks callbacks_;
    int wake_read_ = -1;
    int wake_write_ = -1;
    std::atomic<bool> stopping_{false};
    std::atomic<bool> listening_{false};
    std::thread thread_;
};

} // namespace profiles
