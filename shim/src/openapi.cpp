#include "openapi.hpp"

#include <rapidjson/document.h>
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <stdexcept>

namespace profiles::openapi {

namespace {

using rapidjson::Value;

// ---- the metadata table ----------------------------------------------------------------------

constexpr const char* kSeed000 = "Seed 000: profile actions";
constexpr const char* kSeed001 = "Seed 001: current user";
constexpr const char* kSeed002 = "Seed 002: profiles and contacts";
constexpr const char* kSeed003 = "Seed 003: profile artifact";
constexpr const char* kSeed004 = "Seed 004: user profile";
constexpr const char* kOps = "Operations";

struct TagInfo {
    const char* name;
    const char* description;
};

const TagInfo kTags[] = {
    {kSeed000, "The action envelope `{resource: \"profiles\", action, id, data, limit, offset}` "
               "at one URL. Mutations are recorded in `profiles.activities`."},
    {kSeed001, "The signed-in user's own user record and persona."},
    {kSeed002, "REST resources for client profiles and their contacts, with ETag / If-Match "
               "optimistic concurrency."},
    {kSeed003, "The profile artifact: context, sections, search, bulk writes, drafts, "
               "emulation, CSV export and cache refresh."},
    {kSeed004, "Per-user profile attributes and timezone. Errors are "
               "`application/problem+json` (RFC 9457)."},
    {kOps, "Health, metrics and this documentation. Not authenticated: expose them to "
           "operators only."},
};

// Components the operations refer to by name.
constexpr const char* kSchemas = R"JSON({
  "Error": {
    "type": "object",
    "description": "The error body of every route except seed 004's.",
    "required": ["error", "requestId"],
    "properties": {
      "error": {
        "type": "object",
        "required": ["code", "message"],
        "properties": {
          "code": {"type": "string", "enum": ["VALIDATION_ERROR", "UNAUTHORIZED", "FORBIDDEN",
            "NOT_FOUND", "METHOD_NOT_ALLOWED", "CONFLICT", "PRECONDITION_FAILED",
            "PAYLOAD_TOO_LARGE", "UNSUPPORTED_MEDIA_TYPE", "INTERNAL_ERROR", "UNAVAILABLE"]},
          "message": {"type": "string"},
          "details": {"type": ["string", "null"], "description": "Database DETAIL, when safe to show."}
        }
      },
      "requestId": {"type": "string", "description": "Also sent as X-Request-Id and recorded in activities."}
    },
    "example": {"error": {"code": "NOT_FOUND", "message": "profile not found", "details": null},
                "requestId": "4e1d233f1721001387a4d77eff864b2f"}
  },
  "Problem": {
    "type": "object",
    "description": "RFC 9457 problem details with the seed's code, requestId and error object.",
    "required": ["title", "status", "code", "requestId", "error"],
    "properties": {
      "type": {"type": "string"},
      "title": {"type": "string"},
      "status": {"type": "integer"},
      "detail": {"type": "string"},
      "instance": {"type": "string"},
      "code": {"type": "string", "examples": ["bad_request", "unauthorized", "forbidden",
        "not_found", "unprocessable_entity", "internal_server_error"]},
      "requestId": {"type": "string"},
      "error": {
        "type": "object",
        "required": ["code", "message"],
        "properties": {"code": {"type": "string"}, "message": {"type": "string"}}
      }
    }
  },
  "Status": {
    "type": "object",
    "required": ["status"],
    "properties": {"status": {"type": "string", "enum": ["ok", "ready"]}}
  },
  "OpenApiDocument": {
    "type": "object",
    "description": "This document.",
    "required": ["openapi", "info", "paths"],
    "properties": {"openapi": {"type": "string"}, "info": {"type": "object"}, "paths": {"type": "object"}}
  },
  "ApiRequest": {
    "type": "object",
    "required": ["resource", "action"],
    "properties": {
      "resource": {"const": "profiles"},
      "action": {"type": "string", "enum": ["all", "list", "get", "create", "update", "delete"],
        "description": "all, list, create: admins only. get, update, delete: own profile, or any for admins."},
      "id": {"type": "string", "format": "uuid", "description": "The profile ID (user UUID); required by get, update, delete."},
      "data": {"$ref": "#/components/schemas/ApiProfileInput"},
      "expected_version": {"type": "integer", "minimum": 1, "description": "update: fail with 409 unless the profile is at this version."},
      "limit": {"type": "integer", "minimum": 1, "default": 20},
      "offset": {"type": "integer", "minimum": 0, "default": 0}
    }
  },
  "ApiProfileInput": {
    "type": "object",
    "description": "Profile fields; update is partial (only the fields given change).",
    "properties": {
      "id": {"type": "string", "format": "uuid"},
      "first_name": {"type": ["string", "null"], "maxLength": 255},
      "middle_name": {"type": ["string", "null"], "maxLength": 255},
      "last_name": {"type": ["string", "null"], "maxLength": 255},
      "display_name": {"type": ["string", "null"]},
      "avatar_url": {"type": ["string", "null"]},
      "bio": {"type": ["string", "null"]},
      "enabled": {"type": "boolean"},
      "tags": {"type": "array", "items": {"type": "string"}},
      "uuid": {"type": ["string", "null"]},
      "email": {"type": ["string", "null"], "format": "email"},
      "phone": {"type": ["string", "null"], "description": "E.164"},
      "address_line1": {"type": ["string", "null"]},
      "address_line2": {"type": ["string", "null"]},
      "city": {"type": ["string", "null"]},
      "state": {"type": ["string", "null"]},
      "postal_code": {"type": ["string", "null"]},
      "country_numeric_code": {"type": ["string", "null"], "description": "ISO 3166-1 numeric"},
      "company_name": {"type": ["string", "null"]},
      "company_website": {"type": ["string", "null"]},
      "job_title": {"type": ["string", "null"]},
      "preferences": {"type": "object"},
      "timezone": {"type": ["string", "null"], "description": "IANA time zone"},
      "language": {"type": ["string", "null"]},
      "external_ids": {"type": "object"},
      "marketplace": {"type": "object"},
      "team_id": {"type": ["string", "null"]},
      "team_role": {"type": ["string", "null"]},
      "attributes": {},
      "request_limit": {"type": ["integer", "null"]}
    }
  },
  "ApiProfile": {
    "description": "The full profile object (all, get, create, update).",
    "allOf": [
      {"$ref": "#/components/schemas/ApiProfileInput"},
      {
        "type": "object",
        "properties": {
          "role": {"type": "string", "examples": ["standard_user", "consumer", "internal_admin"]},
          "name": {"type": ["string", "null"], "description": "Full name, generated."},
          "version": {"type": "integer"},
          "created_at": {"type": "string", "format": "date-time"},
          "updated_at": {"type": "string", "format": "date-time"},
          "team": {"type": ["object", "null"]},
          "subscription": {"type": ["object", "null"]},
          "call_purchases": {"type": "array", "items": {"type": "object"}},
          "phone_subscriptions": {"type": "array", "items": {"type": "object"}}
        }
      }
    ]
  },
  "ApiProfileSummary": {
    "type": "object",
    "description": "Basic fields only (list).",
    "properties": {
      "id": {"type": "string", "format": "uuid"},
      "first_name": {"type": ["string", "null"]},
      "last_name": {"type": ["string", "null"]},
      "name": {"type": ["string", "null"]},
      "email": {"type": ["string", "null"]},
      "role": {"type": "string"},
      "enabled": {"type": "boolean"},
      "created_at": {"type": "string", "format": "date-time"},
      "updated_at": {"type": "string", "format": "date-time"}
    }
  },
  "ApiResult": {
    "type": "object",
    "required": ["data"],
    "properties": {
      "data": {
        "oneOf": [
          {"$ref": "#/components/schemas/ApiProfile"},
          {"type": "array", "items": {"$ref": "#/components/schemas/ApiProfile"}},
          {"type": "array", "items": {"$ref": "#/components/schemas/ApiProfileSummary"}}
        ]
      },
      "count": {"type": "integer", "description": "all, list: profiles in total."},
      "limit": {"type": "integer"},
      "offset": {"type": "integer"}
    }
  },
  "CurrentUser": {
    "type": "object",
    "required": ["user", "persona"],
    "properties": {
      "user": {"$ref": "#/components/schemas/User"},
      "persona": {"oneOf": [{"$ref": "#/components/schemas/Persona"}, {"type": "null"}]}
    }
  },
  "User": {
    "type": "object",
    "description": "The user record, sensitive fields stripped.",
    "properties": {
      "_id": {"type": "string"},
      "email": {"type": "string", "format": "email"},
      "fullName": {"type": ["string", "null"]},
      "phoneNumber": {"type": ["string", "null"]},
      "organizationId": {"type": ["string", "null"]},
      "accessRole": {"type": "string", "enum": ["SUPERADMIN", "ADMIN", "DEPARTMENT_HEAD", "SALES_REP"]},
      "designation": {"type": ["string", "null"]},
      "sinchPhoneNumber": {"type": ["string", "null"]},
      "departmentId": {"type": ["string", "null"]},
      "automations": {"type": "object"},
      "callForwardingEnabled": {"type": "boolean"},
      "notificationPreferences": {"type": "object"},
      "createdAt": {"type": "string", "format": "date-time"},
      "updatedAt": {"type": "string", "format": "date-time"}
    }
  },
  "Persona": {
    "type": "object",
    "properties": {
      "_id": {"type": "string"},
      "user": {"type": "string"},
      "position": {"type": ["string", "null"]},
      "userEmail": {"type": ["string", "null"]},
      "organization": {"type": ["string", "null"]},
      "organizationAddress": {"type": ["string", "null"]},
      "leadProvider": {"type": ["string", "null"]},
      "organizationWebsite": {"type": ["string", "null"]},
      "organizationCity": {"type": ["string", "null"]},
      "region": {"type": ["string", "null"]},
      "timezone": {"type": ["string", "null"]},
      "businessHours": {"type": ["string", "null"]}
    }
  },
  "CurrentUserUpdate": {
    "type": "object",
    "properties": {
      "fullName": {"type": "string"},
      "email": {"type": "string", "format": "email", "description": "Unique across users: 409 when taken."},
      "phoneNumber": {"type": "string", "description": "E.164; refused when it is an organization SMS number."},
      "designation": {"type": "string"},
      "sinchPhoneNumber": {"type": "string"},
      "departmentId": {"type": "string"},
      "accessRole": {"type": "string", "enum": ["SUPERADMIN", "ADMIN", "DEPARTMENT_HEAD", "SALES_REP"]},
      "automations": {"type": "object"},
      "callForwardingEnabled": {"type": "boolean"},
      "notificationPreferences": {"type": "object"},
      "persona": {"type": "object", "description": "Merged into the user's persona; businessHours and timezone need the organization's override flag."}
    }
  },
  "Country": {
    "type": "object",
    "properties": {
      "countryId": {"type": "string"},
      "countryName": {"type": "string"},
      "alpha2Code": {"type": "string"},
      "alpha3Code": {"type": "string"},
      "numericCode": {"type": "string"},
      "geographicRegionNumericCode": {"type": ["string", "null"]},
      "geographicRegionName": {"type": ["string", "null"]},
      "createTime": {"type": "string", "format": "date-time"},
      "updateTime": {"type": "string", "format": "date-time"}
    }
  },
  "Contact": {
    "type": "object",
    "properties": {
      "contactId": {"type": "string", "format": "uuid"},
      "key": {"type": "string", "enum": ["email", "phone"]},
      "value": {"type": "string"},
      "createTime": {"type": "string", "format": "date-time"},
      "updateTime": {"type": "string", "format": "date-time"},
      "uuid": {"type": ["string", "null"]}
    }
  },
  "ContactInput": {
    "type": "object",
    "properties": {
      "key": {"type": "string", "enum": ["email", "phone"]},
      "value": {"type": "string", "description": "An e-mail address or an E.164 phone number."},
      "uuid": {"type": ["string", "null"]}
    }
  },
  "ContactList": {"type": "array", "items": {"$ref": "#/components/schemas/Contact"}},
  "Profile": {
    "type": "object",
    "properties": {
      "profileId": {"type": "string", "format": "uuid"},
      "contacts": {"type": "array", "items": {"$ref": "#/components/schemas/Contact"}},
      "countryNumericCode": {"type": ["string", "null"]},
      "country": {"oneOf": [{"$ref": "#/components/schemas/Country"}, {"type": "null"}]},
      "enabled": {"type": "boolean"},
      "firstName": {"type": ["string", "null"]},
      "middleName": {"type": ["string", "null"]},
      "lastName": {"type": ["string", "null"]},
      "name": {"type": ["string", "null"]},
      "tags": {"type": "array", "items": {"type": "string"}},
      "createTime": {"type": "string", "format": "date-time"},
      "updateTime": {"type": "string", "format": "date-time"},
      "uuid": {"type": ["string", "null"]}
    }
  },
  "ProfileList": {"type": "array", "items": {"$ref": "#/components/schemas/Profile"}},
  "ProfileCreate": {
    "type": "object",
    "properties": {
      "contacts": {"type": "array", "items": {"$ref": "#/components/schemas/ContactInput"}},
      "countryNumericCode": {"type": ["string", "null"]},
      "enabled": {"type": "boolean"},
      "firstName": {"type": "string", "maxLength": 255},
      "middleName": {"type": "string", "maxLength": 255},
      "lastName": {"type": "string", "maxLength": 255},
      "tags": {"type": "array", "items": {"type": "string"}},
      "uuid": {"type": ["string", "null"]}
    }
  },
  "ProfileUpdate": {
    "type": "object",
    "description": "Fields left out keep their value.",
    "properties": {
      "enabled": {"type": "boolean"},
      "firstName": {"type": "string", "maxLength": 255},
      "middleName": {"type": "string", "maxLength": 255},
      "lastName": {"type": "string", "maxLength": 255},
      "countryNumericCode": {"type": ["string", "null"]},
      "tags": {"type": "array", "items": {"type": "string"}},
      "uuid": {"type": ["string", "null"]}
    }
  },
  "ContextRequest": {
    "type": "object",
    "properties": {"department_id": {"type": ["string", "null"], "format": "uuid"}}
  },
  "ProfileContext": {
    "type": "object",
    "properties": {
      "id": {"type": ["string", "null"]},
      "name": {"type": ["string", "null"]},
      "role": {"type": ["string", "null"]},
      "active": {"type": ["boolean", "null"]},
      "role_artifacts": {"type": ["array", "null"], "items": {"type": "string"}},
      "available_sections": {"type": ["array", "null"], "items": {"type": "string"}},
      "scoped_roles": {"type": ["array", "null"], "items": {"type": "string"}},
      "department_ids": {"type": ["array", "null"], "items": {"type": "string"}},
      "primary_department_id": {"type": ["string", "null"]},
      "settings_id": {"type": ["string", "null"]},
      "theme": {"type": ["object", "null"]},
      "session_id": {"type": ["string", "null"]},
      "is_emulation": {"type": ["boolean", "null"]},
      "emulation_depth": {"type": ["integer", "null"]},
      "role_resources": {"type": ["array", "null"], "items": {"type": "object"}}
    }
  },
  "SectionsRequest": {
    "type": "object",
    "properties": {
      "target_profile_id": {"type": ["string", "null"], "format": "uuid", "description": "Default: the actor."},
      "draft_id": {"type": ["string", "null"], "format": "uuid", "description": "Show this draft's values over the profile."}
    }
  },
  "ProfileSections": {
    "type": "object",
    "properties": {
      "actor_name": {"type": ["string", "null"]},
      "profile_exists": {"type": ["boolean", "null"]},
      "can_edit": {"type": ["boolean", "null"]},
      "disabled_reason": {"type": ["string", "null"]},
      "draft_version": {"type": ["integer", "null"]},
      "group_id": {"type": ["string", "null"]},
      "profile_id": {"type": ["string", "null"]},
      "role": {"type": ["string", "null"]},
      "role_options": {"type": ["array", "null"], "items": {"type": "string"}},
      "basic_show_ai_generate": {"type": ["boolean", "null"]},
      "general_show_ai_generate": {"type": ["boolean", "null"]},
      "names": {"type": ["object", "null"]},
      "emails": {"type": ["object", "null"]},
      "request_limits": {"type": ["object", "null"]},
      "flags": {"type": ["object", "null"]},
      "departments": {"type": ["object", "null"]},
      "roles": {"type": ["object", "null"]}
    }
  },
  "SearchRequest": {
    "type": "object",
    "properties": {
      "search": {"type": ["string", "null"], "description": "Case-insensitive substring of the name or e-mail (trigram-indexed). Profiles whose name begins with it come first."},
      "cohort_ids": {"type": ["array", "null"], "items": {"type": "string"}},
      "filter_department_ids": {"type": ["array", "null"], "items": {"type": "string"}},
      "role_filter": {"type": ["string", "null"]},
      "cohort_search": {"type": ["string", "null"]},
      "department_search": {"type": ["string", "null"]},
      "role_search": {"type": ["string", "null"]},
      "page_size": {"type": ["integer", "null"], "minimum": 1, "maximum": 200, "default": 25},
      "page_offset": {"type": ["integer", "null"], "minimum": 0}
    }
  },
  "SearchResult": {
    "type": "object",
    "properties": {
      "actor_name": {"type": ["string", "null"]},
      "profiles": {"type": ["array", "null"], "items": {"type": "object"}, "description": "The page, best matches first: profiles whose name begins with the search text, then the other matches; each group by lower-cased name (code-point order), then id; profiles without a name last."},
      "department_filter": {"type": ["object", "null"]},
      "role_filter": {"type": ["object", "null"]},
      "total_count": {"type": ["integer", "null"], "description": "Exact up to 1000 matches; 1000 when total_count_capped."},
      "total_count_capped": {"type": "boolean", "description": "More than 1000 profiles match: total_count is a lower bound."},
      "facet_counts_capped": {"type": "boolean", "description": "Facet counts were taken over the first 1000 matches: each is a lower bound."}
    }
  },
  "BulkCreateRequest": {
    "type": "object",
    "required": ["profiles"],
    "properties": {"profiles": {"type": "array", "items": {"type": "object"}}}
  },
  "BulkUpdateRequest": {
    "type": "object",
    "required": ["profiles"],
    "properties": {
      "profiles": {
        "type": "array",
        "items": {
          "type": "object",
          "required": ["profile_id"],
          "properties": {
            "profile_id": {"type": "string", "format": "uuid"},
            "expected_version": {"type": "integer"}
          }
        }
      }
    }
  },
  "BulkDeleteRequest": {
    "type": "object",
    "required": ["profile_ids"],
    "properties": {"profile_ids": {"type": "array", "items": {"type": "string", "format": "uuid"}}}
  },
  "BulkResults": {
    "type": "object",
    "required": ["results"],
    "description": "One result per item, in request order; each item runs in its own subtransaction.",
    "properties": {
      "results": {
        "type": "array",
        "items": {
          "type": "object",
          "properties": {
            "index": {"type": "integer"},
            "success": {"type": "boolean"},
            "profile_id": {"type": ["string", "null"]},
            "error": {
              "type": ["object", "null"],
              "properties": {"code": {"type": "string"}, "message": {"type": "string"}}
            }
          }
        }
      }
    }
  },
  "DuplicateRequest": {
    "type": "object",
    "required": ["target_profile_id"],
    "properties": {"target_profile_id": {"type": "string", "format": "uuid"}}
  },
  "DuplicateResult": {
    "type": "object",
    "required": ["success", "profile_id", "message"],
    "properties": {
      "success": {"type": "boolean"},
      "profile_id": {"type": "string"},
      "message": {"type": "string"}
    }
  },
  "DraftPatch": {
    "type": "object",
    "properties": {
      "input_draft_id": {"type": ["string", "null"], "format": "uuid"},
      "expected_version": {"type": "integer", "description": "Required to update an existing draft (409 when stale)."},
      "name": {"type": ["string", "null"]},
      "name_id": {"type": ["string", "null"]},
      "email": {"type": ["string", "null"]},
      "request_limit": {"type": ["integer", "null"]},
      "flag_id": {"type": ["string", "null"]},
      "department_ids": {"type": ["array", "null"], "items": {"type": "string"}},
      "email_ids": {"type": ["array", "null"], "items": {"type": "string"}},
      "role_ids": {"type": ["array", "null"], "items": {"type": "string"}},
      "request_limit_ids": {"type": ["array", "null"], "items": {"type": "string"}}
    }
  },
  "DraftResult": {
    "type": "object",
    "required": ["success", "draft_id", "new_version", "message"],
    "properties": {
      "success": {"type": "boolean"},
      "draft_id": {"type": "string"},
      "new_version": {"type": "integer"},
      "message": {"type": "string"},
      "form_state": {"type": ["object", "null"]}
    }
  },
  "DraftList": {
    "type": "object",
    "properties": {"entries": {"type": ["array", "null"], "items": {"type": "object"}}}
  },
  "DocsRequest": {
    "type": "object",
    "properties": {"entity_id": {"type": ["string", "null"]}}
  },
  "DocsResult": {
    "type": "object",
    "required": ["name", "type", "description", "entries", "resources", "permissions", "api_operations"],
    "properties": {
      "name": {"type": "string"},
      "type": {"type": "string"},
      "description": {"type": "string"},
      "artifact": {"type": ["object", "null"]},
      "entries": {"type": "array", "items": {"type": "object"}},
      "resources": {"type": "array", "items": {"type": "object"}},
      "permissions": {"type": "array", "items": {"type": "object"}},
      "api_operations": {"type": "array", "items": {"type": "object"}},
      "page_metadata": {"type": ["object", "null"]}
    }
  },
  "EmulateRequest": {
    "type": "object",
    "required": ["target_profile_id"],
    "properties": {
      "target_profile_id": {"type": "string", "format": "uuid"},
      "ttl_minutes": {"type": ["integer", "null"], "minimum": 1, "maximum": 240, "default": 15}
    }
  },
  "EmulateResult": {
    "type": "object",
    "required": ["allowed"],
    "properties": {
      "allowed": {"type": "boolean"},
      "reason": {"type": ["string", "null"]},
      "grant_id": {"type": ["string", "null"]},
      "expires_at": {"type": ["string", "null"], "format": "date-time"}
    }
  },
  "UnemulateResult": {
    "type": "object",
    "required": ["ok"],
    "properties": {"ok": {"type": "boolean"}, "reason": {"type": ["string", "null"]}}
  },
  "ExportRequest": {
    "type": "object",
    "properties": {"profile_export_id": {"type": ["string", "null"]}}
  },
  "ExportResult": {
    "type": "object",
    "required": ["upload_id", "file_name", "row_count"],
    "properties": {
      "upload_id": {"type": "string", "format": "uuid"},
      "file_name": {"type": "string"},
      "row_count": {"type": "integer"}
    }
  },
  "RefreshResult": {
    "type": "object",
    "required": ["success", "refreshed_views", "invalidated_tags"],
    "properties": {
      "success": {"type": "boolean"},
      "refreshed_views": {"type": "array", "items": {"type": "string"}},
      "invalidated_tags": {"type": "array", "items": {"type": "string"}}
    }
  },
  "UserProfile": {
    "type": "object",
    "properties": {
      "attributes": {"description": "Any JSON value."},
      "createdAt": {"type": "string", "format": "date-time"},
      "id": {"type": "string"},
      "timezone": {"type": ["string", "null"]},
      "updatedAt": {"type": "string", "format": "date-time"},
      "userId": {"type": "string"}
    }
  },
  "UserProfileInput": {
    "type": "object",
    "properties": {
      "attributes": {"description": "Any JSON value."},
      "timezone": {"type": ["string", "null"], "description": "IANA time zone name."}
    }
  },
  "CsvFile": {"type": "string", "description": "RFC 4180 CSV, formula cells neutralised."},
  "Text": {"type": "string"}
})JSON";

