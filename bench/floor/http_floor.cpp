// http_floor: the least an HTTP front can do for seed 000's POST /functions/v1/api, measured by
// `make bench` beside the shim (workloads 1 and 2) to show where the limit of the shim's ratio
// lies. It is a measuring instrument, never a server to deploy: it checks no token (it takes
// the JWT's `sub` unverified), routes nothing (every request is the api call) and maps no
// errors. What it does do is what the shim's path cannot avoid: read the request from a
// keep-alive TCP connection, send `set_actor` + `profiles.api($1)` pipelined with one Sync on
// one of its PostgreSQL connections (one request per connection at a time, like the shim's
// pool), and write the database's JSON back.
//
// It serves in one of three modes (FLOOR_MODE), so that a run tells what the threading model
// costs apart from what the shim's own code costs:
//   events   one event loop per thread (epoll; client sockets and database sockets in one set,
//            several ready per wake-up, the database calls asynchronous);
//   threads  the shim's model: a thread per connection, blocking on its client between requests
//            and on the database during one, connections from a shared pool;
//   shared   FLOOR_WORKERS threads waiting together on one epoll set (each connection armed for
//            one thread at a time), blocking on the database during a call.
//
// Environment: DATABASE_URL (required), FLOOR_MODE (default events), FLOOR_DB_CONNECTIONS
// (default 4), FLOOR_THREADS (events: loops, default 1, each with its own listening socket on
// the same port and its share of the connections), FLOOR_WORKERS (shared: threads, default
// connections + 4). Prints "listening on http://127.0.0.1:PORT" once it accepts.
#include "base64url.hpp"

#include <libpq-fe.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

namespace {

[[noreturn]] void fail(const std::string& what) {
    std::fprintf(stderr, "http_floor: %s\n", what.c_str());
    std::exit(1);
}

int env_int(const char* name, int fallback) {
    const char* value = std::getenv(name);
    return value != nullptr && *value != '\0' ? std::atoi(value) : fallback;
}

bool iequals_prefix(std::string_view line, std::string_view prefix) {
    if (line.size() < prefix.size()) {
        return false;
    }
    for (size_t i = 0; i < prefix.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(line[i])) != prefix[i]) {
            return false;
        }
    }
    return true;
}

// The `sub` claim of a JWT, unverified: the shim's base64url decoder on the payload, then
// "sub":"…" found in its text.
std::string jwt_sub(std::string_view token) {
    size_t a = token.find('.');
    size_t b = token.find('.', a + 1);
    if (a == std::string_view::npos || b == std::string_view::npos) {
        return {};
    }
    std::optional<std::string> json = profiles::base64url::decode(token.substr(a + 1, b - a - 1));
    if (!json) {
        return {};
    }
    size_t key = json->find("\"sub\":\"");
    if (key == std::string::npos) {
        return {};
    }
    size_t start = key + 7;
    size_t end = json->find('"', start);
    return end == std::string::npos ? std::string() : json->substr(start, end - start);
}

// Takes one complete request from the front of `in`: the JWT's subject and the body. False
// while the request is not all there.
bool take_complete_request(std::string& in, std::string& sub, std::string& body) {
    size_t head_end = in.find("\r\n\r\n");
    if (head_end == std::string::npos) {
        return false;
    }
    std::string_view head(in.data(), head_end);
    size_t length = 0;
    std::string_view token;
    size_t pos = head.find("\r\n");
    while (pos != std::string_view::npos && pos < head.size()) {
        size_t next = head.find("\r\n", pos + 2);
        std::string_view line =
            head.substr(pos + 2, (next == std::string_view::npos ? head.size() : next) - pos - 2);
        if (iequals_prefix(line, "content-length:")) {
            length = std::strtoul(std::string(line.substr(15)).c_str(), nullptr, 10);
        } else if (iequals_prefix(line, "authorization: bearer ")) {
            token = line.substr(22);
        }
        pos = next;
    }
    if (in.size() < head_end + 4 + length) {
        return false;
    }
    sub = jwt_sub(token);
    body = in.substr(head_end + 4, length);
    in.erase(0, head_end + 4 + length);
    return true;
}

