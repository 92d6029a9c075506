// profiles-shim: authenticate, route, make one database call, send its bytes back.
#include "app_context.hpp"
#include "caller.hpp"
#include "config.hpp"
#include "handlers_artifacts.hpp"
#include "handlers_current_user.hpp"
#include "handlers_docs.hpp"
#include "handlers_functions_api.hpp"
#include "handlers_ops.hpp"
#include "handlers_rest_profiles.hpp"
#include "handlers_user_profile.hpp"
#include "http_server.hpp"
#include "jwks.hpp"
#include "jwt.hpp"
#include "logging.hpp"
#include "metrics.hpp"
#include "pool.hpp"
#include "router.hpp"
#include "token_command.hpp"

#include <algorithm>
#include <atomic>
#include <csignal>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <pthread.h>
#include <thread>
#include <unistd.h>

namespace {

using namespace profiles;

unsigned core_count() {
    unsigned cores = std::thread::hardware_concurrency();
    return cores == 0 ? 1 : cores;
}

int fail(const std::string& message, int status) {
    std::fprintf(stderr, "profiles-shim: %s\n", message.c_str());
    return status;
}

constexpr int kShutdownSlackMs = 3000;

std::string url_host(const std::string& host) {
    return host.find(':') != std::string::npos ? "[" + host + "]" : host;
}

int serve(const Config& config) {
    log::set_level(*log::parse_level(config.log_level));

    jwks::KeySet keys;
    if (!config.jwks_file.empty()) {
        jwks::LoadResult loaded = jwks::load_file(config.jwks_file);
        if (!loaded.error.empty()) {
            return fail("PROFILES_JWKS_FILE " + loaded.error, 2);
        }
        for (const auto& why : loaded.skipped) {
            log::write(log::Level::Warn, "JWKS key skipped", {{"reason", why}});
        }
        keys = std::move(loaded.keys);
    }
    jwt::Verifier verifier(config.jwt_secret, std::move(keys),
                           jwt::Policy{config.jwt_aud, config.jwt_iss});

    // Signals are taken by one thread with sigwait(), so they must be blocked before any other
    // thread exists; every thread inherits the mask.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGTERM);
    sigaddset(&stop_signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
    std::signal(SIGPIPE, SIG_IGN);

    Pool pool(PoolSettings{{config.database_url, config.statement_timeout_ms},
                           config.pool_size,
                           config.pool_timeout_ms});
    std::vector<std::unique_ptr<Pool>> replica_pools; // PROFILES_READ_URLS
    std::unique_ptr<read_routing::ReadRouter> reads = open_read_replicas(config, replica_pools);
    AppContext app{config, verifier, pool};
    Router router;
    register_ops_routes(router, app);
    register_functions_api_routes(router, app);
    register_current_user_routes(router, app);
    register_rest_profiles_routes(router, app);
    register_user_profile_routes(router, app);
    std::unique_ptr<ArtifactRoutes> artifacts = register_artifact_routes(router, app);
    std::unique_ptr<DocsRoutes> docs = register_docs_routes(router, app);
    docs->report_pool("primary", pool);
    for (size_t i = 0; i < replica_pools.size(); ++i) {
        docs->report_pool("replica" + std::to_string(i + 1), *replica_pools[i]);
    }
    docs->finish(router); // after every route is registered
    if (reads) {
        metrics::registry().add_collector(
            [r = reads.get()](std::string& out) { r->render_metrics(out); });
        reads->start();
        read_routing::install(reads.get());
    }

    HttpServer server(config, router);
    std::string error;
    if (!server.bind(error)) {
        return fail(error, 1);
    }
    pool.warm_up();

    std::atomic<bool> stopping{false};
    std::thread listener([&] {
        server.run();
        if (!stopping) {
            // The listener failed on its own: wake the main thread out of sigwait().
            kill(getpid(), SIGTERM);
        }
    });
    std::printf("profiles-shim listening on http://%s:%d\n", url_host(config.host).c_str(),
                server.port());
    std::fflush(stdout);

    int signal_number = 0;
    sigwait(&stop_signals, &signal_number);
    stopping = true;
    if (server.finished()) {
        listener.join();
        return fail("the HTTP listener stopped unexpectedly", 1);
    }
    log::write(log::Level::Info, "stopping: finishing requests in flight");
    server.stop();
    // PROFILES_DRAIN_TIMEOUT_MS, and at least long enough for a request that waits for a
    // connection and then runs to its timeout. Streamed downloads count as in flight.
    auto limit = std::chrono::milliseconds(std::max<long long>(
        config.drain_timeout_ms, static_cast<long long>(config.pool_timeout_ms) +
                                     config.statement_timeout_ms + kShutdownSlackMs));
    HttpServer::Drain drained = server.drain(limit);
    read_routing::install(nullptr);
    pool.close();
    if (drained == HttpServer::Drain::Finished) {
        listener.join();
        log::write(log::Level::Info, "stopped");
        return 0;
    }
    // Workers still hold idle keep-alive connections (or stuck requests). Leave without joining
    // them: running static destructors under live threads is not safe, so exit directly.
    bool clean = drained == HttpServer::Drain::OnlyIdleConnectionsLeft;
    log::write(clean ? log::Level::Info : log::Level::Warn,
               clean ? "stopped; idle keep-alive connections closed"
                     : "stopped with requests still running");
    std::fflush(stdout);
    std::fflush(stderr);
    std::_Exit(clean ? 0 : 1);
}

} // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    const unsigned cores = core_count();
    if (!args.empty() && args[0] == "token") {
        return run_token_command({args.begin() + 1, args.end()}, process_env(), cores);
    }
    ConfigResult loaded = load_config(process_env(), args, Purpose::Serve, cores);
    if (loaded.help) {
        std::fputs(help_text(cores).c_str(), stdout);
        return 0;
    }
    if (!loaded.error.empty()) {
        return fail(loaded.error, 2);
    }
    return serve(loaded.config);
}