constexpr const char* kParameters = R"JSON({
  "XRequestId": {"name": "X-Request-Id", "in": "header", "required": false,
    "description": "Echoed back when well formed (letters, digits, - _ . :, up to 128); otherwise the shim picks one.",
    "schema": {"type": "string"}},
  "XMcp": {"name": "X-MCP", "in": "header", "required": false,
    "description": "Marks the caller as an MCP client; recorded in activities.",
    "schema": {"type": "string"}},
  "IfMatch": {"name": "If-Match", "in": "header", "required": false,
    "description": "Write only if the profile is still at this ETag (412 otherwise).",
    "schema": {"type": "string"}},
  "IfNoneMatch": {"name": "If-None-Match", "in": "header", "required": false,
    "description": "304 without a body when the profile is still at this ETag.",
    "schema": {"type": "string"}},
  "Limit": {"name": "limit", "in": "query", "required": false,
    "schema": {"type": "integer", "minimum": 1, "default": 20}},
  "Offset": {"name": "offset", "in": "query", "required": false,
    "schema": {"type": "integer", "minimum": 0, "default": 0}},
  "SortBy": {"name": "sort_by", "in": "query", "required": false,
    "description": "Ties are broken by profileId. firstName, lastName, middleName and name sort case-insensitively, as their filters compare; nulls sort last ascending, first descending.",
    "schema": {"type": "string", "default": "createTime", "enum": ["createTime", "enabled",
      "firstName", "lastName", "middleName", "name", "profileId", "updateTime"]}},
  "SortOrder": {"name": "sort_order", "in": "query", "required": false,
    "schema": {"type": "string", "enum": ["asc", "desc"], "default": "asc"}},
  "Filter": {"name": "filter", "in": "query", "required": false, "style": "deepObject",
    "explode": true, "description": "filter[NAME]=value, e.g. filter[enabled]=1.",
    "schema": {"type": "object", "properties": {
      "enabled": {"type": "string"}, "profileFirstName": {"type": "string"},
      "profileLastName": {"type": "string"}, "profileMiddleName": {"type": "string"},
      "firstName": {"type": "string"}, "lastName": {"type": "string"},
      "middleName": {"type": "string"}, "name": {"type": "string"}, "uuid": {"type": "string"}}}}
})JSON";

