// Seed 003 drafts: unsaved profile edits of the acting user, versioned so that concurrent
// writers never overwrite each other silently.
#include "jsonb_build.hpp"
#include "profile_store.hpp"
#include "validate.hpp"

extern "C" {
#include "catalog/pg_type.h"
}

#include <string>

namespace {

pg::Plan create_plan("INSERT INTO profiles.draft (owner_id, target_profile_id, form_state) "
                     "VALUES ($1, $2, $3) RETURNING id, version, form_state",
                     {UUIDOID, UUIDOID, JSONBOID});
pg::Plan update_plan("UPDATE profiles.draft d SET form_state = d.form_state || $4, "
                     "version = d.version + 1, updated_at = pg_catalog.statement_timestamp() "
                     "WHERE d.id = $1 AND d.owner_id = $2 AND d.version = $3 "
                     "RETURNING d.id, d.version, d.form_state",
                     {UUIDOID, UUIDOID, INT4OID, JSONBOID});
pg::Plan own_profile_plan("SELECT 1 FROM profiles.profile p WHERE p.id = $1", {UUIDOID});
pg::Plan version_plan("SELECT d.version FROM profiles.draft d WHERE d.id = $1 AND d.owner_id = $2",
                      {UUIDOID, UUIDOID});
pg::Plan list_plan("SELECT d.id AS draft_id, d.version AS draft_version, d.target_profile_id, "
                   "d.form_state, d.created_at, d.updated_at FROM profiles.draft d "
                   "WHERE d.owner_id = $1 ORDER BY d.updated_at DESC, d.id",
                   {UUIDOID});

const char* kFormFields[] = {"name",          "name_id",  "email",
                             "request_limit", "flag_id",  "department_ids",
                             "email_ids",     "role_ids", "request_limit_ids"};

void check_form(Jsonb* doc) {
    profiles::only_fields(doc, {"input_draft_id", "expected_version", "target_profile_id", "name",
                                "name_id", "email", "request_limit", "flag_id", "department_ids",
                                "email_ids", "role_ids", "request_limit_ids"});
    profiles::optional_string(doc, "name", 255);
    for (const char* k : {"name_id", "flag_id"})
        profiles::optional_string(doc, k, 255);
    if (auto email = pg::jsonb_get_string(doc, "email"); email && !profiles::is_email(*email))
        pg::raise(ERRCODE_INVALID_PARAMETER_VALUE, "email must be a valid e-mail address");
    if (auto limit = pg::jsonb_get_integer(doc, "request_limit"); limit && *limit < 0)
        pg::raise(ERRCODE_INVALID_PARAMETER_VALUE, "request_limit must not be negative");
    for (const char* k : {"department_ids", "email_ids", "role_ids", "request_limit_ids"}) {
        auto f = pg::jsonb_get(doc, k);
        if (!f || f->kind == pg::JsonbField::Null) continue;
        if (f->kind != pg::JsonbField::Array)
            pg::raise(ERRCODE_INVALID_PARAMETER_VALUE,
                      std::string(k) + " must be an array of strings");
    }
}

} // namespace

// profiles.draft_patch(request jsonb) returns json {success, draft_id, new_version, message,
// form_state}. Without input_draft_id a new draft is created; otherwise expected_version must
// match the draft's version (40001 with the current version otherwise).
PGP_FUNCTION(profiles_draft_patch) {
    return pg::entry([&]() -> Datum {
        const profiles::Actor& actor = profiles::require_actor();
        if (PG_ARGISNULL(0))
            pg::raise(ERRCODE_INVALID_PARAMETER_VALUE, "a JSON object is required");
        Jsonb* doc = pg::guard([&] { return PG_GETARG_JSONB_P(0); });
        check_form(doc);
        std::vector<std::pair<std::string, std::string>> keep;
        for (const char* f : kFormFields)
            keep.emplace_back(f, f);
        Jsonb* form = pg::jsonb_rename_keys(doc, keep);
        auto draft_id = pg::jsonb_get_string(doc, "input_draft_id");
        auto expected = pg::jsonb_get_integer(doc, "expected_version");

        pg::JsonOut out;
        pg::Spi spi;
        const char* message;
        if (!draft_id) {
            // A draft edits the given profile, else the actor's own (when it has one yet).
            std::optional<pg_uuid_t> target;
            if (auto t = pg::jsonb_get_string(doc, "target_profile_id")) {
                target = profiles::parse_profile_id(*t);
                profiles::require_own_or_admin(actor, *target);
                profiles::require_profile(spi, *target);
            } else if (spi.exec(own_profile_plan, {pg::uuid_arg(actor.id)}, 1) > 0) {
                target = actor.id;
            }
            spi.exec(create_plan,
                     {pg::uuid_arg(actor.id), target ? pg::uuid_arg(*target) : pg::null_arg(),
                      pg::datum_arg(PointerGetDatum(form))});
            message = "draft created";
        } else {
            auto id = pg::parse_uuid(*draft_id);
            if (!id) pg::raise(ERRCODE_INVALID_TEXT_REPRESENTATION, "invalid input_draft_id");
            if (!expected)
                pg::raise(ERRCODE_INVALID_PARAMETER_VALUE,
                          "expected_version is required to update a draft");
            if (*expected < 1 || *expected > INT32_MAX)
                pg::raise(ERRCODE_INVALID_PARAMETER_VALUE, "expected_version is out of range");
            if (spi.exec(update_plan,
                         {pg::uuid_arg(*id), pg::uuid_arg(actor.id), pg::int4_arg((int)*expected),
                          pg::datum_arg(PointerGetDatum(form))}) == 0) {
                if (spi.exec(version_plan, {pg::uuid_arg(*id), pg::uuid_arg(actor.id)}, 1) == 0)
                    pg::raise(ERRCODE_NO_DATA_FOUND, "draft not found");
                pg::raise(ERRCODE_T_R_SERIALIZATION_FAILURE, "draft version conflict",
                          "current_version: " + std::to_string(pg::Spi::int8(0, 1)));
            }
            message = "draft updated";
        }
        bool isnull;
        pg_uuid_t id = *DatumGetUUIDP(pg::Spi::value(0, 1, &isnull));
        long long version = pg::Spi::int8(0, 2);
        Datum state = pg::Spi::value(0, 3, &isnull);
        out.begin_object().key("success").boolean(true).key("draft_id").string(pg::uuid_text(id));
        out.key("new_version").integer(version).key("message").string(message);
        out.key("form_state").datum(state, isnull, JSONBOID).end_object();
        return out.finish();
    });
}

// profiles.drafts() returns json {entries: [...]}: the acting user's drafts, newest first.
PGP_FUNCTION(profiles_drafts) {
    return pg::entry([&]() -> Datum {
        const profiles::Actor& actor = profiles::require_actor();
        pg::JsonOut out;
        pg::Spi spi;
        spi.exec(list_plan, {pg::uuid_arg(actor.id)});
        out.begin_object().key("entries").rows_of_last_result().end_object();
        return out.finish();
    });
}
