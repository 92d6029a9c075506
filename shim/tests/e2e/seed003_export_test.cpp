// Seed 003 CSV export over HTTP: POST export, then GET export/{uploadId} streamed in chunks.
// The CSV is read back with Python's csv module, not with anything of ours.
#include "artifact_fixtures.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <thread>

using namespace profiles::e2e;
using namespace profiles::e2e::seed003;

namespace {

using Clock = std::chrono::steady_clock;

constexpr const char* kCsvType = "text/csv; charset=utf-8";

// The columns compared with the table, as export_rows names them.
const char* const kTextColumns[] = {"first_name",   "middle_name", "last_name", "name", "email",
                                    "company_name", "job_title",   "city",      "role"};

// What a spreadsheet-safe export makes of a cell: a formula-looking one gets a leading quote.
std::string neutralised(const std::string& value) {
    if (!value.empty() && (value[0] == '=' || value[0] == '+' || value[0] == '-' ||
                           value[0] == '@' || value[0] == '\t' || value[0] == '\r')) {
        return "'" + value;
    }
    return value;
}

class Seed003Export : public ArtifactTest {
  protected:
    void SetUp() override {
        ArtifactTest::SetUp();
        admin_ = create_user("internal_admin");
    }

    // POST export as `token`; the upload id (empty on failure).
    std::string export_as(const std::string& token, const std::string& body = "{}") {
        Reply r = artifact("export", token, body);
        EXPECT_EQ(r.status, 201) << r.body;
        return r.status == 201 ? r.text({"upload_id"}) : "";
    }

    // The stored file, as the database holds it.
    std::string stored(const std::string& upload_id) {
        return db()
            .scalar("SELECT string_agg(data, '' ORDER BY seq) FROM profiles.export_chunk "
                    "WHERE export_id = $1::uuid",
                    {upload_id})
            .value_or("");
    }

    // Parsed rows keyed by profile_id, and the header's column positions.
    struct Table {
        std::map<std::string, size_t> column;
        std::map<std::string, std::vector<std::string>> rows;
        size_t count = 0;
    };
    static Table read_csv(const std::string& csv) {
        std::string error;
        std::vector<std::vector<std::string>> rows = parse_csv_with_python(csv, error);
        EXPECT_TRUE(error.empty()) << error;
        Table table;
        if (rows.empty()) {
            return table;
        }
        for (size_t i = 0; i < rows[0].size(); ++i) {
            table.column[rows[0][i]] = i;
        }
        for (size_t r = 1; r < rows.size(); ++r) {
            EXPECT_EQ(rows[r].size(), rows[0].size()) << "row " << r;
            table.rows[rows[r][0]] = rows[r];
        }
        table.count = rows.size() - 1;
        return table;
    }

    std::string admin_;
};

} // namespace

