#include "handlers_functions_api.hpp"

#include "api_envelope.hpp"
#include "caller.hpp"
#include "http_exchange.hpp"
#include "logging.hpp"
#include "media_type.hpp"

namespace profiles {

namespace {

// Prepared on every connection when it opens: this is the hot path.
const Statement kApi{"api", "SELECT profiles.api($1::jsonb)", 1};

void handle_api(AppContext& app, Exchange& ex) {
    const size_t limit = app.config.max_body_bytes;

    // Cheap refusals first; the body is read only for an authenticated caller.
    if (!is_json_media_type(ex.content_type())) {
        return ex.send_error(errors::unsupported_media_type());
    }
    if (ex.declares_more_than(limit)) {
        return ex.send_error(errors::payload_too_large());
    }
    std::optional<Credential> who = authenticate_caller(app, ex);
    if (!who) {
        return;
    }

    std::string body;
    switch (ex.read_body(limit, body)) {
    case Exchange::BodyStatus::Ok:
        break;
    case Exchange::BodyStatus::TooLarge:
        return ex.send_error(errors::payload_too_large());
    case Exchange::BodyStatus::Unreadable:
        return ex.send_error(errors::validation("Request body could not be read"));
    }
    functions_api::EnvelopeCheck check = functions_api::check_envelope(body);
    if (check.error) {
        return ex.send_error(*check.error);
    }

    std::optional<DbOutcome> outcome = run_as(app, ex, *who, kApi, {std::move(body)});
    if (!outcome) {
        return;
    }
    // The database's JSON goes out as it came: no second parse or encode.
    ex.send_json(check.action == functions_api::Action::Create ? 201 : 200,
                 std::move(outcome->value));
}

} // namespace

void register_functions_api_routes(Router& router, AppContext& app) {
    router.add("POST", "/functions/v1/api", [&app](Exchange& ex) { handle_api(app, ex); });
}

} // namespace profiles