constexpr const char* kHeaders = R"JSON({
  "XRequestId": {"description": "The request id (also in error bodies and the access log).",
    "schema": {"type": "string"}},
  "XServedBy": {"description": "Debug aid, sent when read replicas are configured (PROFILES_READ_URLS): primary or replica, the server that ran the statement.",
    "schema": {"type": "string", "enum": ["primary", "replica"]}},
  "ETag": {"description": "The profile's version as a strong entity tag, e.g. \"7\".",
    "schema": {"type": "string"}},
  "Location": {"description": "The URL of the created resource.", "schema": {"type": "string"}},
  "XTotalCount": {"description": "Profiles matching the filters, all pages.",
    "schema": {"type": "integer"}},
  "ContentDisposition": {"description": "attachment; filename=...", "schema": {"type": "string"}},
  "XCache": {"description": "hit or miss: whether the answer came from the shim's cache.",
    "schema": {"type": "string", "enum": ["hit", "miss"]}},
  "RetryAfter": {"description": "Seconds to wait before retrying.", "schema": {"type": "integer"}}
})JSON";

constexpr const char* kSecuritySchemes = R"JSON({
  "bearerAuth": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT",
    "description": "HS256 (PROFILES_JWT_SECRET) or RS256 / ES256 (PROFILES_JWKS_FILE). sub is profiles.users.id; exp, nbf, iat, aud, iss are checked."},
  "cookieAuth": {"type": "apiKey", "in": "cookie", "name": "better-auth.session_token",
    "description": "A session token created with profiles.create_session(); looked up hashed."},
  "apiKeyAuth": {"type": "apiKey", "in": "header", "name": "X-Api-Key",
    "description": "An API key created with profiles.create_api_key(); looked up hashed."}
})JSON";

