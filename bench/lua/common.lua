-- Shared by the scripts: numbers wrk's threads so each draws its own random
-- sequence, and reads the list of paths or ids named by BENCH_PATHS.
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("number", threads)
end

function start_thread()
  math.randomseed(os.time() * 31 + number)
  local lines = {}
  for line in io.lines(os.getenv("BENCH_PATHS")) do
    lines[#lines + 1] = line
  end
  return lines
end
