// Structured logs: one JSON object per line on stderr, safe to call from any thread.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace profiles::log {

enum class Level { Debug, Info, Warn, Error };

std::optional<Level> parse_level(std::string_view name);
void set_level(Level level);
bool enabled(Level level);

struct AccessRecord {
    std::string_view request_id;
    std::string_view method;
    std::string_view path;
    int status = 0;
    double duration_ms = 0;
    std::string_view actor; // empty before authentication
};

using Fields = std::initializer_list<std::pair<std::string_view, std::string_view>>;

// The line for one finished request (level info).
void access(const AccessRecord& record);

// Any other event, with optional extra string fields.
void write(Level level, std::string_view message, Fields fields = {});

// The JSON text of a line without its newline; `ts` is an ISO 8601 UTC timestamp. Exposed for
// tests.
std::string format_access(const AccessRecord& record, std::string_view ts);
std::string format_event(Level level, std::string_view message, Fields fields, std::string_view ts);

} // namespace profiles::log
