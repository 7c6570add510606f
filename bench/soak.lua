-- bench/soak.lua: wrk script for bench/soak.py.
--
--   wrk -t2 -c64 -d60s -s bench/soak.lua http://127.0.0.1:PORT -- PATHS_FILE
--
-- Each thread walks the public paths listed in PATHS_FILE (one per line),
-- starting from its own offset, and counts responses by status class and page
-- cache hits. done() prints one line, "SOAK {json}", that soak.py reads.

local threads = {}
local next_id = 0

function setup(thread)
   thread:set("id", next_id)
   next_id = next_id + 1
   table.insert(threads, thread)
end

function init(args)
   paths = {}
   local file = assert(io.open(args[1], "r"), "cannot open the paths file")
   for line in file:lines() do
      if #line > 0 then
         paths[#paths + 1] = line
      end
   end
   file:close()
   assert(#paths > 0, "no paths")
   position = (id * 7919) % #paths
   s2, s3, s4, s5, hits = 0, 0, 0, 0, 0
end

function request()
   position = position % #paths + 1
   return wrk.format("GET", paths[position], { ["Accept-Language"] = "fr" })
end

function response(status, headers, body)
   if status < 300 then
      s2 = s2 + 1
   elseif status < 400 then
      s3 = s3 + 1
   elseif status < 500 then
      s4 = s4 + 1
   else
      s5 = s5 + 1
   end
   if headers["X-Cache"] == "hit" then
      hits = hits + 1
   end
end

function done(summary, latency, requests)
   local total = { s2 = 0, s3 = 0, s4 = 0, s5 = 0, hits = 0 }
   for _, thread in ipairs(threads) do
      for name, _ in pairs(total) do
         total[name] = total[name] + (thread:get(name) or 0)
      end
   end
   local errors = summary.errors
   io.write(string.format(
      'SOAK {"requests": %d, "duration_us": %d, "bytes": %d, '
         .. '"connect": %d, "read": %d, "write": %d, "timeout": %d, "status_errors": %d, '
         .. '"s2xx": %d, "s3xx": %d, "s4xx": %d, "s5xx": %d, "cache_hits": %d, '
         .. '"p50_us": %d, "p90_us": %d, "p99_us": %d, "max_us": %d}\n',
      summary.requests, summary.duration, summary.bytes,
      errors.connect, errors.read, errors.write, errors.timeout, errors.status,
      total.s2, total.s3, total.s4, total.s5, total.hits,
      latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max
   ))
end
