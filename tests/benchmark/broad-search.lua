-- Searches for three words every article of the corpus contains, so each query matches the
-- whole corpus. Triples, not pairs: the service keeps each answer for a second, and at a thousand
-- searches a second about half of 1,296 pairs would be asked again within it; of 46,656 triples
-- about 2 % are. args: PAGE_LIMIT
local words = { "Gespräche", "Miami", "Ukraine", "Sicherheitsgarantien", "Wiederaufbau", "Delegationen",
  "Russland", "Washington", "Erklärung", "Frieden", "Kreml", "Diplomatie", "Analyse", "Dokumente",
  "Präsident", "Treffen", "Durchbruch", "Zeitplänen", "Partnerstaaten", "Friedensplan", "Eskalation",
  "Gemeinschaft", "Unterstützung", "Wirtschaft", "Vermittler", "Balance", "Druck", "Signal",
  "Schwerpunkt", "Beratungen", "Schritte", "Kulissen", "Wortwahl", "Lage", "Runden", "Nacht" }
local threads = 0
function setup(thread)
  thread:set("index", threads)
  threads = threads + 1
end

function init(args)
  math.randomseed(1201 + (tonumber(index) or 0))
end

local function escape(s)
  return (s:gsub("[^%w]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

request = function()
  local a = words[math.random(#words)]
  local b = words[math.random(#words)]
  local c = words[math.random(#words)]
  return wrk.format("GET", "/v1/search?q=" .. escape(a .. " " .. b .. " " .. c))
end
