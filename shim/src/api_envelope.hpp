// The seed 000 request envelope {resource, action, id?, data?, limit?, offset?}: the checks the
// shim answers itself before the database sees the request. Everything else (field rules,
// ownership) is the database's.
#pragma once

#include "error_map.hpp"

#include <optional>
#include <string_view>

namespace profiles::functions_api {

enum class Action { All, List, Get, Create, Update, Delete };

struct EnvelopeCheck {
    Action action = Action::All;
    std::optional<ApiError> error; // set: answer it instead of calling the database
};

EnvelopeCheck check_envelope(std::string_view body);

} // namespace profiles::functions_api
