#include "api_envelope.hpp"

#include "json_parse.hpp"

#include <array>
#include <utility>

namespace profiles::functions_api {

namespace {

constexpr std::array<std::pair<std::string_view, Action>, 6> kActions = {{
    {"all", Action::All},
    {"list", Action::List},
    {"get", Action::Get},
    {"create", Action::Create},
    {"update", Action::Update},
    {"delete", Action::Delete},
}};

bool needs_id(Action action) {
    return action == Action::Get || action == Action::Update || action == Action::Delete;
}

std::optional<std::string_view> string_value(const rapidjson::Value* value) {
    if (value == nullptr || !value->IsString()) {
        return std::nullopt;
    }
    return std::string_view(value->GetString(), value->GetStringLength());
}

EnvelopeCheck refuse(std::string message) {
    EnvelopeCheck check;
    check.error = errors::validation(std::move(message));
    return check;
}

} // namespace

EnvelopeCheck check_envelope(std::string_view body) {
    json::SmallDocument parsed;
    rapidjson::Document& doc = parsed.get();
    if (!json::parse(body, doc)) {
        return refuse("Request body is not valid JSON");
    }
    if (!doc.IsObject()) {
        return refuse("Request body must be a JSON object");
    }
    // PostgreSQL's jsonb keeps the last of duplicate keys, RapidJSON finds the first: refuse
    // rather than check one request and run another.
    if (json::has_duplicate_members(doc)) {
        return refuse("Request body has duplicate keys");
    }
    auto resource = string_value(json::find(doc, "resource"));
    if (!resource) {
        return refuse("Resource not provided");
    }
    if (*resource != "profiles") {
        return refuse("Unknown resource");
    }
    auto action_name = string_value(json::find(doc, "action"));
    if (!action_name) {
        return refuse("Action not provided");
    }
    EnvelopeCheck check;
    bool known = false;
    for (const auto& [name, action] : kActions) {
        if (*action_name == name) {
            check.action = action;
            known = true;
        }
    }
    if (!known) {
        return refuse("Unknown action");
    }
    if (needs_id(check.action)) {
        const rapidjson::Value* id = json::find(doc, "id");
        if (id == nullptr || id->IsNull() || (id->IsString() && id->GetStringLength() == 0)) {
            return refuse("Profile ID not provided");
        }
        if (!id->IsString()) {
            return refuse("Profile ID must be a string");
        }
    }
    return check;
}

} // namespace profiles::functions_api