std::string response(bool failed, const std::string& answer) {
    char head[160];
    int n = std::snprintf(head, sizeof head,
                          "HTTP/1.1 %s\r\nContent-Type: application/json\r\n"
                          "Content-Length: %zu\r\n\r\n",
                          failed ? "500 Internal Server Error" : "200 OK", answer.size());
    std::string out(head, static_cast<size_t>(n));
    out += answer;
    return out;
}

void prepare(PGconn* conn, const char* name, const char* sql, int params) {
    PGresult* r = PQprepare(conn, name, sql, params, nullptr);
    if (PQresultStatus(r) != PGRES_COMMAND_OK) {
        fail(std::string("prepare: ") + PQerrorMessage(conn));
    }
    PQclear(r);
}

PGconn* connect_prepared(const std::string& conninfo) {
    PGconn* conn = PQconnectdb(conninfo.c_str());
    if (PQstatus(conn) != CONNECTION_OK) {
        fail(std::string("connect: ") + PQerrorMessage(conn));
    }
    prepare(conn, "actor", "SELECT profiles.set_actor($1::uuid, NULL, 'http-floor', NULL)", 1);
    prepare(conn, "api", "SELECT profiles.api($1::jsonb)", 1);
    if (PQenterPipelineMode(conn) != 1) {
        fail("pipeline mode");
    }
    return conn;
}

void send_call(PGconn* conn, const std::string& sub, const std::string& body) {
    const char* actor[1] = {sub.c_str()};
    const char* api[1] = {body.c_str()};
    if (PQsendQueryPrepared(conn, "actor", 1, actor, nullptr, nullptr, 0) != 1 ||
        PQsendQueryPrepared(conn, "api", 1, api, nullptr, nullptr, 0) != 1 ||
        PQpipelineSync(conn) != 1) {
        fail(std::string("send: ") + PQerrorMessage(conn));
    }
}

// One result of the call: the api's answer is kept, an error marks the call failed.
void take_result(PGresult* r, bool& failed, std::string& answer) {
    ExecStatusType status = PQresultStatus(r);
    if (status == PGRES_TUPLES_OK) {
        if (PQnfields(r) == 1 && PQntuples(r) == 1 && std::strcmp(PQfname(r, 0), "api") == 0) {
            answer.assign(PQgetvalue(r, 0, 0), static_cast<size_t>(PQgetlength(r, 0, 0)));
        }
    } else if (status != PGRES_COMMAND_OK) {
        failed = true;
        answer = PQresultErrorMessage(r);
    }
}

struct Request {
    int client;
    std::string sub;
    std::string body;
};

struct Client {
    std::string in;
    std::string out; // what the socket did not take yet
    bool waiting = false;
    bool closing = false; // gone while its answer was on the way: closed once it arrives
};

struct Db {
    PGconn* conn = nullptr;
    int fd = -1;
    uint64_t tag = 0;
    bool busy = false;
    bool want_write = false;
    int client = -1;
    std::string answer;
    bool failed = false;
};

class Loop {
  public:
    Loop(int listener, const std::string& conninfo, int connections) : listener_(listener) {
        epoll_ = epoll_create1(EPOLL_CLOEXEC);
        add(listener_, EPOLLIN, kListenerTag);
        for (int i = 0; i < connections; ++i) {
            auto db = std::make_unique<Db>();
            db->conn = connect_prepared(conninfo);
            PQsetnonblocking(db->conn, 1);
            db->fd = PQsocket(db->conn);
            db->tag = kDbTag + static_cast<uint64_t>(i);
            add(db->fd, EPOLLIN, db->tag);
            dbs_.push_back(std::move(db));
        }
    }

    void run() {
        epoll_event events[64];
        while (true) {
            int n = epoll_wait(epoll_, events, 64, -1);
            if (n < 0 && errno == EINTR) {
                continue;
            }
            for (int i = 0; i < n; ++i) {
                uint64_t tag = events[i].data.u64;
                if (tag == kListenerTag) {
                    accept_all();
                } else if (tag >= kDbTag) {
                    on_db(*dbs_[tag - kDbTag], events[i].events);
                } else {
                    on_client(static_cast<int>(tag), events[i].events);
                }
            }
        }
    }

