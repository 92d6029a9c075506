// HTTP framing a client or a proxy in front relies on: a Range header never changes an answer,
// request bytes the shim does not read as a body never become the next request on a kept-alive
// connection, 204/304 carry no Content-Length, 401 names its scheme, and seed 004's paths answer
// every error as problem+json.
#include "security_fixtures.hpp"
#include "seed_fixtures.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>

using namespace profiles::e2e;
using namespace profiles::e2e::security;

namespace {

using Clock = std::chrono::steady_clock;

// Sends `bytes` on one new connection (no Connection: close) and reads until the shim closes it
// or `give_up` passes: everything the shim answered.
std::string exchange_until_close(const std::string& bytes,
                                 std::chrono::milliseconds give_up = std::chrono::seconds(5)) {
    int fd = connect_loopback(Shared::get().shim().port());
    if (fd < 0) {
        return "";
    }
    size_t sent = 0;
    while (sent < bytes.size()) {
        ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) {
            break;
        }
        sent += static_cast<size_t>(n);
    }
    std::string received;
    const auto until = Clock::now() + give_up;
    while (Clock::now() < until) {
        pollfd pfd{fd, POLLIN, 0};
        if (::poll(&pfd, 1, 50) <= 0) {
            continue;
        }
        char buffer[16384];
        ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
        if (n <= 0) {
            break;
        }
        received.append(buffer, static_cast<size_t>(n));
    }
    ::close(fd);
    return received;
}

// How many responses a byte stream holds: each carries exactly one X-Request-Id.
int responses_in(const std::string& stream) {
    int count = 0;
    for (size_t at = stream.find("\r\nX-Request-Id: "); at != std::string::npos;
         at = stream.find("\r\nX-Request-Id: ", at + 1)) {
        count++;
    }
    return count;
}

bool has_header_line(const std::string& stream, const std::string& line) {
    return stream.find("\r\n" + line + "\r\n") != std::string::npos;
}

const std::string kSmuggled = "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

} // namespace

class HttpFraming : public SeedTest {
  protected:
    void SetUp() override {
        SeedTest::SetUp();
        if (!HasFatalFailure() && admin_.empty()) {
            admin_ = create_user("internal_admin");
            user_ = create_user_with_profile("standard_user", admin_);
        }
    }
    static std::string admin_, user_;
};
std::string HttpFraming::admin_, HttpFraming::user_;

TEST_F(HttpFraming, RangeHeaderNeverChangesTheAnswer) {
    Reply whole = as(user_, "GET", "/profiles/" + user_);
    ASSERT_EQ(whole.status, 200) << whole.body;
    httplib::Headers ranged = bearer(user_);
    ranged.emplace("Range", "bytes=0-9");
    Reply first_bytes = send("GET", "/profiles/" + user_, ranged);
    EXPECT_EQ(first_bytes.status, 200);
    EXPECT_EQ(first_bytes.body, whole.body);
    EXPECT_EQ(first_bytes.header("Content-Range"), "");
    EXPECT_EQ(first_bytes.header("Content-Type"), "application/json");

    // Many ranges of a large public document: one whole copy, not one per range.
    Reply document = get("/openapi.json");
    ASSERT_EQ(document.status, 200);
    std::string many = "bytes=0-";
    for (int i = 0; i < 500; i++) {
        many += ",0-";
    }
    Reply multi = get("/openapi.json", {{"Range", many}});
    EXPECT_EQ(multi.status, 200);
    EXPECT_EQ(multi.body.size(), document.body.size());
    EXPECT_EQ(multi.header("Content-Type").rfind("application/json", 0), 0u)
        << multi.header("Content-Type");
}

