-- wrk script: an optional POST body and cookie from the environment, and a JSON summary at the end.
-- WRK_BROWSERS names a file of "cookie<TAB>body" lines, one browser each: every request then comes
-- from the next browser in turn, each wrk thread taking its own share of them, so requests in flight
-- at once belong to different people (as on a real day), never to one person's draft.
local method = os.getenv("WRK_METHOD")
local body = os.getenv("WRK_BODY")
local cookie = os.getenv("WRK_COOKIE")
local browsers_file = os.getenv("WRK_BROWSERS")
if method then wrk.method = method end
if body then
  wrk.body = body
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
end
if cookie then wrk.headers["Cookie"] = cookie end
wrk.headers["Accept-Encoding"] = "br, gzip"

local threads = 0
setup = function(thread)
  threads = threads + 1
  thread:set("number", threads)
end

if browsers_file then
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  local browsers = {}
  local turn = 0
  init = function(args)
    local all = {}
    for line in io.lines(browsers_file) do
      local tab = line:find("\t", 1, true)
      all[#all + 1] = {cookie = line:sub(1, tab - 1), body = line:sub(tab + 1)}
    end
    local count = tonumber(os.getenv("WRK_THREADS"))
    for i = number, #all, count do browsers[#browsers + 1] = all[i] end
  end
  request = function()
    turn = turn % #browsers + 1
    local browser = browsers[turn]
    wrk.headers["Cookie"] = browser.cookie
    return wrk.format(method, nil, wrk.headers, browser.body)
  end
end

done = function(summary, latency, requests)
  local bad = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout + summary.errors.status
  io.write(string.format(
    'WRK_JSON {"requests": %d, "seconds": %.3f, "rps": %.1f, "p50_ms": %.2f, "p95_ms": %.2f,'
    .. ' "p99_ms": %.2f, "max_ms": %.2f, "errors": %d, "non_2xx_3xx": %d}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, bad, summary.errors.status))
end