  private:
    static constexpr uint64_t kListenerTag = 1ull << 40;
    static constexpr uint64_t kDbTag = 1ull << 41;

    void add(int fd, uint32_t events, uint64_t tag) {
        epoll_event ev{};
        ev.events = events;
        ev.data.u64 = tag;
        epoll_ctl(epoll_, EPOLL_CTL_ADD, fd, &ev);
    }
    void modify(int fd, uint32_t events, uint64_t tag) {
        epoll_event ev{};
        ev.events = events;
        ev.data.u64 = tag;
        epoll_ctl(epoll_, EPOLL_CTL_MOD, fd, &ev);
    }

    void accept_all() {
        while (true) {
            int fd = accept4(listener_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
            if (fd < 0) {
                return;
            }
            int one = 1;
            setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
            clients_[fd] = Client{};
            add(fd, EPOLLIN, static_cast<uint64_t>(fd));
        }
    }

    void close_client(int fd) {
        clients_.erase(fd);
        close(fd);
    }

    void on_client(int fd, uint32_t events) {
        auto it = clients_.find(fd);
        if (it == clients_.end()) {
            return;
        }
        Client& c = it->second;
        if ((events & EPOLLOUT) != 0 && !flush_client(fd, c)) {
            return;
        }
        if ((events & (EPOLLIN | EPOLLHUP | EPOLLERR)) == 0) {
            return;
        }
        char buf[16384];
        while (true) {
            ssize_t got = recv(fd, buf, sizeof buf, 0);
            if (got > 0) {
                c.in.append(buf, static_cast<size_t>(got));
                continue;
            }
            if (got == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
                if (c.waiting) {
                    c.closing = true;
                    epoll_ctl(epoll_, EPOLL_CTL_DEL, fd, nullptr);
                } else {
                    close_client(fd);
                }
                return;
            }
            if (errno == EAGAIN || errno == EWOULDBLOCK) {
                break;
            }
        }
        take_request(fd, c);
    }

    // One complete request at the front of the buffer becomes a database call.
    void take_request(int fd, Client& c) {
        if (c.waiting) {
            return; // no HTTP pipelining: the next request waits for this answer
        }
        Request request{fd, {}, {}};
        if (!take_complete_request(c.in, request.sub, request.body)) {
            return;
        }
        c.waiting = true;
        queue_.push_back(std::move(request));
        dispatch();
    }

    void dispatch() {
        for (auto& db : dbs_) {
            if (queue_.empty()) {
                return;
            }
            if (!db->busy) {
                Request request = std::move(queue_.front());
                queue_.pop_front();
                send(*db, request);
            }
        }
    }

    void send(Db& db, const Request& request) {
        send_call(db.conn, request.sub, request.body);
        db.busy = true;
        db.client = request.client;
        db.answer.clear();
        db.failed = false;
        flush_db(db);
    }

    void flush_db(Db& db) {
        int rc = PQflush(db.conn);
        bool want = rc == 1;
        if (want != db.want_write) {
            db.want_write = want;
            modify(db.fd, want ? EPOLLIN | EPOLLOUT : EPOLLIN, db.tag);
        }
    }

    void on_db(Db& db, uint32_t events) {
        if ((events & EPOLLOUT) != 0) {
            flush_db(db);
        }
        if (PQconsumeInput(db.conn) != 1) {
            fail(std::string("read: ") + PQerrorMessage(db.conn));
        }
        while (db.busy && PQisBusy(db.conn) == 0) {
            PGresult* r = PQgetResult(db.conn);
            if (r == nullptr) {
                continue; // the end of one statement's results
            }
            if (PQresultStatus(r) == PGRES_PIPELINE_SYNC) {
                PQclear(r);
                finish(db);
                break;
            }
            take_result(r, db.failed, db.answer);
            PQclear(r);
        }
        dispatch();
    }

    void finish(Db& db) {
        db.busy = false;
        auto it = clients_.find(db.client);
        if (it == clients_.end()) {
            return;
        }
        Client& c = it->second;
        c.waiting = false;
        if (c.closing) {
            close_client(db.client);
            return;
        }
        c.out += response(db.failed, db.answer);
        if (flush_client(db.client, c)) {
            take_request(db.client, c); // the client may have sent its next request already
        }
    }

    // False when the client is gone.
    bool flush_client(int fd, Client& c) {
        while (!c.out.empty()) {
            ssize_t sent = ::send(fd, c.out.data(), c.out.size(), MSG_NOSIGNAL);
            if (sent > 0) {
                c.out.erase(0, static_cast<size_t>(sent));
                continue;
            }
            if (errno == EAGAIN || errno == EWOULDBLOCK) {
                modify(fd, EPOLLIN | EPOLLOUT, static_cast<uint64_t>(fd));
                return true;
            }
            close_client(fd);
            return false;
        }
        modify(fd, EPOLLIN, static_cast<uint64_t>(fd));
        return true;
    }

    int epoll_ = -1;
    int listener_;
    std::vector<std::unique_ptr<Db>> dbs_;
    std::unordered_map<int, Client> clients_;
    std::deque<Request> queue_;
};

// The shim's model, for comparison: a thread per connection, blocked on its client between
// requests and on the database during one, taking a connection from a shared pool.
class BlockingPool {
  public:
    BlockingPool(const std::string& conninfo, int connections) {
        for (int i = 0; i < connections; ++i) {
            free_.push_back(connect_prepared(conninfo));
        }
    }
    PGconn* acquire() {
        std::unique_lock<std::mutex> lock(mutex_);
        available_.wait(lock, [this] { return !free_.empty(); });
        PGconn* conn = free_.back();
        free_.pop_back();
        return conn;
    }
    void release(PGconn* conn) {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            free_.push_back(conn);
        }
        available_.notify_one();
    }

