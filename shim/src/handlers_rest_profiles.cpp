#include "handlers_rest_profiles.hpp"

#include "caller.hpp"
#include "db_access.hpp"
#include "http_conditions.hpp"
#include "http_exchange.hpp"
#include "logging.hpp"
#include "uuid.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <cctype>

namespace profiles {

namespace {

// One statement per route; the database checks every value and every permission.
const Statement kList{"rest_profile_list",
                      "SELECT total, body FROM profiles.rest_profile_list($1::int, $2::int, "
                      "$3::text, $4::text, $5::jsonb)",
                      5};
const Statement kCreate{"rest_profile_create",
                        "SELECT version, body, body->>'profileId' "
                        "FROM profiles.rest_profile_create($1::jsonb)",
                        1};
const Statement kGet{"rest_profile_get",
                     "SELECT version, body FROM profiles.rest_profile_get($1::uuid)", 1};
const Statement kUpdate{"rest_profile_update",
                        "SELECT version, body "
                        "FROM profiles.rest_profile_update($1::uuid, $2::jsonb, $3::int)",
                        3};
const Statement kDelete{"rest_profile_delete",
                        "SELECT profiles.rest_profile_delete($1::uuid, $2::int)", 2};
const Statement kContactList{"rest_contact_list", "SELECT profiles.rest_contact_list($1::uuid)", 1};
const Statement kContactGet{"rest_contact_get",
                            "SELECT profiles.rest_contact_get($1::uuid, $2::uuid)", 2};
const Statement kContactCreate{"rest_contact_create",
                               "SELECT c.body, c.body->>'contactId' "
                               "FROM profiles.rest_contact_create($1::uuid, $2::jsonb) AS c(body)",
                               2};
const Statement kContactUpdate{
    "rest_contact_update", "SELECT profiles.rest_contact_update($1::uuid, $2::uuid, $3::jsonb)", 3};
const Statement kContactDelete{"rest_contact_delete",
                               "SELECT profiles.rest_contact_delete($1::uuid, $2::uuid)", 2};

constexpr const char* kProfileNotFound = "profile not found";
constexpr const char* kContactNotFound = "contact not found";

// Column `i` of the first row ("" when NULL or missing).
std::string column(DbOutcome& outcome, size_t i) {
    if (i >= outcome.row.size() || !outcome.row[i]) {
        return {};
    }
    return std::move(*outcome.row[i]);
}

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

// The path parameter `name` when it is a UUID. Anything else names no resource: 404, with the
// message the database gives for a missing one.
std::optional<std::string> path_uuid(Exchange& ex, const char* name, const char* not_found) {
    for (const auto& [key, value] : ex.params()) {
        if (key == name && is_uuid(value)) {
            return value;
        }
    }
    ex.send_error(map_db_error(DbError{"P0002", not_found, ""}));
    return std::nullopt;
}

// The caller and the {profileId} of the path; nothing once either has been answered (401 or
// 404), in that order.
struct ProfileTarget {
    Credential who;
    std::string id;
};
std::optional<ProfileTarget> caller_and_profile(AppContext& app, Exchange& ex) {
    std::optional<Credential> who = authenticate_caller(app, ex);
    if (!who) {
        return std::nullopt;
    }
    std::optional<std::string> id = path_uuid(ex, "profileId", kProfileNotFound);
    if (!id) {
        return std::nullopt;
    }
    return ProfileTarget{std::move(*who), std::move(*id)};
}

// Every line of header `name`, joined as one list value; nullopt when there is none.
std::optional<std::string> field_value(const httplib::Request& request, const char* name) {
    auto [first, last] = request.headers.equal_range(name);
    if (first == last) {
        return std::nullopt;
    }
    std::string value;
    for (auto it = first; it != last; ++it) {
        value += (value.empty() ? "" : ", ") + it->second;
    }
    return value;
}

ApiError precondition_failed(std::string message, std::optional<std::string> details = {}) {
    return ApiError{412, "PRECONDITION_FAILED", std::move(message), std::move(details), false};
}

// ---- GET /profiles: the query string -------------------------------------------------------

struct ListQuery {
    std::optional<std::string> limit, offset, sort_by, sort_order, filters;
};

bool is_integer(const std::string& text) {
    size_t start = !text.empty() && text[0] == '-' ? 1 : 0;
    return text.size() > start &&
           std::all_of(text.begin() + static_cast<std::ptrdiff_t>(start), text.end(),
                       [](unsigned char c) { return std::isdigit(c) != 0; });
}

// Reads limit, offset, sort_by, sort_order and filter[NAME]=value into the statement's
// parameters. Only the form is checked here (integers, one value per name); what the values
// mean is the database's business. Other parameters are ignored. An error message, or "".
std::string read_list_query(const httplib::Params& params, ListQuery& query) {
    constexpr std::string_view kFilterPrefix = "filter[";
    std::vector<std::pair<std::string, std::string>> filters;
    for (const auto& [name, value] : params) {
        std::optional<std::string>* slot = name == "limit"        ? &query.limit
                                           : name == "offset"     ? &query.offset
                                           : name == "sort_by"    ? &query.sort_by
                                           : name == "sort_order" ? &query.sort_order
                                                                  : nullptr;
        bool is_filter =
            name == "filter" || name.compare(0, kFilterPrefix.size(), kFilterPrefix) == 0;
        if (slot == nullptr && !is_filter) {
            continue;
        }
        if (value.find('\0') != std::string::npos) {
            return name + " must not contain NUL characters";
        }
        if (is_filter) {
            if (name.size() <= kFilterPrefix.size() + 1 || name.back() != ']') {
                return "a filter is written filter[NAME]=value, not " + name;
            }
            std::string field =
                name.substr(kFilterPrefix.size(), name.size() - kFilterPrefix.size() - 1);
            // Parameters come sorted by name, so a repeated filter follows its first value.
            if (!filters.empty() && filters.back().first == field) {
                return name + " is given more than once";
            }
            filters.emplace_back(std::move(field), value);
            continue;
        }
        if (slot->has_value()) {
            return name + " is given more than once";
        }
        if ((slot == &query.limit || slot == &query.offset) && !is_integer(value)) {
            return name + " must be an integer";
        }
        *slot = value;
    }
    if (!filters.empty()) {
        rapidjson::StringBuffer buffer;
        rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
        writer.StartObject();
        for (const auto& [field, value] : filters) {
            writer.Key(field.data(), static_cast<rapidjson::SizeType>(field.size()));
            writer.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
        }
        writer.EndObject();
        query.filters = std::string(buffer.GetString(), buffer.GetSize());
    }
    return {};
}

// ---- profiles ------------------------------------------------------------------------------

void handle_list(AppContext& app, Exchange& ex) {
    std::optional<Credential> who = authenticate_caller(app, ex);
    if (!who) {
        return;
    }
    ListQuery query;
    if (std::string problem = read_list_query(ex.request().params, query); !problem.empty()) {
        return ex.send_error(errors::validation(std::move(problem)));
    }
    std::optional<DbOutcome> outcome =
        run_as(app, ex, *who, kList,
               {query.limit, query.offset, query.sort_by, query.sort_order, query.filters});
    if (!outcome) {
        return;
    }
    ex.set_header("X-Total-Count", column(*outcome, 0));
    ex.send_json(200, column(*outcome, 1));
}

void handle_create(AppContext& app, Exchange& ex) {
    std::optional<Credential> who = authenticate_caller(app, ex);
    if (!who) {
        return;
    }
    std::optional<std::string> body = read_required_body(app, ex);
    if (!body) {
        return;
    }
    std::optional<DbOutcome> outcome = run_as(app, ex, *who, kCreate, {std::move(*body)});
    if (!outcome) {
        return;
    }
    ex.set_header("ETag", conditions::etag(column(*outcome, 0)));
    ex.set_header("Location", "/profiles/" + column(*outcome, 2));
    ex.send_json(201, column(*outcome, 1));
}

void handle_get(AppContext& app, Exchange& ex) {
    std::optional<ProfileTarget> target = caller_and_profile(app, ex);
    if (!target) {
        return;
    }
    std::optional<DbOutcome> outcome = run_as(app, ex, target->who, kGet, {std::move(target->id)});
    if (!outcome) {
        return;
    }
    const std::string version = column(*outcome, 0);
    ex.set_header("ETag", conditions::etag(version));
    std::optional<std::string> if_none_match = field_value(ex.request(), "If-None-Match");
    if (if_none_match && conditions::if_none_match_hits(*if_none_match, version)) {
        return ex.send_no_content(304);
    }
    ex.send_json(200, column(*outcome, 1));
}

// If-Match on a write. The database compares the version under the row lock, after it checked
// who may write and that the profile exists, so 403 and 404 come before 412 (RFC 9110 13.2.1):
// a condition no version can meet goes there as a version no profile has.
struct WriteCondition {
    conditions::IfMatch if_match;
    std::optional<std::string> expected; // the version parameter; nullopt: write unconditionally
};

WriteCondition write_condition(const Exchange& ex) {
    WriteCondition c{conditions::read_if_match(field_value(ex.request(), "If-Match")), {}};
    if (c.if_match.kind == conditions::IfMatch::Kind::Version) {
        c.expected = std::to_string(c.if_match.version);
    } else if (c.if_match.kind == conditions::IfMatch::Kind::Fails) {
        c.expected = "-1";
    }
    return c;
}

// The version mismatch (40001) of a conditional write is a 412 rather than a 409.
DbErrorAnswer precondition_answer(Exchange& ex, const WriteCondition& c) {
    return [&ex, &c](const DbError& error) {
        if (!c.expected || error.sqlstate != "40001") {
            return false;
        }
        log::write(log::Level::Debug, "precondition failed",
                   {{"request_id", ex.request_id()}, {"error", error.message}});
        if (c.if_match.kind == conditions::IfMatch::Kind::Fails) {
            ex.send_error(precondition_failed(c.if_match.problem));
            return true;
        }
        std::optional<std::string> details;
        if (!error.detail.empty()) {
            details = error.detail;
        }
        ex.send_error(precondition_failed(error.message, details));
        return true;
    };
}

// PUT / PATCH: a partial update, conditional with If-Match.
void handle_update(AppContext& app, Exchange& ex) {
    std::optional<ProfileTarget> target = caller_and_profile(app, ex);
    if (!target) {
        return;
    }
    const WriteCondition condition = write_condition(ex);
    std::optional<std::string> body = read_required_body(app, ex);
    if (!body) {
        return;
    }
    std::optional<DbOutcome> outcome =
        run_as(app, ex, target->who, kUpdate,
               {std::move(target->id), std::move(*body), condition.expected},
               precondition_answer(ex, condition));
    if (!outcome) {
        return;
    }
    ex.set_header("ETag", conditions::etag(column(*outcome, 0)));
    ex.send_json(200, column(*outcome, 1));
}

// DELETE, conditional with If-Match like the updates.
void handle_delete(AppContext& app, Exchange& ex) {
    std::optional<ProfileTarget> target = caller_and_profile(app, ex);
    if (!target) {
        return;
    }
    const WriteCondition condition = write_condition(ex);
    if (run_as(app, ex, target->who, kDelete, {std::move(target->id), condition.expected},
               precondition_answer(ex, condition))) {
        ex.send_no_content(204);
    }
}

// ---- contacts ------------------------------------------------------------------------------

void handle_contact_list(AppContext& app, Exchange& ex) {
    std::optional<ProfileTarget> target = caller_and_profile(app, ex);
    if (!target) {
        return;
    }
    std::optional<DbOutcome> outcome =
        run_as(app, ex, target->who, kContactList, {std::move(target->id)});
    if (outcome) {
        ex.send_json(200, std::move(outcome->value));
    }
}

void handle_contact_create(AppContext& app, Exchange& ex) {
    std::optional<ProfileTarget> target = caller_and_profile(app, ex);
    if (!target) {
        return;
    }
    std::optional<std::string> body = read_required_body(app, ex);
    if (!body) {
        return;
    }
    const std::string location = "/profiles/" + lower(target->id) + "/contacts/";
    std::optional<DbOutcome> outcome =
        run_as(app, ex, target->who, kContactCreate, {std::move(target->id), std::move(*body)});
    if (!outcome) {
        return;
    }
    ex.set_header("Location", location + column(*outcome, 1));
    ex.send_json(201, column(*outcome, 0));
}

// The profile and contact ids of a /profiles/{profileId}/contacts/{contactId} route.
std::optional<std::pair<std::string, std::string>> contact_ids(Exchange& ex) {
    std::optional<std::string> profile = path_uuid(ex, "profileId", kProfileNotFound);
    if (!profile) {
        return std::nullopt;
    }
    std::optional<std::string> contact = path_uuid(ex, "contactId", kContactNotFound);
    if (!contact) {
        return std::nullopt;
    }
    return std::make_pair(std::move(*profile), std::move(*contact));
}

void handle_contact_get(AppContext& app, Exchange& ex) {
    std::optional<Credential> who = authenticate_caller(app, ex);
    if (!who) {
        return;
    }
    auto ids = contact_ids(ex);
    if (!ids) {
        return;
    }
    std::optional<DbOutcome> outcome =
        run_as(app, ex, *who, kContactGet, {std::move(ids->first), std::move(ids->second)});
    if (outcome) {
        ex.send_json(200, std::move(outcome->value));
    }
}

void handle_contact_update(AppContext& app, Exchange& ex) {
    std::optional<Credential> who = authenticate_caller(app, ex);
    if (!who) {
        return;
    }
    auto ids = contact_ids(ex);
    if (!ids) {
        return;
    }
    std::optional<std::string> body = read_required_body(app, ex);
    if (!body) {
        return;
    }
    std::optional<DbOutcome> outcome =
        run_as(app, ex, *who, kContactUpdate,
               {std::move(ids->first), std::move(ids->second), std::move(*body)});
    if (outcome) {
        ex.send_json(200, std::move(outcome->value));
    }
}

void handle_contact_delete(AppContext& app, Exchange& ex) {
    std::optional<Credential> who = authenticate_caller(app, ex);
    if (!who) {
        return;
    }
    auto ids = contact_ids(ex);
    if (!ids) {
        return;
    }
    if (run_as(app, ex, *who, kContactDelete, {std::move(ids->first), std::move(ids->second)})) {
        ex.send_no_content(204);
    }
}

} // namespace

void register_rest_profiles_routes(Router& router, AppContext& app) {
    auto route = [&](const char* method, const char* pattern,
                     void (*handler)(AppContext&, Exchange&)) {
        router.add(method, pattern, [&app, handler](Exchange& ex) { handler(app, ex); });
    };
    route("GET", "/profiles", handle_list);
    route("POST", "/profiles", handle_create);
    route("GET", "/profiles/{profileId}", handle_get);
    route("PUT", "/profiles/{profileId}", handle_update);
    route("PATCH", "/profiles/{profileId}", handle_update);
    route("PUT", "/profile/{profileId}", handle_update); // the seed's spelling of the update
    route("PATCH", "/profile/{profileId}", handle_update);
    route("DELETE", "/profiles/{profileId}", handle_delete);
    route("GET", "/profiles/{profileId}/contacts", handle_contact_list);
    route("POST", "/profiles/{profileId}/contacts", handle_contact_create);
    route("GET", "/profiles/{profileId}/contacts/{contactId}", handle_contact_get);
    route("PUT", "/profiles/{profileId}/contacts/{contactId}", handle_contact_update);
    route("PATCH", "/profiles/{profileId}/contacts/{contactId}", handle_contact_update);
    route("DELETE", "/profiles/{profileId}/contacts/{contactId}", handle_contact_delete);
}

} // namespace profiles
