#include "artifact_requests.hpp"

#include "json_parse.hpp"
#include "uuid.hpp"

namespace profiles::artifacts {

namespace {

std::string describe(FieldKind kind) {
    switch (kind) {
    case FieldKind::Uuid:
        return "a UUID string";
    case FieldKind::Text:
        return "a string";
    case FieldKind::Int32:
        return "an integer";
    }
    return "a value";
}

} // namespace

Fields extract_fields(std::string_view body, const std::vector<FieldSpec>& specs) {
    Fields out;
    json::SmallDocument parsed;
    rapidjson::Document& doc = parsed.get();
    if (!json::parse_object(body, doc)) {
        out.error = "Request body must be a JSON object";
        return out;
    }
    for (const FieldSpec& spec : specs) {
        const rapidjson::Value* value = json::find(doc, spec.name);
        if (value == nullptr || value->IsNull()) {
            if (spec.required) {
                out.error = std::string(spec.name) + " is required";
                return out;
            }
            out.params.emplace_back(std::nullopt);
            continue;
        }
        bool ok = false;
        switch (spec.kind) {
        case FieldKind::Uuid:
            ok = value->IsString() &&
                 is_uuid(std::string_view(value->GetString(), value->GetStringLength()));
            if (ok) {
                out.params.emplace_back(std::string(value->GetString(), value->GetStringLength()));
            }
            break;
        case FieldKind::Text:
            // A NUL cannot travel in a text parameter: refuse rather than truncate.
            ok = value->IsString() &&
                 std::string_view(value->GetString(), value->GetStringLength()).find('\0') ==
                     std::string_view::npos;
            if (ok) {
                out.params.emplace_back(std::string(value->GetString(), value->GetStringLength()));
            }
            break;
        case FieldKind::Int32:
            ok = value->IsInt();
            if (ok) {
                out.params.emplace_back(std::to_string(value->GetInt()));
            }
            break;
        }
        if (!ok) {
            out.error = std::string(spec.name) + " must be " + describe(spec.kind);
            out.params.clear();
            return out;
        }
    }
    return out;
}

std::string attachment_disposition(std::string_view file_name) {
    std::string out = "attachment; filename=\"";
    for (char c : file_name) {
        auto byte = static_cast<unsigned char>(c);
        bool safe = byte >= 0x20 && byte < 0x7f && c != '"' && c != '\\';
        out += safe ? c : '_';
    }
    return out + "\"";
}

std::string AnswerCache::key_text(const std::optional<std::string>& key) {
    // NULL and the empty string are different requests.
    return key ? "=" + *key : std::string("null");
}

std::optional<std::string> AnswerCache::find(const std::optional<std::string>& key,
                                             Ticket& ticket) const {
    std::shared_ptr<const std::string> answer;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        ticket.generation = generation_;
        ticket.storable = enabled_ && (!key || key->size() <= max_key_bytes_);
        if (!ticket.storable) {
            return std::nullopt;
        }
        auto it = answers_.find(key_text(key));
        if (it == answers_.end()) {
            return std::nullopt;
        }
        answer = it->second;
    }
    return *answer; // copied outside the lock
}

bool AnswerCache::store(const std::optional<std::string>& key, const Ticket& ticket,
                        std::string answer) {
    if (!ticket.storable || max_entries_ == 0 || (key && key->size() > max_key_bytes_)) {
        return false;
    }
    auto value = std::make_shared<const std::string>(std::move(answer));
    std::string text = key_text(key);
    std::lock_guard<std::mutex> lock(mutex_);
    if (!enabled_ || ticket.generation != generation_) {
        return false;
    }
    if (answers_.size() >= max_entries_ && answers_.find(text) == answers_.end()) {
        answers_.erase(answers_.begin()); // keys are caller-chosen: stay bounded
    }
    answers_[std::move(text)] = std::move(value);
    return true;
}

void AnswerCache::invalidate() {
    std::unordered_map<std::string, std::shared_ptr<const std::string>> dropped;
    std::lock_guard<std::mutex> lock(mutex_);
    ++generation_;
    dropped.swap(answers_);
}

void AnswerCache::set_enabled(bool enabled) {
    std::lock_guard<std::mutex> lock(mutex_);
    ++generation_;
    answers_.clear();
    enabled_ = enabled;
}

bool AnswerCache::enabled() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return enabled_;
}

size_t AnswerCache::size() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return answers_.size();
}

} // namespace profiles::artifacts
