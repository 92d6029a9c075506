#include "security_fixtures.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <optional>

namespace profiles::e2e::security {

int connect_loopback(int port) {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        return -1;
    }
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

namespace {

using Clock = std::chrono::steady_clock;

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

// The body of a chunked message, or nullopt while it is incomplete.
std::optional<std::string> dechunk(const std::string& raw) {
    std::string out;
    size_t at = 0;
    while (true) {
        size_t eol = raw.find("\r\n", at);
        if (eol == std::string::npos) {
            return std::nullopt;
        }
        size_t size = std::strtoul(raw.substr(at, eol - at).c_str(), nullptr, 16);
        at = eol + 2;
        if (size == 0) {
            return out;
        }
        if (raw.size() < at + size + 2) {
            return std::nullopt;
        }
        out.append(raw, at, size);
        at += size + 2;
    }
}

// Splits what was read into a Reply once a whole response is there; false while incomplete.
bool parse_response(const std::string& data, bool peer_closed, Reply& reply) {
    size_t head_end = data.find("\r\n\r\n");
    if (head_end == std::string::npos) {
        return false;
    }
    std::string head = data.substr(0, head_end);
    std::string rest = data.substr(head_end + 4);
    size_t line_end = head.find("\r\n");
    std::string status_line = head.substr(0, line_end);
    if (status_line.rfind("HTTP/1.", 0) != 0 || status_line.size() < 12) {
        return peer_closed;
    }
    httplib::Headers headers;
    size_t at = line_end == std::string::npos ? head.size() : line_end + 2;
    while (at < head.size()) {
        size_t eol = head.find("\r\n", at);
        std::string line = head.substr(at, eol == std::string::npos ? std::string::npos : eol - at);
        size_t colon = line.find(':');
        if (colon != std::string::npos) {
            size_t value = line.find_first_not_of(' ', colon + 1);
            headers.emplace(line.substr(0, colon),
                            value == std::string::npos ? "" : line.substr(value));
        }
        at = eol == std::string::npos ? head.size() : eol + 2;
    }
    std::string body;
    auto length = headers.find("Content-Length");
    auto encoding = headers.find("Transfer-Encoding");
    if (length != headers.end()) {
        size_t wanted = std::strtoul(length->second.c_str(), nullptr, 10);
        if (rest.size() < wanted && !peer_closed) {
            return false;
        }
        body = rest.substr(0, wanted);
    } else if (encoding != headers.end() && lower(encoding->second) == "chunked") {
        std::optional<std::string> whole = dechunk(rest);
        if (!whole && !peer_closed) {
            return false;
        }
        body = whole.value_or(rest);
    } else {
        if (!peer_closed) {
            return false;
        }
        body = rest;
    }
    reply.status = std::atoi(status_line.substr(9, 3).c_str());
    reply.headers = std::move(headers);
    reply.body = std::move(body);
    reply.json.Parse(reply.body.c_str(), reply.body.size());
    if (reply.json.HasParseError()) {
        reply.json.SetNull();
    }
    return true;
}

} // namespace

Reply raw_exchange(int port, const std::string& request, std::chrono::milliseconds timeout) {
    Reply reply;
    int fd = connect_loopback(port);
    if (fd < 0) {
        return reply;
    }
    const auto deadline = Clock::now() + timeout;
    // The server may answer (413, 414, 401) and close before it read everything: stop writing
    // then and read what it said.
    size_t sent = 0;
    while (sent < request.size() && Clock::now() < deadline) {
        pollfd p{fd, POLLOUT, 0};
        if (poll(&p, 1, 100) <= 0) {
            continue;
        }
        ssize_t n = send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            break;
        }
        sent += static_cast<size_t>(n);
    }
    std::string data;
    bool closed = false;
    while (!closed && Clock::now() < deadline) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        pollfd p{fd, POLLIN, 0};
        if (poll(&p, 1, static_cast<int>(std::max<long>(1, left.count()))) <= 0) {
            continue;
        }
        char buffer[65536];
        ssize_t n = recv(fd, buffer, sizeof buffer, 0);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            closed = true;
        } else {
            data.append(buffer, static_cast<size_t>(n));
        }
        if (parse_response(data, closed, reply)) {
            break;
        }
    }
    close(fd);
    return reply;
}

Reply raw(const std::string& request) {
    return raw_exchange(Shared::get().shim().port(), request);
}

std::string raw_request(const std::string& method, const std::string& target,
                        const std::vector<std::string>& headers, const std::string* body) {
    std::string out = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    for (const std::string& header : headers) {
        out += header + "\r\n";
    }
    if (body != nullptr) {
        out += "Content-Type: application/json\r\nContent-Length: " + std::to_string(body->size()) +
               "\r\n";
    }
    out += "Connection: close\r\n\r\n";
    if (body != nullptr) {
        out += *body;
    }
    return out;
}

