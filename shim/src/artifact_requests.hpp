// The pure parts of the seed 003 artifact routes: reading the few scalar fields a route passes
// to its SQL function, the download's Content-Disposition, and the answer cache that a NOTIFY
// empties. No sockets, no libpq.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace profiles::artifacts {

enum class FieldKind {
    Uuid,  // a string in UUID text form
    Text,  // any string
    Int32, // a JSON integer that fits a PostgreSQL integer
};

struct FieldSpec {
    const char* name;
    FieldKind kind;
    bool required = false;
};

// The fields as statement parameters in the order asked for (text form; absent or null:
// NULL), or the 400 message when a field has the wrong type or a required one is missing.
struct Fields {
    std::vector<std::optional<std::string>> params;
    std::optional<std::string> error;
};

// `body` must be a JSON object (read_json_body has checked it).
Fields extract_fields(std::string_view body, const std::vector<FieldSpec>& specs);

// `attachment; filename="<name>"`, with anything that could break out of the quoted string or
// the header (quotes, backslashes, control and non-ASCII bytes) replaced by '_'.
std::string attachment_disposition(std::string_view file_name);

// Answers kept per key until invalidated. Serving and storing happen only while the cache is
// enabled (its invalidation channel is known to be listening); an answer computed before an
// invalidation is never stored after it, whatever the order in which threads finish.
class AnswerCache {
  public:
    explicit AnswerCache(size_t max_entries, size_t max_key_bytes = 256)
        : max_entries_(max_entries), max_key_bytes_(max_key_bytes) {}

    // What a caller must present to store an answer: the generation it started under.
    struct Ticket {
        uint64_t generation = 0;
        bool storable = false;
    };

    // The cached answer for `key` (nullopt: none, or the cache is disabled), and the ticket for
    // storing a fresh one.
    std::optional<std::string> find(const std::optional<std::string>& key, Ticket& ticket) const;

    // Stores `answer` unless the cache was invalidated or disabled since `ticket` was issued.
    // A full cache drops one entry to make room. False when nothing was stored.
    bool store(const std::optional<std::string>& key, const Ticket& ticket, std::string answer);

    // Drops every answer.
    void invalidate();
    // Invalidate, then start (enabled) or stop (disabled) serving and storing.
    void set_enabled(bool enabled);

    bool enabled() const;
    size_t size() const;

  private:
    static std::string key_text(const std::optional<std::string>& key);

    const size_t max_entries_;
    const size_t max_key_bytes_;
    mutable std::mutex mutex_;
    bool enabled_ = false;
    uint64_t generation_ = 0;
    std::unordered_map<std::string, std::shared_ptr<const std::string>> answers_;
};

} // namespace profiles::artifacts