  private:
    std::mutex mutex_;
    std::condition_variable available_;
    std::vector<PGconn*> free_;
};

// One call on a pooled connection, waiting for it: the HTTP response to send.
std::string blocking_call(BlockingPool& pool, const std::string& sub, const std::string& body) {
    PGconn* conn = pool.acquire();
    send_call(conn, sub, body);
    bool failed = false;
    std::string answer;
    while (true) {
        PGresult* r = PQgetResult(conn);
        if (r == nullptr) {
            continue;
        }
        bool done = PQresultStatus(r) == PGRES_PIPELINE_SYNC;
        if (!done) {
            take_result(r, failed, answer);
        }
        PQclear(r);
        if (done) {
            break;
        }
    }
    pool.release(conn);
    return response(failed, answer);
}

void serve_blocking(int fd, BlockingPool& pool) {
    std::string in, sub, body;
    char buf[16384];
    while (true) {
        while (!take_complete_request(in, sub, body)) {
            ssize_t got = recv(fd, buf, sizeof buf, 0);
            if (got <= 0) {
                close(fd);
                return;
            }
            in.append(buf, static_cast<size_t>(got));
        }
        std::string out = blocking_call(pool, sub, body);
        if (::send(fd, out.data(), out.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(out.size())) {
            close(fd);
            return;
        }
    }
}

// Between the two: a pool of threads waiting together on one epoll set (each connection armed
// for one thread at a time), blocking on the database during a call. Idle connections hold no
// thread, and a thread that finishes a request takes the next ready connection without
// sleeping when there is one.
void serve_shared(int listener, BlockingPool& pool, int threads) {
    struct Conn {
        int fd;
        std::string in;
    };
    int ep = epoll_create1(EPOLL_CLOEXEC);
    epoll_event lev{};
    lev.events = EPOLLIN | EPOLLONESHOT;
    lev.data.ptr = nullptr;
    epoll_ctl(ep, EPOLL_CTL_ADD, listener, &lev);
    auto worker = [ep, listener, lev, &pool]() mutable {
        std::string sub, body;
        char buf[16384];
        while (true) {
            epoll_event ev{};
            if (epoll_wait(ep, &ev, 1, -1) != 1) {
                continue;
            }
            auto* c = static_cast<Conn*>(ev.data.ptr);
            if (c == nullptr) {
                int fd;
                while ((fd = accept4(listener, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC)) >=
                       0) {
                    int one = 1;
                    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                    epoll_event cev{};
                    cev.events = EPOLLIN | EPOLLONESHOT;
                    cev.data.ptr = new Conn{fd, {}};
                    epoll_ctl(ep, EPOLL_CTL_ADD, fd, &cev);
                }
                epoll_ctl(ep, EPOLL_CTL_MOD, listener, &lev);
                continue;
            }
            bool open = true;
            while (true) {
                ssize_t got = recv(c->fd, buf, sizeof buf, 0);
                if (got > 0) {
                    c->in.append(buf, static_cast<size_t>(got));
                    continue;
                }
                open = got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
                break;
            }
            while (open && take_complete_request(c->in, sub, body)) {
                std::string out = blocking_call(pool, sub, body);
                open = ::send(c->fd, out.data(), out.size(), MSG_NOSIGNAL) ==
                       static_cast<ssize_t>(out.size());
            }
            if (!open) {
                close(c->fd);
                delete c;
                continue;
            }
            epoll_event cev{};
            cev.events = EPOLLIN | EPOLLONESHOT;
            cev.data.ptr = c;
            epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &cev);
        }
    };
    std::vector<std::thread> running;
    for (int t = 1; t < threads; ++t) {
        running.emplace_back(worker);
    }
    worker();
}

