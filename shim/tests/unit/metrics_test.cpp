#include "metrics.hpp"

#include <gtest/gtest.h>

#include <set>
#include <sstream>
#include <thread>
#include <vector>

using namespace profiles;
using namespace profiles::metrics;

namespace {

std::vector<Router::RouteInfo> routes() {
    return {{"GET", "/live"}, {"GET", "/profiles/{profileId}"}, {"PUT", "/profiles/{profileId}"}};
}

// The value on the line that starts with `prefix` (a metric name and its labels); -1 if none.
double line_value(const std::string& text, const std::string& prefix) {
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind(prefix + " ", 0) == 0) {
            return std::stod(line.substr(prefix.size() + 1));
        }
    }
    return -1;
}

} // namespace

TEST(Metrics, EscapesLabelValues) {
    EXPECT_EQ(escape_label("plain/{id}"), "plain/{id}");
    EXPECT_EQ(escape_label("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
}

TEST(Metrics, LabelsRequestsWithTheRoutePattern) {
    Registry registry;
    registry.set_routes(routes());
    registry.observe_request(1, "GET", 200, 0.002);
    registry.observe_request(1, "GET", 200, 0.002);
    registry.observe_request(2, "PUT", 409, 0.02);
    std::string text = registry.render();
    EXPECT_EQ(line_value(text, "profiles_http_requests_total{method=\"GET\",route=\"/profiles/"
                               "{profileId}\",status=\"200\"}"),
              2);
    EXPECT_EQ(line_value(text, "profiles_http_requests_total{method=\"PUT\",route=\"/profiles/"
                               "{profileId}\",status=\"409\"}"),
              1);
    // Nothing observed, nothing listed.
    EXPECT_EQ(text.find("route=\"/live\""), std::string::npos);
}

TEST(Metrics, UnmatchedRequestsAreCountedByMethodOnly) {
    Registry registry;
    registry.set_routes(routes());
    registry.observe_request(-1, "GET", 404, 0.0001);
    registry.observe_request(-1, "BREW", 404, 0.0001);
    registry.observe_request(99, "POST", 405, 0.0001); // out of range: treated as unmatched
    std::string text = registry.render();
    EXPECT_EQ(line_value(text, "profiles_http_requests_total{method=\"GET\",route=\"unmatched\","
                               "status=\"404\"}"),
              1);
    EXPECT_EQ(line_value(text, "profiles_http_requests_total{method=\"OTHER\",route=\"unmatched\","
                               "status=\"404\"}"),
              1);
    EXPECT_EQ(line_value(text, "profiles_http_requests_total{method=\"POST\",route=\"unmatched\","
                               "status=\"405\"}"),
              1);
}

TEST(Metrics, HistogramBucketsAreCumulativeWithInclusiveBounds) {
    Registry registry;
    registry.set_routes(routes());
    registry.observe_request(0, "GET", 200, 0.001); // exactly on a bound: counted in it
    registry.observe_request(0, "GET", 200, 0.003);
    registry.observe_request(0, "GET", 200, 60);
    std::string text = registry.render();
    const std::string series = "method=\"GET\",route=\"/live\",status=\"200\"";
    auto bucket = [&](const char* le) {
        return line_value(text, "profiles_http_request_duration_seconds_bucket{" + series +
                                    ",le=\"" + le + "\"}");
    };
    EXPECT_EQ(bucket("0.001"), 1);
    EXPECT_EQ(bucket("0.0025"), 1);
    EXPECT_EQ(bucket("0.005"), 2);
    EXPECT_EQ(bucket("10"), 2);
    EXPECT_EQ(bucket("+Inf"), 3);
    EXPECT_EQ(line_value(text, "profiles_http_request_duration_seconds_count{" + series + "}"), 3);
    EXPECT_NEAR(line_value(text, "profiles_http_request_duration_seconds_sum{" + series + "}"),
                60.004, 1e-6);
}

TEST(Metrics, ManyDistinctStatusesShareAnOverflowSeries) {
    Registry registry;
    registry.set_routes(routes());
    for (int status = 200; status < 240; ++status) {
        registry.observe_request(0, "GET", status, 0.001);
    }
    std::string text = registry.render();
    EXPECT_EQ(line_value(text, "profiles_http_requests_total{method=\"GET\",route=\"/live\","
                               "status=\"200\"}"),
              1);
    EXPECT_EQ(line_value(text, "profiles_http_requests_total{method=\"GET\",route=\"/live\","
                               "status=\"other\"}"),
              25);
}

TEST(Metrics, ConcurrentObservationsAreAllCounted) {
    Registry registry;
    registry.set_routes(routes());
    constexpr int kThreads = 8;
    constexpr int kEach = 20000;
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&registry, t] {
            for (int i = 0; i < kEach; ++i) {
                registry.observe_request(1, "GET", t % 2 == 0 ? 200 : 404, 0.004);
            }
        });
    }
    for (auto& t : threads) {
        t.join();
    }
    std::string text = registry.render();
    const std::string base = "profiles_http_requests_total{method=\"GET\",route=\"/profiles/"
                             "{profileId}\",status=";
    EXPECT_EQ(line_value(text, base + "\"200\"}"), kThreads / 2 * kEach);
    EXPECT_EQ(line_value(text, base + "\"404\"}"), kThreads / 2 * kEach);
}

