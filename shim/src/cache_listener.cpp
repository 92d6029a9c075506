#include "cache_listener.hpp"

#include "logging.hpp"

#include <libpq-fe.h>

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <string_view>

namespace profiles {

namespace {

using Clock = std::chrono::steady_clock;

constexpr std::chrono::milliseconds kFirstBackoff{100};
constexpr std::chrono::milliseconds kMaxBackoff{5000};
constexpr int kConnectTimeoutMs = 5000;
// A connection lost sooner than this counts as a failed attempt, so a database that accepts and
// then drops connections is not reconnected to in a tight loop.
constexpr std::chrono::seconds kStableConnection{10};

// Distinguishes the listener from pooled connections in pg_stat_activity: the pool's name
// (DATABASE_URL's application_name, else profiles-shim) with this suffix.
constexpr const char* kDefaultApplicationName = "profiles-shim";
constexpr const char* kApplicationNameSuffix = "-cache-listener";

// TCP keepalives notice a peer that vanished without closing the connection (ignored on Unix
// sockets, where that cannot happen).
constexpr const char* kKeepalivesIdle = "30";
constexpr const char* kKeepalivesInterval = "10";
constexpr const char* kKeepalivesCount = "3";

std::string trimmed(const char* message) {
    std::string text = message == nullptr ? "" : message;
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) {
        text.pop_back();
    }
    return text;
}

std::string application_name(const std::string& conninfo) {
    std::string name = kDefaultApplicationName;
    char* error = nullptr;
    PQconninfoOption* options = PQconninfoParse(conninfo.c_str(), &error);
    if (options == nullptr) {
        PQfreemem(error);
    } else {
        for (PQconninfoOption* option = options; option->keyword != nullptr; ++option) {
            if (std::string_view(option->keyword) == "application_name" && option->val != nullptr &&
                *option->val != '\0') {
                name = option->val;
            }
        }
        PQconninfoFree(options);
    }
    return name + kApplicationNameSuffix;
}

} // namespace

CacheListener::CacheListener(std::string conninfo, std::string channel, Callbacks callbacks)
    : conninfo_(std::move(conninfo)), channel_(std::move(channel)),
      callbacks_(std::move(callbacks)) {}

CacheListener::~CacheListener() {
    stop();
}

void CacheListener::start() {
    if (thread_.joinable()) {
        return;
    }
    int fds[2];
    if (pipe2(fds, O_CLOEXEC | O_NONBLOCK) != 0) {
        log::write(log::Level::Error, "cache listener not started: cannot create a pipe");
        return;
    }
    wake_read_ = fds[0];
    wake_write_ = fds[1];
    thread_ = std::thread([this] { run(); });
}

void CacheListener::stop() {
    stopping_ = true;
    if (wake_write_ >= 0) {
        char byte = 1;
        // Non-blocking: a full pipe already holds a wake-up.
        [[maybe_unused]] ssize_t written = write(wake_write_, &byte, 1);
    }
    if (thread_.joinable()) {
        thread_.join();
    }
    for (int* fd : {&wake_read_, &wake_write_}) {
        if (*fd >= 0) {
            close(*fd);
            *fd = -1;
        }
    }
}

int CacheListener::wait_socket(int fd, short events, int timeout_ms) {
    pollfd fds[2] = {{fd, events, 0}, {wake_read_, POLLIN, 0}};
    const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
    while (!stopping_) {
        int wait_ms = -1;
        if (timeout_ms >= 0) {
            auto left =
                std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
            if (left.count() <= 0) {
                return -1;
            }
            wait_ms = static_cast<int>(left.count());
        }
        int ready = poll(fds, 2, wait_ms); // a negative fd is skipped by poll()
        if (ready < 0 && errno == EINTR) {
            continue;
        }
        if (ready < 0 || stopping_) {
            return -1;
        }
        if (fds[0].revents != 0) {
            return fds[0].revents;
        }
    }
    return -1;
}

bool CacheListener::pause(std::chrono::milliseconds delay) {
    wait_socket(-1, 0, static_cast<int>(delay.count())); // only the wake-up pipe counts

    return !stopping_;
}