int listen_on(int port) {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<uint16_t>(port));
    if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || listen(fd, 256) != 0) {
        fail(std::string("listen: ") + std::strerror(errno));
    }
    return fd;
}

} // namespace

int main() {
    const char* url = std::getenv("DATABASE_URL");
    if (url == nullptr) {
        fail("DATABASE_URL is not set");
    }
    const int threads = std::max(1, env_int("FLOOR_THREADS", 1));
    const char* mode = std::getenv("FLOOR_MODE");
    const int connections = std::max(threads, env_int("FLOOR_DB_CONNECTIONS", 4));

    std::vector<int> listeners{listen_on(0)};
    sockaddr_in bound{};
    socklen_t length = sizeof bound;
    getsockname(listeners[0], reinterpret_cast<sockaddr*>(&bound), &length);
    const int port = ntohs(bound.sin_port);
    for (int t = 1; t < threads; ++t) {
        listeners.push_back(listen_on(port));
    }
    if (mode != nullptr && std::string_view(mode) == "threads") {
        BlockingPool pool(url, connections);
        int listener = listeners[0];
        int flags = fcntl(listener, F_GETFL);
        fcntl(listener, F_SETFL, flags & ~O_NONBLOCK);
        std::printf("listening on http://127.0.0.1:%d\n", port);
        std::fflush(stdout);
        while (true) {
            int fd = accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
            if (fd < 0) {
                continue;
            }
            int one = 1;
            setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
            std::thread([fd, &pool] { serve_blocking(fd, pool); }).detach();
        }
    }
    if (mode != nullptr && std::string_view(mode) == "shared") {
        BlockingPool pool(url, connections);
        std::printf("listening on http://127.0.0.1:%d\n", port);
        std::fflush(stdout);
        serve_shared(listeners[0], pool, std::max(1, env_int("FLOOR_WORKERS", connections + 4)));
    }
    std::vector<std::unique_ptr<Loop>> loops;
    for (int t = 0; t < threads; ++t) {
        int share = connections / threads + (t < connections % threads ? 1 : 0);
        loops.push_back(std::make_unique<Loop>(listeners[t], url, share));
    }
    std::printf("listening on http://127.0.0.1:%d\n", port);
    std::fflush(stdout);
    std::vector<std::thread> running;
    for (int t = 1; t < threads; ++t) {
        running.emplace_back([&loops, t] { loops[t]->run(); });
    }
    loops[0]->run();
}
