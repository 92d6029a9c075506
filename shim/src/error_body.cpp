#include "error_body.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace profiles {

namespace {

void write_string(rapidjson::Writer<rapidjson::StringBuffer>& writer, std::string_view text) {
    writer.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
}

} // namespace

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