// A seed 003 artifact route: authenticated, standard errors, JSON in and out, and the X-MCP
// header that marks an MCP client.
Operation artifact(const char* method, const char* path, const char* operation_id,
                   const char* summary, const char* description, const char* request,
                   bool request_required, int status, const char* response,
                   std::vector<const char*> headers = {}) {
    return {method,
            path,
            operation_id,
            kSeed003,
            summary,
            description,
            Auth::Caller,
            Errors::Standard,
            request,
            request_required,
            status,
            response,
            "application/json",
            {},
            {"XMcp"},
            std::move(headers)};
}

// `base` served again under another method or path: the same parameters, bodies and answers.
Operation same_as(Operation base, const char* method, const char* path, const char* operation_id,
                  const char* summary, const char* description) {
    base.method = method;
    base.path = path;
    base.operation_id = operation_id;
    base.summary = summary;
    base.description = description;
    return base;
}

const std::vector<Operation>& table() {
    // The updates that PATCH (and the seed's singular path) repeat.
    static const Operation kUpdateProfile = {
        "PUT",
        "/profiles/{profileId}",
        "updateProfile",
        kSeed002,
        "Update a profile",
        "Fields left out keep their value. With If-Match, only if unchanged since.",
        Auth::Caller,
        Errors::Standard,
        "ProfileUpdate",
        true,
        200,
        "Profile",
        "application/json",
        {412},
        {"IfMatch"},
        {"ETag"}};
    static const Operation kUpdateContact = {"PUT",
                                             "/profiles/{profileId}/contacts/{contactId}",
                                             "updateContact",
                                             kSeed002,
                                             "Update a contact",
                                             "Fields left out keep their value.",
                                             Auth::Caller,
                                             Errors::Standard,
                                             "ContactInput",
                                             true,
                                             200,
                                             "Contact"};
    static const std::vector<Operation> operations = {
        // ---- seed 000
        {"POST",
         "/functions/v1/api",
         "profilesApi",
         kSeed000,
         "Profile actions",
         "Runs one action of the envelope. `create` answers 201; the others 200. Users may "
         "get, update and delete their own profile; all, list and create are for admins "
         "(`internal_*` roles).",
         Auth::Caller,
         Errors::Standard,
         "ApiRequest",
         true,
         200,
         "ApiResult",
         "application/json",
         {201, 404, 409},
         {"XMcp"}},
        // ---- seed 001
        {"GET", "/api/user/profile", "getCurrentUser", kSeed001, "Get the current user",
         "The signed-in user and their persona.", Auth::Caller, Errors::Standard, nullptr, false,
         200, "CurrentUser"},
        {"PUT", "/api/user/profile", "updateCurrentUser", kSeed001, "Update the current user",
         "Updates the user and merges the persona; answers the refreshed pair.", Auth::Caller,
         Errors::Standard, "CurrentUserUpdate", true, 200, "CurrentUser"},
        // ---- seed 002
        {"GET",
         "/profiles",
         "listProfiles",
         kSeed002,
         "List profiles",
         "A page of profiles (own profile for users, all for admins) with the total in "
         "X-Total-Count.",
         Auth::Caller,
         Errors::Standard,
         nullptr,
         false,
         200,
         "ProfileList",
         "application/json",
         {},
         {"Limit", "Offset", "SortBy", "SortOrder", "Filter"},
         {"XTotalCount"}},
        {"POST",
         "/profiles",
         "createProfile",
         kSeed002,
         "Add a profile",
         "Creates a client profile (and its user) with contacts. Admins only.",
         Auth::Caller,
         Errors::Standard,
         "ProfileCreate",
         true,
         201,
         "Profile",
         "application/json",
         {},
         {},
         {"ETag", "Location"}},
        {"GET",
         "/profiles/{profileId}",
         "getProfile",
         kSeed002,
         "Get profile details",
         "The profile with its contacts and country. Own profile, or any for admins.",
         Auth::Caller,
         Errors::Standard,
         nullptr,
         false,
         200,
         "Profile",
         "application/json",
         {304},
         {"IfNoneMatch"},
         {"ETag"}},
        kUpdateProfile,
        same_as(kUpdateProfile, "PATCH", "/profiles/{profileId}", "patchProfile",
                "Update a profile (PATCH)", "The same update as PUT."),
        same_as(kUpdateProfile, "PUT", "/profile/{profileId}", "updateProfileSingular",
                "Update a profile (seed spelling)",
                "The seed's spelling of PUT /profiles/{profileId}."),
        same_as(kUpdateProfile, "PATCH", "/profile/{profileId}", "patchProfileSingular",
                "Update a profile (seed spelling, PATCH)", "The same update as PUT."),
        {"DELETE",
         "/profiles/{profileId}",
         "deleteProfile",
         kSeed002,
         "Delete a profile",
         "Deletes the profile and its contacts. With If-Match, only if unchanged since.",
         Auth::Caller,
         Errors::Standard,
         nullptr,
         false,
         204,
         nullptr,
         "application/json",
         {412},
         {"IfMatch"}},
        {"GET", "/profiles/{profileId}/contacts", "listContacts", kSeed002, "List contacts",
         "The contacts of a profile.", Auth::Caller, Errors::Standard, nullptr, false, 200,
         "ContactList"},
        {"POST",
         "/profiles/{profileId}/contacts",
         "createContact",
         kSeed002,
         "Add a contact",
         "Adds an e-mail or phone contact.",
         Auth::Caller,
         Errors::Standard,
         "ContactInput",
         true,
         201,
         "Contact",
         "application/json",
         {},
         {},
         {"Location"}},
        {"GET", "/profiles/{profileId}/contacts/{contactId}", "getContact", kSeed002,
         "Get contact details", "One contact of a profile.", Auth::Caller, Errors::Standard,
         nullptr, false, 200, "Contact"},
        kUpdateContact,
        same_as(kUpdateContact, "PATCH", "/profiles/{profileId}/contacts/{contactId}",
                "patchContact", "Update a contact (PATCH)", "The same update as PUT."),
        {"DELETE", "/profiles/{profileId}/contacts/{contactId}", "deleteContact", kSeed002,
         "Delete a contact", "Deletes one contact.", Auth::Caller, Errors::Standard, nullptr, false,
         204},
        // ---- seed 003
        artifact("POST", "/api/v5/artifacts/profiles/context", "getProfileContext",
                 "Get profile context", "Identity, permissions and theme of the actor.",
                 "ContextRequest", false, 200, "ProfileContext"),
        artifact("POST", "/api/v5/artifacts/profiles/get", "getProfileSections", "Get profile",
                 "A profile in sections, with can_edit; with a draft, the draft's values over it.",
                 "SectionsRequest", false, 200, "ProfileSections"),
        artifact("POST", "/api/v5/artifacts/profiles/search", "searchProfiles", "Search profiles",
                 "Trigram search with cohort, department and role filters and facets.",
                 "SearchRequest", false, 200, "SearchResult"),
        artifact("POST", "/api/v5/artifacts/profiles/create", "bulkCreateProfiles",
                 "Create profiles", "Creates profiles in bulk. Admins only.", "BulkCreateRequest",
                 true, 200, "BulkResults"),
        artifact("POST", "/api/v5/artifacts/profiles/update", "bulkUpdateProfiles",
                 "Update profiles", "Updates profiles in bulk; each item checked on its own.",
                 "BulkUpdateRequest", true, 200, "BulkResults"),
        artifact("POST", "/api/v5/artifacts/profiles/delete", "bulkDeleteProfiles",
                 "Delete profiles", "Deletes profiles in bulk; each item checked on its own.",
                 "BulkDeleteRequest", true, 200, "BulkResults"),
        artifact("POST", "/api/v5/artifacts/profiles/duplicate", "duplicateProfile",
                 "Duplicate a profile",
                 "Copies a profile into a new user (contact details cleared). Admins only.",
                 "DuplicateRequest", true, 201, "DuplicateResult"),
        artifact("PATCH", "/api/v5/artifacts/profiles/draft", "patchProfileDraft",
                 "Patch a profile draft",
                 "Creates a draft, or updates one at expected_version (409 when stale).",
                 "DraftPatch", true, 200, "DraftResult"),
        artifact("POST", "/api/v5/artifacts/profiles/drafts", "listProfileDrafts",
                 "List profile drafts", "The actor's drafts, newest first.", nullptr, false, 200,
                 "DraftList"),
        artifact(
            "POST", "/api/v5/artifacts/profiles/docs", "getProfileDocs", "Get profile docs",
            "Documentation of the profile artifact, from catalog comments and the route table. "
            "Cached by the shim until a refresh.",
            "DocsRequest", false, 200, "DocsResult", {"XCache"}),
        artifact("POST", "/api/v5/artifacts/profiles/emulate", "emulateProfile",
                 "Emulate a profile",
                 "Admins: act as another user in this session for ttl_minutes; grants nest.",
                 "EmulateRequest", true, 200, "EmulateResult"),
        artifact("POST", "/api/v5/artifacts/profiles/unemulate", "unemulateProfile",
                 "End emulation", "Ends the innermost emulation layer of this session.", nullptr,
                 false, 200, "UnemulateResult"),
        artifact("POST", "/api/v5/artifacts/profiles/export", "exportProfiles", "Export profiles",
                 "Writes the visible profiles as CSV for download.", "ExportRequest", false, 201,
                 "ExportResult"),
        {"GET",
         "/api/v5/artifacts/profiles/export/{uploadId}",
         "downloadExport",
         kSeed003,
         "Download an export",
         "Streams the CSV of an export. Its creator or an admin.",
         Auth::Caller,
         Errors::Standard,
         nullptr,
         false,
         200,
         "CsvFile",
         "text/csv",
         {},
         {},
         {"ContentDisposition"}},
        artifact("POST", "/api/v5/artifacts/profiles/refresh", "refreshProfiles", "Refresh views",
                 "Refreshes the materialized views and tells every shim to drop its caches. Admins "
                 "only.",
                 nullptr, false, 200, "RefreshResult"),
        // ---- seed 004
        {"GET", "/manage/api/users/{userId}/profile", "getUserProfile", kSeed004,
         "Get user profile", "The user's profile attributes and timezone. Own, or any for admins.",
         Auth::Caller, Errors::Problem, nullptr, false, 200, "UserProfile"},
        {"PUT",
         "/manage/api/users/{userId}/profile",
         "upsertUserProfile",
         kSeed004,
         "Upsert user profile",
         "Creates (201) or updates (200) the user's profile.",
         Auth::Caller,
         Errors::Problem,
         "UserProfileInput",
         true,
         200,
         "UserProfile",
         "application/json",
         {201},
         {},
         {"Location"}},
        // ---- operations
        {"GET", "/live", "live", kOps, "Liveness", "200 while the process runs.", Auth::None,
         Errors::Standard, nullptr, false, 200, "Status"},
        {"GET",
         "/ready",
         "ready",
         kOps,
         "Readiness",
         "200 when a pooled database connection answers SELECT 1; 503 otherwise.",
         Auth::None,
         Errors::Standard,
         nullptr,
         false,
         200,
         "Status",
         "application/json",
         {503}},
        {"GET", "/metrics", "metrics", kOps, "Prometheus metrics",
         "Requests by route pattern and status with latency histograms, pool gauges and "
         "counters, database errors by SQLSTATE, read routing. Text exposition format 0.0.4.",
         Auth::None, Errors::Standard, nullptr, false, 200, "Text", "text/plain; version=0.0.4"},
        {"GET", "/openapi.json", "openapi", kOps, "This document",
         "The OpenAPI 3.1 document, generated from the routes the shim serves.", Auth::None,
         Errors::Standard, nullptr, false, 200, "OpenApiDocument"},
        {"GET", "/docs", "docs", kOps, "API reference page",
         "An HTML page rendering this document with Redoc (served locally, no CDN).", Auth::None,
         Errors::Standard, nullptr, false, 200, "Text", "text/html"},
        {"GET",
         "/docs/redoc.standalone.js",
         "docsScript",
         kOps,
         "Redoc bundle",
         "The Redoc standalone bundle the /docs page loads; 404 when it was not installed.",
         Auth::None,
         Errors::Standard,
         nullptr,
         false,
         200,
         "Text",
         "application/javascript",
         {404}},
    };
    return operations;
}

