#include "read_routing.hpp"

#include "api_envelope.hpp"
#include "logging.hpp"
#include "metrics.hpp"

#include <algorithm>
#include <cctype>

namespace profiles::read_routing {

namespace {

// Statements that only read, by the name the handlers prepare them under. Anything not listed
// runs on the primary, so a missing entry costs only load, never correctness. A statement
// listed here that does write fails on the standby with 25006 and is run again on the primary
// (and counted under reason="replica_failed").
const std::vector<std::string_view> kReadOnly = {
    "current_user_get",       // GET /api/user/profile
    "rest_profile_list",      // GET /profiles
    "rest_profile_get",       // GET /profiles/{profileId}
    "rest_contact_list",      // GET /profiles/{profileId}/contacts
    "rest_contact_get",       // GET /profiles/{profileId}/contacts/{contactId}
    "user_profile_get",       // GET /manage/api/users/{userId}/profile
    "artifacts_context",      // POST .../context
    "artifacts_get",          // POST .../get
    "artifacts_search",       // POST .../search
    "artifacts_drafts",       // POST .../drafts
    "artifacts_docs",         // POST .../docs
    "artifacts_actor_check",  // POST .../docs answered from the cache
    "artifacts_export_info",  // GET .../export/{uploadId}
    "artifacts_export_chunk", // GET .../export/{uploadId}, each chunk
};

constexpr std::string_view kEnvelopeStatement = "api";

std::atomic<ReadRouter*> g_active{nullptr};

bool starts_conninfo(std::string_view piece) {
    while (!piece.empty() && std::isspace(static_cast<unsigned char>(piece.front()))) {
        piece.remove_prefix(1);
    }
    if (piece.rfind("postgresql://", 0) == 0 || piece.rfind("postgres://", 0) == 0) {
        return true;
    }
    size_t i = 0;
    while (i < piece.size() &&
           (std::isalnum(static_cast<unsigned char>(piece[i])) || piece[i] == '_')) {
        ++i;
    }
    while (i < piece.size() && std::isspace(static_cast<unsigned char>(piece[i]))) {
        ++i;
    }
    return i > 0 && i < piece.size() && piece[i] == '=';
}

std::string trim(std::string_view text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
        text.remove_prefix(1);
    }
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
        text.remove_suffix(1);
    }
    return std::string(text);
}

// The replica could not answer (down, restarting, overloaded, in conflict with recovery, or the
// statement writes after all): the primary can.
bool replica_trouble(const DbError& error) {
    const std::string& s = error.sqlstate;
    return s.rfind("08", 0) == 0 || s.rfind("57P0", 0) == 0 || s == "53300" || s == "25006" ||
           s == "40001" || s.empty();
}

// Trouble with the replica itself rather than with one statement: take it out of rotation.
bool replica_down(const DbError& error) {
    const std::string& s = error.sqlstate;
    return s.rfind("08", 0) == 0 || s.rfind("57P0", 0) == 0 || s.empty();
}

} // namespace

