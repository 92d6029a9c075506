// GET /metrics: read back with the Prometheus project's own Python parser
// (python3-prometheus-client, installed by `make deps`), then checked for what operators rely
// on: route patterns as labels (never raw paths), consistent histograms, pool gauges and
// database errors by SQLSTATE.
#include "e2e_support.hpp"

#include <rapidjson/document.h>

#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <fstream>
#include <map>
#include <thread>
#include <vector>

using namespace profiles::e2e;

namespace {

constexpr const char* kPython = "/usr/bin/python3";

// Prints every sample as JSON: [{family, type, name, labels, value}], or exits non-zero with
// the parser's complaint.
constexpr const char* kParser = R"PY(
import json, math, sys
from prometheus_client.parser import text_string_to_metric_families
out = []
for family in text_string_to_metric_families(open(sys.argv[1]).read()):
    for s in family.samples:
        value = s.value if math.isfinite(s.value) else str(s.value)
        out.append({"family": family.name, "type": family.type, "name": s.name,
                    "labels": s.labels, "value": value})
print(json.dumps(out))
)PY";

struct Sample {
    std::string family;
    std::string type;
    std::string name;
    std::map<std::string, std::string> labels;
    double value = 0;
};

// Runs the Prometheus parser over `text`; false with `error` when it refuses it.
bool parse_exposition(const std::string& text, std::vector<Sample>& samples, std::string& error) {
    char path[] = "/tmp/profiles-metrics-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0) {
        error = "mkstemp failed";
        return false;
    }
    close(fd);
    std::ofstream(path) << text;
    char script_path[] = "/tmp/profiles-metrics-parser-XXXXXX";
    int script_fd = mkstemp(script_path);
    if (script_fd < 0) {
        unlink(path);
        error = "mkstemp failed";
        return false;
    }
    close(script_fd);
    std::ofstream(script_path) << kParser;
    std::string command = std::string(kPython) + " " + script_path + " " + path + " 2>&1";
    std::string output;
    FILE* pipe = popen(command.c_str(), "r");
    if (pipe != nullptr) {
        char buf[4096];
        size_t n;
        while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) {
            output.append(buf, n);
        }
    }
    int status = pipe != nullptr ? pclose(pipe) : -1;
    unlink(path);
    unlink(script_path);
    if (status != 0) {
        error = "the Prometheus parser refused the text (is python3-prometheus-client installed? "
                "make deps): " +
                output;
        return false;
    }
    rapidjson::Document doc;
    doc.Parse(output.c_str());
    if (doc.HasParseError() || !doc.IsArray()) {
        error = "unexpected parser output: " + output;
        return false;
    }
    for (const auto& item : doc.GetArray()) {
        Sample s;
        s.family = item["family"].GetString();
        s.type = item["type"].GetString();
        s.name = item["name"].GetString();
        for (const auto& m : item["labels"].GetObject()) {
            s.labels[m.name.GetString()] = m.value.GetString();
        }
        s.value = item["value"].IsNumber() ? item["value"].GetDouble() : -1;
        samples.push_back(std::move(s));
    }
    return true;
}

// The value of the sample `name` whose labels include all of `labels`; -1 when none.
double value_of(const std::vector<Sample>& samples, const std::string& name,
                const std::map<std::string, std::string>& labels) {
    for (const Sample& s : samples) {
        if (s.name != name) {
            continue;
        }
        bool all = true;
        for (const auto& [key, value] : labels) {
            auto it = s.labels.find(key);
            all = all && it != s.labels.end() && it->second == value;
        }
        if (all) {
            return s.value;
        }
    }
    return -1;
}

class Metrics : public ShimTest {
  protected:
    static std::vector<Sample> scrape(const ShimProcess& shim) {
        auto res = shim.client()->Get("/metrics");
        std::vector<Sample> samples;
        if (!res) {
            ADD_FAILURE() << "no answer from /metrics";
            return samples;
        }
        EXPECT_EQ(res->status, 200);
        std::string error;
        EXPECT_TRUE(parse_exposition(res->body, samples, error)) << error;
        return samples;
    }
    static std::vector<Sample> scrape() { return scrape(Shared::get().shim()); }
};

} // namespace