TEST_F(Seed003Export, CsvSurvivesARealParser) {
    // Commas, quotes, line breaks (LF and CR LF), non-ASCII, formula payloads, edge spaces.
    const std::vector<std::map<std::string, std::string>> people = {
        {{"first_name", "Smith, John"},
         {"last_name", "O\"Brien \"The Boss\""},
         {"company_name", "Acme, Inc."}},
        {{"first_name", "Line\nBreak"},
         {"middle_name", "cr\r\nlf"},
         {"last_name", "Zoë Ångström 日本語 🚀"}},
        {{"first_name", "=1+1"},
         {"last_name", "+cmd"},
         {"company_name", "@x"},
         {"job_title", "-2"}},
        {{"first_name", " padded "},
         {"last_name", "=HYPERLINK(\"http://x.example\",\"y\")"},
         {"city", "\ttab"}},
    };
    std::string items;
    for (const auto& person : people) {
        std::string item =
            R"({"email":")" + std::string("csv-") + new_uuid() + "@e2e.example.com\"";
        for (const auto& [key, value] : person) {
            item += ",\"" + key + "\":" + json_quote(value);
        }
        items += (items.empty() ? "" : ",") + item + "}";
    }
    Reply created = as(admin_, "create", R"({"profiles":[)" + items + "]}");
    ASSERT_EQ(created.status, 200) << created.body;
    std::vector<std::string> ids;
    for (const auto& result : created.at({"results"})->GetArray()) {
        ASSERT_TRUE(result["success"].GetBool()) << created.body;
        ids.emplace_back(result["profile_id"].GetString());
    }

    Reply exported = as(admin_, "export", R"({"profile_export_id":"e2e-csv"})");
    ASSERT_EQ(exported.status, 201) << exported.body;
    std::string upload_id = exported.text({"upload_id"});
    std::string file_name = exported.text({"file_name"});
    EXPECT_EQ(file_name.rfind("profiles-", 0), 0u) << file_name;
    EXPECT_EQ(db().scalar("SELECT profile_export_id FROM profiles.export WHERE id = $1::uuid",
                          {upload_id}),
              "e2e-csv");

    Reply r = download(upload_id, token_for(admin_));
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.header("Content-Type"), kCsvType);
    EXPECT_EQ(r.header("Content-Disposition"), "attachment; filename=\"" + file_name + "\"");
    EXPECT_EQ(r.header("Transfer-Encoding"), "chunked");
    EXPECT_FALSE(r.header("X-Request-Id").empty());
    EXPECT_EQ(r.body, stored(upload_id));

    Table table = read_csv(r.body);
    EXPECT_EQ(static_cast<int64_t>(table.count), exported.integer({"row_count"}));
    ASSERT_EQ(table.column.count("profile_id"), 1u);
    for (const char* column : kTextColumns) {
        ASSERT_EQ(table.column.count(column), 1u) << column;
    }
    for (const std::string& id : ids) {
        ASSERT_EQ(table.rows.count(id), 1u) << id;
        const std::vector<std::string>& row = table.rows[id];
        std::string json = db().scalar("SELECT row_to_json(r)::text FROM profiles.export_rows r "
                                       "WHERE r.profile_id = $1::uuid",
                                       {id})
                               .value_or("{}");
        rapidjson::Document expected;
        expected.Parse(json.c_str());
        for (const char* column : kTextColumns) {
            const rapidjson::Value& value = expected[column];
            std::string want = value.IsNull() ? "" : neutralised(value.GetString());
            EXPECT_EQ(row[table.column[column]], want) << id << " " << column;
        }
    }
    // The payloads themselves, spelled out.
    const std::vector<std::string>& formulas = table.rows[ids[2]];
    EXPECT_EQ(formulas[table.column["first_name"]], "'=1+1");
    EXPECT_EQ(formulas[table.column["last_name"]], "'+cmd");
    EXPECT_EQ(formulas[table.column["company_name"]], "'@x");
    EXPECT_EQ(formulas[table.column["job_title"]], "'-2");
    EXPECT_EQ(table.rows[ids[1]][table.column["middle_name"]], "cr\r\nlf");
    EXPECT_EQ(table.rows[ids[1]][table.column["last_name"]], "Zoë Ångström 日本語 🚀");
    EXPECT_EQ(table.rows[ids[0]][table.column["last_name"]], "O\"Brien \"The Boss\"");
    EXPECT_EQ(table.rows[ids[3]][table.column["first_name"]], " padded ");
    EXPECT_EQ(table.rows[ids[3]][table.column["city"]], "'\ttab");
}

TEST_F(Seed003Export, RegularUsersExportWhatTheySeeAndOnlyTheirOwnFiles) {
    std::string me = create_user_with_profile("standard_user", admin_);
    std::string other = create_user_with_profile("standard_user", admin_);
    std::string consumer = create_user_with_profile("consumer", admin_);

    Reply mine = artifact("export", token_for(me), "");
    ASSERT_EQ(mine.status, 201) << mine.body;
    EXPECT_EQ(mine.integer({"row_count"}), 1);
    std::string upload_id = mine.text({"upload_id"});

    Reply own = download(upload_id, token_for(me));
    ASSERT_EQ(own.status, 200) << own.body;
    Table table = read_csv(own.body);
    EXPECT_EQ(table.count, 1u);
    EXPECT_EQ(table.rows.count(me), 1u);

    for (const std::string& stranger : {other, consumer}) {
        Reply r = download(upload_id, token_for(stranger));
        EXPECT_EQ(r.status, 403) << r.body;
        EXPECT_EQ(r.error_code(), "FORBIDDEN");
        EXPECT_EQ(r.header("Content-Disposition"), "");
    }
    // Admins may download anyone's export; nobody else may download an admin's.
    EXPECT_EQ(download(upload_id, token_for(admin_)).status, 200);
    std::string admins = export_as(token_for(admin_));
    Reply refused = download(admins, token_for(me));
    EXPECT_EQ(refused.status, 403) << refused.body;

    Reply consumers = artifact("export", token_for(consumer));
    ASSERT_EQ(consumers.status, 201) << consumers.body;
    EXPECT_EQ(consumers.integer({"row_count"}), 1);
}