TEST_F(HttpFraming, BodyOfAGetIsNeverReadAsTheNextRequest) {
    const std::string body = kSmuggled;
    const std::string stream = exchange_until_close(
        "GET /live HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + std::to_string(body.size()) +
        "\r\n\r\n" + body);
    EXPECT_EQ(responses_in(stream), 1) << stream;
    EXPECT_EQ(stream.rfind("HTTP/1.1 200", 0), 0u) << stream;
    EXPECT_TRUE(has_header_line(stream, "Connection: close")) << stream;
    EXPECT_EQ(stream.find("profiles_http_requests_total"), std::string::npos) << stream;
}

TEST_F(HttpFraming, ChunkedBodyOfADeleteIsNeverReadAsTheNextRequest) {
    char size[16];
    std::snprintf(size, sizeof size, "%zx", kSmuggled.size());
    const std::string stream = exchange_until_close(
        "DELETE /profiles/00000000-0000-4000-8000-00000000dead HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        "Authorization: Bearer " +
        token_for(admin_) + "\r\nTransfer-Encoding: chunked\r\n\r\n" + size + "\r\n" + kSmuggled +
        "\r\n0\r\n\r\n");
    EXPECT_EQ(responses_in(stream), 1) << stream;
    EXPECT_TRUE(has_header_line(stream, "Connection: close")) << stream;
    EXPECT_EQ(stream.find("profiles_http_requests_total"), std::string::npos) << stream;
}

TEST_F(HttpFraming, ChunkedBodyOverTheLimitEndsTheConnection) {
    // 10 MB in chunks, more than the body limit: answered 413, and the rest is not parsed.
    const std::string chunk(64 * 1024, 'x');
    char size[16];
    std::snprintf(size, sizeof size, "%zx", chunk.size());
    std::string request =
        "POST /functions/v1/api HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        "Authorization: Bearer " +
        token_for(admin_) +
        "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
    request +=
        std::string(size) + "\r\n{\"resource\":\"profiles\",\"pad\":\"" + chunk.substr(30) + "\r\n";
    for (int i = 0; i < 160; i++) {
        request += std::string(size) + "\r\n" + chunk + "\r\n";
    }
    const std::string stream = exchange_until_close(request, std::chrono::seconds(10));
    EXPECT_EQ(stream.rfind("HTTP/1.1 413", 0), 0u) << stream.substr(0, 300);
    EXPECT_EQ(responses_in(stream), 1) << stream.substr(0, 600);
    EXPECT_TRUE(has_header_line(stream, "Connection: close")) << stream.substr(0, 600);
}

TEST_F(HttpFraming, RequestsTheLibraryRefusesEndTheConnection) {
    // A Range it cannot parse (416) and an HTTP version it does not speak (400), each with a
    // body that would otherwise be read as the next request.
    for (const std::string& head :
         {std::string("GET /live HTTP/1.1\r\nHost: 127.0.0.1\r\nRange: bytes=abc\r\n"),
          std::string("POST /functions/v1/api HTTP/9.9\r\nHost: 127.0.0.1\r\n")}) {
        const std::string stream = exchange_until_close(
            head + "Content-Length: " + std::to_string(kSmuggled.size()) + "\r\n\r\n" + kSmuggled);
        EXPECT_EQ(responses_in(stream), 1) << stream;
        EXPECT_TRUE(stream.rfind("HTTP/1.1 4", 0) == 0) << stream;
        EXPECT_TRUE(has_header_line(stream, "Connection: close")) << stream;
        EXPECT_EQ(stream.find("Content-Range"), std::string::npos) << stream;
    }
}

TEST_F(HttpFraming, AnyChunkedRequestEndsTheConnection) {
    // A chunk followed by other bytes than CRLF: the library takes it as complete.
    const std::string stream = exchange_until_close(
        "POST /functions/v1/api HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " +
        token_for(admin_) +
        "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}XX" +
        kSmuggled);
    EXPECT_EQ(responses_in(stream), 1) << stream;
    EXPECT_TRUE(has_header_line(stream, "Connection: close")) << stream;
    EXPECT_EQ(stream.find("profiles_http_requests_total"), std::string::npos) << stream;
}

