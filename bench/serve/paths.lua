-- wrk script: requests the paths listed in a file (one per line), in turn, and prints the
-- latency percentiles in milliseconds at the end. Usage: wrk ... -s paths.lua URL -- FILE
local paths = {}
local next_path = 0

function init(args)
  for line in io.lines(args[1]) do
    if line ~= "" then paths[#paths + 1] = line end
  end
  -- Threads start at different places in the list.
  next_path = math.random(#paths) - 1
end

function request()
  next_path = next_path % #paths + 1
  return wrk.format("GET", paths[next_path])
end

function done(summary, latency, requests)
  io.write(string.format("requests %d errors %d non2xx %d\n", summary.requests,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status))
  for _, p in ipairs({ 50, 90, 99 }) do
    io.write(string.format("p%d_ms %.2f\n", p, latency:percentile(p) / 1000))
  end
  io.write(string.format("rps %.1f\n", summary.requests / (summary.duration / 1e6)))
end
