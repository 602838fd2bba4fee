-- wrk script: each request asks about another county, drawn at random from the file named by
-- CODES and written into PATH_FORMAT (a path with one %s). Identical questions then rarely meet
-- at the same moment, so this measures lists read one by one.
local codes = {}
for line in io.lines(os.getenv("CODES")) do
  codes[#codes + 1] = line
end
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end
function init(args)
  math.randomseed(7919 * id)
end
function request()
  return wrk.format(nil, string.format(os.getenv("PATH_FORMAT"), codes[math.random(#codes)]))
end
