-- wrk script: cycles through the benchmark queries of
-- internal/search/testdata/queries.txt as /api/search requests.
-- From the repository's root:
--   wrk -t2 -c8 -d15s --latency -s internal/server/testdata/mix.lua http://127.0.0.1:8080
local function escape(s)
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end
local paths = {}
for line in io.lines("internal/search/testdata/queries.txt") do
  line = line:gsub("^%s+", ""):gsub("%s+$", "")
  if line ~= "" and line:sub(1, 1) ~= "#" then
    paths[#paths + 1] = "/api/search?q=" .. escape(line)
  end
end
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