// ---- generation ------------------------------------------------------------------------------

struct PathParam {
    const char* name;
    const char* description;
};

const PathParam kPathParams[] = {
    {"profileId", "The profile identifier (the user's UUID)."},
    {"contactId", "The contact identifier."},
    {"userId", "The user identifier (profiles.users.id)."},
    {"uploadId", "The upload_id an export answered."},
};

std::vector<std::string> path_params(const std::string& path) {
    std::vector<std::string> names;
    size_t at = 0;
    while ((at = path.find('{', at)) != std::string::npos) {
        size_t end = path.find('}', at);
        if (end == std::string::npos) {
            break;
        }
        names.push_back(path.substr(at + 1, end - at - 1));
        at = end + 1;
    }
    return names;
}

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

const char* reason(int status) {
    switch (status) {
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 204:
        return "No Content";
    case 304:
        return "Not Modified: the resource still has the ETag given in If-None-Match";
    case 400:
        return "Validation error (malformed JSON, bad envelope or a field the database refused)";
    case 401:
        return "Missing or invalid credentials";
    case 403:
        return "Forbidden: not your profile, or an admin-only action";
    case 404:
        return "Not found";
    case 409:
        return "Conflict: unique value taken, stale version or concurrent change";
    case 412:
        return "Precondition failed: If-Match does not match the current ETag";
    case 413:
        return "Request body too large";
    case 415:
        return "Content-Type is not application/json";
    case 422:
        return "Unprocessable entity: a field the database refused";
    case 500:
        return "Internal error (details only in the server log, under the request id)";
    case 503:
        return "Database unavailable or busy; retry after Retry-After seconds";
    default:
        return "Response";
    }
}