TEST(Metrics, DatabaseErrorsBySqlstateWithABoundedLabelSet) {
    Registry registry;
    registry.count_db_error("P0002");
    registry.count_db_error("P0002");
    registry.count_db_error("not a sqlstate");
    for (int i = 0; i < 300; ++i) {
        char code[6];
        std::snprintf(code, sizeof code, "9%04d", i);
        registry.count_db_error(code);
    }
    std::string text = registry.render();
    EXPECT_EQ(line_value(text, "profiles_db_errors_total{sqlstate=\"P0002\"}"), 2);
    EXPECT_EQ(line_value(text, "profiles_db_errors_total{sqlstate=\"unknown\"}"), 1);
    EXPECT_GT(line_value(text, "profiles_db_errors_total{sqlstate=\"other\"}"), 0);
    size_t lines = 0;
    for (size_t at = text.find("profiles_db_errors_total{"); at != std::string::npos;
         at = text.find("profiles_db_errors_total{", at + 1)) {
        ++lines;
    }
    EXPECT_LE(lines, 201u);
}

TEST(Metrics, CollectorsAppendTheirFamiliesAndPoolsRender) {
    Registry registry;
    registry.add_collector([](std::string& out) {
        render_pools(out, {{"primary", 4, 1, 2, 3, 4, 5, 6}, {"replica1", 2, 0, 2, 0, 0, 2, 0}});
    });
    std::string text = registry.render();
    EXPECT_EQ(line_value(text, "profiles_pool_size{pool=\"primary\"}"), 4);
    EXPECT_EQ(line_value(text, "profiles_pool_connections{pool=\"primary\",state=\"in_use\"}"), 1);
    EXPECT_EQ(line_value(text, "profiles_pool_connections{pool=\"primary\",state=\"idle\"}"), 2);
    EXPECT_EQ(line_value(text, "profiles_pool_waits_total{pool=\"primary\"}"), 3);
    EXPECT_EQ(line_value(text, "profiles_pool_timeouts_total{pool=\"primary\"}"), 4);
    EXPECT_EQ(line_value(text, "profiles_pool_connects_total{pool=\"replica1\"}"), 2);
    registry.clear_collectors();
    EXPECT_EQ(registry.render().find("profiles_pool_size"), std::string::npos);
}

// The text format wants each family's samples together, after its one # TYPE line.
TEST(Metrics, EveryFamilyIsDeclaredOnceAndKeptTogether) {
    Registry registry;
    registry.set_routes(routes());
    registry.observe_request(0, "GET", 200, 0.001);
    registry.observe_request(1, "GET", 404, 0.001);
    registry.count_db_error("P0002");
    registry.add_collector([](std::string& out) {
        render_pools(out, {{"primary", 2, 0, 0, 0, 0, 0, 0}});
    });
    std::istringstream in(registry.render());
    std::string line;
    std::set<std::string> declared;
    std::string current;
    while (std::getline(in, line)) {
        ASSERT_FALSE(line.empty());
        if (line.rfind("# TYPE ", 0) == 0) {
            current = line.substr(7, line.find(' ', 7) - 7);
            EXPECT_TRUE(declared.insert(current).second) << "declared twice: " << current;
            continue;
        }
        if (line[0] == '#') {
            continue;
        }
        std::string name = line.substr(0, line.find_first_of("{ "));
        EXPECT_EQ(name.rfind(current, 0), 0u) << name << " outside its family " << current;
    }
}