TEST_F(Metrics, IsPrometheusTextWithTheRightContentType) {
    Reply reply = get("/metrics");
    ASSERT_EQ(reply.status, 200);
    EXPECT_EQ(reply.header("Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
    std::vector<Sample> samples;
    std::string error;
    ASSERT_TRUE(parse_exposition(reply.body, samples, error)) << error;
    EXPECT_FALSE(samples.empty());
}

TEST_F(Metrics, CountsRequestsByRoutePatternNeverByRawPath) {
    const std::string admin = create_user("internal_admin");
    const std::string missing = new_uuid();
    Reply not_found =
        get("/profiles/" + missing, {{"Authorization", "Bearer " + token_for(admin)}});
    ASSERT_EQ(not_found.status, 404) << not_found.body;
    const std::string stray = "/no-such-path-" + new_uuid();
    ASSERT_EQ(get(stray).status, 404);

    Reply raw = get("/metrics");
    ASSERT_EQ(raw.status, 200);
    EXPECT_EQ(raw.body.find(missing), std::string::npos) << "a raw path leaked into a label";
    EXPECT_EQ(raw.body.find(stray), std::string::npos) << "a raw path leaked into a label";

    std::vector<Sample> samples = scrape();
    EXPECT_GE(value_of(samples, "profiles_http_requests_total",
                       {{"method", "GET"}, {"route", "/profiles/{profileId}"}, {"status", "404"}}),
              1);
    EXPECT_GE(value_of(samples, "profiles_http_requests_total",
                       {{"method", "GET"}, {"route", "unmatched"}, {"status", "404"}}),
              1);
    for (const Sample& s : samples) {
        auto route = s.labels.find("route");
        if (route != s.labels.end()) {
            EXPECT_TRUE(route->second == "unmatched" || route->second.front() == '/')
                << route->second;
        }
    }
}

TEST_F(Metrics, OneRequestAddsExactlyOne) {
    const std::map<std::string, std::string> live = {
        {"method", "GET"}, {"route", "/live"}, {"status", "200"}};
    ASSERT_EQ(get("/live").status, 200);
    double before = value_of(scrape(), "profiles_http_requests_total", live);
    ASSERT_EQ(get("/live").status, 200);
    double after = value_of(scrape(), "profiles_http_requests_total", live);
    EXPECT_EQ(after, before + 1);
}

TEST_F(Metrics, HistogramsAreCumulativeAndMatchTheirCount) {
    ASSERT_EQ(get("/live").status, 200);
    std::vector<Sample> samples = scrape();
    // Group the buckets of each series (every label but le).
    std::map<std::string, std::vector<std::pair<double, double>>> buckets;
    std::map<std::string, double> counts;
    auto key_of = [](const Sample& s) {
        std::string key;
        for (const auto& [k, v] : s.labels) {
            if (k != "le") {
                key += k + "=" + v + ";";
            }
        }
        return key;
    };
    for (const Sample& s : samples) {
        if (s.family != "profiles_http_request_duration_seconds") {
            continue;
        }
        EXPECT_EQ(s.type, "histogram");
        if (s.name == "profiles_http_request_duration_seconds_bucket") {
            const std::string& le = s.labels.at("le");
            double bound = le == "+Inf" ? 1e300 : std::stod(le);
            buckets[key_of(s)].emplace_back(bound, s.value);
        } else if (s.name == "profiles_http_request_duration_seconds_count") {
            counts[key_of(s)] = s.value;
        }
    }
    ASSERT_FALSE(buckets.empty());
    for (const auto& [key, series] : buckets) {
        ASSERT_EQ(series.size(), 14u) << key;
        for (size_t i = 1; i < series.size(); ++i) {
            EXPECT_LT(series[i - 1].first, series[i].first) << key;
            EXPECT_LE(series[i - 1].second, series[i].second) << key;
        }
        EXPECT_EQ(series.back().second, counts[key]) << key;
    }
}

TEST_F(Metrics, DatabaseErrorsBySqlstate) {
    const std::string admin = create_user("internal_admin");
    auto errors = [&] {
        return value_of(scrape(), "profiles_db_errors_total", {{"sqlstate", "P0002"}});
    };
    double before = std::max(0.0, errors());
    Reply reply = get("/profiles/" + new_uuid(), {{"Authorization", "Bearer " + token_for(admin)}});
    ASSERT_EQ(reply.status, 404);
    EXPECT_EQ(errors(), before + 1);
}

// A pool of 2 with both connections stuck behind a row lock: the gauges show 2 in use, a third
// request waits and then times out, and every counter says so.
TEST_F(Metrics, PoolGaugesWaitsAndTimeouts) {
    const std::string admin = create_user("internal_admin");
    const std::string target = create_user_with_profile("standard_user", admin);
    std::string error;
    auto shim = ShimProcess::start({{"PROFILES_POOL_SIZE", "2"},
                                    {"PROFILES_POOL_TIMEOUT_MS", "300"},
                                    {"PROFILES_THREADS", "8"}},
                                   error);
    ASSERT_TRUE(shim) << error;
    const std::map<std::string, std::string> primary = {{"pool", "primary"}};
    std::vector<Sample> idle = scrape(*shim);
    EXPECT_EQ(value_of(idle, "profiles_pool_size", primary), 2);
    EXPECT_EQ(
        value_of(idle, "profiles_pool_connections", {{"pool", "primary"}, {"state", "in_use"}}), 0);
    EXPECT_EQ(value_of(idle, "profiles_pool_timeouts_total", primary), 0);

    AdminDb locker(env_or("ADMIN_DATABASE_URL", ""));
    locker.exec("BEGIN");
    locker.exec("SELECT 1 FROM profiles.profile WHERE id = $1 FOR UPDATE", {target});

    const std::string token = token_for(admin);
    const std::string body = R"({"resource":"profiles","action":"update","id":")" + target +
                             R"(","data":{"job_title":"metrics"}})";
    std::atomic<int> answered{0};
    std::vector<std::thread> writers;
    for (int i = 0; i < 2; ++i) {
        writers.emplace_back([&] {
            auto client = shim->client();
            client->set_read_timeout(20, 0);
            client->Post("/functions/v1/api", {{"Authorization", "Bearer " + token}}, body,
                         "application/json");
            ++answered;
        });
    }
    // Both connections are now held by the blocked updates.
    double in_use = 0;
    for (int i = 0; i < 100 && in_use < 2; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        in_use = value_of(scrape(*shim), "profiles_pool_connections",
                          {{"pool", "primary"}, {"state", "in_use"}});
    }
    EXPECT_EQ(in_use, 2);
    auto third = shim->client()->Post("/functions/v1/api", {{"Authorization", "Bearer " + token}},
                                      body, "application/json");
    ASSERT_TRUE(third);
    EXPECT_EQ(third->status, 503);

    std::vector<Sample> busy = scrape(*shim);
    EXPECT_GE(value_of(busy, "profiles_pool_waits_total", primary), 1);
    EXPECT_GE(value_of(busy, "profiles_pool_timeouts_total", primary), 1);
    EXPECT_GE(value_of(busy, "profiles_http_requests_total",
                       {{"route", "/functions/v1/api"}, {"status", "503"}}),
              1);

    locker.exec("COMMIT");
    for (auto& t : writers) {
        t.join();
    }
    EXPECT_EQ(answered, 2);
    std::vector<Sample> after = scrape(*shim);
    EXPECT_EQ(
        value_of(after, "profiles_pool_connections", {{"pool", "primary"}, {"state", "in_use"}}),
        0);
    EXPECT_EQ(
        value_of(after, "profiles_pool_connections", {{"pool", "primary"}, {"state", "idle"}}), 2);
    EXPECT_EQ(shim->stop(), 0);
}
