#include "export_download.hpp"

#include "artifact_requests.hpp"
#include "caller.hpp"
#include "db_access.hpp"
#include "json_parse.hpp"
#include "logging.hpp"
#include "uuid.hpp"

#include <charconv>
#include <memory>

namespace profiles {

namespace {

const Statement kExportInfo{"artifacts_export_info", "SELECT profiles.export_info($1::uuid)", 1};
// The chunk after `seq` (-1: the first). The primary key (export_id, seq) makes each read an
// index probe; seq first so that DbOutcome::value (the first column) stays small.
const Statement kExportChunk{"artifacts_export_chunk",
                             "SELECT c.seq, c.data FROM profiles.export_chunk c "
                             "WHERE c.export_id = $1::uuid AND c.seq > $2::int "
                             "ORDER BY c.seq LIMIT 1",
                             2};

constexpr const char* kCsvContentType = "text/csv; charset=utf-8";

struct ExportInfo {
    std::string file_name;
    long long byte_count = 0;
    std::string status;
};

// export_info's {upload_id, file_name, row_count, byte_count, status}.
std::optional<ExportInfo> parse_info(const std::string& text) {
    rapidjson::Document doc;
    if (!json::parse_object(text, doc)) {
        return std::nullopt;
    }
    const rapidjson::Value* name = json::find(doc, "file_name");
    const rapidjson::Value* bytes = json::find(doc, "byte_count");
    const rapidjson::Value* status = json::find(doc, "status");
    if (name == nullptr || !name->IsString() || bytes == nullptr || !bytes->IsInt64() ||
        status == nullptr || !status->IsString()) {
        return std::nullopt;
    }
    return ExportInfo{name->GetString(), bytes->GetInt64(), status->GetString()};
}

// One download in progress. Shared by the content provider and its releaser, which cpp-httplib
// keeps in the response until the last byte is written or the client is gone.
class ExportStream {
  public:
    ExportStream(AppContext& app, DbCall call, long long expected_bytes)
        : app_(app), call_(std::move(call)), expected_bytes_(expected_bytes) {}

    // Reads the next chunk (one pooled transaction, set_actor first). ok with an empty row
    // once there is none left.
    DbOutcome read_next() {
        call_.params[1] = std::to_string(last_seq_);
        DbOutcome outcome =
            with_connection(app_.pool, [this](PgConnection& conn) { return conn.call(call_); });
        if (outcome.ok && !outcome.row.empty() && !read_seq(outcome.row)) {
            outcome.ok = false;
            outcome.error = {"XX000", "unexpected export chunk row", ""};
        }
        return outcome;
    }

    // A chunk row is (seq, data); remembers seq as the point to continue from.
    bool read_seq(const std::vector<std::optional<std::string>>& row) {
        if (row.size() != 2 || !row[0] || !row[1]) {
            return false;
        }
        const std::string& text = *row[0];
        auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), last_seq_);
        return error == std::errc() && end == text.data() + text.size();
    }

    // Keeps the chunk read before the response started; it goes out first.
    void hold(std::string chunk) { pending_ = std::move(chunk); }

    // The content provider: one chunk per call, then the end of the body.
    bool produce(httplib::DataSink& sink) {
        std::string data;
        if (pending_) {
            data = std::move(*pending_);
            pending_.reset();
        } else {
            DbOutcome next = read_next();
            if (!next.ok) {
                log::write(log::Level::Error, "export download: reading a chunk failed",
                           {{"request_id", call_.request_id},
                            {"sqlstate", next.error.sqlstate},
                            {"error", next.error.message}});
                return false;
            }
            if (next.row.empty()) {
                // byte_count counts the stored text; database and connection are both UTF-8,
                // so the bytes sent must add up to it exactly.
                if (sent_bytes_ != expected_bytes_) {
                    log::write(log::Level::Error, "export download: the stored file ended early",
                               {{"request_id", call_.request_id},
                                {"sent_bytes", std::to_string(sent_bytes_)},
                                {"byte_count", std::to_string(expected_bytes_)}});
                    return false;
                }
                sink.done();
                return true;
            }
            data = std::move(*next.row[1]);
        }
        if (data.empty()) {
            return true; // a zero-length write would end the body early
        }
        if (!sink.write(data.data(), data.size())) {
            return false; // the client went away
        }
        sent_bytes_ += static_cast<long long>(data.size());
        return true;
    }

    // The releaser: the response is gone, whether complete or not.
    void finished(bool complete) const {
        log::write(complete ? log::Level::Debug : log::Level::Warn,
                   complete ? "export download complete" : "export download cut short",
                   {{"request_id", call_.request_id},
                    {"sent_bytes", std::to_string(sent_bytes_)},
                    {"byte_count", std::to_string(expected_bytes_)}});
    }

  private:
    AppContext& app_;
    DbCall call_;
    const long long expected_bytes_;
    long long last_seq_ = -1;
    long long sent_bytes_ = 0;
    std::optional<std::string> pending_;
};

std::string path_param(const Exchange& ex, const char* name) {
    for (const auto& [key, value] : ex.params()) {
        if (key == name) {
            return value;
        }
    }
    return {};
}

ApiError export_not_found() {
    return map_db_error({"P0002", "export not found", ""});
}

} // namespace

void handle_export_download(AppContext& app, Exchange& ex) {
    std::optional<Credential> who = authenticate_caller(app, ex);
    if (!who) {
        return;
    }
    const std::string upload_id = path_param(ex, "uploadId");
    if (!is_uuid(upload_id)) {
        return ex.send_error(export_not_found()); // no export has such an id
    }
    std::optional<DbOutcome> info_outcome = run_as(app, ex, *who, kExportInfo, {upload_id});
    if (!info_outcome) {
        return;
    }
    std::optional<ExportInfo> info = parse_info(info_outcome->value);
    if (!info) {
        log::write(log::Level::Error, "export_info answered an unexpected document",
                   {{"request_id", ex.request_id()}});
        return ex.send_error(errors::internal());
    }
    if (info->status != "done") {
        return ex.send_error(map_db_error({"40001", "the export is not finished", ""}));
    }

    DbCall call{*who, ex.request_id(), std::nullopt, &kExportChunk, {upload_id, std::nullopt}};
    if (ex.request().has_header("X-MCP")) {
        call.client = "mcp";
    }
    auto stream = std::make_shared<ExportStream>(app, std::move(call), info->byte_count);

    // The first chunk is read before the status line goes out, so a refusal or a broken
    // database is still an error status rather than a 200 cut short.
    DbOutcome first = stream->read_next();
    if (!first.ok) {
        if (first.error.sqlstate == "28000" || first.error.sqlstate == "28P01") {
            return ex.send_error(errors::unauthorized());
        }
        return ex.send_db_error(first.error);
    }
    if (first.row.empty() && info->byte_count > 0) {
        // export_info let the caller in, but row-level security hides the content.
        return ex.send_error(errors::forbidden("the content of this export is not readable"));
    }
    if (!first.row.empty()) {
        stream->hold(std::move(*first.row[1]));
    }

    httplib::Response& response = ex.response();
    response.status = 200;
    ex.set_header("Content-Disposition", artifacts::attachment_disposition(info->file_name));
    ex.set_header("Cache-Control", "no-store");
    response.set_chunked_content_provider(
        kCsvContentType,
        [stream](size_t /*offset*/, httplib::DataSink& sink) { return stream->produce(sink); },
        [stream](bool complete) { stream->finished(complete); });
}

} // namespace profiles
