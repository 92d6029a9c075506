#include "metrics.hpp"

#include <cctype>
#include <cinttypes>
#include <cstdio>

namespace profiles::metrics {

namespace {

// Unmatched requests are labelled by method; anything unusual is "OTHER".
constexpr std::array<const char*, 8> kMethods = {"GET",   "HEAD",   "POST",    "PUT",
                                                 "PATCH", "DELETE", "OPTIONS", "OTHER"};

size_t method_index(std::string_view method) {
    for (size_t i = 0; i + 1 < kMethods.size(); ++i) {
        if (method == kMethods[i]) {
            return i;
        }
    }
    return kMethods.size() - 1;
}

// Distinct SQLSTATEs kept; the rest are counted under "other" so a label cannot grow unbounded.
constexpr size_t kMaxSqlstates = 200;

bool is_sqlstate(std::string_view code) {
    if (code.size() != 5) {
        return false;
    }
    for (char c : code) {
        if (!std::isdigit(static_cast<unsigned char>(c)) &&
            !std::isupper(static_cast<unsigned char>(c))) {
            return false;
        }
    }
    return true;
}

std::string format_double(double value) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.9g", value);
    return buffer;
}

std::string bucket_bound(size_t i) {
    if (i >= kLatencyBuckets.size()) {
        return "+Inf";
    }
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%g", kLatencyBuckets[i]);
    return buffer;
}

std::string label(std::string_view name, std::string_view value) {
    std::string text(name);
    text += "=\"";
    text += escape_label(value);
    text += '"';
    return text;
}

} // namespace

std::string escape_label(std::string_view value) {
    std::string out;
    out.reserve(value.size());
    for (char c : value) {
        switch (c) {
        case '\\':
            out += "\\\\";
            break;
        case '"':
            out += "\\\"";
            break;
        case '\n':
            out += "\\n";
            break;
        default:
            out += c;
        }
    }
    return out;
}

void family(std::string& out, std::string_view name, std::string_view type, std::string_view help) {
    out += "# HELP ";
    out += name;
    out += ' ';
    out += help;
    out += "\n# TYPE ";
    out += name;
    out += ' ';
    out += type;
    out += '\n';
}

// One sample line: name{labels} value.
void sample_line(std::string& out, std::string_view name, std::string_view labels,
                 std::string_view value) {
    out += name;
    if (!labels.empty()) {
        out += '{';
        out += labels;
        out += '}';
    }
    out += ' ';
    out += value;
    out += '\n';
}

void sample(std::string& out, std::string_view name, std::string_view labels, double value) {
    sample_line(out, name, labels, format_double(value));
}

void sample(std::string& out, std::string_view name, std::string_view labels, uint64_t value) {
    sample_line(out, name, labels, std::to_string(value));
}

void render_pools(std::string& out, const std::vector<PoolSample>& pools) {
    if (pools.empty()) {
        return;
    }
    family(out, "profiles_pool_size", "gauge", "Connection slots of a database pool.");
    for (const auto& p : pools) {
        sample(out, "profiles_pool_size", label("pool", p.name), static_cast<uint64_t>(p.size));
    }
    family(out, "profiles_pool_connections", "gauge",
           "Database connections by state: in_use (leased to a request) or idle (open, free).");
    for (const auto& p : pools) {
        sample(out, "profiles_pool_connections",
               label("pool", p.name) + "," + label("state", "in_use"),
               static_cast<uint64_t>(p.in_use));
        sample(out, "profiles_pool_connections",
               label("pool", p.name) + "," + label("state", "idle"), static_cast<uint64_t>(p.idle));
    }
    family(out, "profiles_pool_waits_total", "counter",
           "Connection requests that found every slot taken and had to wait.");
    for (const auto& p : pools) {
        sample(out, "profiles_pool_waits_total", label("pool", p.name), p.waits);
    }
    family(out, "profiles_pool_timeouts_total", "counter",
           "Connection requests that gave up after the pool timeout (answered 503).");
    for (const auto& p : pools) {
        sample(out, "profiles_pool_timeouts_total", label("pool", p.name), p.timeouts);
    }
    family(out, "profiles_pool_connects_total", "counter", "Database connections opened.");
    for (const auto& p : pools) {
        sample(out, "profiles_pool_connects_total", label("pool", p.name), p.connects);
    }
    family(out, "profiles_pool_connect_failures_total", "counter",
           "Attempts to open a database connection that failed.");
    for (const auto& p : pools) {
        sample(out, "profiles_pool_connect_failures_total", label("pool", p.name),
               p.connect_failures);
    }
}

Registry::Registry() {
    set_routes({});
}

Registry::~Registry() = default;

void Registry::set_routes(const std::vector<Router::RouteInfo>& routes) {
    labels_.clear();
    for (const auto& route : routes) {
        labels_.push_back({route.method, route.pattern});
    }
    routes_ = labels_.size();
    for (const char* method : kMethods) {
        labels_.push_back({method, "unmatched"});
    }
    series_ = std::make_unique<Series[]>(labels_.size());
}

Registry::StatusSlot& Registry::slot_for(Series& series, int status) {
    for (size_t i = 0; i + 1 < kStatusSlots; ++i) {
        StatusSlot& slot = series.slots[i];
        int seen = slot.status.load(std::memory_order_acquire);
        if (seen == 0) {
            int expected = 0;
            if (slot.status.compare_exchange_strong(expected, status, std::memory_order_acq_rel) ||
                expected == status) {
                return slot;
            }
            continue;
        }
        if (seen == status) {
            return slot;
        }
    }
    StatusSlot& overflow = series.slots[kStatusSlots - 1];
    overflow.status.store(-1, std::memory_order_release);
    return overflow;
}

