#include "pool.hpp"

#include "logging.hpp"

#include <algorithm>

namespace profiles {

namespace {

constexpr std::chrono::milliseconds kFirstBackoff{100};
constexpr std::chrono::milliseconds kMaxBackoff{2000};

} // namespace

Pool::Pool(PoolSettings settings)
    : settings_(std::move(settings)), slots_(static_cast<size_t>(settings_.size)),
      backoff_(kFirstBackoff) {
    // Slot 0 on top: the same few connections stay warm under light load.
    for (size_t i = slots_.size(); i > 0; --i) {
        free_.push_back(i - 1);
    }
}

Pool::~Pool() {
    close();
}

Pool::Lease::Lease(Lease&& other) noexcept : pool_(other.pool_), slot_(other.slot_) {
    other.pool_ = nullptr;
}

Pool::Lease::~Lease() {
    if (pool_ != nullptr) {
        pool_->release(slot_);
    }
}

PgConnection* Pool::Lease::connection(DbError& error) {
    std::unique_ptr<PgConnection>& conn = pool_->slots_[slot_];
    if (conn && !conn->usable()) {
        conn.reset();
    }
    if (!conn) {
        conn = pool_->connect(error);
    }
    return conn.get();
}

std::unique_ptr<PgConnection> Pool::connect(DbError& error) {
    using clock = std::chrono::steady_clock;
    {
        std::lock_guard<std::mutex> lock(backoff_mutex_);
        if (clock::now() < next_connect_) {
            error = {"08006", "database unreachable; waiting before the next reconnect", ""};
            return nullptr;
        }
    }
    auto conn = PgConnection::open(settings_.connect, error);
    (conn ? connects_ : connect_failures_).fetch_add(1, std::memory_order_relaxed);
    std::lock_guard<std::mutex> lock(backoff_mutex_);
    if (conn) {
        backoff_ = kFirstBackoff;
        next_connect_ = {};
    } else {
        next_connect_ = clock::now() + backoff_;
        backoff_ = std::min(backoff_ * 2, kMaxBackoff);
        log::write(log::Level::Warn, "database connection failed",
                   {{"sqlstate", error.sqlstate}, {"error", error.message}});
    }
    return conn;
}

std::optional<Pool::Lease> Pool::acquire() {
    std::unique_lock<std::mutex> lock(mutex_);
    if (free_.empty() && !closed_) {
        waits_.fetch_add(1, std::memory_order_relaxed);
    }
    bool ready = freed_.wait_for(lock, std::chrono::milliseconds(settings_.acquire_timeout_ms),
                                 [this] { return closed_ || !free_.empty(); });
    if (!ready || closed_) {
        if (!ready) {
            timeouts_.fetch_add(1, std::memory_order_relaxed);
        }
        return std::nullopt;
    }
    size_t slot = free_.back();
    free_.pop_back();
    return Lease(this, slot);
}

void Pool::release(size_t slot) {
    std::unique_ptr<PgConnection> dropped;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        std::unique_ptr<PgConnection>& conn = slots_[slot];
        if (closed_ || (conn && !conn->usable())) {
            dropped = std::move(conn); // closed outside the lock
        }
        free_.push_back(slot);
    }
    freed_.notify_one();
}

void Pool::warm_up() {
    std::vector<Lease> leases;
    while (auto lease = acquire()) {
        DbError error;
        if (lease->connection(error) == nullptr) {
            return; // connect() logged it; requests will retry after the backoff
        }
        leases.push_back(std::move(*lease));
        if (leases.size() == slots_.size()) {
            break;
        }
    }
}

void Pool::close() {
    std::vector<std::unique_ptr<PgConnection>> idle;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        closed_ = true;
        for (size_t slot : free_) {
            idle.push_back(std::move(slots_[slot]));
        }
    }
    freed_.notify_all();
}

metrics::PoolSample Pool::stats(const std::string& name) {
    metrics::PoolSample sample;
    sample.name = name;
    sample.size = static_cast<int>(slots_.size());
    {
        std::lock_guard<std::mutex> lock(mutex_);
        sample.in_use = sample.size - static_cast<int>(free_.size());
        for (size_t slot : free_) {
            sample.idle += slots_[slot] ? 1 : 0; // free slots are only touched under the lock
        }
    }
    sample.waits = waits_.load(std::memory_order_relaxed);
    sample.timeouts = timeouts_.load(std::memory_order_relaxed);
    sample.connects = connects_.load(std::memory_order_relaxed);
    sample.connect_failures = connect_failures_.load(std::memory_order_relaxed);
    return sample;
}

} // namespace profiles
