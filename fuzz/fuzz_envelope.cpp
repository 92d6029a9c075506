// Request validation of untrusted JSON never crashes (deep nesting, bad UTF-8, duplicates),
// and an accepted envelope is a JSON object with no duplicate members.
#include "api_envelope.hpp"
#include "json_parse.hpp"

#include <cstdint>
#include <cstdlib>

using namespace profiles;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view input(reinterpret_cast<const char*>(data), size);
    functions_api::EnvelopeCheck check = functions_api::check_envelope(input);
    rapidjson::Document doc;
    bool object = json::parse_object(input, doc);
    if (!check.error && !object) std::abort();
    return 0;
}
