-- wrk script: an optional POST body and cookie from the environment, and a JSON summary at the end.
local method = os.getenv("WRK_METHOD")
local body = os.getenv("WRK_BODY")
local cookie = os.getenv("WRK_COOKIE")
if method then wrk.method = method end
if body then
  wrk.body = body
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
end
if cookie then wrk.headers["Cookie"] = cookie end
wrk.headers["Accept-Encoding"] = "br, gzip"


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
