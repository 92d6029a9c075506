#include "connection_guard.hpp"

#include "logging.hpp"
#include "metrics.hpp"

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>

namespace profiles {

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::microseconds;
using std::chrono::milliseconds;

// One recv takes a whole ordinary request, head and body.
constexpr size_t kReadBufferBytes = 16 * 1024;
// How often a connection waiting for its next request checks whether the server is stopping
// or every worker is taken.
constexpr milliseconds kIdleCheckInterval{100};
// An idle kept-alive connection keeps its worker this long even when every worker is taken:
// a client between two quick requests is not idle.
constexpr milliseconds kYieldAfter{1000};

int poll_millis(microseconds wait) {
    if (wait.count() <= 0) {
        return 0;
    }
    long long millis = (wait.count() + 999) / 1000; // a sub-millisecond wait still waits
    return static_cast<int>(std::min<long long>(millis, INT_MAX));
}

// poll() on one socket: > 0 ready (revents in `revents`), 0 timed out, < 0 failed.
int wait_for(int sock, short events, microseconds timeout, short* revents = nullptr) {
    pollfd pfd{sock, events, 0};
    int rc;
    do {
        rc = ::poll(&pfd, 1, poll_millis(timeout));
    } while (rc < 0 && errno == EINTR);
    if (revents != nullptr) {
        *revents = pfd.revents;
    }
    return rc;
}

bool would_block(int error) {
    return error == EAGAIN || error == EWOULDBLOCK;
}

// Set for the request a worker thread is serving; a worker serves one connection at a time.
thread_local bool t_close_after_response = false;

// True when bytes of the request's body may stay on the connection after the answer.
// cpp-httplib reads a body for POST, PUT, PATCH, PRI and DELETE (the last only with a
// Content-Length, and a DELETE without one is no Content-Length body); its chunked decoder takes
// a chunk followed by other bytes than CRLF as complete, leaving those bytes unread; and a
// request framed by both Transfer-Encoding and Content-Length is to be answered, then closed
// (RFC 9112 6.3). So a chunked request always ends its connection.
bool body_may_stay_unread(const httplib::Request& req) {
    if (req.headers.count("Transfer-Encoding") > 0) {
        return true;
    }
    const auto length = req.headers.find("Content-Length");
    if (length == req.headers.end() || length->second == "0") {
        return false;
    }
    const std::string& method = req.method;
    return !(method == "POST" || method == "PUT" || method == "PATCH" || method == "PRI" ||
             method == "DELETE");
}

// Closing a socket with unread input resets the connection, and the client may lose the answer
// it has not read yet. So: stop sending, take what the client still sends, then close. The
// worker waits only while bytes keep coming (a pause of 50 ms ends it), and 500 ms at most.
void close_after_draining(int sock) {
    ::shutdown(sock, SHUT_WR);
    constexpr size_t kMaxDrained = 16 * 1024 * 1024;
    const auto until = Clock::now() + milliseconds(500);
    char buffer[16384];
    size_t drained = 0;
    while (drained < kMaxDrained) {
        const auto now = Clock::now();
        if (now >= until) {
            break;
        }
        const auto left = std::chrono::duration_cast<microseconds>(until - now);
        if (wait_for(sock, POLLIN, std::min<microseconds>(left, milliseconds(50))) <= 0) {
            break;
        }
        ssize_t n = ::recv(sock, buffer, sizeof buffer, 0);
        if (n <= 0) {
            break; // the client closed too (or the connection failed): nothing left to protect
        }
        drained += static_cast<size_t>(n);
    }
}

void ip_and_port(const sockaddr_storage& addr, socklen_t length, std::string& ip, int& port) {
    if (addr.ss_family == AF_INET) {
        port = ntohs(reinterpret_cast<const sockaddr_in*>(&addr)->sin_port);
    } else if (addr.ss_family == AF_INET6) {
        port = ntohs(reinterpret_cast<const sockaddr_in6*>(&addr)->sin6_port);
    } else {
        return;
    }
    char host[NI_MAXHOST];
    if (getnameinfo(reinterpret_cast<const sockaddr*>(&addr), length, host, sizeof host, nullptr, 0,
                    NI_NUMERICHOST) == 0) {
        ip = host;
    }
}

struct Counted {
    std::atomic<size_t>& count;
    explicit Counted(std::atomic<size_t>& c) : count(c) { ++count; }
    ~Counted() { --count; }
};

} // namespace

