-- Creates articles through the API, each shaped like the sample: five sections, three persons.
-- args: KEY PERSONS_FILE (one person id per line) BODY_TEMPLATE (article-input.json) [RUN (0, 1, …: another run's titles)]
local key
local persons = {}
local counter = 0
local threads = 0
function setup(thread)
  thread:set("index", threads)
  threads = threads + 1
end

local body_template

function init(args)
  key = args[1]
  for line in io.lines(args[2]) do table.insert(persons, line) end
  counter = (tonumber(args[4]) or 0) * 100000000 + (tonumber(index) or 0) * 1000000
  local f = io.open(args[3], "r")
  body_template = f:read("*a")
  f:close()
end

request = function()
  counter = counter + 1
  local i = counter % #persons
  local p1, p2, p3 = persons[i + 1], persons[(i + 1) % #persons + 1], persons[(i + 2) % #persons + 1]
  local body = body_template:gsub("{{N}}", tostring(counter)):gsub("{{P1}}", p1):gsub("{{P2}}", p2):gsub("{{P3}}", p3)
  return wrk.format("POST", "/v1/articles", {
    ["Authorization"] = "Bearer " .. key,
    ["Content-Type"] = "application/json",
  }, body)
end