class Builder {
  public:
    Builder() : doc_(rapidjson::kObjectType), a_(doc_.GetAllocator()) {}

    rapidjson::Document& doc() { return doc_; }
    rapidjson::Document::AllocatorType& alloc() { return a_; }

    Value str(const std::string& text) { return Value(text.c_str(), a_); }

    Value parsed(const char* json) {
        rapidjson::Document parsed;
        parsed.Parse(json);
        if (parsed.HasParseError()) {
            throw std::logic_error("openapi component JSON does not parse");
        }
        return Value(parsed, a_);
    }

    Value ref(const char* kind, const std::string& name) {
        Value v(rapidjson::kObjectType);
        v.AddMember("$ref", str(std::string("#/components/") + kind + "/" + name), a_);
        return v;
    }

    Value common_headers(bool caller) {
        Value headers(rapidjson::kObjectType);
        headers.AddMember("X-Request-Id", ref("headers", "XRequestId"), a_);
        if (caller) {
            headers.AddMember("X-Served-By", ref("headers", "XServedBy"), a_);
        }
        return headers;
    }

    // Error responses are shared components ("Error404", "Problem422"), built once each.
    Value error_response(int status, Errors style) {
        std::string name =
            (style == Errors::Problem ? "Problem" : "Error") + std::to_string(status);
        if (error_responses_.count(name) == 0) {
            Value response(rapidjson::kObjectType);
            response.AddMember("description", str(reason(status)), a_);
            Value headers = common_headers(false);
            if (status == 503) {
                headers.AddMember("Retry-After", ref("headers", "RetryAfter"), a_);
            }
            response.AddMember("headers", headers, a_);
            Value media(rapidjson::kObjectType);
            media.AddMember("schema",
                            ref("schemas", style == Errors::Problem ? "Problem" : "Error"), a_);
            Value content(rapidjson::kObjectType);
            content.AddMember(
                str(style == Errors::Problem ? "application/problem+json" : "application/json"),
                media, a_);
            response.AddMember("content", content, a_);
            error_responses_.emplace(name, std::move(response));
        }
        return ref("responses", name);
    }