void Registry::observe_request(int route, std::string_view method, int status, double seconds) {
    size_t index = route >= 0 && static_cast<size_t>(route) < routes_
                       ? static_cast<size_t>(route)
                       : routes_ + method_index(method);
    if (status <= 0) {
        status = -1;
    }
    StatusSlot& slot = slot_for(series_[index], status);
    size_t bucket = 0;
    while (bucket < kLatencyBuckets.size() && seconds > kLatencyBuckets[bucket]) {
        ++bucket;
    }
    slot.buckets[bucket].fetch_add(1, std::memory_order_relaxed);
    double micros = seconds > 0 ? seconds * 1e6 : 0;
    slot.sum_micros.fetch_add(static_cast<uint64_t>(micros), std::memory_order_relaxed);
}

void Registry::count_db_error(std::string_view sqlstate) {
    std::string key = is_sqlstate(sqlstate) ? std::string(sqlstate) : "unknown";
    std::lock_guard<std::mutex> lock(errors_mutex_);
    auto it = db_errors_.find(key);
    if (it == db_errors_.end() && db_errors_.size() >= kMaxSqlstates) {
        it = db_errors_.emplace("other", 0).first;
    } else if (it == db_errors_.end()) {
        it = db_errors_.emplace(key, 0).first;
    }
    ++it->second;
}

void Registry::count_slow_client(SlowPhase phase) {
    (phase == SlowPhase::Head ? slow_heads_ : slow_bodies_).fetch_add(1, std::memory_order_relaxed);
}

void Registry::count_idle_connection_yielded() {
    idle_yields_.fetch_add(1, std::memory_order_relaxed);
}

void Registry::add_collector(Collector collector) {
    std::lock_guard<std::mutex> lock(collectors_mutex_);
    collectors_.push_back(std::move(collector));
}

void Registry::clear_collectors() {
    std::lock_guard<std::mutex> lock(collectors_mutex_);
    collectors_.clear();
}

void Registry::render_requests(std::string& out) const {
    struct Row {
        std::string labels;
        std::array<uint64_t, kBuckets> buckets;
        uint64_t count;
        uint64_t sum_micros;
    };
    std::vector<Row> rows;
    for (size_t i = 0; i < labels_.size(); ++i) {
        for (const StatusSlot& slot : series_[i].slots) {
            int status = slot.status.load(std::memory_order_acquire);
            if (status == 0) {
                continue;
            }
            Row row;
            row.labels = label("method", labels_[i].method) + "," +
                         label("route", labels_[i].route) + "," +
                         label("status", status < 0 ? "other" : std::to_string(status));
            row.count = 0;
            for (size_t b = 0; b < kBuckets; ++b) {
                row.buckets[b] = slot.buckets[b].load(std::memory_order_relaxed);
                row.count += row.buckets[b];
            }
            row.sum_micros = slot.sum_micros.load(std::memory_order_relaxed);
            if (row.count > 0) {
                rows.push_back(std::move(row));
            }
        }
    }

    family(out, "profiles_http_requests_total", "counter",
           "HTTP requests answered, by method, route pattern and status.");
    for (const Row& row : rows) {
        sample(out, "profiles_http_requests_total", row.labels, row.count);
    }
    family(out, "profiles_http_request_duration_seconds", "histogram",
           "Time from routing a request to its handler returning, by method, route pattern and "
           "status.");
    for (const Row& row : rows) {
        uint64_t cumulative = 0;
        for (size_t b = 0; b < kBuckets; ++b) {
            cumulative += row.buckets[b];
            sample(out, "profiles_http_request_duration_seconds_bucket",
                   row.labels + "," + label("le", bucket_bound(b)), cumulative);
        }
        sample(out, "profiles_http_request_duration_seconds_sum", row.labels,
               static_cast<double>(row.sum_micros) / 1e6);
        sample(out, "profiles_http_request_duration_seconds_count", row.labels, row.count);
    }
}

std::string Registry::render() const {
    std::string out;
    out.reserve(16384);
    render_requests(out);

    family(out, "profiles_db_errors_total", "counter",
           "Database errors seen by the shim, by SQLSTATE (08006: connection lost or refused).");
    {
        std::lock_guard<std::mutex> lock(errors_mutex_);
        for (const auto& [code, count] : db_errors_) {
            sample(out, "profiles_db_errors_total", label("sqlstate", code), count);
        }
    }

    family(out, "profiles_http_slow_clients_total", "counter",
           "Connections closed because the client did not send its request head (phase=head) "
           "or body (phase=body) in time.");
    sample(out, "profiles_http_slow_clients_total", label("phase", "head"),
           slow_heads_.load(std::memory_order_relaxed));
    sample(out, "profiles_http_slow_clients_total", label("phase", "body"),
           slow_bodies_.load(std::memory_order_relaxed));
    family(out, "profiles_http_idle_connections_yielded_total", "counter",
           "Idle keep-alive connections closed early because every worker thread was taken.");
    sample(out, "profiles_http_idle_connections_yielded_total", "",
           idle_yields_.load(std::memory_order_relaxed));

    std::lock_guard<std::mutex> lock(collectors_mutex_);
    for (const Collector& collect : collectors_) {
        collect(out);
    }
    return out;
}

Registry& registry() {
    static Registry instance;
    return instance;
}

} // namespace profiles::metrics
