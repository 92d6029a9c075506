// Read replicas (PROFILES_READ_URLS): which statements only read, which caller wrote recently,
// which replica is healthy, and the decision where one call runs. The database work itself is
// handed in as functions, so this file needs no libpq and is unit-tested with fakes.
//
// A read-only statement goes to the next healthy replica (round-robin) unless its caller wrote
// within the read-your-writes window; everything else goes to the primary. A replica that fails
// a call with a connection error is marked down and the call runs again on the primary (a read
// is safe to repeat); a health check brings it back. With no healthy replica, the primary serves.
#pragma once

#include "pg_connection.hpp"

#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

namespace profiles::read_routing {

using Clock = std::chrono::steady_clock;

// PROFILES_READ_URLS split into conninfos. Entries are separated by commas; a piece that does
// not start a conninfo (a URI scheme or "keyword=") continues the previous one, so multi-host
// URIs such as postgresql://a,b/db stay whole.
std::vector<std::string> split_conninfos(std::string_view list);

// True when `statement` (by name) only reads, so a hot standby can run it. The seed 000
// envelope statement ("api") reads for the actions get, list and all. Unknown names: false.
bool is_read_only(std::string_view statement,
                  const std::vector<std::optional<std::string>>& params);

// The statement names is_read_only() knows as reads (besides "api").
const std::vector<std::string_view>& read_only_statements();

// Callers that wrote recently, by a hash of their credential (no secret is kept).
class RecentWriters {
  public:
    explicit RecentWriters(std::chrono::milliseconds window) : window_(window) {}
    void wrote(const Credential& who, Clock::time_point now);
    bool recent(const Credential& who, Clock::time_point now) const;

  private:
    static constexpr size_t kShards = 16;
    static constexpr size_t kPruneAbove = 4096; // entries per shard before expired ones go
    struct Shard {
        mutable std::mutex mutex;
        std::unordered_map<size_t, Clock::time_point> until;
    };
    static size_t key(const Credential& who);
    std::chrono::milliseconds window_;
    std::array<Shard, kShards> shards_;
};

enum class Target { Primary, Replica };

class ReadRouter {
  public:
    using Run = std::function<DbOutcome(const DbCall&)>;
    struct Backend {
        std::string name;              // "replica1", ...: a metrics label, never the conninfo
        Run call;                      // runs a call on this replica's pool
        std::function<bool()> healthy; // one health check (e.g. SELECT 1)
    };
    struct Settings {
        std::chrono::milliseconds read_your_writes{2000};
        std::chrono::milliseconds check_interval{1000};
    };

    ReadRouter(std::vector<Backend> replicas, Settings settings);
    ~ReadRouter(); // stops the health checks
    ReadRouter(const ReadRouter&) = delete;
    ReadRouter& operator=(const ReadRouter&) = delete;

    // Checks every replica once now, then keeps checking them in the background.
    void start();

    // Runs `call` on a replica when it may, otherwise (or when the replica fails) with
    // `primary`. `served` tells where the answer came from.
    DbOutcome run(const DbCall& call, const Run& primary, Target& served);

    // Records a write by `call.who` (anything not read-only), for read-your-writes.
    void remember_if_write(const DbCall& call);

    bool replica_healthy(size_t i) const { return replicas_[i]->healthy; }
    void check_now();

    // Appends the read-routing metric families.
    void render_metrics(std::string& out) const;

  private:
    struct Replica {
        Backend backend;
        std::atomic<bool> healthy{false};
        std::atomic<uint64_t> calls{0};
        std::atomic<uint64_t> failures{0};
    };
    enum Reason { kWrite, kReadYourWrites, kNoHealthyReplica, kReplicaFailed, kReasons };

    Replica* pick();
    void count_primary(Reason reason) { primary_by_reason_[reason].fetch_add(1); }
    void check_loop();

    std::vector<std::unique_ptr<Replica>> replicas_;
    Settings settings_;
    RecentWriters writers_;
    std::atomic<size_t> next_{0};
    std::array<std::atomic<uint64_t>, kReasons> primary_by_reason_{};

    std::mutex stop_mutex_;
    std::condition_variable stop_cv_;
    bool stopping_ = false;
    std::thread checker_;
};

// The router run_as() and PgConnection use, installed by main (nullptr: no replicas).
ReadRouter* active();
void install(ReadRouter* router);

// Called after every statement call on any connection: a write marks its caller for
// read-your-writes. Cheap when no router is installed.
void note_call(const DbCall& call);

} // namespace profiles::read_routing
