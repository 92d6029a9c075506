// Seed 003 docs: documentation of the profile artifact composed from the catalog (the COMMENT
// of every table and function of the extension) and the route table (profiles.api_operation).
#include "identity.hpp"
#include "json_out.hpp"

extern "C" {
#include "catalog/pg_type.h"
}

namespace {

pg::Plan functions_plan(
    "SELECT p.proname AS name, 'function' AS type, "
    "COALESCE(pg_catalog.obj_description(p.oid, 'pg_proc'), '') AS description, "
    "pg_catalog.pg_get_function_identity_arguments(p.oid) AS arguments, "
    "pg_catalog.format_type(p.prorettype, NULL) AS returns "
    "FROM pg_catalog.pg_proc p WHERE p.pronamespace = 'profiles'::regnamespace "
    "AND ($1::text IS NULL OR p.proname = $1) AND p.prorettype <> 'trigger'::regtype "
    "ORDER BY p.proname, 4",
    {TEXTOID});
pg::Plan tables_plan(
    "SELECT c.relname AS name, CASE c.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN "
    "'materialized view' ELSE 'table' END AS type, "
    "COALESCE(pg_catalog.obj_description(c.oid, 'pg_class'), '') AS description "
    "FROM pg_catalog.pg_class c WHERE c.relnamespace = 'profiles'::regnamespace "
    "AND c.relkind IN ('r', 'v', 'm') AND ($1::text IS NULL OR c.relname = $1) ORDER BY c.relname",
    {TEXTOID});
pg::Plan permissions_plan("SELECT o.function AS operation, o.roles, o.method, o.path "
                          "FROM profiles.api_operation o ORDER BY o.seed, o.path, o.method",
                          {});
pg::Plan operations_plan("SELECT o.method, o.path, o.function, o.description, o.seed, o.roles "
                         "FROM profiles.api_operation o "
                         "WHERE $1::text IS NULL OR o.function = $1 OR o.path = $1 "
                         "ORDER BY o.seed, o.path, o.method",
                         {TEXTOID});
pg::Plan artifact_plan("SELECT pg_catalog.obj_description(e.oid, 'pg_extension') AS description, "
                       "e.extversion AS version FROM pg_catalog.pg_extension e "
                       "WHERE e.extname = 'pg_profiles'",
                       {});

} // namespace

// profiles.profile_docs(entity_id text) returns json {name, type, description, artifact,
// entries, resources, permissions, api_operations, page_metadata}; entity_id narrows the
// entries/resources/operations to one function, table or route.
PGP_FUNCTION(profiles_profile_docs) {
    return pg::entry([&]() -> Datum {
        profiles::require_actor();
        pg::Arg entity = pg::null_arg();
        if (!PG_ARGISNULL(0)) entity = pg::datum_arg(PG_GETARG_DATUM(0));
        pg::JsonOut out;
        pg::Spi spi(pg::Spi::Mode::ReadOnly);
        spi.exec(artifact_plan, {}, 1);
        bool isnull;
        Datum description = pg::Spi::value(0, 1, &isnull);
        out.begin_object().key("name").string("profiles").key("type").string("artifact");
        out.key("description").datum(description, isnull, TEXTOID);
        out.key("artifact")
            .begin_object()
            .key("name")
            .string("pg_profiles")
            .key("type")
            .string("extension");
        out.key("description").datum(description, isnull, TEXTOID);
        out.key("version").last_result_column(0, 2).end_object();
        spi.exec(functions_plan, {entity});
        out.key("entries").rows_of_last_result();
        spi.exec(tables_plan, {entity});
        out.key("resources").rows_of_last_result();
        spi.exec(permissions_plan, {});
        out.key("permissions").rows_of_last_result();
        spi.exec(operations_plan, {entity});
        out.key("api_operations").rows_of_last_result();
        out.key("page_metadata").begin_object().key("title").string("Profiles");
        out.key("source").string("catalog comments and the route table profiles.api_operation");
        out.end_object().end_object();
        return out.finish();
    });
}
