#include "error_body.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <iterator>

namespace profiles {

namespace {

void write_string(rapidjson::Writer<rapidjson::StringBuffer>& writer, std::string_view text) {
    writer.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
}

struct StatusName {
    int status;
    const char* code;
    const char* title;
};
constexpr StatusName kStatusNames[] = {
    {400, "bad_request", "Bad Request"},
    {401, "unauthorized", "Unauthorized"},
    {403, "forbidden", "Forbidden"},
    {404, "not_found", "Not Found"},
    {405, "method_not_allowed", "Method Not Allowed"},
    {409, "conflict", "Conflict"},
    {412, "precondition_failed", "Precondition Failed"},
    {413, "payload_too_large", "Payload Too Large"},
    {415, "unsupported_media_type", "Unsupported Media Type"},
    {422, "unprocessable_entity", "Unprocessable Entity"},
    {503, "service_unavailable", "Service Unavailable"},
    {500, "internal_server_error", "Internal Server Error"},
};

const StatusName& status_name(int status) {
    for (const StatusName& s : kStatusNames) {
        if (s.status == status) {
            return s;
        }
    }
    return kStatusNames[std::size(kStatusNames) - 1];
}

} // namespace

std::string render_problem_body(const ApiError& error, std::string_view request_id,
                                std::string_view instance) {
    const StatusName& name = status_name(error.status);
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
    writer.StartObject();
    writer.Key("code");
    write_string(writer, name.code);
    writer.Key("detail");
    write_string(writer, error.message);
    writer.Key("instance");
    write_string(writer, instance);
    writer.Key("requestId");
    write_string(writer, request_id);
    writer.Key("status");
    writer.Int(error.status);
    writer.Key("title");
    write_string(writer, name.title);
    writer.Key("error");
    writer.StartObject();
    writer.Key("code");
    write_string(writer, name.code);
    writer.Key("message");
    write_string(writer, error.message);
    writer.EndObject();
    writer.EndObject();
    return std::string(buffer.GetString(), buffer.GetSize());
}

std::string render_error_body(const ApiError& error, std::string_view request_id) {
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
    writer.StartObject();
    writer.Key("error");
    writer.StartObject();
    writer.Key("code");
    write_string(writer, error.code);
    writer.Key("message");
    write_string(writer, error.message);
    writer.Key("details");
    if (error.details) {
        write_string(writer, *error.details);
    } else {
        writer.Null();
    }
    writer.EndObject();
    writer.Key("requestId");
    write_string(writer, request_id);
    writer.EndObject();
    return std::string(buffer.GetString(), buffer.GetSize());
}

} // namespace profiles
