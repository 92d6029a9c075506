#include "http_server.hpp"

#include "error_body.hpp"
#include "http_exchange.hpp"
#include "logging.hpp"
#include "metrics.hpp"
#include "request_id.hpp"

#include <chrono>
#include <thread>

namespace profiles {

namespace {

constexpr time_t kReadWriteTimeoutSeconds = 5; // one read or write; GuardedServer bounds the rest
constexpr time_t kKeepAliveSeconds = 30;
constexpr size_t kKeepAliveMaxRequests = 10000;

} // namespace

HttpServer::HttpServer(const Config& config, const Router& router)
    : config_(config), router_(router) {
    server_.set_tcp_nodelay(true);
    server_.set_keep_alive_max_count(kKeepAliveMaxRequests);
    server_.set_keep_alive_timeout(kKeepAliveSeconds);
    server_.set_read_timeout(kReadWriteTimeoutSeconds, 0);
    server_.set_write_timeout(kReadWriteTimeoutSeconds, 0);
    server_.set_payload_max_length(config.max_body_bytes);
    // Each worker serves one connection at a time: the thread count caps concurrency and,
    // with the pool size, how many requests can wait for a database connection.
    const auto threads = static_cast<size_t>(config.threads);
    server_.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    server_.set_client_limits(std::chrono::milliseconds(config.header_timeout_ms),
                              std::chrono::milliseconds(config.body_timeout_ms),
                              static_cast<uint64_t>(config.body_min_rate), threads);

    auto plain = [this](const httplib::Request& req, httplib::Response& res) {
        dispatch(req, res, nullptr);
    };
    auto with_reader = [this](const httplib::Request& req, httplib::Response& res,
                              const httplib::ContentReader& reader) {
        dispatch(req, res, &reader);
    };
    // Every path goes to the Router; the patterns here only pick how the body is read.
    server_.Get(".*", plain);
    server_.Options(".*", plain);
    server_.Post(".*", with_reader);
    server_.Put(".*", with_reader);
    server_.Patch(".*", with_reader);
    server_.Delete(".*", with_reader);

    // cpp-httplib answers some errors itself (unparsable request, oversized body of a route that
    // does not read it itself): give those the same JSON shape and a request id.
    server_.set_error_handler(httplib::Server::HandlerWithResponse(
        [](const httplib::Request& req, httplib::Response& res) {
            if (!res.body.empty()) {
                return httplib::Server::HandlerResponse::Unhandled;
            }
            // cpp-httplib refused the request before routing (bad request line or header, URI
            // too long, a Range it cannot parse): the body, if any, is unread, and the answer is
            // whole. The request object is the server's own, not const: only the view is.
            close_after_response();
            const_cast<httplib::Request&>(req).ranges.clear();
            std::string id = res.has_header("X-Request-Id")
                                 ? res.get_header_value("X-Request-Id")
                                 : request_id::from_header(req.get_header_value("X-Request-Id"));
            res.set_header("X-Request-Id", id);
            const ApiError error = errors::for_library_status(res.status);
            if (answers_problems(req)) {
                res.set_content(render_problem_body(error, id, raw_path(req)), kProblemContentType);
            } else {
                res.set_content(render_error_body(error, id), kJsonContentType);
            }
            return httplib::Server::HandlerResponse::Handled;
        }));
    // Runs once cpp-httplib has added its own headers to a response.
    server_.set_post_routing_handler([](const httplib::Request&, httplib::Response& res) {
        if (res.status == 204 || res.status == 304) {
            res.headers.erase("Content-Length"); // RFC 9110 8.6: neither may carry one
        }
        res.headers.erase("Accept-Ranges"); // cpp-httplib's, on HEAD: no route serves ranges
        if (closing_after_response()) {
            res.headers.erase("Keep-Alive");
            res.headers.erase("Connection");
            res.set_header("Connection", "close");
        }
    });
    server_.set_exception_handler(
        [](const httplib::Request& req, httplib::Response& res, std::exception_ptr) {
            std::string id = request_id::from_header(req.get_header_value("X-Request-Id"));
            log::write(log::Level::Error, "unhandled exception", {{"request_id", id}});
            res.status = 500;
            res.set_header("X-Request-Id", id);
            res.set_content(render_error_body(errors::internal(), id), kJsonContentType);
        });
}

bool HttpServer::bind(std::string& error) {
    if (config_.port == 0) {
        port_ = server_.bind_to_any_port(config_.host);
    } else {
        port_ = server_.bind_to_port(config_.host, config_.port) ? config_.port : -1;
    }
    if (port_ <= 0) {
        error = "cannot listen on " + config_.host + ":" + std::to_string(config_.port);
        return false;
    }
    server_.hold_listener();
    return true;
}

void HttpServer::run() {
    server_.listen_after_bind();
    finished_ = true;
}

void HttpServer::stop() {
    std::call_once(stop_once_, [this] {
        // A stop that arrives while run() is still starting must not be lost.
        while (!server_.is_running() && !finished_) {
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        server_.stop_accepting(); // streamed downloads in flight go on to their end
    });
}

HttpServer::Drain HttpServer::drain(std::chrono::milliseconds limit) {
    using clock = std::chrono::steady_clock;
    // A response is written just after dispatch() returns: give it a moment before calling
    // the server idle.
    constexpr auto kQuiet = std::chrono::milliseconds(200);
    const auto deadline = clock::now() + limit;
    auto quiet_since = clock::now();
    while (!finished_) {
        auto now = clock::now();
        if (in_flight_ > 0 || server_.requests_in_progress() > 0) {
            quiet_since = now;
        } else if (now - quiet_since >= kQuiet) {
            return Drain::OnlyIdleConnectionsLeft;
        }
        if (now >= deadline) {
            return Drain::RequestsStillRunning;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return Drain::Finished;
}

void HttpServer::dispatch(const httplib::Request& request, httplib::Response& response,
                          const httplib::ContentReader* reader) {
    const auto started = std::chrono::steady_clock::now();
    struct InFlight {
        std::atomic<int>& count;
        explicit InFlight(std::atomic<int>& c) : count(c) { ++count; }
        ~InFlight() { --count; }
    } in_flight(in_flight_);
    Exchange ex(request, response,
                request_id::from_header(request.get_header_value("X-Request-Id")), reader);
    Router::Match match = router_.match(request.method, request.path);
    try {
        switch (match.kind) {
        case Router::Match::Kind::Found:
            ex.set_params(std::move(match.params));
            (*match.handler)(ex);
            break;
        case Router::Match::Kind::NotFound:
            ex.send_error(errors::route_not_found());
            break;
        case Router::Match::Kind::MethodNotAllowed:
            response.set_header("Allow", match.allow);
            ex.send_error(errors::method_not_allowed());
            break;
        }
    } catch (const std::exception& e) {
        log::write(log::Level::Error, "handler failed",
                   {{"request_id", ex.request_id()}, {"error", e.what()}});
        ex.send_error(errors::internal());
    } catch (...) {
        log::write(log::Level::Error, "handler failed", {{"request_id", ex.request_id()}});
        ex.send_error(errors::internal());
    }
    ex.discard_unread_body();

    std::chrono::duration<double, std::milli> elapsed = std::chrono::steady_clock::now() - started;
    metrics::registry().observe_request(match.route, request.method, response.status,
                                        elapsed.count() / 1000.0);
    log::access({ex.request_id(), request.method, request.path, response.status, elapsed.count(),
                 ex.actor()});
}

} // namespace profiles
