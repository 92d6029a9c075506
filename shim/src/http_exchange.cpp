#include "http_exchange.hpp"

#include "connection_guard.hpp"
#include "error_body.hpp"
#include "logging.hpp"

#include <charconv>

namespace profiles {

namespace {

std::optional<uint64_t> parse_length(const std::string& text) {
    uint64_t value = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || ptr != text.data() + text.size()) {
        return UINT64_MAX; // unreadable length: treat as too large rather than guess
    }
    return value;
}

} // namespace

bool answers_problems(const httplib::Request& request) {
    return request.path.rfind("/manage/api/", 0) == 0;
}

std::string raw_path(const httplib::Request& request) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    const std::string& target = request.target.empty() ? request.path : request.target;
    std::string path;
    for (char c : target.substr(0, target.find('?'))) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte > 0x20 && byte < 0x7f && c != '"' && c != '\\') {
            path += c;
        } else {
            path += '%';
            path += kHex[byte >> 4];
            path += kHex[byte & 0x0f];
        }
    }
    return path;
}

Exchange::Exchange(const httplib::Request& request, httplib::Response& response,
                   std::string request_id, const httplib::ContentReader* reader)
    : request_(request), response_(response), request_id_(std::move(request_id)), reader_(reader),
      problem_errors_(answers_problems(request)) {
    response_.set_header("X-Request-Id", request_id_);
}

const Exchange::Framing& Exchange::framing() const {
    if (!framing_) {
        Framing framing;
        auto length = request_.headers.find("Content-Length");
        if (length != request_.headers.end()) {
            framing.length = parse_length(length->second);
        }
        framing.transfer_encoding = request_.headers.count("Transfer-Encoding") > 0;
        auto type = request_.headers.find("Content-Type");
        if (type != request_.headers.end()) {
            framing.content_type = type->second;
            framing.multipart = framing.content_type.rfind("multipart/form-data", 0) == 0;
        }
        framing_ = framing;
    }
    return *framing_;
}

bool Exchange::declares_more_than(size_t limit) const {
    const auto& length = framing().length;
    return length && *length > limit;
}

bool Exchange::declares_body() const {
    const Framing& f = framing();
    return (f.length && *f.length != 0) || f.transfer_encoding;
}

Exchange::BodyStatus Exchange::read_body(size_t limit, std::string& body) {
    body.clear();
    if (reader_ == nullptr) {
        body = request_.body;
        return body.size() > limit ? BodyStatus::TooLarge : BodyStatus::Ok;
    }
    if (body_consumed_ || framing().multipart) {
        return BodyStatus::Unreadable;
    }
    if (declares_more_than(limit)) {
        return BodyStatus::TooLarge;
    }
    body_consumed_ = true;
    if (!has_body()) {
        return BodyStatus::Ok; // reading would wait for a body that never comes
    }
    if (const auto& length = framing().length) {
        body.reserve(static_cast<size_t>(*length));
    }
    bool too_large = false;
    bool ok = (*reader_)([&](const char* data, size_t length) {
        if (body.size() + length > limit) {
            too_large = true; // a chunked body that outgrew the limit
            return false;
        }
        body.append(data, length);
        return true;
    });
    if (too_large || !ok) {
        close_after_response(); // the rest of the body is still on the connection
    }
    if (too_large) {
        return BodyStatus::TooLarge;
    }
    return ok ? BodyStatus::Ok : BodyStatus::Unreadable;
}

bool Exchange::has_body() const {
    // RFC 9112: without Content-Length or Transfer-Encoding a request has no body.
    const Framing& f = framing();
    return f.length.has_value() || f.transfer_encoding;
}

void Exchange::discard_unread_body() {
    if (reader_ == nullptr || body_consumed_ || !has_body()) {
        return;
    }
    body_consumed_ = true;
    // cpp-httplib writes 413/400 into the response status when a read fails; the handler's
    // answer stands.
    const int status = response_.status;
    // The server skips (reads without keeping) a Content-Length body over its payload limit.
    auto drop = [](const char*, size_t) { return true; };
    bool drained = framing().multipart
                       ? (*reader_)([](const httplib::MultipartFormData&) { return true; }, drop)
                       : (*reader_)(drop);
    if (!drained) {
        close_after_response();
    }
    response_.status = status;
}

void Exchange::send_json(int status, std::string body) {
    response_.status = status;
    // Moved rather than set_content()'s copy: API bodies can be large.
    response_.body = std::move(body);
    response_.headers.erase("Content-Type"); // set_header() appends; a reply replaces
    response_.set_header("Content-Type", kJsonContentType);
}

void Exchange::send_no_content(int status) {
    response_.status = status;
    response_.body.clear();
    response_.headers.erase("Content-Type");
}

void Exchange::set_header(const std::string& name, const std::string& value) {
    response_.headers.erase(name);
    response_.set_header(name, value);
}

void Exchange::send_error(const ApiError& error) {
    response_.headers.erase("Retry-After");
    if (error.retry_after) {
        response_.set_header("Retry-After", "1");
    }
    response_.headers.erase("WWW-Authenticate");
    if (error.status == 401) {
        // RFC 9110 11.6.1: a 401 names a scheme; bearer clients read it to know to re-authenticate.
        response_.set_header("WWW-Authenticate", "Bearer realm=\"profiles\"");
    }
    if (problem_errors_) {
        send_json(error.status, render_problem_body(error, request_id_, raw_path(request_)));
        response_.headers.erase("Content-Type");
        response_.set_header("Content-Type", kProblemContentType);
        return;
    }
    send_json(error.status, render_error_body(error, request_id_));
}

void Exchange::send_db_error(const DbError& db) {
    ApiError error = map_db_error(db);
    log::Level level = error.status >= 500 ? log::Level::Error : log::Level::Debug;
    if (error.status == 503) {
        level = log::Level::Warn;
    }
    log::write(level, "database error",
               {{"request_id", request_id_},
                {"sqlstate", db.sqlstate},
                {"error", db.message},
                {"detail", db.detail}});
    if (problem_errors_ && error.code == "VALIDATION_ERROR") {
        error.status = 422;
    }
    send_error(error);
}

} // namespace profiles