TEST_F(Seed003Export, UnknownOrMalformedIdsAre404) {
    std::string token = token_for(admin_);
    Reply unknown = download(new_uuid(), token);
    EXPECT_EQ(unknown.status, 404) << unknown.body;
    EXPECT_EQ(unknown.error_code(), "NOT_FOUND");
    for (const char* id : {"abc", "1234", "00000000-0000-0000-0000-00000000000g"}) {
        Reply r = download(id, token);
        EXPECT_EQ(r.status, 404) << id << ": " << r.body;
        EXPECT_EQ(r.error_code(), "NOT_FOUND");
    }
    EXPECT_EQ(download(new_uuid(), "").status, 401);
}

// export_info admits an admin who is emulating someone, while row-level security on the chunks
// follows the emulated user: whatever the database decides, the client gets a whole file or an
// error status, never a 200 with part of a file.
TEST_F(Seed003Export, EmulatingAdminGetsAWholeFileOrAnError) {
    std::string owner = create_user_with_profile("standard_user", admin_);
    std::string upload_id = export_as(token_for(owner));
    ASSERT_FALSE(upload_id.empty());
    std::string sid = "e2e-sid-" + new_uuid();
    std::string token = session_token(admin_, sid);
    std::string target = create_user("consumer");
    Reply emulating = artifact("emulate", token, R"({"target_profile_id":")" + target + "\"}");
    ASSERT_TRUE(emulating.is_true({"allowed"})) << emulating.body;

    Reply r = download(upload_id, token);
    if (r.status == 200) {
        EXPECT_EQ(r.body, stored(upload_id));
    } else {
        EXPECT_EQ(r.status, 403) << r.body;
        EXPECT_EQ(r.error_code(), "FORBIDDEN");
    }
}

