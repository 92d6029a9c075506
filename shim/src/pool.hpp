// A fixed number of database connections shared by the HTTP workers.
// Connections open lazily (a down database never stops the shim from starting), broken ones are
// dropped when returned, and reconnects back off so a down database is not hammered.
#pragma once

#include "metrics.hpp"
#include "pg_connection.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

namespace profiles {

struct PoolSettings {
    ConnectSettings connect;
    int size = 2;
    int acquire_timeout_ms = 2000;
};

class Pool {
  public:
    explicit Pool(PoolSettings settings);
    ~Pool();
    Pool(const Pool&) = delete;
    Pool& operator=(const Pool&) = delete;

    // Exclusive use of one slot until destroyed.
    class Lease {
      public:
        Lease(Lease&& other) noexcept;
        Lease& operator=(Lease&&) = delete;
        ~Lease();

        // The slot's connection, opened first if needed; nullptr with `error` when the database
        // cannot be reached now.
        PgConnection* connection(DbError& error);

      private:
        friend class Pool;
        Lease(Pool* pool, size_t slot) : pool_(pool), slot_(slot) {}
        Pool* pool_;
        size_t slot_;
    };

    // nullopt when no slot frees up within the acquire timeout, or the pool is closed.
    std::optional<Lease> acquire();

    // Opens every connection now so the first requests do not pay for it; logs and carries on
    // when the database is down.
    void warm_up();

    // Wakes waiters and closes idle connections; leases still out close theirs on return.
    void close();

    // Slots in use and idle, and the counters, for /metrics (`name` labels the pool).
    metrics::PoolSample stats(const std::string& name);

  private:
    void release(size_t slot);
    std::unique_ptr<PgConnection> connect(DbError& error);

    const PoolSettings settings_;

    std::mutex mutex_;
    std::condition_variable freed_;
    std::vector<std::unique_ptr<PgConnection>> slots_; // a leased slot is touched only by its lease
    std::vector<size_t> free_;
    bool closed_ = false;

    std::mutex backoff_mutex_;
    std::chrono::steady_clock::time_point next_connect_{};
    std::chrono::milliseconds backoff_;

    std::atomic<uint64_t> waits_{0};
    std::atomic<uint64_t> timeouts_{0};
    std::atomic<uint64_t> connects_{0};
    std::atomic<uint64_t> connect_failures_{0};
};

} // namespace profiles