PGconn* CacheListener::connect() {
    // With expand_dbname the first "dbname" is the whole DATABASE_URL; later keywords win.
    const char* keywords[] = {"dbname",
                              "application_name",
                              "client_encoding",
                              "keepalives_idle",
                              "keepalives_interval",
                              "keepalives_count",
                              nullptr};
    const std::string name = application_name(conninfo_);
    const char* values[] = {conninfo_.c_str(),   name.c_str(),     "UTF8", kKeepalivesIdle,
                            kKeepalivesInterval, kKeepalivesCount, nullptr};
    PGconn* conn = PQconnectStartParams(keywords, values, 1);
    if (conn == nullptr) {
        return nullptr;
    }
    // As libpq documents: start as if PQconnectPoll had asked to write.
    PostgresPollingStatusType state = PGRES_POLLING_WRITING;
    const auto deadline = Clock::now() + std::chrono::milliseconds(kConnectTimeoutMs);
    std::string failure;
    while (PQstatus(conn) != CONNECTION_BAD) {
        if (state == PGRES_POLLING_OK) {
            return conn;
        }
        if (state == PGRES_POLLING_FAILED) {
            break;
        }
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        int revents = wait_socket(PQsocket(conn), state == PGRES_POLLING_READING ? POLLIN : POLLOUT,
                                  static_cast<int>(std::max<long long>(left.count(), 0)));
        if (stopping_) {
            PQfinish(conn);
            return nullptr;
        }
        if (revents < 0) {
            failure = "timed out";
            break;
        }
        state = PQconnectPoll(conn);
    }
    if (failure.empty()) {
        failure = trimmed(PQerrorMessage(conn));
    }
    log::write(log::Level::Warn, "cache listener cannot connect", {{"error", failure}});
    PQfinish(conn);
    return nullptr;
}

bool CacheListener::listen(PGconn* conn) {
    char* channel = PQescapeIdentifier(conn, channel_.data(), channel_.size());
    if (channel == nullptr) {
        return false;
    }
    std::string sql = "LISTEN " + std::string(channel);
    PQfreemem(channel);
    PGresult* result = PQexec(conn, sql.c_str());
    bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
    if (!ok) {
        log::write(log::Level::Warn, "cache listener: LISTEN failed",
                   {{"error", trimmed(PQresultErrorMessage(result))}});
    }
    PQclear(result);
    return ok && PQsetnonblocking(conn, 1) == 0;
}

void CacheListener::wait(PGconn* conn) {
    while (!stopping_) {
        int revents = wait_socket(PQsocket(conn), POLLIN, -1);
        if (revents < 0) {
            return; // stopping
        }
        // Readable, closed (POLLHUP) or failed (POLLERR): libpq tells which.
        if (PQconsumeInput(conn) != 1) {
            log::write(log::Level::Warn, "cache listener lost its connection",
                       {{"error", trimmed(PQerrorMessage(conn))}});
            return;
        }
        while (PGnotify* notify = PQnotifies(conn)) {
            if (channel_ == notify->relname) {
                callbacks_.notified(notify->extra == nullptr ? "" : notify->extra);
            }
            PQfreemem(notify);
        }
        if (PQstatus(conn) != CONNECTION_OK) {
            log::write(log::Level::Warn, "cache listener lost its connection");
            return;
        }
    }
}

void CacheListener::run() {
    std::chrono::milliseconds backoff = kFirstBackoff;
    while (!stopping_) {
        PGconn* conn = connect();
        bool lasted = false;
        if (conn != nullptr && listen(conn)) {
            const auto since = Clock::now();
            listening_ = true;
            // Whatever happened while nobody listened is unknown: the owner starts afresh.
            callbacks_.listening();
            log::write(log::Level::Info, "listening for cache invalidations",
                       {{"channel", channel_}});
            wait(conn);
            listening_ = false;
            callbacks_.lost();
            lasted = Clock::now() - since >= kStableConnection;
        }
        PQfinish(conn); // accepts nullptr
        if (lasted) {
            backoff = kFirstBackoff;
            continue; // a restart is usually over quickly: try again at once
        }
        if (!pause(backoff)) {
            break;
        }
        backoff = std::min(backoff * 2, kMaxBackoff);
    }
}

} // namespace profiles