TEST_F(Seed003Export, HundredThousandRowsStreamInBoundedMemory) {
    // A shim of its own: its memory is measured alone, and rendering 100k rows may take longer
    // than the default 5 s statement timeout on a busy machine.
    const std::vector<pid_t> others = shim_pids();
    std::string error;
    std::unique_ptr<ShimProcess> shim =
        ShimProcess::start({{"PROFILES_STATEMENT_TIMEOUT_MS", "120000"}}, error);
    ASSERT_TRUE(shim) << error;
    pid_t pid = -1;
    for (pid_t candidate : shim_pids()) {
        if (std::find(others.begin(), others.end(), candidate) == others.end()) {
            pid = candidate;
        }
    }
    ASSERT_GT(pid, 0) << "cannot find the shim process";
    const std::string batch = "e2e-bulk-" + new_uuid();
    // Removes the rows (and the stored file) whatever happens below, so other tests stay fast.
    struct Cleanup {
        AdminDb& db;
        std::string batch;
        std::string upload_id;
        bool done = false;
        void run() {
            done = true;
            try {
                db.exec("DELETE FROM profiles.users WHERE designation = $1", {batch});
                if (!upload_id.empty()) {
                    db.exec("DELETE FROM profiles.export WHERE id = $1::uuid", {upload_id});
                }
            } catch (const std::exception& e) {
                ADD_FAILURE() << "cleanup failed: " << e.what();
            }
        }
        ~Cleanup() {
            if (!done) {
                run();
            }
        }
    } cleanup{db(), batch, ""};
    auto seconds_since = [](Clock::time_point start) {
        return std::chrono::duration<double>(Clock::now() - start).count();
    };

    auto phase = Clock::now();
    // Wide cells outside the trigram-indexed name and e-mail: a big file, a cheap insert.
    db().exec("WITH u AS (INSERT INTO profiles.users (designation, role) "
              "SELECT $1, 'consumer' FROM generate_series(1, 100000) RETURNING id) "
              "INSERT INTO profiles.profile (id, first_name, last_name, company_name, job_title, "
              "city) SELECT u.id, 'Bulk', 'Row', repeat('c', 120), repeat('j', 120), "
              "repeat('y', 60) FROM u",
              {batch});

    const double insert_s = seconds_since(phase);

    phase = Clock::now();
    auto client = shim->client();
    client->set_read_timeout(120, 0);
    Reply exported = to_reply(client->Post((std::string(kArtifactsPrefix) + "export").c_str(),
                                           {{"Authorization", "Bearer " + token_for(admin_)}}, "{}",
                                           "application/json"));
    ASSERT_EQ(exported.status, 201) << exported.body;
    cleanup.upload_id = exported.text({"upload_id"});
    EXPECT_GE(exported.integer({"row_count"}), 100000);
    const long long byte_count =
        count("SELECT byte_count FROM profiles.export WHERE id = $1::uuid", {cleanup.upload_id});
    ASSERT_GT(byte_count, 32LL << 20) << "the file must dwarf the memory bound";

    const double export_s = seconds_since(phase);

    phase = Clock::now();
    const long before = vm_rss_kib(pid);
    ASSERT_GT(before, 0);
    std::atomic<bool> done{false};
    std::atomic<long> peak{before};
    std::thread sampler([&] {
        while (!done) {
            long rss = vm_rss_kib(pid);
            if (rss > peak) {
                peak = rss;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
    });
    std::string body;
    client->set_decompress(false); // bytes as the shim sent them, no gzip in the way
    httplib::Headers headers = {{"Authorization", "Bearer " + token_for(admin_)},
                                {"Accept-Encoding", "identity"}};
    auto result =
        client->Get((std::string(kArtifactsPrefix) + "export/" + cleanup.upload_id).c_str(),
                    headers, [&](const char* data, size_t length) {
                        body.append(data, length);
                        return true;
                    });
    done = true;
    sampler.join();
    const double download_s = seconds_since(phase);

    ASSERT_TRUE(result) << "no response";
    EXPECT_EQ(result->status, 200);
    EXPECT_EQ(result->get_header_value("Transfer-Encoding"), "chunked");
    EXPECT_EQ(static_cast<long long>(body.size()), byte_count);
    EXPECT_TRUE(body == stored(cleanup.upload_id)) << "the download differs from the stored file";
    const long growth_kib = peak - before;
    if (!runs_with_asan(pid)) {
        // A whole-file buffer anywhere in the shim would grow it by more than twice this.
        EXPECT_LT(growth_kib, 16 * 1024) << "RSS before " << before << " KiB, peak " << peak.load()
                                         << " KiB, file " << (byte_count >> 10) << " KiB";
    }

    // A client that leaves early: the shim notices, holds nothing, and carries on.
    size_t received = 0;
    auto abandoned =
        client->Get((std::string(kArtifactsPrefix) + "export/" + cleanup.upload_id).c_str(),
                    headers, [&](const char*, size_t length) {
                        received += length;
                        return received < (1u << 20);
                    });
    EXPECT_FALSE(abandoned);
    bool noticed = false;
    for (auto deadline = Clock::now() + std::chrono::seconds(10);
         !noticed && Clock::now() < deadline;) {
        noticed = shim->log().find("export download cut short") != std::string::npos;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    EXPECT_TRUE(noticed) << shim->log();
    auto after = client->Get("/ready");
    ASSERT_TRUE(after);
    EXPECT_EQ(after->status, 200);

    EXPECT_EQ(shim->stop(), 0) << shim->log();
    phase = Clock::now();
    cleanup.run();
    std::printf("[          ] 100k-row export: %lld bytes, shim RSS %ld KiB -> peak %ld KiB; "
                "insert %.1f s, export %.1f s, download %.1f s, delete %.1f s\n",
                byte_count, before, peak.load(), insert_s, export_s, download_s,
                seconds_since(phase));
}
