-- wrk script: each request saves a new answer (revision 0) to a distinct (assessment, question)
-- pair, so that no two requests conflict. Needs env: THREADS (as wrk -t), COOKIE, CSRF, SLUG, FIRST_ID,
-- ASSESSMENTS, QUESTIONS_FILE.
local questions = {}
for line in io.lines(os.getenv("QUESTIONS_FILE")) do questions[#questions + 1] = line end

local thread_count = 0
function setup(thread)
  thread:set("thread_index", thread_count)
  thread_count = thread_count + 1
end

local counter = 0
function init(args)
  counter = 0
end

function request()
  local n = counter * tonumber(os.getenv("THREADS")) + thread_index
  counter = counter + 1
  local assessment = tonumber(os.getenv("FIRST_ID")) + math.floor(n / #questions) % tonumber(os.getenv("ASSESSMENTS"))
  local question = questions[(n % #questions) + 1]
  local path = "/o/" .. os.getenv("SLUG") .. "/assessments/" .. assessment .. "/answers/" .. question
  local body = "csrf=" .. os.getenv("CSRF") .. "&revision=0&choice=2&note=load"
  return wrk.format("POST", path, {
    ["Cookie"] = os.getenv("COOKIE"),
    ["Accept"] = "application/json",
    ["Content-Type"] = "application/x-www-form-urlencoded",
  }, body)
end

local statuses = {}
function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  io.write(string.format("p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
  io.write(string.format("requests %d, non-2xx/3xx errors %d, socket errors %d\n",
    summary.requests, summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
