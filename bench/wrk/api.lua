-- wrk script for POST /functions/v1/api (seed 000 envelope), each request as a different user
-- acting on its own profile. Arguments (after --): <users file> <get|update>
-- The users file has one "<uuid> <token>" pair per line. Every thread walks the list from its
-- own offset, so requests rotate over all users.
local ids, tokens = {}, {}
local action = "get"
local counter = 0
local thread_no = 0

local threads = {}
function setup(thread)
    thread:set("thread_no", #threads)
    table.insert(threads, thread)
end

function init(args)
    local path = args[1]
    action = args[2] or "get"
    for line in io.lines(path) do
        local id, token = line:match("^(%S+)%s+(%S+)$")
        if id then
            ids[#ids + 1] = id
            tokens[#tokens + 1] = token
        end
    end
    counter = (thread_no or 0) * 7919
end

function request()
    counter = counter + 1
    local i = (counter % #ids) + 1
    local body
    if action == "update" then
        -- a new value every time, so every update really changes the row (and logs an activity)
        body = string.format(
            '{"resource":"profiles","action":"update","id":"%s","data":{"job_title":"T%d-%d"}}',
            ids[i], thread_no or 0, counter)
    else
        body = string.format('{"resource":"profiles","action":"get","id":"%s"}', ids[i])
    end
    return wrk.format("POST", "/functions/v1/api", {
        ["Authorization"] = "Bearer " .. tokens[i],
        ["Content-Type"] = "application/json",
    }, body)
end
