-- wrk script: counts every answer that is not 2xx (wrk itself counts only 4xx/5xx, so a
-- redirect to the login page would pass unnoticed) and prints one JSON line at the end with the
-- percentiles wrk's --latency leaves out (p95). Times in microseconds.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  nicht_2xx = 0
  erster_status = 0
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    nicht_2xx = nicht_2xx + 1
    if erster_status == 0 then
      erster_status = status
    end
  end
end

function done(summary, latency, requests)
  local fehlstatus, beispiel = 0, 0
  for _, thread in ipairs(threads) do
    fehlstatus = fehlstatus + thread:get("nicht_2xx")
    local s = thread:get("erster_status")
    if beispiel == 0 and s ~= 0 then
      beispiel = s
    end
  end
  local e = summary.errors
  io.write(string.format(
    'WRK {"anfragen": %d, "dauer_us": %d, "bytes": %d, "nicht_2xx": %d, "status_beispiel": %d, '
      .. '"connect": %d, "read": %d, "write": %d, "timeout": %d, '
      .. '"p50": %.0f, "p95": %.0f, "p99": %.0f, "mittel": %.1f, "max": %.0f}\n',
    summary.requests, summary.duration, summary.bytes, fehlstatus, beispiel,
    e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    latency.mean, latency.max))
end
