// Prometheus metrics of the shim: requests by route pattern and status with latency histograms,
// database errors by SQLSTATE, and whatever the pools and the read router report when scraped.
// Recording a request is two relaxed atomic additions on memory allocated at start-up; the
// text exposition format is built only when /metrics is read.
#pragma once

#include "router.hpp"

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace profiles::metrics {

// Upper bounds (seconds) of the latency histogram buckets; +Inf is implied.
inline constexpr std::array<double, 13> kLatencyBuckets = {
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

// The Content-Type of the exposition format.
inline constexpr const char* kContentType = "text/plain; version=0.0.4; charset=utf-8";

// A label value escaped for the text format (backslash, double quote, newline).
std::string escape_label(std::string_view value);

// Appends "# HELP" and "# TYPE" lines of one metric family.
void family(std::string& out, std::string_view name, std::string_view type, std::string_view help);
// Appends one sample line; `labels` is already rendered ("a=\"x\",b=\"y\"" or "").
void sample(std::string& out, std::string_view name, std::string_view labels, double value);
void sample(std::string& out, std::string_view name, std::string_view labels, uint64_t value);

// What a connection pool reports at scrape time.
struct PoolSample {
    std::string name; // "primary", "replica1", ...
    int size = 0;
    int in_use = 0;
    int idle = 0;          // open connections not leased
    uint64_t waits = 0;    // acquisitions that found every slot taken
    uint64_t timeouts = 0; // acquisitions that gave up (answered 503)
    uint64_t connects = 0; // connections opened
    uint64_t connect_failures = 0;
};
// Appends the pool families for every sample.
void render_pools(std::string& out, const std::vector<PoolSample>& pools);

class Registry {
  public:
    Registry();
    ~Registry();
    Registry(const Registry&) = delete;
    Registry& operator=(const Registry&) = delete;

    // The routes the router serves, in its order; call once before requests are observed.
    // Requests of unknown paths or methods are counted under the route label "unmatched".
    void set_routes(const std::vector<Router::RouteInfo>& routes);

    // One finished request. `route` is Router::Match::route, -1 when nothing matched.
    // Lock-free: safe from any number of threads.
    void observe_request(int route, std::string_view method, int status, double seconds);

    // A database error seen by the shim (server errors, lost connections).
    void count_db_error(std::string_view sqlstate);

    // A connection closed because its client did not deliver the request head (or the body)
    // within its deadline. Lock-free.
    enum class SlowPhase { Head, Body };
    void count_slow_client(SlowPhase phase);
    // An idle keep-alive connection closed early to free its worker for a waiting client.
    void count_idle_connection_yielded();

    // Adds a function that appends more families at scrape time (pools, replicas).
    using Collector = std::function<void(std::string& out)>;
    void add_collector(Collector collector);
    // Drops every collector (before the objects they read go away).
    void clear_collectors();

    // The whole exposition text.
    std::string render() const;

  private:
    static constexpr size_t kStatusSlots = 16; // the last one takes any status beyond the rest
    static constexpr size_t kBuckets = kLatencyBuckets.size() + 1;
    struct StatusSlot {
        std::atomic<int> status{0}; // 0: unused
        std::atomic<uint64_t> sum_micros{0};
        std::array<std::atomic<uint64_t>, kBuckets> buckets{};
    };
    struct Series {
        std::array<StatusSlot, kStatusSlots> slots;
    };
    struct SeriesLabel {
        std::string method;
        std::string route;
    };

    StatusSlot& slot_for(Series& series, int status);
    void render_requests(std::string& out) const;

    std::vector<SeriesLabel> labels_;
    std::unique_ptr<Series[]> series_;
    size_t routes_ = 0; // series [0, routes_) are routes; the rest "unmatched" by method

    std::atomic<uint64_t> slow_heads_{0};
    std::atomic<uint64_t> slow_bodies_{0};
    std::atomic<uint64_t> idle_yields_{0};

    mutable std::mutex errors_mutex_;
    std::map<std::string, uint64_t> db_errors_;

    mutable std::mutex collectors_mutex_;
    std::vector<Collector> collectors_;
};

// The process-wide registry the server records into.
Registry& registry();

} // namespace profiles::metrics
