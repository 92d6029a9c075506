// One HTTP request and its response, as handlers see them: the request id, the actor for the
// access log, a bounded body read and the JSON replies.
#pragma once

#include "error_map.hpp"
#include "router.hpp"

#include <httplib.h>

#include <optional>
#include <string>
#include <string_view>

namespace profiles {

// Seed 004's paths, where every error is problem+json: the router's and the library's too.
bool answers_problems(const httplib::Request& request);

// The request's path as the client sent it, still percent-encoded, with any byte outside
// printable ASCII encoded too: problem+json's `instance`, valid in any JSON parser.
std::string raw_path(const httplib::Request& request);

class Exchange {
  public:
    // `reader` is null for methods whose body cpp-httplib does not read (GET, HEAD, OPTIONS);
    // a connection whose request declared one anyway is closed after the answer.
    Exchange(const httplib::Request& request, httplib::Response& response, std::string request_id,
             const httplib::ContentReader* reader);

    const httplib::Request& request() const { return request_; }
    const std::string& request_id() const { return request_id_; }
    const std::string& actor() const { return actor_; }
    void set_actor(std::string actor) { actor_ = std::move(actor); }
    const PathParams& params() const { return params_; }
    void set_params(PathParams params) { params_ = std::move(params); }

    // True when Content-Length announces more than `limit` bytes: answer 413 before reading.
    bool declares_more_than(size_t limit) const;
    // True when the request announces a body that is not empty: a Content-Length other than 0
    // (an unreadable one counts as a body) or a Transfer-Encoding.
    bool declares_body() const;
    // The request's Content-Type ("" without one).
    std::string_view content_type() const { return framing().content_type; }

    enum class BodyStatus { Ok, TooLarge, Unreadable };
    // Reads the whole body once, refusing to hold more than `limit` bytes.
    BodyStatus read_body(size_t limit, std::string& body);

    // False when the request carries no body at all (no Content-Length, no Transfer-Encoding).
    bool has_body() const;

    // Reads and drops a body no handler read, so the next request on a kept-alive connection
    // starts where it should.
    void discard_unread_body();

    void send_json(int status, std::string body);
    // A reply with no body (e.g. 204 after a DELETE).
    void send_no_content(int status = 204);
    // Adds a response header (ETag, X-Total-Count, Content-Disposition, ...).
    void set_header(const std::string& name, const std::string& value);
    httplib::Response& response() { return response_; }

    void send_error(const ApiError& error);
    // Maps a database error through the SQLSTATE table; server-side failures are logged with
    // the request id, clients only see the mapped message.
    void send_db_error(const DbError& error);

  private:
    // How the request frames its body, read from its headers once: every handler asks, and
    // each header lookup compares names case-insensitively.
    struct Framing {
        std::optional<uint64_t> length; // Content-Length; UINT64_MAX when unreadable
        bool transfer_encoding = false;
        std::string_view content_type;
        bool multipart = false; // what cpp-httplib reads as multipart/form-data
    };
    const Framing& framing() const;

    const httplib::Request& request_;
    httplib::Response& response_;
    std::string request_id_;
    const httplib::ContentReader* reader_;
    bool body_consumed_ = false;
    std::string actor_;
    PathParams params_;
    // On seed 004's paths (answers_problems) errors are application/problem+json, and
    // validation errors from the database answer 422.
    const bool problem_errors_;
    mutable std::optional<Framing> framing_;
};

} // namespace profiles