TEST_F(HttpFraming, HeadOffersNoRanges) {
    auto client = Shared::get().shim().client();
    auto res = client->Head("/live");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200);
    EXPECT_FALSE(res->has_header("Accept-Ranges"));
}

TEST_F(HttpFraming, KeptAliveRequestsAreStillServedInTurn) {
    const std::string one = "GET /live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    const std::string last = "GET /live HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
    const std::string stream = exchange_until_close(one + one + last);
    EXPECT_EQ(responses_in(stream), 3) << stream;
    EXPECT_EQ(stream.find("HTTP/1.1 4"), std::string::npos) << stream;
}

TEST_F(HttpFraming, NoContentAndNotModifiedCarryNoLength) {
    Reply created = as(user_, "POST", "/profiles/" + user_ + "/contacts",
                       std::string(R"({"key":"email","value":"framing@example.com"})"));
    ASSERT_EQ(created.status, 201) << created.body;
    const std::string contact = created.text({"contactId"});
    Reply deleted = as(user_, "DELETE", "/profiles/" + user_ + "/contacts/" + contact);
    EXPECT_EQ(deleted.status, 204);
    EXPECT_FALSE(deleted.headers.count("Content-Length")) << deleted.header("Content-Length");

    Reply profile = as(user_, "GET", "/profiles/" + user_);
    ASSERT_EQ(profile.status, 200);
    Reply unchanged = as(user_, "GET", "/profiles/" + user_, std::nullopt,
                         {{"If-None-Match", profile.header("ETag")}});
    EXPECT_EQ(unchanged.status, 304);
    EXPECT_FALSE(unchanged.headers.count("Content-Length")) << unchanged.header("Content-Length");
}

TEST_F(HttpFraming, UnauthorizedNamesTheBearerScheme) {
    Reply missing = get("/api/user/profile");
    EXPECT_EQ(missing.status, 401);
    EXPECT_EQ(missing.header("WWW-Authenticate"), "Bearer realm=\"profiles\"");
    Reply expired = send("GET", "/manage/api/users/" + user_ + "/profile",
                         {{"Authorization", "Bearer " + token_for(user_, -60)}});
    EXPECT_EQ(expired.status, 401);
    EXPECT_EQ(expired.header("WWW-Authenticate"), "Bearer realm=\"profiles\"");
    Reply allowed = as(user_, "GET", "/api/user/profile");
    EXPECT_EQ(allowed.status, 200);
    EXPECT_EQ(allowed.header("WWW-Authenticate"), "");
}

TEST_F(HttpFraming, PatchOnTheSeedsSingularPath) {
    Reply patched =
        as(user_, "PATCH", "/profile/" + user_, std::string(R"({"middleName":"Patch"})"));
    ASSERT_EQ(patched.status, 200) << patched.body;
    EXPECT_EQ(patched.text({"middleName"}), "Patch");
}

TEST_F(HttpFraming, Seed004PathsAnswerEveryErrorAsProblems) {
    const std::string path = "/manage/api/users/" + user_ + "/profile";
    Reply method = as(admin_, "DELETE", path);
    expect_problem(method, 405, path);
    EXPECT_FALSE(method.header("Allow").empty());
    Reply no_route = as(admin_, "GET", "/manage/api/users/" + user_ + "/profiles");
    expect_problem(no_route, 404, "/manage/api/users/" + user_ + "/profiles");
    // A byte that is not UTF-8 in the path comes back percent-encoded, so the body stays JSON.
    Reply odd = raw(raw_request("GET", "/manage/api/users/%FF/profile",
                                {"Authorization: Bearer " + token_for(admin_)}));
    EXPECT_EQ(odd.header("Content-Type"), "application/problem+json");
    EXPECT_TRUE(odd.json.IsObject()) << odd.body;
    EXPECT_EQ(odd.text({"instance"}), "/manage/api/users/%FF/profile") << odd.body;
}