GuardedStream::GuardedStream(int sock, const Timeouts& timeouts)
    : sock_(sock), write_timeout_(timeouts.write), deadline_(timeouts.client),
      in_(kReadBufferBytes) {}

bool GuardedStream::readable_now() const {
    return in_begin_ < in_end_;
}

bool GuardedStream::is_readable() const {
    if (readable_now()) {
        return true;
    }
    ClientDeadline::Wait wait = deadline_.next_wait(Clock::now());
    return wait.limit.count() > 0 && wait_for(sock_, POLLIN, wait.limit) > 0;
}

bool GuardedStream::is_writable() const {
    short revents = 0;
    return !deadline_.expired() && wait_for(sock_, POLLOUT, write_timeout_, &revents) > 0 &&
           (revents & POLLOUT) != 0 && (revents & (POLLERR | POLLHUP)) == 0;
}

ssize_t GuardedStream::fill() {
    in_begin_ = 0;
    in_end_ = 0;
    while (true) {
        ssize_t n = ::recv(sock_, in_.data(), in_.size(), MSG_DONTWAIT);
        if (n >= 0) {
            in_end_ = static_cast<size_t>(n);
            deadline_.record(microseconds(0), in_end_);
            return n;
        }
        if (errno == EINTR) {
            continue;
        }
        if (!would_block(errno)) {
            return -1;
        }
        const auto now = Clock::now();
        ClientDeadline::Wait wait = deadline_.next_wait(now);
        if (wait.limit.count() <= 0) {
            deadline_.mark_expired();
            return -1;
        }
        int rc = wait_for(sock_, POLLIN, wait.limit);
        deadline_.record(std::chrono::duration_cast<microseconds>(Clock::now() - now), 0);
        if (rc < 0) {
            return -1;
        }
        if (rc == 0) {
            // The deadline, or the per-read timeout: either way the client is too slow.
            deadline_.mark_expired();
            return -1;
        }
    }
}

ssize_t GuardedStream::read(char* ptr, size_t size) {
    if (size == 1 && readable_now()) {
        *ptr = in_[in_begin_++]; // cpp-httplib reads the request head a byte at a time
        return 1;
    }
    // A held response head (e.g. 100 Continue) must be out before waiting for the client.
    if (!held_.empty() && !flush()) {
        return -1;
    }
    if (!readable_now()) {
        ssize_t n = fill();
        if (n <= 0) {
            return n;
        }
    }
    size_t n = std::min(size, in_end_ - in_begin_);
    std::memcpy(ptr, in_.data() + in_begin_, n);
    in_begin_ += n;
    return static_cast<ssize_t>(n);
}

ssize_t GuardedStream::send_all(const char* ptr, size_t size) {
    size_t sent = 0;
    while (sent < size) {
        ssize_t n = ::send(sock_, ptr + sent, size - sent, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n >= 0) {
            sent += static_cast<size_t>(n);
            continue;
        }
        if (errno == EINTR) {
            continue;
        }
        if (!would_block(errno) || wait_for(sock_, POLLOUT, write_timeout_) <= 0) {
            return -1;
        }
    }
    return static_cast<ssize_t>(size);
}

