-- wrk script for POST /api/v5/artifacts/profiles/search (seed 003) as one caller, one search
-- after another, page_size 25. Arguments (after --): <token> <terms file | "random">
-- A terms file has one search text per line, taken in random order; "random" searches three
-- random letters each time. done() prints the latency percentiles and the request count on one
-- line ("search-latency-ms p50 p95 p99 requests non_2xx") for bench/workloads.sh.
local token
local terms = {}

function init(args)
    token = args[1]
    local source = args[2] or "random"
    if source ~= "random" then
        for line in io.lines(source) do
            if line ~= "" then
                terms[#terms + 1] = line
            end
        end
    end
    math.randomseed(7919)
end

local function random_letters()
    local a, b, c = math.random(0, 25), math.random(0, 25), math.random(0, 25)
    return string.char(97 + a, 97 + b, 97 + c)
end

function request()
    local term
    if #terms > 0 then
        term = terms[math.random(1, #terms)]
    else
        term = random_letters()
    end
    return wrk.format("POST", "/api/v5/artifacts/profiles/search", {
        ["Authorization"] = "Bearer " .. token,
        ["Content-Type"] = "application/json",
    }, string.format('{"search":"%s","page_size":25}', term))
end

function done(summary, latency, requests)
    io.write(string.format("search-latency-ms %.3f %.3f %.3f %d %d\n",
        latency:percentile(50) / 1000, latency:percentile(95) / 1000,
        latency:percentile(99) / 1000, summary.requests, summary.errors.status))
end
