-- A random person's articles, newest first: the person pages of a corpus, not one page a cache
-- answers. args: PERSON_IDS_FILE (one id per line)
local persons = {}
local threads = 0
function setup(thread)
  thread:set("index", threads)
  threads = threads + 1
end

function init(args)
  for line in io.lines(args[1]) do table.insert(persons, line) end
  math.randomseed(20261203 + (tonumber(index) or 0))
end

request = function()
  return wrk.format("GET", "/v1/persons/" .. persons[math.random(#persons)] .. "/articles")
end