ssize_t GuardedStream::write(const char* ptr, size_t size) {
    if (deadline_.expired()) {
        held_.clear();
        return -1; // a client out of time gets no answer, only the closed connection
    }
    if (hold_head_) {
        hold_head_ = false;
        if (size <= kMaxHeldBytes) {
            held_.assign(ptr, size);
            return static_cast<ssize_t>(size);
        }
    }
    if (held_.empty()) {
        return send_all(ptr, size);
    }
    // The held head and this write in one call, so a small response is one segment.
    iovec iov[2] = {{held_.data(), held_.size()}, {const_cast<char*>(ptr), size}};
    msghdr msg{};
    msg.msg_iov = iov;
    msg.msg_iovlen = 2;
    ssize_t n;
    do {
        n = ::sendmsg(sock_, &msg, MSG_NOSIGNAL | MSG_DONTWAIT);
    } while (n < 0 && errno == EINTR);
    if (n < 0 && !would_block(errno)) {
        held_.clear();
        return -1;
    }
    // What the socket did not take goes out the plain way: the rest of the head, then the rest
    // of this write.
    size_t sent = n > 0 ? static_cast<size_t>(n) : 0;
    std::string head;
    head.swap(held_);
    if (sent < head.size()) {
        if (send_all(head.data() + sent, head.size() - sent) < 0) {
            return -1;
        }
        sent = 0;
    } else {
        sent -= head.size();
    }
    if (sent < size && send_all(ptr + sent, size - sent) < 0) {
        return -1;
    }
    return static_cast<ssize_t>(size);
}

bool GuardedStream::flush() {
    if (held_.empty()) {
        return true;
    }
    std::string head;
    head.swap(held_);
    return !deadline_.expired() && send_all(head.data(), head.size()) >= 0;
}

void GuardedStream::get_remote_ip_and_port(std::string& ip, int& port) const {
    if (!addresses_known_) {
        sockaddr_storage addr{};
        socklen_t length = sizeof addr;
        if (::getpeername(sock_, reinterpret_cast<sockaddr*>(&addr), &length) == 0) {
            ip_and_port(addr, length, remote_ip_, remote_port_);
        }
        length = sizeof addr;
        if (::getsockname(sock_, reinterpret_cast<sockaddr*>(&addr), &length) == 0) {
            ip_and_port(addr, length, local_ip_, local_port_);
        }
        addresses_known_ = true; // a connection's addresses do not change
    }
    ip = remote_ip_;
    port = remote_port_;
}

void GuardedStream::get_local_ip_and_port(std::string& ip, int& port) const {
    std::string remote_ip;
    int remote_port = 0;
    get_remote_ip_and_port(remote_ip, remote_port); // learns both on first use
    ip = local_ip_;
    port = local_port_;
}

GuardedStream::Wait GuardedStream::wait_for_request(milliseconds timeout, milliseconds slice,
                                                    milliseconds yield_after,
                                                    const std::function<bool()>& stopping,
                                                    const std::function<bool()>& crowded) {
    if (readable_now()) {
        return Wait::Ready; // the client sent its next request along with the last one
    }
    const auto started = Clock::now();
    const auto deadline = started + timeout;
    while (true) {
        if (stopping()) {
            return Wait::Stopped;
        }
        const auto now = Clock::now();
        if (now >= deadline) {
            return Wait::TimedOut;
        }
        if (now - started >= yield_after && crowded()) {
            return Wait::Yield;
        }
        auto left =
            std::min<microseconds>(std::chrono::duration_cast<microseconds>(deadline - now), slice);
        int rc = wait_for(sock_, POLLIN, left);
        if (rc > 0) {
            return Wait::Ready; // bytes, or the end of the connection: the next read tells
        }
        if (rc < 0) {
            return Wait::Closed;
        }
    }
}

void close_after_response() {
    t_close_after_response = true;
}

bool closing_after_response() {
    return t_close_after_response;
}

GuardedServer::~GuardedServer() {
    if (listener_ >= 0) {
        ::close(listener_);
    }
}

void GuardedServer::hold_listener() {
    if (listener_ < 0 && svr_sock_ != INVALID_SOCKET) {
        listener_ = ::fcntl(svr_sock_, F_DUPFD_CLOEXEC, 0);
    }
}

