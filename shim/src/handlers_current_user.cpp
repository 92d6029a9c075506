#include "handlers_current_user.hpp"

#include "caller.hpp"
#include "http_exchange.hpp"

namespace profiles {

namespace {

const Statement kGet{"current_user_get", "SELECT profiles.me_get()", 0};
const Statement kUpdate{"current_user_update", "SELECT profiles.me_update($1::jsonb)", 1};

void handle_get(AppContext& app, Exchange& ex) {
    std::optional<Credential> who = authenticate_caller(app, ex);
    if (!who) {
        return;
    }
    std::optional<DbOutcome> outcome = run_as(app, ex, *who, kGet, {});
    if (outcome) {
        ex.send_json(200, std::move(outcome->value));
    }
}

// The database applies every rule of the seed (unique email, SMS number collisions, access
// role changes, the persona override flag) and answers the refreshed {user, persona}.
void handle_update(AppContext& app, Exchange& ex) {
    std::optional<Credential> who = authenticate_caller(app, ex);
    if (!who) {
        return;
    }
    std::optional<std::string> body = read_required_body(app, ex);
    if (!body) {
        return;
    }
    std::optional<DbOutcome> outcome = run_as(app, ex, *who, kUpdate, {std::move(*body)});
    if (outcome) {
        ex.send_json(200, std::move(outcome->value));
    }
}

} // namespace

void register_current_user_routes(Router& router, AppContext& app) {
    router.add("GET", "/api/user/profile", [&app](Exchange& ex) { handle_get(app, ex); });
    router.add("PUT", "/api/user/profile", [&app](Exchange& ex) { handle_update(app, ex); });
}

} // namespace profiles