std::vector<std::string> split_conninfos(std::string_view list) {
    std::vector<std::string> entries;
    std::string current;
    bool have = false;
    size_t start = 0;
    while (start <= list.size()) {
        size_t comma = list.find(',', start);
        std::string_view piece = list.substr(
            start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
        if (trim(piece).empty()) {
            // an empty entry ("a,,b" or a trailing comma): nothing to add
        } else if (have && !trim(current).empty() && !starts_conninfo(piece)) {
            current += ",";
            current += piece;
        } else {
            if (have && !trim(current).empty()) {
                entries.push_back(trim(current));
            }
            current = std::string(piece);
            have = true;
        }
        if (comma == std::string_view::npos) {
            break;
        }
        start = comma + 1;
    }
    if (have && !trim(current).empty()) {
        entries.push_back(trim(current));
    }
    return entries;
}

const std::vector<std::string_view>& read_only_statements() {
    return kReadOnly;
}

bool is_read_only(std::string_view statement,
                  const std::vector<std::optional<std::string>>& params) {
    if (statement == kEnvelopeStatement) {
        if (params.empty() || !params[0]) {
            return false;
        }
        functions_api::EnvelopeCheck check = functions_api::check_envelope(*params[0]);
        using functions_api::Action;
        return !check.error && (check.action == Action::Get || check.action == Action::List ||
                                check.action == Action::All);
    }
    return std::find(kReadOnly.begin(), kReadOnly.end(), statement) != kReadOnly.end();
}

// ---- RecentWriters ----------------------------------------------------------------------------

size_t RecentWriters::key(const Credential& who) {
    return std::hash<std::string>{}(who.value) * 31 + static_cast<size_t>(who.kind);
}

void RecentWriters::wrote(const Credential& who, Clock::time_point now) {
    if (window_.count() <= 0) {
        return;
    }
    size_t k = key(who);
    Shard& shard = shards_[k % kShards];
    std::lock_guard<std::mutex> lock(shard.mutex);
    if (shard.until.size() > kPruneAbove) {
        for (auto it = shard.until.begin(); it != shard.until.end();) {
            it = it->second <= now ? shard.until.erase(it) : std::next(it);
        }
    }
    shard.until[k] = now + window_;
}

bool RecentWriters::recent(const Credential& who, Clock::time_point now) const {
    if (window_.count() <= 0) {
        return false;
    }
    size_t k = key(who);
    const Shard& shard = shards_[k % kShards];
    std::lock_guard<std::mutex> lock(shard.mutex);
    auto it = shard.until.find(k);
    return it != shard.until.end() && now < it->second;
}

// ---- ReadRouter -------------------------------------------------------------------------------

ReadRouter::ReadRouter(std::vector<Backend> replicas, Settings settings)
    : settings_(settings), writers_(settings.read_your_writes) {
    for (Backend& backend : replicas) {
        auto replica = std::make_unique<Replica>();
        replica->backend = std::move(backend);
        replicas_.push_back(std::move(replica));
    }
}

ReadRouter::~ReadRouter() {
    {
        std::lock_guard<std::mutex> lock(stop_mutex_);
        stopping_ = true;
    }
    stop_cv_.notify_all();
    if (checker_.joinable()) {
        checker_.join();
    }
}

void ReadRouter::start() {
    check_now();
    checker_ = std::thread([this] { check_loop(); });
}

void ReadRouter::check_now() {
    for (auto& replica : replicas_) {
        bool ok = replica->backend.healthy();
        bool was = replica->healthy.exchange(ok);
        if (ok != was) {
            log::write(ok ? log::Level::Info : log::Level::Warn,
                       ok ? "read replica healthy" : "read replica unhealthy: reads go elsewhere",
                       {{"replica", replica->backend.name}});
        }
    }
}

void ReadRouter::check_loop() {
    std::unique_lock<std::mutex> lock(stop_mutex_);
    while (!stop_cv_.wait_for(lock, settings_.check_interval, [this] { return stopping_; })) {
        lock.unlock();
        check_now();
        lock.lock();
    }
}

ReadRouter::Replica* ReadRouter::pick() {
    const size_t n = replicas_.size();
    size_t start = next_.fetch_add(1, std::memory_order_relaxed);
    for (size_t i = 0; i < n; ++i) {
        Replica* replica = replicas_[(start + i) % n].get();
        if (replica->healthy.load(std::memory_order_relaxed)) {
            return replica;
        }
    }
    return nullptr;
}

DbOutcome ReadRouter::run(const DbCall& call, const Run& primary, Target& served) {
    served = Target::Primary;
    if (!is_read_only(call.statement->name, call.params)) {
        count_primary(kWrite);
        return primary(call);
    }
    if (writers_.recent(call.who, Clock::now())) {
        count_primary(kReadYourWrites);
        return primary(call);
    }
    Replica* replica = pick();
    if (replica == nullptr) {
        count_primary(kNoHealthyReplica);
        return primary(call);
    }
    DbOutcome outcome = replica->backend.call(call);
    if (outcome.ok || !replica_trouble(outcome.error)) {
        replica->calls.fetch_add(1, std::memory_order_relaxed);
        served = Target::Replica;
        return outcome;
    }
    replica->failures.fetch_add(1, std::memory_order_relaxed);
    if (replica_down(outcome.error) && replica->healthy.exchange(false)) {
        log::write(log::Level::Warn, "read replica failed a call: reads go elsewhere",
                   {{"replica", replica->backend.name},
                    {"sqlstate", outcome.error.sqlstate},
                    {"error", outcome.error.message}});
    } else if (outcome.error.sqlstate == "25006") {
        log::write(log::Level::Warn, "a statement listed as read-only wrote; ran it on the primary",
                   {{"statement", call.statement->name}, {"error", outcome.error.message}});
    }
    count_primary(kReplicaFailed);
    return primary(call);
}

void ReadRouter::remember_if_write(const DbCall& call) {
    if (!is_read_only(call.statement->name, call.params)) {
        writers_.wrote(call.who, Clock::now());
    }
}

void ReadRouter::render_metrics(std::string& out) const {
    using metrics::family;
    using metrics::sample;
    auto replica_label = [](const Replica& r) {
        return "replica=\"" + metrics::escape_label(r.backend.name) + "\"";
    };
    family(out, "profiles_read_replica_healthy", "gauge",
           "1 while a read replica passes its health checks.");
    for (const auto& r : replicas_) {
        sample(out, "profiles_read_replica_healthy", replica_label(*r),
               static_cast<uint64_t>(r->healthy.load() ? 1 : 0));
    }
    family(out, "profiles_read_replica_statements_total", "counter",
           "Statements answered by a read replica.");
    for (const auto& r : replicas_) {
        sample(out, "profiles_read_replica_statements_total", replica_label(*r), r->calls.load());
    }
    family(out, "profiles_read_replica_failures_total", "counter",
           "Calls a read replica could not answer (run again on the primary).");
    for (const auto& r : replicas_) {
        sample(out, "profiles_read_replica_failures_total", replica_label(*r), r->failures.load());
    }
    static constexpr const char* kReasonNames[kReasons] = {"write", "read_your_writes",
                                                           "no_healthy_replica", "replica_failed"};
    family(out, "profiles_read_primary_statements_total", "counter",
           "Statements routed to the primary while replicas are configured, by reason.");
    for (size_t i = 0; i < kReasons; ++i) {
        sample(out, "profiles_read_primary_statements_total",
               std::string("reason=\"") + kReasonNames[i] + "\"", primary_by_reason_[i].load());
    }
}

ReadRouter* active() {
    return g_active.load(std::memory_order_acquire);
}

void install(ReadRouter* router) {
    g_active.store(router, std::memory_order_release);
}

void note_call(const DbCall& call) {
    if (ReadRouter* router = active()) {
        router->remember_if_write(call);
    }
}

} // namespace profiles::read_routing