void GuardedServer::stop_accepting() {
    draining_ = true;
    if (listener_ >= 0) {
        // Acts on the socket, not on a descriptor: cpp-httplib's accept() fails, its loop
        // closes its own descriptor and waits for the workers.
        ::shutdown(listener_, SHUT_RDWR);
    }
}

void GuardedServer::set_client_limits(milliseconds header, milliseconds body,
                                      uint64_t body_min_rate, size_t workers) {
    limits_.header = header;
    limits_.body = body;
    limits_.body_min_rate = body_min_rate;
    workers_ = workers;
}

void GuardedServer::report_expired(GuardedStream& stream) {
    const bool head = stream.deadline().phase() == ClientDeadline::Phase::Head;
    metrics::registry().count_slow_client(head ? metrics::Registry::SlowPhase::Head
                                               : metrics::Registry::SlowPhase::Body);
    std::string ip;
    int port = 0;
    stream.get_remote_ip_and_port(ip, port);
    log::write(log::Level::Info,
               head ? "closed a slow client: request head not complete in time"
                    : "closed a slow client: request body not delivered in time",
               {{"phase", head ? "head" : "body"},
                {"remote_addr", ip},
                {"remote_port", std::to_string(port)}});
}

bool GuardedServer::process_and_close_socket(int sock) {
    Counted connection(connections_);
    ClientLimits limits = limits_;
    limits.read = std::chrono::seconds(read_timeout_sec_) + microseconds(read_timeout_usec_);
    GuardedStream stream(sock, {limits, std::chrono::seconds(write_timeout_sec_) +
                                            microseconds(write_timeout_usec_)});
    const std::function<bool()> stopping = [this] {
        return draining_ || svr_sock_ == INVALID_SOCKET;
    };
    const std::function<bool()> crowded = [this] { return connections_.load() >= workers_; };
    const auto keep_alive = milliseconds(keep_alive_timeout_sec_ * 1000);

    bool ok = false;
    for (size_t left = keep_alive_max_count_; left > 0 && !stopping(); --left) {
        if (left != keep_alive_max_count_) {
            GuardedStream::Wait wait = stream.wait_for_request(keep_alive, kIdleCheckInterval,
                                                               kYieldAfter, stopping, crowded);
            if (wait == GuardedStream::Wait::Yield) {
                metrics::registry().count_idle_connection_yielded();
            }
            if (wait != GuardedStream::Wait::Ready) {
                break;
            }
        }
        // The head's deadline runs from here: for a new connection from the moment a worker
        // takes it, for a kept-alive one from its next request's first bytes.
        stream.deadline().start_head(Clock::now());
        struct InProgress {
            std::atomic<int>& count;
            bool counted = false;
            ~InProgress() {
                if (counted) {
                    --count;
                }
            }
        } in_progress{requests_in_progress_};
        bool connection_closed = false;
        stream.hold_head();
        t_close_after_response = false;
        ok = process_request(stream, left == 1, connection_closed,
                             [&stream, &in_progress](httplib::Request& req) {
                                 stream.deadline().start_body();
                                 ++in_progress.count;
                                 in_progress.counted = true;
                                 // No route serves byte ranges: every answer is whole, with
                                 // its handler's status (cpp-httplib would slice any body).
                                 req.ranges.clear();
                                 if (body_may_stay_unread(req)) {
                                     close_after_response();
                                 }
                             });
        if (!stream.flush()) {
            ok = false;
        }
        if (stream.deadline().expired()) {
            report_expired(stream);
            ok = false;
        }
        if (!ok || connection_closed || t_close_after_response) {
            break;
        }
    }
    if (t_close_after_response) {
        close_after_draining(sock);
    } else {
        ::shutdown(sock, SHUT_RDWR);
    }
    ::close(sock);
    return ok;
}

} // namespace profiles
