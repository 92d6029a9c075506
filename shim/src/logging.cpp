#include "logging.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <atomic>
#include <cerrno>
#include <climits>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>
#include <unistd.h>

namespace profiles::log {

namespace {

std::atomic<Level> g_level{Level::Info};
std::mutex g_write_mutex;

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

const char* level_name(Level level) {
    switch (level) {
    case Level::Debug:
        return "debug";
    case Level::Info:
        return "info";
    case Level::Warn:
        return "warn";
    case Level::Error:
        return "error";
    }
    return "info";
}

void put(Writer& writer, std::string_view key, std::string_view value) {
    writer.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
    writer.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
}

std::string now_iso8601() {
    using namespace std::chrono;
    auto now = system_clock::now();
    auto millis =
        static_cast<int>(duration_cast<milliseconds>(now.time_since_epoch()).count() % 1000);
    std::time_t seconds = system_clock::to_time_t(now);
    // Every line of a second shares its date and time: format them once per second and thread.
    thread_local std::time_t formatted_second = -1;
    thread_local char date_time[24];
    thread_local size_t date_time_length = 0;
    if (seconds != formatted_second) {
        std::tm utc{};
        gmtime_r(&seconds, &utc);
        date_time_length = std::strftime(date_time, sizeof date_time, "%Y-%m-%dT%H:%M:%S", &utc);
        formatted_second = seconds;
    }
    std::string text(date_time, date_time_length);
    const char fraction[] = {'.', static_cast<char>('0' + millis / 100),
                             static_cast<char>('0' + millis / 10 % 10),
                             static_cast<char>('0' + millis % 10), 'Z'};
    text.append(fraction, sizeof fraction);
    return text;
}

bool write_all(const char* data, size_t size) {
    while (size > 0) {
        ssize_t n = ::write(STDERR_FILENO, data, size);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return false;
        }
        data += n;
        size -= static_cast<size_t>(n);
    }
    return true;
}

// One write(2) per line, line and newline together. A write of up to PIPE_BUF bytes is not
// interleaved with other writers (pipes; files share the offset), so ordinary lines need no
// lock; longer ones are written under one.
void emit(std::string line) {
    line.push_back('\n');
    if (line.size() <= PIPE_BUF) {
        write_all(line.data(), line.size());
        return;
    }
    std::lock_guard<std::mutex> lock(g_write_mutex);
    write_all(line.data(), line.size());
}

} // namespace

std::optional<Level> parse_level(std::string_view name) {
    for (Level level : {Level::Debug, Level::Info, Level::Warn, Level::Error}) {
        if (name == level_name(level)) {
            return level;
        }
    }
    return std::nullopt;
}

void set_level(Level level) {
    g_level.store(level, std::memory_order_relaxed);
}

bool enabled(Level level) {
    return level >= g_level.load(std::memory_order_relaxed);
}

std::string format_access(const AccessRecord& record, std::string_view ts) {
    rapidjson::StringBuffer buffer;
    Writer writer(buffer);
    writer.StartObject();
    put(writer, "ts", ts);
    put(writer, "level", level_name(Level::Info));
    put(writer, "request_id", record.request_id);
    put(writer, "method", record.method);
    put(writer, "path", record.path);
    writer.Key("status");
    writer.Int(record.status);
    writer.Key("duration_ms");
    // Microsecond resolution is plenty and keeps lines short.
    writer.Double(static_cast<double>(static_cast<int64_t>(record.duration_ms * 1000)) / 1000);
    if (record.actor.empty()) {
        writer.Key("actor");
        writer.Null();
    } else {
        put(writer, "actor", record.actor);
    }
    writer.EndObject();
    return std::string(buffer.GetString(), buffer.GetSize());
}

std::string format_event(Level level, std::string_view message, Fields fields,
                         std::string_view ts) {
    rapidjson::StringBuffer buffer;
    Writer writer(buffer);
    writer.StartObject();
    put(writer, "ts", ts);
    put(writer, "level", level_name(level));
    put(writer, "msg", message);
    for (const auto& [key, value] : fields) {
        put(writer, key, value);
    }
    writer.EndObject();
    return std::string(buffer.GetString(), buffer.GetSize());
}

void access(const AccessRecord& record) {
    if (enabled(Level::Info)) {
        emit(format_access(record, now_iso8601()));
    }
}

void write(Level level, std::string_view message, Fields fields) {
    if (enabled(level)) {
        emit(format_event(level, message, fields, now_iso8601()));
    }
}

} // namespace profiles::log
