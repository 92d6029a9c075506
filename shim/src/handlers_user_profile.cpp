#include "handlers_user_profile.hpp"

#include "caller.hpp"
#include "http_exchange.hpp"
#include "uuid.hpp"

namespace profiles {

namespace {

const Statement kGet{"user_profile_get", "SELECT profiles.user_profile_get($1::uuid)", 1};
const Statement kPut{"user_profile_put",
                     "SELECT created, body FROM profiles.user_profile_put($1::uuid, $2::jsonb)", 2};

// The userId path parameter when it is a UUID (the form of profiles.users.id); anything else
// names no user: 404.
std::optional<std::string> user_id(Exchange& ex) {
    for (const auto& [key, value] : ex.params()) {
        if (key == "userId" && is_uuid(value)) {
            return value;
        }
    }
    ex.send_error(map_db_error(DbError{"P0002", "user not found", ""}));
    return std::nullopt;
}

void handle_get(AppContext& app, Exchange& ex) {
    std::optional<Credential> who = authenticate_caller(app, ex);
    if (!who) {
        return;
    }
    std::optional<std::string> id = user_id(ex);
    if (!id) {
        return;
    }
    std::optional<DbOutcome> outcome = run_as(app, ex, *who, kGet, {std::move(*id)});
    if (outcome) {
        ex.send_json(200, std::move(outcome->value));
    }
}

// An upsert: 201 when the profile row was created, 200 when it was updated.
void handle_put(AppContext& app, Exchange& ex) {
    std::optional<Credential> who = authenticate_caller(app, ex);
    if (!who) {
        return;
    }
    std::optional<std::string> id = user_id(ex);
    if (!id) {
        return;
    }
    std::optional<std::string> body = read_required_body(app, ex);
    if (!body) {
        return;
    }
    std::optional<DbOutcome> outcome =
        run_as(app, ex, *who, kPut, {std::move(*id), std::move(*body)});
    if (!outcome) {
        return;
    }
    const bool created = !outcome->row.empty() && outcome->row[0] == std::string("t");
    std::string document =
        outcome->row.size() > 1 && outcome->row[1] ? std::move(*outcome->row[1]) : std::string();
    if (created) {
        ex.set_header("Location", ex.request().path);
    }
    ex.send_json(created ? 201 : 200, std::move(document));
}

} // namespace

void register_user_profile_routes(Router& router, AppContext& app) {
    constexpr const char* kPath = "/manage/api/users/{userId}/profile";
    router.add("GET", kPath, [&app](Exchange& ex) { handle_get(app, ex); });
    router.add("PUT", kPath, [&app](Exchange& ex) { handle_put(app, ex); });
}

} // namespace profiles