void expect_error_body(const Reply& reply, int status, const std::string& context) {
    // One failure for a wrong status: the shape checks below would only repeat it.
    ASSERT_EQ(reply.status, status) << context << "\n" << reply.body.substr(0, 400);
    const std::string id = reply.header("X-Request-Id");
    EXPECT_FALSE(id.empty()) << context;
    EXPECT_EQ(id.find_first_of("\r\n"), std::string::npos) << context;
    ASSERT_TRUE(reply.json.IsObject())
        << context << ": not a JSON object: " << reply.body.substr(0, 400);
    EXPECT_EQ(reply.text({"requestId"}), id) << context << " " << reply.body.substr(0, 400);
    const std::string type = reply.header("Content-Type");
    std::string code;
    if (type == "application/problem+json") {
        EXPECT_EQ(reply.integer({"status"}), reply.status) << context;
        code = reply.text({"code"});
        EXPECT_NE(reply.text({"error", "code"}), "<missing>") << context;
        EXPECT_NE(code, "internal_server_error") << context;
    } else {
        EXPECT_EQ(type, "application/json") << context;
        code = reply.text({"error", "code"});
        EXPECT_NE(reply.text({"error", "message"}), "<missing>") << context;
        EXPECT_NE(reply.at({"error", "details"}), nullptr) << context;
        EXPECT_NE(code, "INTERNAL_ERROR") << context;
    }
    EXPECT_NE(code, "<missing>") << context << " " << reply.body.substr(0, 400);
    EXPECT_FALSE(code.empty()) << context;
}

void expect_client_error(const Reply& reply, const std::string& context) {
    ASSERT_TRUE(reply.status >= 400 && reply.status < 500)
        << context << ": status " << reply.status << "\n"
        << reply.body.substr(0, 400);
    expect_error_body(reply, reply.status, context);
}

bool shim_is_live() {
    auto result = Shared::get().shim().client()->Get("/live");
    return result && result->status == 200;
}

std::string random_tag(size_t length) {
    std::string hex;
    while (hex.size() < length) {
        for (char c : new_uuid()) {
            if (c != '-') {
                hex += c;
            }
        }
    }
    return hex.substr(0, length);
}

void SecurityTest::TearDown() {
    if (Shared::get().setup_error().empty()) {
        EXPECT_TRUE(shim_is_live()) << "the shim no longer answers GET /live";
    }
    SeedTest::TearDown();
}

Canary::Canary(AdminDb& db, std::vector<std::string> watched_profiles)
    : db_(db), table_("e2e_canary_" + random_tag()), watched_(std::move(watched_profiles)) {
    db_.exec("CREATE TABLE public." + table_ + " (id int PRIMARY KEY, note text NOT NULL)");
    db_.exec("INSERT INTO public." + table_ +
             " SELECT g, 'canary row ' || g FROM generate_series(1, 3) AS g");
    initial_ = fingerprint();
}

Canary::~Canary() {
    try {
        db_.exec("DROP TABLE IF EXISTS public." + table_);
    } catch (const std::exception&) {
        // Nothing to do: the table is already gone, which expect_intact reported.
    }
}

std::string Canary::fingerprint() const {
    std::string ids = "{";
    for (const std::string& id : watched_) {
        ids += (ids.size() > 1 ? "," : "") + id;
    }
    ids += "}";
    try {
        std::optional<std::string> tables = db_.scalar(
            "SELECT string_agg(coalesce(to_regclass(t)::text, 'MISSING ' || t), ',' ORDER BY t) "
            "FROM unnest(ARRAY[$1, 'profiles.profile', 'profiles.users', 'profiles.activities', "
            "'profiles.contact', 'profiles.export', 'profiles.draft']) AS t",
            {"public." + table_});
        if (!tables || tables->find("MISSING") != std::string::npos) {
            return "tables: " + tables.value_or("?");
        }
        std::optional<std::string> rows = db_.scalar(
            "SELECT concat_ws(' / ', "
            "  (SELECT count(*) || ' ' || md5(string_agg(c::text, ',' ORDER BY c.id)) "
            "     FROM public." +
                table_ +
                " c), "
                "  (SELECT count(*) || ' ' || coalesce(md5(string_agg(p::text, ',' ORDER BY p.id)),"
                "     '') FROM profiles.profile p WHERE p.id = ANY($1::uuid[])), "
                "  (SELECT count(*) || ' ' || coalesce(md5(string_agg(u::text, ',' ORDER BY u.id)),"
                "     '') FROM profiles.users u WHERE u.id = ANY($1::uuid[])))",
            {ids});
        return *tables + " | " + rows.value_or("?");
    } catch (const std::exception& e) {
        return std::string("fingerprint failed: ") + e.what();
    }
}

void Canary::expect_intact(const std::string& context) const {
    EXPECT_EQ(fingerprint(), initial_) << "the database changed after: " << context;
}

} // namespace profiles::e2e::security
