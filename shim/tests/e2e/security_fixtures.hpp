// What the security suites (authorization matrix, JWT attacks, hostile input) share: requests
// sent as raw bytes over a loopback socket (so nothing normalises a hostile path or header on
// the way), the error-body check every refusal must pass, and a canary that proves an injection
// attempt changed nothing in the database.
#pragma once

#include "seed_fixtures.hpp"

#include <chrono>
#include <string>
#include <vector>

namespace profiles::e2e::security {

// A TCP connection to 127.0.0.1:`port`; -1 on failure.
int connect_loopback(int port);

// Sends `request` byte for byte to 127.0.0.1:`port` and reads one response: until its
// Content-Length (or the terminating chunk) is in, the peer closes, or `timeout` passes.
// status 0: no parsable response.
Reply raw_exchange(int port, const std::string& request,
                   std::chrono::milliseconds timeout = std::chrono::seconds(10));

// The same on the shared shim.
Reply raw(const std::string& request);

// "GET <target> HTTP/1.1" with Host, Connection: close, `headers` (each "Name: value") and,
// when `body` is given, Content-Type: application/json and Content-Length.
std::string raw_request(const std::string& method, const std::string& target,
                        const std::vector<std::string>& headers = {},
                        const std::string* body = nullptr);

// A refusal the shim rendered itself: the status, a JSON error body of the seed's shape
// ({"error":{"code","message","details"},"requestId"}, or seed 004's problem+json) whose
// requestId is the X-Request-Id header, and no sign of a crash or an internal error.
void expect_error_body(const Reply& reply, int status, const std::string& context = "");
// As above for any status in [400, 499] but 401-needing-credentials cases: a client error.
void expect_client_error(const Reply& reply, const std::string& context = "");

// GET /live answers 200 on the shared shim.
bool shim_is_live();

// A short random hex string, for names no other test run uses.
std::string random_tag(size_t length = 12);

class SecurityTest : public SeedTest {
  protected:
    // After every test the shim must still be serving.
    void TearDown() override;
};

// A table of its own plus a few profiles (and their users) that no request of the test is
// allowed to change. fingerprint() covers the canary table's existence, row count and content,
// and the count and content of the watched rows, so a DROP, DELETE or UPDATE smuggled through
// any parameter shows. Totals of the shared tables are not compared: other test runs may write
// to the same database at the same time.
class Canary {
  public:
    Canary(AdminDb& db, std::vector<std::string> watched_profiles);
    ~Canary();
    Canary(const Canary&) = delete;
    Canary& operator=(const Canary&) = delete;

    const std::string& table() const { return table_; }
    std::string fingerprint() const;
    // Fails the current test (naming `context`) when anything changed since construction.
    void expect_intact(const std::string& context) const;

  private:
    AdminDb& db_;
    std::string table_;
    std::vector<std::string> watched_;
    std::string initial_;
};

} // namespace profiles::e2e::security
