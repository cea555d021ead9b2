-- wrk script for a POST URL: each request is the next of a pool written by run.py, one per line:
--   <header name>: <value>\t<JSON body>
-- (the caller's token and what to create), so requests come from many users and never repeat
-- the same body. Counting and the result line are report.lua's.
local here = debug.getinfo(1, "S").source:sub(2):match("^(.*/)") or "./"
dofile(here .. "report.lua")

local report_setup, report_init = setup, init
local pool = {}
local next_one = 0
local thread_count = 0

function setup(thread)
  report_setup(thread)
  thread_count = thread_count + 1
  thread:set("offset", thread_count) -- each thread starts at its own place in the pool
end

function init(args)
  report_init(args)
  for line in io.lines(args[1]) do
    local name, value, body = line:match("^([^:]+): ([^\t]*)\t(.*)$")
    if name then
      local headers = { [name] = value, ["Content-Type"] = "application/json" }
      pool[#pool + 1] = wrk.format("POST", nil, headers, body)
    end
  end
  assert(#pool > 0, "no request in " .. tostring(args[1]))
  next_one = ((offset or 1) - 1) * 97 % #pool
end

function request()
  next_one = next_one % #pool + 1
  return pool[next_one]
end
