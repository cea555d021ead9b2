-- wrk script for a `fresh` URL of bench/urls.py: each request adds a query parameter no request
-- asked before (fresh=<thread>-<n>), so a list the shared cache keeps is built afresh every time.
-- Counting and the result line are report.lua's.
local here = debug.getinfo(1, "S").source:sub(2):match("^(.*/)") or "./"
dofile(here .. "report.lua")

local report_setup = setup
local thread_count = 0
local sent = 0

function setup(thread)
  report_setup(thread)
  thread_count = thread_count + 1
  thread:set("id", thread_count)
end

function request()
  sent = sent + 1
  local separator = wrk.path:find("?", 1, true) and "&" or "?"
  return wrk.format(nil, wrk.path .. separator .. "fresh=" .. id .. "-" .. sent)
end