    // The shared error responses, by name.
    Value responses() {
        Value all(rapidjson::kObjectType);
        for (auto& [name, response] : error_responses_) {
            all.AddMember(str(name), response, a_);
        }
        return all;
    }

    Value success_response(int status, const Operation& op) {
        Value response(rapidjson::kObjectType);
        response.AddMember("description", str(reason(status)), a_);
        Value headers = common_headers(op.auth == Auth::Caller);
        for (const char* header : op.headers) {
            std::string name = header;
            std::string wire = name == "XTotalCount"          ? "X-Total-Count"
                               : name == "ContentDisposition" ? "Content-Disposition"
                               : name == "XCache"             ? "X-Cache"
                                                              : name;
            headers.AddMember(str(wire), ref("headers", name), a_);
        }
        response.AddMember("headers", headers, a_);
        if (op.response != nullptr && status != 204 && status != 304) {
            Value media(rapidjson::kObjectType);
            media.AddMember("schema", ref("schemas", op.response), a_);
            Value content(rapidjson::kObjectType);
            content.AddMember(str(op.media), media, a_);
            response.AddMember("content", content, a_);
        }
        return response;
    }

    Value operation(const Operation& op, const std::string& path) {
        Value v(rapidjson::kObjectType);
        v.AddMember("operationId", str(op.operation_id), a_);
        Value tags(rapidjson::kArrayType);
        tags.PushBack(str(op.tag), a_);
        v.AddMember("tags", tags, a_);
        v.AddMember("summary", str(op.summary), a_);
        v.AddMember("description", str(op.description), a_);

        Value params(rapidjson::kArrayType);
        for (const std::string& name : path_params(path)) {
            Value p(rapidjson::kObjectType);
            p.AddMember("name", str(name), a_);
            p.AddMember("in", "path", a_);
            p.AddMember("required", true, a_);
            std::string description = "Path parameter " + name + ".";
            for (const PathParam& known : kPathParams) {
                if (name == known.name) {
                    description = known.description;
                }
            }
            p.AddMember("description", str(description), a_);
            Value schema(rapidjson::kObjectType);
            schema.AddMember("type", "string", a_);
            schema.AddMember("format", "uuid", a_);
            p.AddMember("schema", schema, a_);
            params.PushBack(p, a_);
        }
        for (const char* name : op.params) {
            params.PushBack(ref("parameters", name), a_);
        }
        params.PushBack(ref("parameters", "XRequestId"), a_);
        v.AddMember("parameters", params, a_);

        if (op.request != nullptr) {
            Value body(rapidjson::kObjectType);
            body.AddMember("required", op.request_required, a_);
            Value media(rapidjson::kObjectType);
            media.AddMember("schema", ref("schemas", op.request), a_);
            Value content(rapidjson::kObjectType);
            content.AddMember("application/json", media, a_);
            body.AddMember("content", content, a_);
            v.AddMember("requestBody", body, a_);
        }

        std::set<int> statuses = {op.status};
        for (int s : op.also) {
            statuses.insert(s);
        }
        if (op.auth == Auth::Caller) {
            statuses.insert({400, 401, 403, 500, 503});
            if (!path_params(path).empty()) {
                statuses.insert(404);
            }
            if (op.method != std::string("GET")) {
                statuses.insert(409);
            }
            if (op.request != nullptr) {
                statuses.insert({413, 415});
            }
            if (op.errors == Errors::Problem) {
                statuses.insert(422);
            }
        }
        Value responses(rapidjson::kObjectType);
        for (int status : statuses) {
            Value response =
                status < 400 ? success_response(status, op) : error_response(status, op.errors);
            responses.AddMember(str(std::to_string(status)), response, a_);
        }
        v.AddMember("responses", responses, a_);

        Value security(rapidjson::kArrayType);
        if (op.auth == Auth::Caller) {
            for (const char* scheme : {"bearerAuth", "cookieAuth", "apiKeyAuth"}) {
                Value requirement(rapidjson::kObjectType);
                requirement.AddMember(str(scheme), Value(rapidjson::kArrayType), a_);
                security.PushBack(requirement, a_);
            }
        }
        v.AddMember("security", security, a_);
        return v;
    }

