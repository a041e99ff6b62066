-- Reads articles picked at random from the whole corpus: uniform, or Zipf-distributed (a few
-- articles are read very often, most rarely). The picks depend only on the seed and the thread,
-- so the service and nginx are asked for the same articles in the same order.
-- args: SLUGS_FILE PREFIX SUFFIX DISTRIBUTION [S]
--   PREFIX/SUFFIX frame the slug: "/v1/articles/" "" for the service, "/articles/" ".json" for nginx
--   DISTRIBUTION: uniform | zipf (S, the exponent, default 1.1)
local slugs = {}
local prefix, suffix, distribution
local cdf = nil

local threads = 0
function setup(thread)
  thread:set("index", threads)
  threads = threads + 1
end

function init(args)
  for line in io.lines(args[1]) do
    table.insert(slugs, line)
  end
  prefix, suffix, distribution = args[2], args[3], args[4]
  math.randomseed(20261201 + (tonumber(index) or 0))
  -- Ranks are spread over the corpus by a fixed shuffle, so the popular articles are not neighbours.
  local shuffle = {}
  local order = {}
  for i = 1, #slugs do order[i] = i end
  local rng = 4242
  for i = #order, 2, -1 do
    rng = (rng * 1103515245 + 12345) % 2147483648
    local j = rng % i + 1
    order[i], order[j] = order[j], order[i]
  end
  for i = 1, #slugs do shuffle[i] = slugs[order[i]] end
  slugs = shuffle
  if distribution == "zipf" then
    local s = tonumber(args[5]) or 1.1
    cdf = {}
    local sum = 0
    for k = 1, #slugs do
      sum = sum + 1 / (k ^ s)
      cdf[k] = sum
    end
    for k = 1, #slugs do cdf[k] = cdf[k] / sum end
  end
end

local function pick()
  if cdf == nil then
    return slugs[math.random(#slugs)]
  end
  local u = math.random()
  local lo, hi = 1, #cdf
  while lo < hi do
    local mid = math.floor((lo + hi) / 2)
    if cdf[mid] < u then lo = mid + 1 else hi = mid end
  end
  return slugs[lo]
end

request = function()
  return wrk.format("GET", prefix .. pick() .. suffix)
end