    // Served, but nobody described it: still listed, so it is visible, and flagged.
    Value undocumented(const std::string& method, const std::string& path) {
        Value v(rapidjson::kObjectType);
        v.AddMember(
            "operationId",
            str("undocumented_" + lower(method) + "_" + std::to_string(undocumented_count_++)), a_);
        v.AddMember("summary", str("Undocumented: " + method + " " + path), a_);
        Value params(rapidjson::kArrayType);
        for (const std::string& name : path_params(path)) {
            Value p(rapidjson::kObjectType);
            p.AddMember("name", str(name), a_);
            p.AddMember("in", "path", a_);
            p.AddMember("required", true, a_);
            Value schema(rapidjson::kObjectType);
            schema.AddMember("type", "string", a_);
            p.AddMember("schema", schema, a_);
            params.PushBack(p, a_);
        }
        v.AddMember("parameters", params, a_);
        Value responses(rapidjson::kObjectType);
        Value response(rapidjson::kObjectType);
        response.AddMember("description", "No metadata in shim/src/openapi.cpp", a_);
        responses.AddMember("default", response, a_);
        v.AddMember("responses", responses, a_);
        return v;
    }

  private:
    rapidjson::Document doc_;
    rapidjson::Document::AllocatorType& a_;
    int undocumented_count_ = 0;
    std::map<std::string, Value> error_responses_;
};

const Operation* find(const std::string& method, const std::string& path) {
    for (const Operation& op : table()) {
        if (method == op.method && path == op.path) {
            return &op;
        }
    }
    return nullptr;
}

} // namespace

const std::vector<Operation>& operations() {
    return table();
}

Document generate(const std::vector<Router::RouteInfo>& routes, const std::string& version) {
    Builder b;
    auto& a = b.alloc();
    rapidjson::Document& doc = b.doc();
    Document result;

    doc.AddMember("openapi", "3.1.0", a);
    Value info(rapidjson::kObjectType);
    info.AddMember("title", "pg_profiles HTTP API", a);
    info.AddMember("version", b.str(version), a);
    info.AddMember(
        "description",
        b.str("The HTTP front end (profiles-shim) of the pg_profiles PostgreSQL extension. "
              "Every request is one database transaction run as the caller: the extension "
              "enforces ownership and roles, the shim authenticates, routes and streams. "
              "SQLSTATEs map to HTTP statuses through one table (see the error responses). "
              "Every response carries X-Request-Id."),
        a);
    Value license(rapidjson::kObjectType);
    license.AddMember("name", "PostgreSQL License", a);
    license.AddMember("identifier", "PostgreSQL", a);
    info.AddMember("license", license, a);
    doc.AddMember("info", info, a);

    Value servers(rapidjson::kArrayType);
    Value server(rapidjson::kObjectType);
    server.AddMember("url", "http://127.0.0.1:8080", a);
    server.AddMember("description", "make run (HOST:PORT); use your own address when deployed", a);
    servers.PushBack(server, a);
    doc.AddMember("servers", servers, a);

    Value tags(rapidjson::kArrayType);
    for (const TagInfo& tag : kTags) {
        Value t(rapidjson::kObjectType);
        t.AddMember("name", b.str(tag.name), a);
        t.AddMember("description", b.str(tag.description), a);
        tags.PushBack(t, a);
    }
    doc.AddMember("tags", tags, a);

    Value paths(rapidjson::kObjectType);
    std::set<const Operation*> used;
    for (const auto& route : routes) {
        if (!paths.HasMember(route.pattern.c_str())) {
            paths.AddMember(b.str(route.pattern), Value(rapidjson::kObjectType), a);
        }
        Value& item = paths[route.pattern.c_str()];
        std::string method = lower(route.method);
        if (item.HasMember(method.c_str())) {
            continue; // registered twice: the router serves the first
        }
        const Operation* op = find(route.method, route.pattern);
        if (op != nullptr) {
            used.insert(op);
            item.AddMember(b.str(method), b.operation(*op, route.pattern), a);
        } else {
            result.undocumented.push_back(route.method + " " + route.pattern);
            item.AddMember(b.str(method), b.undocumented(route.method, route.pattern), a);
        }
    }
    doc.AddMember("paths", paths, a);
    for (const Operation& op : table()) {
        if (used.count(&op) == 0) {
            result.unrouted.push_back(std::string(op.method) + " " + op.path);
        }
    }

    Value components(rapidjson::kObjectType);
    components.AddMember("schemas", b.parsed(kSchemas), a);
    components.AddMember("parameters", b.parsed(kParameters), a);
    components.AddMember("headers", b.parsed(kHeaders), a);
    components.AddMember("responses", b.responses(), a);
    components.AddMember("securitySchemes", b.parsed(kSecuritySchemes), a);
    doc.AddMember("components", components, a);

    if (!result.undocumented.empty()) {
        Value list(rapidjson::kArrayType);
        for (const auto& entry : result.undocumented) {
            list.PushBack(b.str(entry), a);
        }
        doc.AddMember("x-undocumented-routes", list, a);
    }

    rapidjson::StringBuffer buffer;
    rapidjson::PrettyWriter<rapidjson::StringBuffer> writer(buffer);
    writer.SetIndent(' ', 2);
    doc.Accept(writer);
    result.json.assign(buffer.GetString(), buffer.GetSize());
    return result;
}

} // namespace profiles::openapi
